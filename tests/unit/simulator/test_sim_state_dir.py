# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: without --state it keeps its state in a temp dir of its own and removes it on exit (a signal, --watch-pid,
a port in use), unless --keep-state; a state file given with --state (and a request log given with --log) is kept."""

import os
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

RUN_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "simulator", "run_simulator.py")


def _start(tmp_path, *args):
    """Start run_simulator.py with TMPDIR=tmp_path/tmp; return (process, {"PORT": .., "STATE": .., "LOG": ..})."""
    temp_root = tmp_path / "tmp"
    temp_root.mkdir(exist_ok=True)
    env = dict(os.environ, TMPDIR=str(temp_root))
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, RUN_SCRIPT, "--port", "0"] + list(args),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    lines = {}
    for _line_no in range(3):
        line = process.stdout.readline().decode("utf-8").strip()
        if "=" not in line:
            break
        key, value = line.split("=", 1)
        lines[key] = value
    if "PORT" not in lines:
        process.kill()
        raise AssertionError("no PORT line: %r; stderr: %s" % (lines, process.communicate(timeout=10)[1]))
    return process, lines


def _stop(process, signum=signal.SIGTERM):
    process.send_signal(signum)
    try:
        _out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0, err


def _touch(port):
    """The simulator answers while it runs."""
    request = urllib.request.Request(
        "http://127.0.0.1:%s/_sim/health" % port, method="GET",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200


def _leftovers(tmp_path):
    return sorted(os.listdir(tmp_path / "tmp"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_temp_state_dir_removed_on_exit(tmp_path, signum):
    process, lines = _start(tmp_path)
    state_dir = os.path.dirname(lines["STATE"])
    assert os.path.dirname(state_dir) == str(tmp_path / "tmp")
    assert os.path.basename(state_dir).startswith("yeastar-sim-")
    assert lines["LOG"] == lines["STATE"] + ".log.jsonl"
    _touch(lines["PORT"])
    assert os.path.isdir(state_dir)
    _stop(process, signum)
    assert not os.path.exists(state_dir)
    assert _leftovers(tmp_path) == []


def test_temp_state_dir_kept_with_keep_state(tmp_path):
    process, lines = _start(tmp_path, "--keep-state")
    _touch(lines["PORT"])
    _stop(process)
    assert os.path.isfile(lines["STATE"]), "the state file is kept with --keep-state"
    assert _leftovers(tmp_path) == [os.path.basename(os.path.dirname(lines["STATE"]))]


def test_given_state_file_and_log_kept(tmp_path):
    state = tmp_path / "mine" / "state.json"
    state.parent.mkdir()
    log = tmp_path / "requests.jsonl"
    process, lines = _start(tmp_path, "--state", str(state), "--log", str(log))
    assert lines["STATE"] == str(state)
    _touch(lines["PORT"])
    _stop(process)
    assert state.is_file()
    assert _leftovers(tmp_path) == [], "no temp dir is made when --state is given"


def test_given_log_outside_the_temp_dir_kept(tmp_path):
    log = tmp_path / "requests.jsonl"
    process, lines = _start(tmp_path, "--log", str(log))
    assert lines["LOG"] == str(log)
    token = urllib.request.Request(
        "http://127.0.0.1:%s/auth/openapi/v1/oauth/token" % lines["PORT"], data=b"grant_type=pp_credentials", method="POST",
    )
    try:
        urllib.request.urlopen(token, timeout=10).close()  # pylint: disable=consider-using-with
    except urllib.error.HTTPError:
        pass  # refused without credentials; logged all the same
    _stop(process)
    assert log.is_file() and log.read_text(encoding="utf-8").strip(), "the request log given with --log is kept"
    assert _leftovers(tmp_path) == []


def test_watch_pid_gone_removes_temp_state_dir(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # pylint: disable=consider-using-with
    try:
        process, lines = _start(tmp_path, "--watch-pid", str(sleeper.pid))
        state_dir = os.path.dirname(lines["STATE"])
        assert os.path.isdir(state_dir)
    finally:
        sleeper.kill()
        sleeper.wait(10)
    process.communicate(timeout=15)
    assert process.returncode == 0
    assert not os.path.exists(state_dir)


def test_port_in_use_removes_temp_state_dir(tmp_path):
    busy = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        temp_root = tmp_path / "tmp"
        temp_root.mkdir()
        result = subprocess.run(
            [sys.executable, RUN_SCRIPT, "--port", str(port)], stdin=subprocess.DEVNULL, capture_output=True,
            env=dict(os.environ, TMPDIR=str(temp_root)), timeout=30, check=False,
        )
    finally:
        busy.close()
    assert result.returncode != 0
    assert b"Address already in use" in result.stderr
    assert _leftovers(tmp_path) == []


def test_help_documents_keep_state():
    result = subprocess.run([sys.executable, RUN_SCRIPT, "--help"], capture_output=True, timeout=30, check=True)
    assert b"--keep-state" in result.stdout


def test_state_kept_across_restart_with_keep_state_path(tmp_path):
    """A kept temp state can be given back with --state: the orders and settings survive."""
    process, lines = _start(tmp_path, "--keep-state")
    config = urllib.request.Request(
        "http://127.0.0.1:%s/_sim/config" % lines["PORT"], data=b'{"pending_polls": 3}', method="POST",
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(config, timeout=10).close()  # pylint: disable=consider-using-with
    _stop(process)
    process, again = _start(tmp_path, "--state", lines["STATE"])
    try:
        with urllib.request.urlopen("http://127.0.0.1:%s/_sim/config" % again["PORT"], timeout=10) as answer:
            assert b'"pending_polls": 3' in answer.read()
    finally:
        _stop(process)
