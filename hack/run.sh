#!/usr/bin/env bash
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The test pipeline behind `make test` and the other make targets.
#
#   hack/run.sh STEP...   STEP: setup sanity units integration lint changelog build importer actionlint docs docs-lint
#                               ee demo-setup test
#
#   importer    galaxy-importer (Galaxy's own import check) on the tarball of build/dist (run build first); any
#               warning or error it prints fails the step
#   actionlint  actionlint on .github/workflows (with shellcheck for the run: scripts)
#   docs        the docs site (antsibull-docs + Sphinx, offline) in build/docs/html
#   docs-lint   antsibull-docs lint-collection-docs --plugin-docs, and the references of the guides
#   ee          the execution environment: `ansible-builder create` of docs/awx/execution-environment.yml, and
#               ansible-builder's own reading of the collection's meta/execution-environment.yml
#   demo-setup  the venv of the one series `make demo` uses (DEMO_SERIES, else the newest whose Python is here)
#
# Environment:
#   ANSIBLE_SERIES   ansible-core series to test, oldest first (default "2.18 2.19 2.20 2.21": every supported one);
#                    sanity and units run on each, integration on the oldest and the newest
#   SANITY_ARGS      extra arguments for `ansible-test sanity` (e.g. "--test pylint")
#   UNITS_ARGS       extra arguments for `ansible-test units`
#   INTEGRATION_ARGS extra arguments for `ansible-test integration` (e.g. a target name)
#
# The ansible-test steps run in a fresh real copy of the tree (build/ansible_collections/yeastar/partner), with tools
# from pinned virtualenvs (build/venv-<series>, hack/requirements-<series>.txt, written by hack/pins.sh); docs,
# docs-lint and ee use build/venv-docs and copies of their own under build/docs and build/ee; importer and
# actionlint use build/venv-release. A failing step does not stop the others; the run exits non-zero if any step
# failed, after a summary: each step's wall and CPU seconds and the load average at its start and end, integration's
# time per target, and where the oldest and the newest series' integration differ.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export REPO_ROOT
# shellcheck source=hack/lib.sh
. "${REPO_ROOT}/hack/lib.sh"

read -r -a SERIES <<< "${ANSIBLE_SERIES:-2.18 2.19 2.20 2.21}"
LINT_SERIES="${SERIES[${#SERIES[@]}-1]}"   # ansible-lint and antsibull-changelog run once, with the newest
LOG_DIR="${BUILD_DIR}/logs"
DIST_DIR="${BUILD_DIR}/dist"

# shellcheck source=hack/steps.sh
. "${REPO_ROOT}/hack/steps.sh"

