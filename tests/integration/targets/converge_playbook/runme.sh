#!/usr/bin/env bash
# playbooks/converge.yml against the simulator, as a partner runs it: over the collection's dynamic inventory
# (playbooks/inventory-dynamic/, its group_vars as shipped, host_vars of this test next to a copy of it), with eight
# tenants (seed.yml says who lacks what). Orders are counted from the simulator's request log (POST of
# /order/openapi/order/v1/save); converge_log.py reads each run's summary back and checks that it adds up (the counts
# against the tenants' own lines, the spend against the exact sum of the tenants' costs).
#   0. The static inventory's example desired state (playbooks/inventory/tenants.yml), in check mode: well formed,
#      priced, nothing sent.
#   1. --check: no order request; the summary counts bought 3, switched 1, expanded 1, renewed 1, nothing to do 2 and
#      shows the spend per currency (EUR and USD) and the one price unknown (the switch).
#   2. The real run: one order per tenant that lacks something (6), each tenant's own, and the spend the check showed.
#   3. Again: no order, every tenant "nothing to do", changed=0.
#   4. One tenant's desired state wrong (extensions "ten") while another's would order: the play stops before any
#      order, for every tenant, naming the wrong one. Two hosts for one device: the same.
#   5. One tenant the module refuses (a lower plan) while another orders: the other's order is placed, the summary
#      counts the failure, and the play fails at the end naming it.
#   6. The marked example of the Desired state guide runs as written (guide_examples.py extracts it).
set -eux

. ../setup_simulator/files/simulator.sh
simulator_start

PLAYBOOK="${COLLECTION_ROOT}/playbooks/converge.yml"
# run NAME ARGS...: converge.yml with its output in WORK/NAME.log (its end shown when the run fails)
run() {
    local name="$1"; shift
    quietly "${name}" ansible-playbook "${PLAYBOOK}" "${ARGS[@]}" "$@"
}
# must_fail NAME ARGS...: converge.yml, which must fail; its output in WORK/NAME.log
must_fail() {
    local name="$1"; shift
    if ansible-playbook "${PLAYBOOK}" "${ARGS[@]}" "$@" > "${WORK}/${name}.log" 2>&1; then
        tail -n 60 "${WORK}/${name}.log" >&2
        echo "FAILED: ${name}: the playbook did not fail" >&2
        exit 1
    fi
}
# field NAME KEY[.KEY...]: what converge_log.py read from WORK/NAME.log, that value as JSON (keys sorted)
field() {
    "${PY}" converge_log.py "${WORK}/$1.log" > "${WORK}/$1.json"
    "${PY}" - "${WORK}/$1.json" "$2" <<'PYEOF'
import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    value = value[key]
print(json.dumps(value, sort_keys=True))
PYEOF
}
# host_vars HOST YAML: the desired state of one tenant of the dynamic inventory (an empty YAML removes it)
host_vars() {
    if [ -z "$2" ]; then
        rm -f "${INVENTORY}/host_vars/$1.yml"
    else
        printf -- '---\n%s\n' "$2" > "${INVENTORY}/host_vars/$1.yml"
    fi
}

# 0. The example desired state of the static inventory, on the seed data.
sim reset "${YEASTAR_CACHE_DIR}"
run static-check -i "${COLLECTION_ROOT}/playbooks/inventory/tenants.yml" --check
expect "static check: order requests" 0 "$(sim sends)"
expect "static check: tenants" 4 "$(field static-check tenants)"
expect "static check: failed" 0 "$(field static-check counts.failed)"
expect "static check: bought" '["acme-telecom", "globex", "partner-lab"]' "$(field static-check names.bought)"

# The tenants, and the dynamic inventory with this test's host_vars.
sim reset "${YEASTAR_CACHE_DIR}"
quietly seed ansible-playbook seed.yml "${ARGS[@]}" -e "converge_test_sim=${SIM_URL}"
INVENTORY="${WORK}/inventory-dynamic"
rm -rf "${INVENTORY}"
cp -R "${COLLECTION_ROOT}/playbooks/inventory-dynamic" "${INVENTORY}"
mkdir -p "${INVENTORY}/host_vars"
host_vars admin_globex_example 'converge_plan: Ultimate Plan
converge_extensions: 20
converge_services:
  - name: Recording Minutes
    quantity: 2000'
