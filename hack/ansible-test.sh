#!/usr/bin/env bash
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run any ansible-test command on a fresh copy of the tree, with the pinned venv of one ansible-core series:
#
#   hack/ansible-test.sh 2.21 sanity --venv --python 3.13 --test pylint
#   hack/ansible-test.sh 2.18 units --local --python 3.11 tests/unit/plugins/module_utils/test_client.py
#   hack/ansible-test.sh 2.21 integration --local --python 3.13 yeastar_order -v
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export REPO_ROOT
# shellcheck source=hack/lib.sh
. "${REPO_ROOT}/hack/lib.sh"

[ $# -ge 2 ] || { sed -n '5,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
series="$1"
shift

ensure_venv "${series}"
install_get_pip_standin "${BUILD_DIR}/venv-${series}"
copy_tree

cd "${COLLECTION_DIR}"
export PATH="${BUILD_DIR}/venv-${series}/bin:${PATH}" VIRTUAL_ENV="${BUILD_DIR}/venv-${series}"
export ANSIBLE_TEST_CONTENT_ROOT="${COLLECTION_DIR}" ANSIBLE_COLLECTIONS_PATH="${BUILD_DIR}"
exec ansible-test "$@"