usage() {
    sed -n '5,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}

# The summary's last lines (summary, hack/steps.sh): where the integration times of two series differ, when this run
# timed both (docs/benchmark.md says why).
summary_details() {
    local times=() series line
    for series in "${SERIES[@]}"; do
        if [ -f "${LOG_DIR}/integration-${series}.times" ] && [ "${LOG_DIR}/integration-${series}.times" -nt "${RUN_STAMP}" ]; then
            times+=("${LOG_DIR}/integration-${series}.times")
        fi
    done
    if [ "${#times[@]}" -ge 2 ]; then
        line="$("$(venv_of "${LINT_SERIES}")/bin/python" "${REPO_ROOT}/hack/integration_times.py" compare "${times[0]}" "${times[-1]}" 2>/dev/null || true)"
        [ -z "${line}" ] || printf 'integration %s\n      (why they differ: docs/benchmark.md, "Integration time on ansible-core 2.18 and 2.21")\n' "${line}"
    fi
    return 0
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
        # shellcheck disable=SC2030  # local to this subshell on purpose
        export PATH="${venv}/bin:${PATH}" VIRTUAL_ENV="${venv}"
        export ANSIBLE_TEST_CONTENT_ROOT="${COLLECTION_DIR}"
        export ANSIBLE_COLLECTIONS_PATH="${COLLECTION_DIR%/ansible_collections/yeastar/partner}"
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
    ensure_pg_bindir
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

# step_integration SERIES [TARGET...]: every target, or the ones named.
step_integration() {
    local series="$1" pyver
    shift
    if ! has_integration_targets; then
        echo "no integration targets (tests/integration/targets/*) yet: skipped"
        return 3
    fi
    pyver="$(venv_python_version "${series}")"
    # ansible-test writes the per-target times of each run to tests/output/data/integration-<date>.json, which
    # step_integration_details reads: an older file would be counted again.
    rm -f "${COLLECTION_DIR}"/tests/output/data/integration-*.json
    # --local: on the controller python (the pinned venv); targets start the simulator themselves.
    # shellcheck disable=SC2086
    in_venv "${series}" ansible-test integration --local --python "${pyver}" --color no ${INTEGRATION_ARGS:-} "$@"
}

# The summary's per-target times, slowest first; kept in build/logs/integration-<series>.times for the comparison.
step_integration_details() {
    local name="$1" series="$2"
    rm -f "${LOG_DIR}/integration-${series}.times"
    "$(venv_of "${series}")/bin/python" "${REPO_ROOT}/hack/integration_times.py" targets --log "${LOG_DIR}/${name}.log" \
        --save "${LOG_DIR}/integration-${series}.times" "${COLLECTION_DIR}"/tests/output/data/integration-*.json
}

# `make test` runs the series side by side on the 2 CPUs, each job in a copy of its own (build/lanes/<job>), so that
# ansible-test's tests/output of one job is not another's; jobs share nothing else (each integration target starts its
# own simulator on a free port, with its own state and cache). in_lane LANE SERIES FUNCTION [ARGS...] runs one job,
# with its output in build/logs/<FUNCTION without step_>-LANE-SERIES.log.
in_lane() {
    local lane="$1" series="$2" fn="$3" name rc
    shift 3
    name="${fn#step_}-${lane}-${series}"
    COLLECTION_DIR="${BUILD_DIR}/lanes/${lane}-${series}/ansible_collections/yeastar/partner"
    copy_tree_to "${COLLECTION_DIR}"
    echo "[${name}] start ${*:-}"
    "${fn}" "${series}" "$@" > "${LOG_DIR}/${name}.log" 2>&1
    rc=$?
    if [ "${fn}" = step_integration ]; then
        "$(venv_of "${series}")/bin/python" "${REPO_ROOT}/hack/integration_times.py" targets --log "${LOG_DIR}/${name}.log" \
            --save "${LOG_DIR}/${name}.times" "${COLLECTION_DIR}"/tests/output/data/integration-*.json > /dev/null 2>&1 || true
    fi
    if [ "${rc}" != 0 ]; then
        echo "[${name}] FAILED (rc=${rc}); the end of build/logs/${name}.log:"
        tail -n 60 "${LOG_DIR}/${name}.log"
    else
        echo "[${name}] passed: $(grep -E 'passed in|^Running sanity test' "${LOG_DIR}/${name}.log" | tail -n 1)"
    fi
    return "${rc}"
}

# sanity or units of every series at once; for sanity, the series whose venvs have the same Python one after the
# other in one job. ansible-test keeps the sanity tests' virtualenvs in ~/.ansible/test/venv/sanity/<python>/<hash>,
# shared by every series of that Python, and a run that finds one without its marker file removes and rebuilds it:
# two series of one Python started together (2.19 and 2.20 on 3.12) removed each other's half-built venv
# ("No such file or directory: .../meta.install.json"). Run in turn, the second reuses what the first built.
step_side_by_side() {
    local fn="$1" series key pids=() rc=0 pid keys=()
    local -A members=()
    rm -rf "${BUILD_DIR}"/lanes/"${fn}"-*
    for series in "${SERIES[@]}"; do
        key="${series}"
        [ "${fn}" = sanity ] && key="python$(venv_python_version "${series}")"
        [ -n "${members[${key}]:-}" ] || keys+=("${key}")
        members[${key}]+="${series} "
    done
    for key in "${keys[@]}"; do
        # shellcheck disable=SC2086
        (
            job_rc=0
            for series in ${members[${key}]}; do
                in_lane "${fn}" "${series}" "step_${fn}" || job_rc=1
            done
            exit "${job_rc}"
        ) &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "${pid}" || rc=1; done
    return "${rc}"
}

# Integration for `make test`, in lanes that run side by side on the 2 CPUs. Each target says in its aliases file
# where it runs (docs/module-conventions.md), so that a new target needs no edit here:
#   lane/N        its lane on the newest series, which runs every target: exactly one such alias, N a number.
#   older/lane/N  it also runs on the oldest series (the first of SERIES, when it is not the newest), in lane N; at
#                 most one. The series between the oldest and the newest run sanity and units only.
#                 Those are the targets where the Ansible version matters most (templating and facts: the role, the
#                 playbooks, the inventory plugin); the modules themselves run on every series in the unit tests.
# A lane runs its targets of the newest series, then those of the oldest. The lanes are balanced by the
# targets' times (docs/benchmark.md): move a target to another lane by its alias. ansible-test ignores alias words it
# does not know, and makes each a group it can select (INTEGRATION_ARGS=lane/1/ or older/ for make integration).
# A target without exactly one lane/N (or with more than one older/lane/N) fails the step before anything runs,
# named in its log: a default lane would let a new long target unbalance the lanes unnoticed
# (tests/unit/test_integration_aliases.py checks the same in the unit tests, which `make test` runs first).

# The targets ansible-test runs when it is named none: not the hidden ones (named setup_* or prepare_*, or aliased
# hidden), which only others use (needs/target/...).
integration_targets() {
    local target aliases
    find "${COLLECTION_DIR}/tests/integration/targets" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort |
        while IFS= read -r target; do
            case "${target}" in setup_*|prepare_*) continue ;; esac
            # Read first, then searched: `grep -q` on a pipe may stop its writer early, and pipefail would count that.
            aliases="$(target_aliases "${target}")"
            grep -qx hidden <<< "${aliases}" || echo "${target}"
        done
}

# target_aliases TARGET: the words of the target's aliases file, one a line, without comments and blank lines (as
# ansible-test reads it).
target_aliases() {
    local file="${COLLECTION_DIR}/tests/integration/targets/$1/aliases"
    [ -f "${file}" ] || return 0
    sed -e 's/[[:space:]]*#.*$//' -e 's/[[:space:]]*$//' -e '/^$/d' "${file}"
}

# lane_plan: one line "TARGET LANE OLDER_LANE" for every target, from the targets' aliases (OLDER_LANE: its lane on
# the oldest series, "-" when it runs on the newest only). Fails, naming them, when a target has not exactly one
# lane/N alias, or more than one older/lane/N.
lane_plan() {
    local target word lanes olders bad=() older
    while IFS= read -r target; do
        lanes=()
        olders=()
        while IFS= read -r word; do
            case "${word}" in
                lane/*) lanes+=("${word}") ;;
                older/*) olders+=("${word}") ;;
            esac
        done < <(target_aliases "${target}")
        older=-
        if [ "${#olders[@]}" = 1 ] && [[ "${olders[0]}" =~ ^older/lane/[1-9][0-9]*$ ]]; then
            older="${olders[0]#older/lane/}"
        elif [ "${#olders[@]}" != 0 ]; then
            bad+=("${target}: ${olders[*]};")
            continue
        fi
        if [ "${#lanes[@]}" = 1 ] && [[ "${lanes[0]}" =~ ^lane/[1-9][0-9]*$ ]]; then
            echo "${target} ${lanes[0]#lane/} ${older}"
        else
            bad+=("${target}: ${lanes[*]:-no lane alias};")
        fi
    done < <(integration_targets)
    [ "${#bad[@]}" = 0 ] && return 0
    bad[-1]="${bad[-1]%;}"
    echo "ERROR: every integration target needs exactly one lane alias (lane/1, lane/2 ...) in its aliases file, and" \
        "at most one older/lane/N (docs/module-conventions.md); these have not: ${bad[*]}" >&2
    return 1
}

# lane_targets PLAN FIELD LANE: the targets of PLAN (lane_plan's lines) whose FIELD (2: lane on the newest series,
# 3: on the oldest) is LANE.
lane_targets() {
    awk -v field="$2" -v lane="$3" '$field == lane { print $1 }' <<< "$1"
}

step_integration_lanes() {
    local newest="${SERIES[${#SERIES[@]}-1]}" older=() plan lanes=() lane series
    [ "${#SERIES[@]}" = 1 ] || older=("${SERIES[0]}")
    local pids=() pid rc=0
    # The times of an earlier run go first: a step that stops here must not show them as its own.
    rm -rf "${BUILD_DIR}"/lanes/lane* "${LOG_DIR}"/integration-lane*
    for series in "${SERIES[@]}"; do rm -f "${LOG_DIR}/integration-${series}.times"; done
    plan="$(lane_plan)" || return 1
    if [ -z "${plan}" ]; then
        echo "no integration targets (tests/integration/targets/*) yet: skipped"
        return 3
    fi
    mapfile -t lanes < <(awk '{ print $2; if ($3 != "-") print $3 }' <<< "${plan}" | sort -n -u)
    for lane in "${lanes[@]}"; do
        (
            targets=()
            mapfile -t targets < <(lane_targets "${plan}" 2 "${lane}")
            [ "${#targets[@]}" = 0 ] || in_lane "lane${lane}" "${newest}" step_integration "${targets[@]}" || exit 1
            mapfile -t targets < <(lane_targets "${plan}" 3 "${lane}")
            for series in "${older[@]}"; do
                [ "${#targets[@]}" = 0 ] || in_lane "lane${lane}" "${series}" step_integration "${targets[@]}" || exit 1
            done
        ) &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "${pid}" || rc=1; done
    # One times file per series, for the summary's comparison of the series.
    for series in "${SERIES[@]}"; do
        cat "${LOG_DIR}"/integration-lane*-"${series}".times > "${LOG_DIR}/integration-${series}.times" 2>/dev/null || true
    done
    return "${rc}"
}

# Per-target times of every lane, slowest first.
step_integration_lanes_details() {
    local series
    for series in "${SERIES[@]}"; do
        [ -s "${LOG_DIR}/integration-${series}.times" ] || continue
        sort -t "$(printf '\t')" -k2,2nr "${LOG_DIR}/integration-${series}.times" |
            awk -F '\t' -v s="${series}" '{ printf "%s %-24s %5ss\n", s, $1, $2 }'
    done
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

# ---- release checks (build/venv-release) -------------------------------------------------------

IMPORTER_DIR="${BUILD_DIR}/importer"

# Galaxy's own import check, offline, on the tarball `build` wrote: galaxy-importer reads the collection as Galaxy does
# (galaxy.yml's limits, the docs of every plugin through ansible-doc, the README) and runs its ansible-lint. Its own
# ansible-test run wants a container engine, so it is off (make test runs ansible-test itself). galaxy-importer prints
# a problem as a "WARNING: ..." or "ERROR: ..." line and still exits 0 for most: any such line fails the step.
step_importer() {
    local tarball out="${IMPORTER_DIR}/importer.out" rc=0
    ensure_venv release
    tarball="$(find "${DIST_DIR}" -maxdepth 1 -name 'yeastar-partner-*.tar.gz' -print -quit 2>/dev/null || true)"
    [ -n "${tarball}" ] || { echo "ERROR: no tarball in ${DIST_DIR#"${REPO_ROOT}"/}: run the build step first"; return 1; }
    rm -rf "${IMPORTER_DIR}"
    mkdir -p "${IMPORTER_DIR}/tmp"
    chmod 700 "${IMPORTER_DIR}/tmp"
    printf '%s\n' '[galaxy-importer]' 'LOG_LEVEL_MAIN = INFO' 'RUN_ANSIBLE_TEST = False' 'RUN_ANSIBLE_LINT = True' \
        'CHECK_REQUIRED_TAGS = False' "TMP_ROOT_DIR = ${IMPORTER_DIR}/tmp" > "${IMPORTER_DIR}/galaxy-importer.cfg"
    (
        cd "${IMPORTER_DIR}"
        # shellcheck disable=SC2031  # the caller's PATH, as wanted
        env -u PYTHONPATH PATH="$(venv_of release)/bin:${PATH}" TMPDIR="${IMPORTER_DIR}/tmp" \
            GALAXY_IMPORTER_CONFIG="${IMPORTER_DIR}/galaxy-importer.cfg" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false \
            python -m galaxy_importer.main "${tarball}"
    ) > "${out}" 2>&1 || rc=$?
    cat "${out}"
    if [ "${rc}" != 0 ]; then
        echo "galaxy-importer refused ${tarball#"${REPO_ROOT}"/} (rc=${rc})"
        return 1
    fi
    if grep -E '^(WARNING|ERROR|CRITICAL):' "${out}" > "${IMPORTER_DIR}/problems.txt"; then
        echo "galaxy-importer reported $(wc -l < "${IMPORTER_DIR}/problems.txt") problem(s):"
        cat "${IMPORTER_DIR}/problems.txt"
        return 1
    fi
    grep -qx 'Importer processing completed successfully' "${out}" ||
        { echo "ERROR: galaxy-importer did not say it completed"; return 1; }
    echo "galaxy-importer $("$(venv_of release)/bin/python" -m pip show galaxy-importer 2>/dev/null | awk '/^Version:/ { print $2 }'): ${tarball##*/} imports with no warning"
}

