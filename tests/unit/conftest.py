# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest fixtures: the local Partner Portal simulator (tests/simulator)."""

import os
import sys

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


@pytest.fixture(scope="session")
def simulator_session(tmp_path_factory):
    """One simulator shared by the whole session (call .reset() when a test needs the seed state)."""
    sim = SimulatorProcess(state_path=tmp_path_factory.mktemp("simulator") / "sim-state.json")
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()