DYNAMIC=(-i "${INVENTORY}")
COUNTS='{"bought": 3, "expanded": 1, "failed": 0, "nothing to do": 2, "renewed": 1, "switched": 1}'
HOSTS='{"admin_globex_example": "bought", "color123_yeastar_com": "nothing to do", "conv_0001_bench_example": "expanded", "conv_0002_bench_example": "renewed", "conv_0003_bench_example": "nothing to do", "it_acme_telecom_example": "bought", "it_kunde_de": "bought", "ops_initech_example": "switched"}'

# 1. Check mode: what would be ordered and what it costs, nothing sent.
run check "${DYNAMIC[@]}" --check
expect "check: order requests" 0 "$(sim sends)"
expect "check: check mode" true "$(field check check)"
expect "check: tenants" 8 "$(field check tenants)"
expect "check: counts" "${COUNTS}" "$(field check counts)"
expect "check: outcomes" "${HOSTS}" "$(field check hosts)"
expect "check: bought" '["admin_globex_example", "it_acme_telecom_example", "it_kunde_de"]' "$(field check names.bought)"
expect "check: prices unknown (the switch)" 1 "$(field check unknown)"
CHECK_SPEND="$(field check spend)"
"${PY}" - "${CHECK_SPEND}" "$(field check costs)" <<'PYEOF'
import decimal, json, sys
spend, costs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert sorted(spend) == ["EUR", "USD"], spend
assert all(decimal.Decimal(amount) > 0 for amount in spend.values()), spend
assert costs["it_kunde_de"] == {"EUR": spend["EUR"]}, costs             # the one EUR customer is the EUR spend
assert list(costs["ops_initech_example"]) == [], costs                    # a switch is never priced
assert costs["color123_yeastar_com"] == {} and costs["conv_0003_bench_example"] == {}, costs
PYEOF
grep -q "would be bought 3 (.*); would be switched 1 (ops_initech_example); would be expanded 1 (conv_0001_bench_example); would be renewed 1 (conv_0002_bench_example); nothing to do 2; failed 0. Spend to approve, by the price list: EUR [0-9]*\.[0-9][0-9], USD [0-9]*\.[0-9][0-9]; prices unknown: 1 (not in the sum)." "${WORK}/check.log"

# 2. The real run: one order per tenant that lacks something, the spend approved.
run first "${DYNAMIC[@]}"
expect "first: order requests" 6 "$(sim sends)"
expect "first: orders created" 6 "$(sim saves)"
expect "first: check mode" false "$(field first check)"
expect "first: counts" "${COUNTS}" "$(field first counts)"
expect "first: outcomes" "${HOSTS}" "$(field first hosts)"
expect "first: spend, as the check run showed it" "${CHECK_SPEND}" "$(field first spend)"
expect "first: changed" 6 "$(recap first changed)"
"${PY}" - "${SIM_URL}" <<'PYEOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_sim/state") as answer:
    orders = [o for o in json.loads(answer.read())["orders"] if o.get("customReferenceNo", "").startswith("ys-")]
seen = sorted((o["assignId"], o["operationType"]) for o in orders)
assert seen == [
    ("admin@globex.example", "purchase_plan"), ("conv-0001@bench.example", "purchase_service"),
    ("conv-0002@bench.example", "renew_plan"), ("it@acme-telecom.example", "purchase_plan"),
    ("it@kunde.de", "purchase_plan"), ("ops@initech.example", "switch_plan")], seen
assert len(set(o["customReferenceNo"] for o in orders)) == 6, orders
globex = [o for o in orders if o["assignId"] == "admin@globex.example"][0]
assert sorted((line["serviceName"], line["quantity"]) for line in globex["lines"]) == [
    ("Recording Minutes", 2000), ("Ultimate Plan", 20)], globex["lines"]
PYEOF

# 3. Again: every tenant has its desired state.
run again "${DYNAMIC[@]}"
expect "again: order requests" 6 "$(sim sends)"
expect "again: counts" '{"bought": 0, "expanded": 0, "failed": 0, "nothing to do": 8, "renewed": 0, "switched": 0}' "$(field again counts)"
expect "again: spend" '{}' "$(field again spend)"
expect "again: changed" 0 "$(recap again changed)"
grep -q "Spent, by the price list: nothing; prices unknown: 0." "${WORK}/again.log"

