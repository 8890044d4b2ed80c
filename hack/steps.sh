# shellcheck shell=bash
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The step framework of hack/run.sh (sourced, not executed, after hack/lib.sh): it runs steps, times them and prints
# the summary. It knows no step; hack/run.sh defines those.
#
#   run_task NAME FUNCTION [ARGS...]   run a step, log it to LOG_DIR/NAME.log, record its result and times
#   children_cpu                       CPU_SECONDS: CPU seconds of every process this shell has waited for
#   load_average                       the 1-minute load average
#   reap_simulators NAME BEFORE        kill the simulators a step left running (not in BEFORE), and say so
#   summary                            every step's line (RESULTS), then summary_details' lines, the total time and
#                                      the counts (PASSED, FAILED, SKIPPED)
#
# Needs LOG_DIR (where the logs go) and BUILD_DIR (hack/lib.sh).

: "${LOG_DIR:?LOG_DIR must be set}"
: "${BUILD_DIR:?BUILD_DIR must be set}"

RESULTS=()
FAILED=0
PASSED=0
SKIPPED=0
RUN_START=$(date +%s)

# run_task NAME FUNCTION [ARGS...]: run a step, log it to build/logs/NAME.log, record result and time.
# A function returns 0 (pass), 1 (fail) or 3 (skip: nothing of that kind exists yet). When FUNCTION_details exists,
# it runs after the step with NAME and ARGS; its lines go into the summary under the step's line.
run_task() {
    local name="$1" fn="$2" start end rc line details=() cpu_start cpu_end load_start note simulators_before
    shift
    mkdir -p "${LOG_DIR}"
    log "[${name}] start"
    start=$(date +%s)
    children_cpu
    cpu_start="${CPU_SECONDS}"
    load_start="$(load_average)"
    simulators_before="$(simulators_now)"
    set +e
    ( set -euo pipefail; "$@" ) 2>&1 | tee "${LOG_DIR}/${name}.log"
    rc=${PIPESTATUS[0]}
    set -e
    end=$(date +%s)
    children_cpu
    cpu_end="${CPU_SECONDS}"
    note="$(printf '  cpu %4ss  load %s-%s' "$((cpu_end - cpu_start))" "${load_start}" "$(load_average)")"
    note+="$(reap_simulators "${name}" "${simulators_before}")"
    if declare -F "${fn}_details" >/dev/null; then
        shift
        mapfile -t details < <("${fn}_details" "${name}" "$@" 2>/dev/null || true)
    fi
    case "${rc}" in
        0) RESULTS+=("$(printf '%-22s %-7s %5ss%s' "${name}" PASS $((end - start)) "${note}")"); PASSED=$((PASSED + 1)) ;;
        3) RESULTS+=("$(printf '%-22s %-7s %5ss%s' "${name}" SKIP $((end - start)) "${note}")"); SKIPPED=$((SKIPPED + 1)) ;;
        *) RESULTS+=("$(printf '%-22s %-7s %5ss  (rc=%s, log: %s)%s' "${name}" FAIL $((end - start)) "${rc}" "build/logs/${name}.log" "${note}")")
           FAILED=$((FAILED + 1)) ;;
    esac
    for line in "${details[@]}"; do RESULTS+=("      ${line}"); done
    log "[${name}] end (rc=${rc})"
}

# CPU_SECONDS: CPU seconds (user + system) of every process this shell has waited for, so far. A step's wall time
# far above its CPU time (on 2 cores: above twice) means it waited: for other work on the machine (the load average
# next to it in the summary), for timeouts or for sleeps. Call it directly, not in $(...): `times` must run in this
# shell (a subshell would count only its own children).
CPU_SECONDS=0
children_cpu() {
    times > "${LOG_DIR}/.times"
    CPU_SECONDS="$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "${LOG_DIR}/.times")"
}

# The 1-minute load average.
load_average() { cut -d' ' -f1 /proc/loadavg; }

# Safety net: simulators started from the collection copy (its run_simulator.py, whatever Python runs it) that a step left running (for example a
# session-scoped pytest fixture under ansible-test's fork-per-test units runner). Killed by pid, reported. Only the
# ones that started during the step: simulators_now before it, reap_simulators NAME BEFORE after it, so that a
# simulator another run in the same checkout owns (make bench, make demo in another shell) is left alone.
# Processes end while the loop reads /proc: one that is gone is skipped in silence (the redirection is inside the
# braces, so that 2>/dev/null also takes the error of opening its cmdline).
simulators_now() {
    local dir pid cmdline
    for dir in /proc/[0-9]*; do
        pid="${dir#/proc/}"
        cmdline="$({ tr '\0' ' ' < "${dir}/cmdline"; } 2>/dev/null)" || continue
        case "${cmdline}" in
            *"${BUILD_DIR}/ansible_collections/"*run_simulator.py*) printf '%s ' "${pid}" ;;
        esac
    done
}

reap_simulators() {
    local name="$1" before=" $2 " pid leaked=()
    for pid in $(simulators_now); do
        case "${before}" in
            *" ${pid} "*) ;;
            *) leaked+=("${pid}") ;;
        esac
    done
    [ "${#leaked[@]}" -gt 0 ] || return 0
    printf 'WARNING: %s left %s simulator process(es) running: %s; killing them\n' "${name}" "${#leaked[@]}" "${leaked[*]}" >&2
    kill "${leaked[@]}" 2>/dev/null || true
    printf '  [killed %s leftover simulator(s)]' "${#leaked[@]}"
}

# The summary of the run. When the runner defines summary_details, its lines come after the steps' lines (hack/run.sh:
# where two series' integration times differ).
summary() {
    local total=$(($(date +%s) - RUN_START))
    echo
    echo "==================== summary ===================="
    printf '%s\n' "${RESULTS[@]}"
    if declare -F summary_details >/dev/null; then
        summary_details || true
    fi
    echo "-------------------------------------------------"
    printf 'total %ss\n' "${total}"
    echo "steps: ${PASSED} passed, ${FAILED} failed, ${SKIPPED} skipped"
}
