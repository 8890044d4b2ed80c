# shellcheck shell=bash
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# The scaffolding of the shell integration targets (runme.sh), sourced with `. ../setup_simulator/files/simulator.sh`
# (the target's aliases say needs/target/setup_simulator). Sourcing it sets
#   PY                the Python of the test run;  ARGS  the arguments runme.sh got (ansible-test's -v...);
#   COLLECTION_ROOT   the collection as Ansible loads it (ansible-test runs runme.sh from a copy of the target, outside
#                     the collection, so it is looked up on ANSIBLE_COLLECTIONS_PATH);
# and installs the one EXIT trap: it stops the simulator (SIGTERM, SIGKILL after 10 s) and removes its directory and a
# temporary WORK. Then:
#   simulator_start [--own-work] [SIMULATOR ARGS...]
#       WORK: the files of this run, ansible-test's OUTPUT_DIR (emptied before each target) or else a temporary directory;
#       with --own-work always a new temporary directory (outside the collection: a playbook under OUTPUT_DIR would run
#       "inside" yeastar.partner, where short module names resolve). SUMMARY=WORK/<target>-summary.txt, emptied.
#       Starts tests/simulator/run_simulator.py on a free loopback port with its state in SIM_DIR (a new temporary
#       directory) and --watch-pid of runme.sh (it exits by itself when runme.sh is gone, whatever happens), waits until
#       it answers, and sets SIM_URL, SIM_DIR, SIM_PID and exports YEASTAR_API_URL, YEASTAR_CLIENT_ID,
#       YEASTAR_CLIENT_SECRET (those the simulator accepts: sim-client-id / sim-client-secret unless SIMULATOR ARGS
#       say --client-id / --client-secret) and YEASTAR_CACHE_DIR (SIM_DIR/cache, the modules' controller cache).
#   simulator_restart   stop the simulator and start it again on the same port and state file (a restart mid-run).
#   simulator_stop      SIGTERM (the simulator saves its state and exits), SIGKILL when it has not gone after 10 s.
#   sim COMMAND ARGS... the simulator's admin API and counts of orders (sim.py next to this file; see its docstring).
#   expect WHAT WANTED FOUND   fail the run, saying what, unless FOUND is WANTED.
#   quietly NAME COMMAND...    run a command with its output in WORK/NAME.log; when it fails, show the log's last
#                              60 lines and return 1.
#   recap NAME FIELD    the sum of FIELD (changed, failed, ...) over the hosts of the PLAY RECAP in WORK/NAME.log.
#   summary TEXT...     print a line and add it to SUMMARY.
#   simulator_on_exit FUNCTION   the EXIT trap calls FUNCTION first (in the order added, its failure ignored): the
#                       clean-up of what runme.sh started besides the simulator (a database server, say).

SIMULATOR_FILES="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
# shellcheck disable=SC2034  # for runme.sh
ARGS=("$@")
WORK=""
SUMMARY=""
SIM_URL=""
SIM_DIR=""
SIM_PID=""
SIM_PORT=""
SIM_ARGS=()
_SIM_WORK_IS_TEMP=""

# The collection as Ansible loads it; else (runme.sh run from the source tree) the one this file is in.
COLLECTION_ROOT=""
IFS=: read -r -a _SIM_COLLECTION_DIRS <<< "${ANSIBLE_COLLECTIONS_PATH:-${ANSIBLE_COLLECTIONS_PATHS:-}}"
for _sim_dir in "${_SIM_COLLECTION_DIRS[@]}"; do
    if [ -n "${_sim_dir}" ] && [ -f "${_sim_dir}/ansible_collections/yeastar/partner/tests/simulator/run_simulator.py" ]; then
        COLLECTION_ROOT="$(cd "${_sim_dir}/ansible_collections/yeastar/partner" && pwd)"
        break
    fi
done
if [ -z "${COLLECTION_ROOT}" ] && [ -f "${SIMULATOR_FILES}/../../../../simulator/run_simulator.py" ]; then
    COLLECTION_ROOT="$(cd "${SIMULATOR_FILES}/../../../../.." && pwd)"
fi
if [ -z "${COLLECTION_ROOT}" ]; then
    echo "simulator.sh: yeastar.partner (with tests/simulator/run_simulator.py) was not found on ANSIBLE_COLLECTIONS_PATH" >&2
    exit 1
fi
unset _sim_dir _SIM_COLLECTION_DIRS

