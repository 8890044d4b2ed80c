#!/usr/bin/env bash
# The collection's own playbooks against the simulator, as a user runs them:
#   1. playbooks/onboard.yml: check mode creates and orders nothing; the first run creates the customer account, orders
#      the turnkey package, waits for it and reports the device; the second run changes nothing and sends nothing.
#      Neither run shows the new device's activation code, not even with -v; a failed device read fails the customer.
#   2. playbooks/renew.yml on the static tenants: check mode renews nothing; a run renews each device once for its
#      extension count; a rerun with the same reference buys nothing; an expansion adds extensions once, and the next
#      renewal is for the larger count.
#   3. playbooks/purchase.yml (the turnkey role) on hosts written as people write them: a numeric purchase order
#      number, a Yeastar ID in other case, nulls, and two products in one play: one order each, a rerun buys nothing.
set -eux

. ../setup_simulator/files/simulator.sh
simulator_start

log_count() {  # log_count METHOD PATH: requests of that kind the simulator answered since the last reset
    "${PY}" - "${SIM_URL}" "$1" "$2" <<'PYEOF'
import json, sys, urllib.parse, urllib.request
base, method, path = sys.argv[1:]
with urllib.request.urlopen(base + "/_sim/log?" + urllib.parse.urlencode({"method": method, "path": path})) as answer:
    print(len(json.loads(answer.read())))
PYEOF
}
# run NAME PLAYBOOK ARGS...: a playbook of the collection, output to WORK/NAME.log (its end shown when the run fails)
run() {
    local name="$1" playbook="$2"; shift 2
    quietly "${name}" ansible-playbook "${COLLECTION_ROOT}/playbooks/${playbook}" "${ARGS[@]}" "$@"
}
SAVE=/order/openapi/order/v1/save
NEW_USER=/user/openapi/user/v1/client/save_user
CUSTOMER=@"${COLLECTION_ROOT}/playbooks/vars/onboard.yml"

# 1. Onboarding.
sim reset "${YEASTAR_CACHE_DIR}"
run onboard-check onboard.yml -e "${CUSTOMER}" --check --diff
expect "onboard check: orders sent" 0 "$(log_count POST "${SAVE}")"
expect "onboard check: accounts created" 0 "$(log_count POST "${NEW_USER}")"
grep -q "check mode, nothing was created or ordered" "${WORK}/onboard-check.log"
run onboard-first onboard.yml -e "${CUSTOMER}" -v
expect "onboard first: orders sent" 1 "$(log_count POST "${SAVE}")"
expect "onboard first: accounts created" 1 "$(log_count POST "${NEW_USER}")"
grep -q "newco (it@newco.example): device [0-9]*, Enterprise Plan with 20 extensions, activation unactivated" "${WORK}/onboard-first.log"
test "$(recap onboard-first changed)" -gt 0
grep -q "Turnkey purchase for 1 tenant(s): bought 1 (newco); failed 0." "${WORK}/onboard-first.log"
run onboard-second onboard.yml -e "${CUSTOMER}" -v
expect "onboard second: changed" 0 "$(recap onboard-second changed)"
expect "onboard second: orders sent" 1 "$(log_count POST "${SAVE}")"
expect "onboard second: accounts created" 1 "$(log_count POST "${NEW_USER}")"
grep -q "newco (it@newco.example): device [0-9]*, Enterprise Plan with 20 extensions" "${WORK}/onboard-second.log"
grep -q "Turnkey purchase for 1 tenant(s): bought 0; already there 1 (newco); failed 0. Nothing was bought: every order was there already." "${WORK}/onboard-second.log"
# With -v each task's result is shown: the device read (which lists the activation code) must not be.
NEW_CODE="$("${PY}" - "${SIM_URL}" <<'PYEOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_sim/state") as answer:
    instances = json.loads(answer.read())["instances"]
print([i for i in instances if str(i.get("partnerId", "")).lower() == "it@newco.example"][0]["activationCode"])
PYEOF
)"
test -n "${NEW_CODE}"
expect "onboard first: lines showing the activation code" 0 "$(grep -c -F "${NEW_CODE}" "${WORK}/onboard-first.log" || true)"
expect "onboard second: lines showing the activation code" 0 "$(grep -c -F "${NEW_CODE}" "${WORK}/onboard-second.log" || true)"
# A device read that fails (its result is hidden) fails the customer with the module's message.
sim fault '{"method": "GET", "path": "/product/openapi/instance_product/v1/client/instance_product_list", "status": 500, "times": 0}' > /dev/null
if ansible-playbook "${COLLECTION_ROOT}/playbooks/onboard.yml" -e "${CUSTOMER}" -v > "${WORK}/onboard-unread.log" 2>&1; then
    echo "FAILED: onboard unread: the playbook did not fail" >&2
    exit 1
fi
grep -q "newco: reading the turnkey devices failed: Reading the instances of product 14: GET .* HTTP 500" "${WORK}/onboard-unread.log"

