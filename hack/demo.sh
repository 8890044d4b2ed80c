#!/usr/bin/env bash
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `make demo`: the main job against the local Partner Portal simulator: the tenants as the dynamic inventory
# (yeastar.partner.partners) reads them from it, then playbooks/purchase.yml on them, twice (the second run buys nothing).
# Needs `hack/run.sh demo-setup` first (make demo does it): the venv and the collection copy in build/.
#
#   DEMO_SERIES    which venv to use (default: the newest series whose Python this machine has, as
#                  hack/run.sh demo-setup picks it: 2.21 with Python 3.13/3.12/3.14, else 2.18 with 3.11)
#   DEMO_PLAYBOOK  playbook, relative to the collection (default playbooks/purchase.yml)
#   DEMO_INVENTORY inventory, relative to the collection (default playbooks/inventory-dynamic/, the dynamic inventory;
#                  playbooks/inventory/tenants.yml is the static one)
#   arguments are passed to ansible-playbook (make demo ARGS=--check)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export REPO_ROOT
# shellcheck source=hack/lib.sh
. "${REPO_ROOT}/hack/lib.sh"

DEMO_SERIES="${DEMO_SERIES:-$(pick_series)}" || die "no supported Python for any ansible-core series (see hack/lib.sh python_candidates)"
VENV="${BUILD_DIR}/venv-${DEMO_SERIES}"
PLAYBOOK="${DEMO_PLAYBOOK:-playbooks/purchase.yml}"
INVENTORY="${DEMO_INVENTORY:-playbooks/inventory-dynamic/}"

[ -x "${VENV}/bin/ansible-playbook" ] || die "${VENV} is missing: run 'make demo' or 'hack/run.sh demo-setup' first"
[ -d "${COLLECTION_DIR}" ] || die "${COLLECTION_DIR} is missing: run 'hack/run.sh demo-setup' first"
cd "${COLLECTION_DIR}"
[ -f tests/simulator/run_simulator.py ] || die "tests/simulator/run_simulator.py is missing"
[ -f "${PLAYBOOK}" ] || die "${PLAYBOOK} is missing"
[ -e "${INVENTORY}" ] || die "${INVENTORY} is missing"

SIM_LOG="$(mktemp -t yeastar-sim.XXXXXX)"
SIM_PID=""
cleanup() {
    if [ -n "${SIM_PID}" ] && kill -0 "${SIM_PID}" 2>/dev/null; then
        kill "${SIM_PID}" 2>/dev/null || true
        wait "${SIM_PID}" 2>/dev/null || true
    fi
    rm -f "${SIM_LOG}"
}
trap cleanup EXIT INT TERM

"${VENV}/bin/python" tests/simulator/run_simulator.py --port 0 > "${SIM_LOG}" 2>&1 &
SIM_PID=$!

PORT=""
for _ in $(seq 1 100); do
    PORT="$(sed -n '1s/^PORT=\([0-9][0-9]*\)$/\1/p' "${SIM_LOG}")"
    [ -n "${PORT}" ] && break
    kill -0 "${SIM_PID}" 2>/dev/null || { cat "${SIM_LOG}" >&2; die "the simulator exited"; }
    sleep 0.1
done
[ -n "${PORT}" ] || { cat "${SIM_LOG}" >&2; die "the simulator did not print PORT=<n> within 10s"; }
log "simulator on http://127.0.0.1:${PORT} (pid ${SIM_PID})"

export YEASTAR_API_URL="http://127.0.0.1:${PORT}"
export YEASTAR_CLIENT_ID=sim-client-id
export YEASTAR_CLIENT_SECRET=sim-client-secret
export ANSIBLE_COLLECTIONS_PATH="${BUILD_DIR}"
export PATH="${VENV}/bin:${PATH}"
# An inventory source that cannot be read is an error, not an empty inventory.
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true

orders_placed() {
    "${VENV}/bin/python" - "${YEASTAR_API_URL}" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_sim/log?method=POST&path=/order/openapi/order/v1/save", timeout=10) as answer:
    print(sum(1 for entry in json.load(answer) if entry.get("status") == 200))
PY
}

log "the tenants, as the inventory ${INVENTORY} reads them from the Partner Portal (ansible-inventory --graph tenants)"
ansible-inventory -i "${INVENTORY}" --graph tenants
log "first run: buys the package for every tenant"
ansible-playbook "${PLAYBOOK}" -i "${INVENTORY}" "$@"
first=$(orders_placed)
log "second run: the same playbook again buys nothing (each order is found by its purchase order number)"
ansible-playbook "${PLAYBOOK}" -i "${INVENTORY}" "$@"
second=$(( $(orders_placed) - first ))
log "orders placed: ${first} by the first run, ${second} by the second"
[ "${second}" -eq 0 ] || die "the second run placed ${second} order(s)"
case " $* " in
    *" --check "* | *" -C "*) ;;
    *) [ "${first}" -gt 0 ] || die "the first run placed no order: the inventory gave no tenant?" ;;
esac
