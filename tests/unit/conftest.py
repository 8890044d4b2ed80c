# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest fixtures: the local Partner Portal simulator (tests/simulator)."""

import os
import shutil
import sys
import tempfile

import pytest

_SIM_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "simulator")
if _SIM_DIR not in sys.path:
    sys.path.insert(0, _SIM_DIR)

from yeastar_sim.control import SimulatorProcess  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def simulator(tmp_path):
    """A simulator with fresh seed state in tmp_path, stopped after the test."""
    sim = SimulatorProcess(state_path=tmp_path / "sim-state.json")
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


_SESSION = {}


def pytest_sessionstart(session):  # pylint: disable=unused-argument
    """Start the shared simulator in the process that runs the session.

    ansible-test runs every test in a forked child, where a session-scoped fixture would start a simulator per test
    and never stop it. Started here, before the forks, there is one, stopped in pytest_sessionfinish. (Each simulator
    also watches the process that started it and exits with it.)
    """
    _SESSION["owner"] = os.getpid()
    _SESSION["tmp"] = tempfile.mkdtemp(prefix="yeastar-sim-session-")
    # The modules' controller cache (order ledger, shared token) of this test session, never the user's own.
    os.environ["YEASTAR_CACHE_DIR"] = os.path.join(_SESSION["tmp"], "cache")
    _SESSION["sim"] = SimulatorProcess(state_path=os.path.join(_SESSION["tmp"], "sim-state.json")).start()


def pytest_sessionfinish(session, exitstatus):  # pylint: disable=unused-argument
    if os.getpid() != _SESSION.get("owner"):
        return  # a forked child: the session's simulator belongs to the parent
    _SESSION.pop("sim").stop()
    shutil.rmtree(_SESSION.pop("tmp"), ignore_errors=True)


@pytest.fixture
def simulator_session():
    """The simulator shared by the whole session (call .reset() when a test needs the seed state)."""
    return _SESSION["sim"]