# 2. Renewals and expansions of the static tenants (color-tech has one device with 50 extensions in the seed).
sim reset "${YEASTAR_CACHE_DIR}"
TENANTS=(-i "${COLLECTION_ROOT}/playbooks/inventory/tenants.yml")
run renew-check renew.yml "${TENANTS[@]}" -e renew_reference=2027 --check
expect "renew check: orders sent" 0 "$(log_count POST "${SAVE}")"
grep -q "color-tech: 1 device(s); 3076913644890830001 would renew (RENEW-2027-3076913644890830001)" "${WORK}/renew-check.log"
run renew-first renew.yml "${TENANTS[@]}" -e renew_reference=2027 -v
expect "renew first: orders sent" 1 "$(log_count POST "${SAVE}")"
grep -q "3076913644890830001 renewed (RENEW-2027-3076913644890830001)" "${WORK}/renew-first.log"
run renew-again renew.yml "${TENANTS[@]}" -e renew_reference=2027
expect "renew again: orders sent" 1 "$(log_count POST "${SAVE}")"
expect "renew again: changed" 0 "$(recap renew-again changed)"
grep -q "3076913644890830001 already done, nothing bought" "${WORK}/renew-again.log"
run expand renew.yml "${TENANTS[@]}" -e renew_action=expand -e renew_extensions=10 -e renew_reference=T-815
run expand-again renew.yml "${TENANTS[@]}" -e renew_action=expand -e renew_extensions=10 -e renew_reference=T-815
expect "expand: orders sent" 2 "$(log_count POST "${SAVE}")"
run renew-next renew.yml "${TENANTS[@]}" -e renew_reference=2028
expect "renew next term: orders sent" 3 "$(log_count POST "${SAVE}")"
"${PY}" - "${SIM_URL}" <<'PYEOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_sim/state") as answer:
    orders = json.loads(answer.read())["orders"]
renewals = [o for o in orders if o.get("customReferenceNo", "").startswith("RENEW-")]
quantities = sorted((o["customReferenceNo"], o["lines"][0]["quantity"]) for o in renewals)
assert quantities == [("RENEW-2027-3076913644890830001", 50), ("RENEW-2028-3076913644890830001", 60)], quantities
PYEOF
# A renewal the API refuses fails the tenant and names the device by its serial number; neither that failure nor the
# rest of the run (with -v, which shows each task's result) shows the device's activation code.
sim reset "${YEASTAR_CACHE_DIR}"
CODE="$("${PY}" - "${SIM_URL}" <<'PYEOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_sim/state") as answer:
    instances = json.loads(answer.read())["instances"]
print([i for i in instances if i["productNo"] == "3076913644890830001"][0]["activationCode"])
PYEOF
)"
test -n "${CODE}"
sim fault '{"method": "POST", "path": "'"${SAVE}"'", "status": 400, "detail": "forced by the test", "times": 0}' > /dev/null
if ansible-playbook "${COLLECTION_ROOT}/playbooks/renew.yml" "${TENANTS[@]}" -e renew_reference=2029 -v \
        > "${WORK}/renew-refused.log" 2>&1; then
    echo "FAILED: renew refused: the playbook did not fail" >&2
    exit 1
fi
expect "renew refused: orders created" 0 "$(sim saves)"
grep -q "failed: \[color-tech\] (item=3076913644890830001)" "${WORK}/renew-refused.log"
grep -q "forced by the test" "${WORK}/renew-refused.log"
expect "renew refused: lines showing the activation code" 0 "$(grep -c -F "${CODE}" "${WORK}/renew-refused.log" || true)"
expect "renew first: lines showing the activation code" 0 "$(grep -c -F "${CODE}" "${WORK}/renew-first.log" || true)"
# 3. The role with inputs as people write them (inventory_inputs.yml): four hosts, two products, one order each.
sim reset "${YEASTAR_CACHE_DIR}"
INPUTS=(-i inventory_inputs.yml)
run inputs-check purchase.yml "${INPUTS[@]}" --check
expect "inputs check: orders sent" 0 "$(log_count POST "${SAVE}")"
grep -q "Turnkey purchase for 4 tenant(s) (check mode): bought 0; would buy 4 (numeric-po, mixed-case, nulls, remote-management); failed 0." "${WORK}/inputs-check.log"
run inputs-first purchase.yml "${INPUTS[@]}"
expect "inputs first: orders sent" 4 "$(log_count POST "${SAVE}")"
grep -q "numeric-po: Standard Plan with 25 extensions - ordered (poNumber 4500012345," "${WORK}/inputs-first.log"
grep -q "remote-management: Remote Management with 5 extensions - ordered" "${WORK}/inputs-first.log"
run inputs-again purchase.yml "${INPUTS[@]}"
expect "inputs again: orders sent" 4 "$(log_count POST "${SAVE}")"
expect "inputs again: changed" 0 "$(recap inputs-again changed)"
"${PY}" - "${SIM_URL}" <<'PYEOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_sim/state") as answer:
    orders = json.loads(answer.read())["orders"][-4:]
seen = sorted((o["productId"], o["assignId"], o["customReferenceNo"][:8]) for o in orders)
assert seen == [(14, "", "ansible-"), (14, "color123@yeastar.com", "ansible-"), (14, "it@acme-telecom.example", "45000123"),
                (15, "admin@globex.example", "ansible-")], seen
PYEOF

echo "onboarding: all cases passed"
