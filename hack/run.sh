#!/usr/bin/env bash
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The test pipeline behind `make test` and the other make targets.
#
#   hack/run.sh STEP...        STEP: setup sanity units integration lint changelog build test
#
# Environment:
#   ANSIBLE_SERIES   ansible-core series to test (default "2.18 2.21": the oldest and the newest supported)
#   SANITY_ARGS      extra arguments for `ansible-test sanity` (e.g. "--test pylint")
#   UNITS_ARGS       extra arguments for `ansible-test units`
#   INTEGRATION_ARGS extra arguments for `ansible-test integration` (e.g. a target name)
#
# Every step runs in a fresh real copy of the tree (build/ansible_collections/yeastar/partner), with tools from
# pinned virtualenvs (build/venv-<series>, hack/requirements-<series>.txt). A failing step does not stop the
# others; the run exits non-zero if any step failed, after a summary with timings.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export REPO_ROOT
# shellcheck source=hack/lib.sh
. "${REPO_ROOT}/hack/lib.sh"

read -r -a SERIES <<< "${ANSIBLE_SERIES:-2.18 2.21}"
LINT_SERIES="${SERIES[${#SERIES[@]}-1]}"   # ansible-lint and antsibull-changelog run once, with the newest
LOG_DIR="${BUILD_DIR}/logs"
DIST_DIR="${BUILD_DIR}/dist"

RESULTS=()
FAILED=0
PASSED=0
SKIPPED=0
RUN_START=$(date +%s)

usage() {
    sed -n '5,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}

# run_task NAME FUNCTION [ARGS...]: run a step, log it to build/logs/NAME.log, record result and time.
# A function returns 0 (pass), 1 (fail) or 3 (skip: nothing of that kind exists yet).
run_task() {
    local name="$1" start end rc
    shift
    mkdir -p "${LOG_DIR}"
    log "[${name}] start"
    start=$(date +%s)
    set +e
    ( set -euo pipefail; "$@" ) 2>&1 | tee "${LOG_DIR}/${name}.log"
    rc=${PIPESTATUS[0]}
    set -e
    end=$(date +%s)
    note="$(reap_simulators "${name}")"
    case "${rc}" in
        0) RESULTS+=("$(printf '%-22s %-7s %5ss%s' "${name}" PASS $((end - start)) "${note}")"); PASSED=$((PASSED + 1)) ;;
        3) RESULTS+=("$(printf '%-22s %-7s %5ss%s' "${name}" SKIP $((end - start)) "${note}")"); SKIPPED=$((SKIPPED + 1)) ;;
        *) RESULTS+=("$(printf '%-22s %-7s %5ss  (rc=%s, log: %s)%s' "${name}" FAIL $((end - start)) "${rc}" "build/logs/${name}.log" "${note}")")
           FAILED=$((FAILED + 1)) ;;
    esac
    log "[${name}] end (rc=${rc})"
}

# Safety net: simulators started from the collection copy that a step left running (for example a
# session-scoped pytest fixture under ansible-test's fork-per-test units runner). Killed by pid, reported.
reap_simulators() {
    local name="$1" dir pid cmdline leaked=()
    for dir in /proc/[0-9]*; do
        pid="${dir#/proc/}"
        cmdline="$(tr '\0' ' ' < "${dir}/cmdline" 2>/dev/null)" || continue
        case "${cmdline}" in
            *"${COLLECTION_DIR}/"*run_simulator.py*) leaked+=("${pid}") ;;
        esac
    done
    [ "${#leaked[@]}" -gt 0 ] || return 0
    printf 'WARNING: %s left %s simulator process(es) running: %s; killing them\n' "${name}" "${#leaked[@]}" "${leaked[*]}" >&2
    kill "${leaked[@]}" 2>/dev/null || true
    printf '  [killed %s leftover simulator(s)]' "${#leaked[@]}"
}

summary() {
    local total=$(($(date +%s) - RUN_START))
    echo
    echo "==================== summary ===================="
    printf '%s\n' "${RESULTS[@]}"
    echo "-------------------------------------------------"
    printf 'total %ss\n' "${total}"
    echo "steps: ${PASSED} passed, ${FAILED} failed, ${SKIPPED} skipped"
}

# ---- environment -------------------------------------------------------------------------------