# 4. One tenant's desired state is wrong and another's would order: nothing is ordered for anyone.
host_vars conv_0003_bench_example 'converge_extensions: "ten"'
host_vars conv_0001_bench_example 'converge_extensions: 30'
must_fail invalid "${DYNAMIC[@]}"
expect "invalid: order requests" 6 "$(sim sends)"
grep -Eq 'conv_0003_bench_example: converge_extensions must be a whole number of at least 1 .*; got \\?"ten\\?"\.' "${WORK}/invalid.log"
grep -q "Nothing was ordered for any tenant. 1 of 8 tenant(s) have a wrong desired state: conv_0003_bench_example" "${WORK}/invalid.log"
expect "invalid: converge tasks run" 0 "$(grep -c "TASK \[Order what the tenant's device lacks\]" "${WORK}/invalid.log" || true)"
# The same in check mode, and with every kind of mistake at once on one tenant.
host_vars conv_0003_bench_example 'converge_plan: ""
converge_extensions: 2.5
converge_renew_within_days: 400
converge_billing_cycle: weekly
converge_billing_contact: nobody@partner.example
converge_services:
  - quantity: 1000
  - name: Recording Minutes
    quantity: many
  - name: Recording Minutes
    id: 3049032352364388352
    quantity: 1000
    cycle: monthly
  - Recording Minutes'
must_fail invalid-check "${DYNAMIC[@]}" --check
expect "invalid check: order requests" 6 "$(sim sends)"
for problem in "converge_plan must be the plan" "converge_extensions must be a whole number" \
        "converge_renew_within_days must be a whole number from 0 to 365; got 400" \
        "converge_billing_cycle must be annually or monthly" "nobody@partner.example" \
        "converge_services\[0\] needs a name or an id" "converge_services\[1\].quantity must be a whole number" \
        "converge_services\[2\] has keys other than name, id and quantity: cycle" \
        "converge_services\[2\] needs a name or an id (one of the two)" "converge_services\[3\] must be a mapping"; do
    grep -q "conv_0003_bench_example: .*${problem}" "${WORK}/invalid-check.log"
done
# Two hosts for one customer's device (whose Yeastar IDs differ only in case).
must_fail same-device -i inventory_same_device.yml
expect "same device: order requests" 6 "$(sim sends)"
grep -q "Nothing was ordered for any tenant. Hosts that name the same device (the same customer and converge_product_no): conv-one and conv-one-again; keep one host per device." "${WORK}/same-device.log"

# 5. A tenant the module refuses (a lower plan than its device's) fails alone; the other's order is placed.
host_vars conv_0003_bench_example ''
host_vars admin_globex_example 'converge_plan: Standard Plan
converge_extensions: 20'
must_fail refused "${DYNAMIC[@]}"
expect "refused: order requests" 7 "$(sim sends)"
expect "refused: counts" '{"bought": 0, "expanded": 1, "failed": 1, "nothing to do": 6, "renewed": 0, "switched": 0}' "$(field refused counts)"
expect "refused: failed" '["admin_globex_example"]' "$(field refused names.failed)"
grep -q "admin_globex_example: FAILED - Nothing was ordered. Device [0-9]* has Ultimate Plan .* a plan can only be switched to a higher one" "${WORK}/refused.log"
grep -q "1 tenant(s) failed: admin_globex_example (each one's message is above)" "${WORK}/refused.log"
expect "refused: orders with the expansion's number" 1 "$(sim orders-with-po "$("${PY}" - "${SIM_URL}" <<'PYEOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_sim/state") as answer:
    orders = json.loads(answer.read())["orders"]
print([o for o in orders if o.get("assignId") == "conv-0001@bench.example"][-1]["customReferenceNo"])
PYEOF
)")"

# 6. The guide's marked examples (docs/docsite/rst/guide_desired_state.rst), as written, on fresh seed data, from a
# folder outside the collection (where short module names would resolve).
GUIDE_DIR="$(mktemp -d)"
remove_guide_dir() { rm -rf "${GUIDE_DIR}"; }
simulator_on_exit remove_guide_dir
sim reset "${YEASTAR_CACHE_DIR}"
"${PY}" guide_examples.py "${COLLECTION_ROOT}/docs/docsite/rst/guide_desired_state.rst" "${GUIDE_DIR}" > "${WORK}/guide.txt"
expect "guide: marked examples" desired_state.yml "$(cat "${WORK}/guide.txt")"
(cd "${GUIDE_DIR}" && quietly guide-desired-state ansible-playbook "${ARGS[@]}" desired_state.yml)
expect "guide: orders" 1 "$(sim saves)"

summary "converge_playbook: check 0 orders, first run 6, rerun 0, a wrong tenant stops all, a refused tenant fails alone, the guide example runs"
echo "converge_playbook: all cases passed"
