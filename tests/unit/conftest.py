# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest fixtures: the local Partner Portal simulator (tests/simulator) and a PostgreSQL server for the shared
ledger (tests/postgres/pg_server.py)."""

import os
import secrets
import shutil
import sys
import tempfile
from urllib.parse import quote

import pytest

_TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _dir in (os.path.join(_TESTS_DIR, "simulator"), os.path.join(_TESTS_DIR, "postgres")):
    if _dir not in sys.path:
        sys.path.insert(0, _dir)

from pg_server import PgServer  # noqa: E402  pylint: disable=wrong-import-position
from yeastar_sim.control import SimulatorProcess  # noqa: E402  pylint: disable=wrong-import-position

# The URL (with its password) of the session's PostgreSQL server, for the shared-ledger tests and their children.
LEDGER_URL_VARIABLE = "YEASTAR_TEST_LEDGER_URL"


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
    # One PostgreSQL server for the session (about a second to start), stopped in pytest_sessionfinish, or by its
    # watcher when this process dies. Each test uses an account of its own in it.
    server = PgServer(os.path.join(_SESSION["tmp"], "pg"))
    server.start(watch_pid=os.getpid())
    _SESSION["pg"] = server
    os.environ[LEDGER_URL_VARIABLE] = server["url"]


def pytest_sessionfinish(session, exitstatus):  # pylint: disable=unused-argument
    if os.getpid() != _SESSION.get("owner"):
        return  # a forked child: the session's simulator belongs to the parent
    _SESSION.pop("sim").stop()
    _SESSION.pop("pg").stop(remove=True)
    shutil.rmtree(_SESSION.pop("tmp"), ignore_errors=True)


@pytest.fixture
def pg_server():
    """The session's PostgreSQL server (:class:`pg_server.PgServer`): ``["url"]``, ``["password"]``, ``.sql(...)``."""
    return _SESSION["pg"]


@pytest.fixture
def ledger_database(pg_server):
    """A new, empty database of the session's server, which the ledger user (no superuser) may CONNECT to and CREATE
    in: ``ledger_database(password=None)`` is its URL (with the ledger user's password, or ``password``);
    ``.name`` and ``.server`` are its name and the server."""
    name = "t_%s" % secrets.token_hex(6)
    pg_server.sql("CREATE DATABASE %s" % name, database="postgres")
    pg_server.sql("REVOKE ALL ON DATABASE %s FROM PUBLIC" % name, database="postgres")
    pg_server.sql("GRANT CONNECT, CREATE ON DATABASE %s TO ledger" % name, database="postgres")

    def url(password=None):
        return "postgresql://ledger:%s@127.0.0.1:%d/%s" % (quote(password or pg_server["password"], safe=""),
                                                           pg_server["port"], name)
    url.name = name
    url.server = pg_server
    return url


@pytest.fixture
def simulator_session():
    """The simulator shared by the whole session (call .reset() when a test needs the seed state)."""
    return _SESSION["sim"]