# actionlint on the workflows, from the copy of the tree (work in progress included); shellcheck (venv-release)
# checks their run: scripts.
step_actionlint() {
    local workflows=("${COLLECTION_DIR}"/.github/workflows/*.yml)
    ensure_venv release
    [ -e "${workflows[0]}" ] || { echo "ERROR: no workflow in .github/workflows"; return 1; }
    (
        cd "${COLLECTION_DIR}"
        # shellcheck disable=SC2031  # the caller's PATH, as wanted
        env PATH="$(venv_of release)/bin:${PATH}" actionlint -no-color -shellcheck shellcheck
    ) || { echo "actionlint found the problems above"; return 1; }
    echo "actionlint $("$(venv_of release)/bin/actionlint" -version | head -n 1): ${#workflows[@]} workflow(s), no problems"
}

# ---- docs and execution environment (build/venv-docs, private copies of the tree) ----------------

DOCS_DIR="${BUILD_DIR}/docs"
DOCS_COLLECTIONS="${DOCS_DIR}/collections"
EE_DIR="${BUILD_DIR}/ee"

# in_docs_venv COLLECTIONS_PATH COMMAND...: build/venv-docs first on PATH; Ansible sees only the copy under
# COLLECTIONS_PATH (and ansible.builtin), never the user's installed collections. GIT_CEILING_DIRECTORIES: the copy
# must not look like a part of this repository's work tree, where build/ is ignored. antsibull-docs copies a
# collection that is inside a Git work tree by `git ls-files`, which finds nothing there, and its lint then checks
# nothing and passes.
in_docs_venv() {
    local collections="$1" venv
    shift
    venv="$(venv_of docs)"
    # shellcheck disable=SC2031  # the caller's PATH, as wanted (in_venv changes PATH in its own subshell only)
    env -u PYTHONPATH PATH="${venv}/bin:${PATH}" VIRTUAL_ENV="${venv}" GIT_CEILING_DIRECTORIES="${BUILD_DIR}" \
        ANSIBLE_COLLECTIONS_PATH="${collections}" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false "$@"
}

step_docs_lint() {
    local copy="${DOCS_COLLECTIONS}/ansible_collections/yeastar/partner" rc=0
    ensure_venv docs
    copy_tree_to "${copy}"
    if in_docs_venv "${DOCS_COLLECTIONS}" git -C "${copy}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        echo "ERROR: ${copy} is seen as part of a Git work tree: antsibull-docs would lint an empty copy of it"
        return 1
    fi
    # --plugin-docs: every module's, plugin's and role's docs render and validate. --check-extra-docs-refs: the
    # references of the guides (docs/docsite/rst). Every reference must name something that exists: only
    # ansible.builtin and this collection are installed here, and this collection depends on no other.
    # antsibull-docs exits 3 when it finds problems (3 means "skipped" to run_task). It copies the collection into a
    # temporary folder: a private TMPDIR keeps that away from whatever else /tmp holds. Once in a fresh clone's run it
    # reported 'Unknown target name: "antsibull-docs-<random>"' on line 4 of every plugin's page (the name of its own
    # temporary copy, not our text; not reproduced since): only that report, and nothing else, earns one more try.
    local tmp="${BUILD_DIR}/docs/tmp" out="${BUILD_DIR}/docs/lint.out" try
    for try in 1 2; do
        rm -rf "${tmp}" && mkdir -p "${tmp}" && chmod 700 "${tmp}"
        rc=0
        TMPDIR="${tmp}" in_docs_venv "${DOCS_COLLECTIONS}" antsibull-docs lint-collection-docs --plugin-docs \
            --check-extra-docs-refs --validate-collection-refs all --disallow-unknown-collection-refs "${copy}" \
            > "${out}" 2>&1 || rc=$?
        cat "${out}"
        if [ "${rc}" = 0 ] || [ "${try}" = 2 ] || ! grep -q 'Unknown target name: "antsibull-docs-' "${out}" \
            || grep -v 'Unknown target name: "antsibull-docs-' "${out}" | grep -q 'ERROR'; then
            break
        fi
        echo "antsibull-docs reported only the name of its own temporary copy as an unknown target; trying once more"
    done
    rm -rf "${tmp}"
    [ "${rc}" = 0 ] || { echo "antsibull-docs lint-collection-docs found the problems above (rc=${rc})"; return 1; }
    echo "antsibull-docs lint-collection-docs: no problems in the docs of $(plugin_count "${copy}") plugins and roles, and of the guides"
}

# How many modules, plugins and roles the copy holds (to show that the lint saw them).
plugin_count() {
    find "$1/plugins" -mindepth 2 -maxdepth 2 -name '*.py' ! -name '__init__.py' ! -path '*/module_utils/*' \
        ! -path '*/doc_fragments/*' -print 2>/dev/null | sed 's|.*/||; s|\.py$||' | sort -u | wc -l |
        awk -v roles="$(find "$1/roles" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)" '{ print $1 + roles }'
}

# The site, without the network: `antsibull-docs sphinx-init` writes a Sphinx project (conf.py, antsibull-docs.cfg)
# into build/docs/site, made offline below (no intersphinx; references into the Ansible docs become plain links,
# hack/docs/ansible_docs_links.py); `antsibull-docs collection` writes the RST of every plugin, the role and the
# guides (docs/docsite/extra-docs.yml, docs/docsite/rst/); Sphinx builds build/docs/html with warnings as errors.
step_docs() {
    local site="${DOCS_DIR}/site" html="${DOCS_DIR}/html"
    ensure_venv docs
    copy_tree_to "${DOCS_COLLECTIONS}/ansible_collections/yeastar/partner"
    rm -rf "${site}" "${html}"
    mkdir -p "${site}"
    chmod 700 "${site}"   # antsibull-docs wants its destination writable by its owner only
    in_docs_venv "${DOCS_COLLECTIONS}" antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error \
        --no-add-antsibull-docs-version --dest-dir "${site}" --project yeastar.partner \
        --title "yeastar.partner collection" --copyright "yeastar.partner contributors" yeastar.partner >/dev/null
    {
        echo
        echo "# ---- added by hack/run.sh (make docs): an offline, self-contained build ----"
        echo "# No intersphinx, so nothing is downloaded. References into the Ansible docs (ansible.builtin plugins,"
        echo "# configuration settings, common return values) become plain links; any other unresolved one fails the build."
        echo "import os, sys"
        echo "sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'hack', 'docs'))"
        echo "extensions = [name for name in extensions if name != 'sphinx.ext.intersphinx'] + ['ansible_docs_links']"
        echo "intersphinx_mapping = {}"
    } >> "${site}/conf.py"
    mkdir -p "${site}/rst"
    chmod og-w "${site}/rst"
    in_docs_venv "${DOCS_COLLECTIONS}" antsibull-docs --config-file "${site}/antsibull-docs.cfg" collection \
        --use-current --squash-hierarchy --fail-on-error --cleanup everything --dest-dir "${site}/rst" yeastar.partner
    in_docs_venv "${DOCS_COLLECTIONS}" sphinx-build -b html -c "${site}" -W --keep-going -q "${site}/rst" "${html}"
    echo "docs site: $(docs_pages) pages; open ${html#"${REPO_ROOT}"/}/index.html"
}

docs_pages() { find "${DOCS_DIR}/html" -name '*.html' ! -name search.html ! -name genindex.html | wc -l; }

step_docs_details() {
    [ -f "${DOCS_DIR}/html/index.html" ] || return 0
    echo "$(docs_pages) pages: ${DOCS_DIR#"${REPO_ROOT}"/}/html/index.html"
}

# The execution environment, without a container engine. `ansible-builder create` checks the definition AWX users
# get (docs/awx/execution-environment.yml) against its schema and writes the build context; `ansible-builder
# introspect` reads the collection's own meta/execution-environment.yml as an image build does, and must find every
# line of requirements.txt.
step_ee() {
    local context="${EE_DIR}/context" collections="${EE_DIR}/collections" found want missing=0 requirement
    ensure_venv docs
    copy_tree_to "${collections}/ansible_collections/yeastar/partner"
    rm -rf "${context}"
    (
        cd "${collections}/ansible_collections/yeastar/partner/docs/awx"
        in_docs_venv "${collections}" ansible-builder create --file execution-environment.yml --context "${context}" \
            --output-filename Containerfile -v 2
    )
    for want in Containerfile _build/requirements.yml; do
        [ -f "${context}/${want}" ] || { echo "ERROR: ansible-builder create wrote no ${want}"; return 1; }
    done
    grep -q 'yeastar\.partner' "${context}/_build/requirements.yml" ||
        { echo "ERROR: the build context does not install yeastar.partner"; return 1; }
    echo "ansible-builder create: build context in ${context#"${REPO_ROOT}"/}"
    found="$(in_docs_venv "${collections}" ansible-builder introspect --sanitize "${collections}")"
    printf '%s\n' "${found}"
    while IFS= read -r requirement; do
        if ! grep -Fq -- "- '${requirement}  # from collection yeastar.partner'" <<< "${found}"; then
            echo "ERROR: ansible-builder does not find '${requirement}' (requirements.txt) through meta/execution-environment.yml"
            missing=1
        fi
    done < <(_pin_lines "${REPO_ROOT}/requirements.txt")
    [ "${missing}" = 0 ] || return 1
    echo "meta/execution-environment.yml: ansible-builder finds every line of requirements.txt"
}

# ---- main --------------------------------------------------------------------------------------

[ $# -gt 0 ] || usage

# Step output goes through tee: keep colours only when a person is watching.
[ -t 1 ] || export NO_COLOR=1 ANSIBLE_NOCOLOR=1

mkdir -p "${LOG_DIR}"
RUN_STAMP="$(mktemp "${LOG_DIR}/.run-start.XXXXXX")"
trap 'rm -f "${RUN_STAMP}"' EXIT

for step in "$@"; do
    case "${step}" in
        setup) setup ;;
        sanity|units)
            setup
            for series in "${SERIES[@]}"; do run_task "${step}-${series}" "step_${step}" "${series}"; done ;;
        integration)
            # the oldest and the newest series, as make test runs them
            setup
            for series in $(printf '%s\n' "${SERIES[0]}" "${SERIES[${#SERIES[@]}-1]}" | uniq); do
                run_task "${step}-${series}" "step_${step}" "${series}"
            done ;;
        lint) setup; run_task ansible-lint step_lint ;;
        changelog) setup; run_task changelog-lint step_changelog ;;
        build) setup; run_task build step_build ;;
        importer) run_task importer step_importer ;;
        actionlint) setup; run_task actionlint step_actionlint ;;
        docs) run_task docs step_docs ;;
        docs-lint) run_task docs-lint step_docs_lint ;;
        ee) run_task ee step_ee ;;
        demo-setup)
            # make demo: the venv of one series only (DEMO_SERIES, else the newest whose Python is on this machine).
            demo_series="${DEMO_SERIES:-}"
            [ -n "${demo_series}" ] || demo_series="$(pick_series)" ||
                die "make demo needs Python 3.13, 3.12 or 3.14 (ansible-core 2.21) or Python 3.11 (ansible-core 2.18): none found"
            SERIES=("${demo_series}")
            setup ;;
        test)
            setup
            run_task sanity step_side_by_side sanity
            run_task units step_side_by_side units
            run_task integration step_integration_lanes
            run_task demo step_demo
            run_task ansible-lint step_lint
            run_task changelog-lint step_changelog
            run_task docs-lint step_docs_lint
            run_task docs step_docs
            run_task ee step_ee
            run_task actionlint step_actionlint
            run_task build step_build
            run_task importer step_importer ;;
        -h|--help|help) usage ;;
        *) echo "unknown step: ${step}" >&2; usage ;;
    esac
done

summary
[ "${FAILED}" = 0 ]