venv_of() { echo "${BUILD_DIR}/venv-$1"; }
venv_python_version() { "$(venv_of "$1")/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }

# Run a command with the venv of series $1 first on PATH, from the collection copy.
# ANSIBLE_TEST_CONTENT_ROOT stops ansible-test from walking up to the repository's .git (which ignores build/).
in_venv() {
    local series="$1" venv
    shift
    venv="$(venv_of "${series}")"
    (
        cd "${COLLECTION_DIR}"
        export PATH="${venv}/bin:${PATH}" VIRTUAL_ENV="${venv}"
        export ANSIBLE_TEST_CONTENT_ROOT="${COLLECTION_DIR}"
        export ANSIBLE_COLLECTIONS_PATH="${BUILD_DIR}"
        unset PYTHONPATH
        "$@"
    )
}

step_setup_series() {
    ensure_venv "$1"
    install_get_pip_standin "$(venv_of "$1")"
}

SETUP_DONE=0
setup() {
    [ "${SETUP_DONE}" = 1 ] && return 0
    local series
    for series in "${SERIES[@]}"; do
        run_task "setup-${series}" step_setup_series "${series}"
        [ "${FAILED}" = 0 ] || { summary; exit 1; }
    done
    copy_tree
    SETUP_DONE=1
}

# ---- steps -------------------------------------------------------------------------------------

step_sanity() {
    local series="$1" pyver
    pyver="$(venv_python_version "${series}")"
    rm -rf "${COLLECTION_DIR}/tests/output"
    # --venv: every sanity test gets the virtualenv with the exact requirements ansible-test pins for it.
    # shellcheck disable=SC2086
    in_venv "${series}" ansible-test sanity --venv --python "${pyver}" --color no ${SANITY_ARGS:-}
}

has_unit_tests() {
    [ -d "${COLLECTION_DIR}/tests/unit" ] &&
        [ -n "$(find "${COLLECTION_DIR}/tests/unit" -name 'test_*.py' -print -quit)" ]
}

step_units() {
    local series="$1" pyver
    if ! has_unit_tests; then
        echo "no unit tests (tests/unit/**/test_*.py) yet: skipped"
        return 3
    fi
    pyver="$(venv_python_version "${series}")"
    # --local: the pinned venv already holds pytest, pytest-mock, pytest-xdist, mock and requests.
    # shellcheck disable=SC2086
    in_venv "${series}" ansible-test units --local --python "${pyver}" --color no ${UNITS_ARGS:-}
}

has_integration_targets() {
    [ -d "${COLLECTION_DIR}/tests/integration/targets" ] &&
        [ -n "$(find "${COLLECTION_DIR}/tests/integration/targets" -mindepth 1 -maxdepth 1 -type d -print -quit)" ]
}

step_integration() {
    local series="$1" pyver
    if ! has_integration_targets; then
        echo "no integration targets (tests/integration/targets/*) yet: skipped"
        return 3
    fi
    pyver="$(venv_python_version "${series}")"
    # --local: on the controller python (the pinned venv); targets start the simulator themselves.
    # shellcheck disable=SC2086
    in_venv "${series}" ansible-test integration --local --python "${pyver}" --color no ${INTEGRATION_ARGS:-}
}

# The main job, as a newcomer runs it (make demo): the purchase playbook against the simulator, twice;
# hack/demo.sh fails when the second run places any order.
step_demo() {
    DEMO_SERIES="${LINT_SERIES}" bash "${REPO_ROOT}/hack/demo.sh"
}

step_lint() {
    in_venv "${LINT_SERIES}" ansible-lint --offline --profile production
}

step_changelog() {
    in_venv "${LINT_SERIES}" antsibull-changelog lint -v
}

step_build() {
    local tarball
    rm -rf "${DIST_DIR}"
    mkdir -p "${DIST_DIR}"
    # Built from the repository itself (not the copy), so build_ignore is tested against the real
    # leftovers: build/ with its venvs, tests/output/, __pycache__ ...
    "$(venv_of "${LINT_SERIES}")/bin/ansible-galaxy" collection build --force --output-path "${DIST_DIR}" "${REPO_ROOT}"
    tarball="$(ls "${DIST_DIR}"/yeastar-partner-*.tar.gz)"
    echo "checking ${tarball#"${REPO_ROOT}"/} for files that must not ship"
    tar -tzf "${tarball}" > "${DIST_DIR}/contents.txt"
    if grep -E '(^|/)(build|\.venv[^/]*|venv|tests/output|__pycache__|\.pytest_cache|\.benchmarks|\.git|hack|\.ci)(/|$)|\.pyc$|\.tar\.gz$' "${DIST_DIR}/contents.txt"; then
        echo "ERROR: the tarball holds the paths listed above"
        return 1
    fi
    for required in MANIFEST.json FILES.json README.md meta/runtime.yml; do
        grep -qx "${required}" "${DIST_DIR}/contents.txt" || { echo "ERROR: ${required} missing from the tarball"; return 1; }
    done
    echo "$(wc -l < "${DIST_DIR}/contents.txt") entries, $(du -h "${tarball}" | cut -f1): OK"
}

# ---- main --------------------------------------------------------------------------------------

[ $# -gt 0 ] || usage

# Step output goes through tee: keep colours only when a person is watching.
[ -t 1 ] || export NO_COLOR=1 ANSIBLE_NOCOLOR=1

for step in "$@"; do
    case "${step}" in
        setup) setup ;;
        sanity|units|integration)
            setup
            for series in "${SERIES[@]}"; do run_task "${step}-${series}" "step_${step}" "${series}"; done ;;
        lint) setup; run_task ansible-lint step_lint ;;
        changelog) setup; run_task changelog-lint step_changelog ;;
        build) setup; run_task build step_build ;;
        test)
            setup
            for series in "${SERIES[@]}"; do
                for kind in sanity units integration; do run_task "${kind}-${series}" "step_${kind}" "${series}"; done
            done
            run_task demo step_demo
            run_task ansible-lint step_lint
            run_task changelog-lint step_changelog
            run_task build step_build ;;
        -h|--help|help) usage ;;
        *) echo "unknown step: ${step}" >&2; usage ;;
    esac
done

summary
[ "${FAILED}" = 0 ]
