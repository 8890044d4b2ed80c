#!/usr/bin/env bash
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerate the pinned requirements of the virtualenvs from their top-level requirements (`make pins`).
#
#   hack/pins.sh [SERIES...]          rewrite hack/requirements-<SERIES>.txt from hack/requirements-<SERIES>.in
#                                     (default: every series with an .in file: 2.18 2.21 docs)
#   PINS_OUT=DIR hack/pins.sh 2.21    write DIR/requirements-2.21.txt instead and compare it with the committed pins
#
# For each series: a throwaway virtualenv with the series' Python (hack/lib.sh python_candidates), `pip install -r`
# of the .in file (the newest versions its lines allow), `pip check`, `pip freeze`. The result gets a header that
# names this script, the Python and the top-level requirements; what changed against the old pins is printed.
# The next make run rebuilds a venv whose pins changed (hack/lib.sh ensure_venv).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export REPO_ROOT
# shellcheck source=hack/lib.sh
. "${REPO_ROOT}/hack/lib.sh"

usage() { sed -n '6,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

describe() {
    case "$1" in
        docs) echo "the docs site and execution environment tools" ;;
        *) echo "ansible-core $1" ;;
    esac
}

# The names of the top-level requirements of an .in file, in its order.
top_level() { _pin_lines "$1" | sed -e 's/[[:space:]]*[[<>=!~;].*$//' -e 's/[[:space:]]*$//'; }

# name==version of the given names in a pin file (names compared as pip normalises them).
versions_of() {
    local pins="$1" name
    shift
    for name in "$@"; do
        _pin_lines "${pins}" | awk -F'==' -v want="${name}" '
            function norm(s) { s = tolower(s); gsub(/[-_.]+/, "-", s); return s }
            norm($1) == norm(want) { print; found = 1 } END { if (!found) print want " (not pinned)" }'
    done
}

pin_series() {
    local series="$1" input="${REPO_ROOT}/hack/requirements-$1.in" output python venv names frozen
    [ -f "${input}" ] || die "no top-level requirements for ${series}: ${input}"
    output="${PINS_OUT:+${PINS_OUT}/requirements-${series}.txt}"
    output="${output:-${REPO_ROOT}/hack/requirements-${series}.txt}"
    python="$(series_python "${series}")" ||
        die "${series} needs Python $(python_candidates "${series}" | sed 's/ / or /g'): none found on PATH or in ~/.pyenv/versions/*/bin"
    venv="$(mktemp -d "${TMPDIR:-/tmp}/yeastar-pins-${series}.XXXXXX")"
    THROWAWAY+=("${venv}")
    log "resolving hack/requirements-${series}.in with $("${python}" --version) in a throwaway venv"
    "${python}" -m venv "${venv}"
    "${venv}/bin/python" -m pip install --disable-pip-version-check --quiet -r "${input}" \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    "${venv}/bin/python" -m pip check --disable-pip-version-check >/dev/null || die "pip check failed for ${series}"
    frozen="$("${venv}/bin/python" -m pip freeze --disable-pip-version-check --exclude-editable --exclude pip \
        --exclude setuptools --exclude wheel)"
    mapfile -t names < <(top_level "${input}")
    mkdir -p "$(dirname "${output}")"
    {
        echo "# Pinned tool environment for build/venv-${series}: $(describe "${series}")."
        echo "# Created by hack/pins.sh from hack/requirements-${series}.in (make pins), on Python $("${python}" -c 'import platform; print(platform.python_version())')."
        echo "Full transitive pins (pip freeze). Top-level: $(printf '%s, ' "${names[@]}" | sed 's/, $//')." | fold -s -w 114 | sed 's/ *$//; s/^/# /'
        echo "# Changing the pins rebuilds the venv on the next make run (comments do not); edit the .in file, then make pins."
        printf '%s\n' "${frozen}"
    } > "${output}.tmp"
    mv "${output}.tmp" "${output}"
    echo "wrote ${output#"${REPO_ROOT}"/}: $(_pin_lines "${output}" | wc -l) pins"
    local committed="${REPO_ROOT}/hack/requirements-${series}.txt"
    if [ "${output}" != "${committed}" ] && [ -f "${committed}" ]; then
        echo "top-level, committed -> resolved now:"
        paste -d'|' <(versions_of "${committed}" "${names[@]}") <(versions_of "${output}" "${names[@]}") |
            awk -F'|' '{ printf "  %-34s %s%s\n", $1, $2, ($1 == $2 ? "" : "   (changed)") }'
        echo "all pins: $(diff <(_pin_lines "${committed}" | _normalise_pins) <(_pin_lines "${output}" | _normalise_pins) | grep -c '^>' || true) differ from the committed file"
    fi
    rm -rf "${venv}"
}

THROWAWAY=()
cleanup() { [ "${#THROWAWAY[@]}" -eq 0 ] || rm -rf "${THROWAWAY[@]}"; }
trap cleanup EXIT

case "${1:-}" in -h|--help|help) usage ;; esac
if [ $# -eq 0 ]; then
    set --
    for input in "${REPO_ROOT}"/hack/requirements-*.in; do
        series="${input##*/requirements-}"
        set -- "$@" "${series%.in}"
    done
fi
for series in "$@"; do
    pin_series "${series}"
done