simulator_stop() {
    if [ -n "${SIM_PID}" ]; then
        kill "${SIM_PID}" 2>/dev/null || true
        # The simulator saves its state and exits on SIGTERM; one that has not gone after 10 s is stuck: kill it.
        for _ in $(seq 1 50); do
            kill -0 "${SIM_PID}" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "${SIM_PID}" 2>/dev/null || true
        wait "${SIM_PID}" 2>/dev/null || true
        SIM_PID=""
    fi
}

_SIM_ON_EXIT=()
simulator_on_exit() { _SIM_ON_EXIT+=("$1"); }

_simulator_cleanup() {
    local hook
    for hook in ${_SIM_ON_EXIT[@]+"${_SIM_ON_EXIT[@]}"}; do
        "${hook}" || true
    done
    simulator_stop
    [ -z "${SIM_DIR}" ] || rm -rf "${SIM_DIR}" || true
    [ -z "${_SIM_WORK_IS_TEMP}" ] || rm -rf "${WORK}" || true
}
trap _simulator_cleanup EXIT

# _simulator_launch PORT: start the simulator on PORT (0: a free one) with the state in SIM_DIR; sets SIM_PID, SIM_PORT.
_simulator_launch() {
    rm -f "${SIM_DIR}/stdout"
    "${PY}" "${COLLECTION_ROOT}/tests/simulator/run_simulator.py" --port "$1" --state "${SIM_DIR}/state.json" --watch-pid $$ \
        "${SIM_ARGS[@]}" < /dev/null > "${SIM_DIR}/stdout" 2>> "${SIM_DIR}/stderr" &
    SIM_PID=$!
    SIM_PORT=""
    for _ in $(seq 1 300); do
        SIM_PORT="$(sed -n 's/^PORT=\([0-9][0-9]*\)$/\1/p' "${SIM_DIR}/stdout" 2>/dev/null || true)"
        [ -z "${SIM_PORT}" ] || break
        kill -0 "${SIM_PID}" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "${SIM_PORT}" ]; then
        echo "simulator.sh: the simulator did not say its port; its stderr:" >&2
        cat "${SIM_DIR}/stderr" >&2 || true
        exit 1
    fi
    SIM_URL="http://127.0.0.1:${SIM_PORT}"
    for _ in $(seq 1 100); do
        if sim health > /dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    echo "simulator.sh: the simulator at ${SIM_URL} does not answer; its stderr:" >&2
    cat "${SIM_DIR}/stderr" >&2 || true
    exit 1
}

simulator_start() {
    if [ "${1:-}" = "--own-work" ]; then
        shift
        WORK="$(mktemp -d)"
        _SIM_WORK_IS_TEMP=1
    elif [ -n "${OUTPUT_DIR:-}" ]; then
        WORK="$(cd "${OUTPUT_DIR}" && pwd)"
    else
        WORK="$(mktemp -d)"
        _SIM_WORK_IS_TEMP=1
    fi
    SUMMARY="${WORK}/$(basename "${PWD}")-summary.txt"
    : > "${SUMMARY}"
    SIM_ARGS=("$@")
    SIM_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yeastar-sim.XXXXXX")"
    _simulator_launch 0
    local client_id=sim-client-id client_secret=sim-client-secret
    while [ "$#" -gt 0 ]; do
        case "$1" in
            --client-id) client_id="$2"; shift ;;
            --client-secret) client_secret="$2"; shift ;;
        esac
        shift
    done
    export YEASTAR_API_URL="${SIM_URL}"
    export YEASTAR_CLIENT_ID="${client_id}"
    export YEASTAR_CLIENT_SECRET="${client_secret}"
    export YEASTAR_CACHE_DIR="${SIM_DIR}/cache"
}

simulator_restart() {
    local port="${SIM_PORT}"
    simulator_stop
    _simulator_launch "${port}"
}

sim() {
    PYTHONPATH="${COLLECTION_ROOT}/tests/simulator${PYTHONPATH:+:${PYTHONPATH}}" "${PY}" "${SIMULATOR_FILES}/sim.py" "${SIM_URL}" "$@"
}

expect() {
    if [ "$2" != "$3" ]; then
        echo "FAILED: $1: expected $2, found $3" >&2
        exit 1
    fi
}

quietly() {
    local name="$1"
    shift
    if ! "$@" > "${WORK}/${name}.log" 2>&1; then
        tail -n 60 "${WORK}/${name}.log" >&2
        return 1
    fi
}

recap() {
    sed -n '/PLAY RECAP/,$p' "${WORK}/$1.log" | grep -o " $2=[0-9]*" | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }'
}

summary() { echo "$*" | tee -a "${SUMMARY}"; }
