#!/usr/bin/env bash
# The order ledger of yeastar.partner.yeastar_order across forks and across ansible-playbook processes, against the
# simulator: one purchase order number is one order, whatever runs at the same time, however deep the history is, and
# whatever a rerun changes. Each case counts the orders the simulator holds, so it fails if the ledger or its locks go.
set -eux

. ../setup_simulator/files/simulator.sh
simulator_start

# The order request is answered this many seconds late in case 8. It must outlast the first run (1 s timeout, then
# the order list is read twice, 2 s apart) and the second run, which must see no order yet.
SLOW_COMMIT_DELAY="${SLOW_COMMIT_DELAY:-8}"
# field FILE KEY: a value of a JSON file written by a playbook (a string as it is, anything else as JSON).
field() {
    "${PY}" -c 'import json, sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2"
}
now_ms() { "${PY}" -c 'import time; print(int(time.time() * 1000))'; }
seconds_since() { "${PY}" -c 'import sys, time; print("%.1f" % (time.time() - int(sys.argv[1]) / 1000.0))' "$1"; }
# A new case starts from the seed data, no settings, an empty request log and no controller cache.
reset() { sim reset "${YEASTAR_CACHE_DIR}"; }
# The portal answers order requests SLOW_SAVE seconds late (the first one; with "all", every one): long enough for every
# other host to look for the order meanwhile, so only the per-po_number lock keeps them from ordering too.
SLOW_SAVE="${SLOW_SAVE:-2}"
slow_saves() {
    sim fault "{\"method\": \"POST\", \"path\": \"/order/openapi/order/v1/save\", \"delay\": ${SLOW_SAVE}, \"times\": $([ "${1:-}" = all ] && echo 0 || echo 1)}"
}
play() { ansible-playbook -i inventory.yml "${ARGS[@]}" "$@"; }

# 1. Twelve forks, one purchase order number, identical contents, a slow first order request: one order.
case1() {
    reset
    slow_saves
    start=$(now_ms)
    play order.yml -f 12 -e target=twelve -e po=PO-CASE1 -e "out=${WORK}/case1.json" -e expect_changed=1
    secs=$(seconds_since "${start}")
    orders=$(sim orders-with-po PO-CASE1)
    expect "case 1: orders with PO-CASE1" 1 "${orders}"
    expect "case 1: orders created" 1 "$(sim saves)"
    summary "case 1: 12 hosts, -f 12, one po_number, first save ${SLOW_SAVE} s late: orders expected 1, found ${orders};" \
        "changed $(field "${WORK}/case1.json" changed), ok $(field "${WORK}/case1.json" ok), order numbers $(field "${WORK}/case1.json" order_nos); ${secs} s"
}

# 2. Two ansible-playbook processes at once, six forks each, one purchase order number, a slow first order request: one order.
case2() {
    reset
    slow_saves
    start=$(now_ms)
    play order.yml -f 6 -e target=six -e po=PO-CASE2 -e "out=${WORK}/case2-a.json" > "${WORK}/case2-a.log" 2>&1 &
    pid_a=$!
    play order.yml -f 6 -e target=six -e po=PO-CASE2 -e "out=${WORK}/case2-b.json" > "${WORK}/case2-b.log" 2>&1 &
    pid_b=$!
    rc_a=0
    rc_b=0
    wait "${pid_a}" || rc_a=$?
    wait "${pid_b}" || rc_b=$?
    secs=$(seconds_since "${start}")
    cat "${WORK}/case2-a.log" "${WORK}/case2-b.log"
    expect "case 2: exit status of process a" 0 "${rc_a}"
    expect "case 2: exit status of process b" 0 "${rc_b}"
    changed=$(( $(field "${WORK}/case2-a.json" changed) + $(field "${WORK}/case2-b.json" changed) ))
    expect "case 2: hosts that ordered, both processes" 1 "${changed}"
    expect "case 2: the order both processes got" "$(field "${WORK}/case2-a.json" order_nos)" "$(field "${WORK}/case2-b.json" order_nos)"
    orders=$(sim orders-with-po PO-CASE2)
    expect "case 2: orders with PO-CASE2" 1 "${orders}"
    expect "case 2: orders created" 1 "$(sim saves)"
    summary "case 2: 2 processes x 6 hosts, one po_number, first save ${SLOW_SAVE} s late: orders expected 1, found ${orders}; changed ${changed} of 12," \
        "order numbers $(field "${WORK}/case2-a.json" order_nos) / $(field "${WORK}/case2-b.json" order_nos); ${secs} s"
}

# 3. The collection's playbook for 11 tenants, one of them under two host names (lower and upper case), no po_number,
#    slow order requests.
case3() {
    reset
    expect "case 3: tenants created" 11 "$(sim bulk-subordinates 11 tenant)"
    slow_saves all
    start=$(now_ms)
    ansible-playbook -i inventory_tenants.yml "${ARGS[@]}" case3.yml -f 20 -e expect_changed=11
    secs=$(seconds_since "${start}")
    per_customer=$(sim orders-per-customer tenant-)
    expect "case 3: orders per tenant after the first run" '{"customers": 11, "orders": 11, "most": 1}' "${per_customer}"
    expect "case 3: orders created by the first run" 11 "$(sim saves)"
    start=$(now_ms)
    ansible-playbook -i inventory_tenants.yml "${ARGS[@]}" case3.yml -f 20 -e expect_changed=0
    secs2=$(seconds_since "${start}")
    expect "case 3: orders created by both runs" 11 "$(sim saves)"
    expect "case 3: orders per tenant after the rerun" "${per_customer}" "$(sim orders-per-customer tenant-)"
    summary "case 3: role, 12 hosts (11 tenants, one twice in other case), -f 20, no po_number, saves ${SLOW_SAVE} s late: orders expected 11," \
        "found ${per_customer}; rerun placed $(( $(sim saves) - 11 )); ${secs} s + ${secs2} s"
}

# 4. 3,000 earlier orders, pages silently capped at 25 rows; then 200 newer orders push the order to a later page. Each
#    rerun is a new ansible-playbook process, so it reads the whole history again; the third one while more orders
#    arrive (3 per page read: the rows move under the reader).
case4() {
    for sort in newest_first oldest_first; do
        reset
        sim bulk-orders 3000
        sim config page_size_cap=25 "order_sort=${sort}"
        po="PO-CASE4-${sort}"
        start=$(now_ms)
        play order.yml -e target=one -e "po=${po}" -e "out=${WORK}/case4-${sort}-1.json" -e expect_changed=1
        secs=$(seconds_since "${start}")
        sim newer-orders 200 "${YEASTAR_CLIENT_ID}" "${YEASTAR_CLIENT_SECRET}"
        start=$(now_ms)
        play order.yml -e target=one -e "po=${po}" -e "out=${WORK}/case4-${sort}-2.json" -e expect_changed=0
        secs2=$(seconds_since "${start}")
        sim config new_orders_per_read=3
        start=$(now_ms)
        play order.yml -e target=one -e "po=${po}" -e "out=${WORK}/case4-${sort}-3.json" -e expect_changed=0
        secs3=$(seconds_since "${start}")
        sim config new_orders_per_read=0
        first=$(field "${WORK}/case4-${sort}-1.json" order_nos)
        expect "case 4 (${sort}): the order the rerun found" "${first}" "$(field "${WORK}/case4-${sort}-2.json" order_nos)"
        expect "case 4 (${sort}): the order the rerun found while orders arrived" "${first}" "$(field "${WORK}/case4-${sort}-3.json" order_nos)"
        orders=$(sim orders-with-po "${po}")
        expect "case 4 (${sort}): orders with ${po}" 1 "${orders}"
        expect "case 4 (${sort}): orders created" 1 "$(sim saves)"
        summary "case 4 (${sort}): 3000 earlier + 200 newer orders, page_size_cap 25: orders expected 1, found ${orders};" \
            "reruns changed $(field "${WORK}/case4-${sort}-2.json" changed) and $(field "${WORK}/case4-${sort}-3.json" changed)" \
            "(the second while 3 orders arrived per page read), same order ${first}; ${secs} s + ${secs2} s + ${secs3} s;" \
            "orders in the account at the end: $(sim orders-total)"
    done
}

# 5. 30,000 earlier orders: ordering works, and a rerun (new process, whole history read again) finds the order.
case5() {
    reset
    sim bulk-orders 30000
    start=$(now_ms)
    play order.yml -e target=one -e po=PO-CASE5 -e "out=${WORK}/case5-1.json" -e expect_changed=1
    secs=$(seconds_since "${start}")
    start=$(now_ms)
    play order.yml -e target=one -e po=PO-CASE5 -e "out=${WORK}/case5-2.json" -e expect_changed=0
    secs2=$(seconds_since "${start}")
    expect "case 5: the order the rerun found" "$(field "${WORK}/case5-1.json" order_nos)" "$(field "${WORK}/case5-2.json" order_nos)"
    orders=$(sim orders-with-po PO-CASE5)
    expect "case 5: orders with PO-CASE5" 1 "${orders}"
    expect "case 5: orders created" 1 "$(sim saves)"
    summary "case 5: 30000 earlier orders: orders expected 1, found ${orders}; first run ${secs} s (changed)," \
        "rerun ${secs2} s (changed $(field "${WORK}/case5-2.json" changed))"
}

# 6. Order rows with only the documented fields and numeric ids: one po_number for two customers.
case6() {
    reset
    sim config order_fields=documented order_id_type=number
    ansible-playbook -i inventory_clash.yml "${ARGS[@]}" case6_role.yml
    expect "case 6: orders created by the role" 0 "$(sim saves)"
    play case6_module.yml
    orders=$(sim orders-with-po PO-CASE6-SHARED)
    expect "case 6: orders with PO-CASE6-SHARED" 1 "${orders}"
    expect "case 6: orders created" 1 "$(sim saves)"
    summary "case 6: documented fields, numeric ids, one po_number for two customers: role refused both (0 orders)," \
        "module refused the second customer; orders expected 1, found ${orders}"
}

# 7. Corrected inputs on a rerun: a changed quantity never becomes a second order.
case7() {
    reset
    play case7.yml -e "out=${WORK}/case7.json"
    derived=$(field "${WORK}/case7.json" derived_po)
    fixed=$(sim orders-with-po PO-CASE7-FIXED)
    derived_orders=$(sim orders-with-po "${derived}")
    expect "case 7: orders with PO-CASE7-FIXED" 1 "${fixed}"
    expect "case 7: orders with ${derived}" 1 "${derived_orders}"
    expect "case 7: orders created" 2 "$(sim saves)"
    summary "case 7: quantity 100 then 150 (po_number): orders expected 1, found ${fixed};" \
        "100 then 120 (derived ${derived}): orders expected 1, found ${derived_orders}"
}

# 8. The order request is answered after the module's timeout: unknown outcome, a rerun stops, a later rerun finds it.
case8() {
    reset
    sim fault "{\"method\": \"POST\", \"path\": \"/order/openapi/order/v1/save\", \"delay\": ${SLOW_COMMIT_DELAY}}"
    start=$(now_ms)
    play case8.yml -e "sim_url=${SIM_URL}"
    secs=$(seconds_since "${start}")
    orders=$(sim orders-with-po PO-CASE8-SLOW)
    expect "case 8: orders with PO-CASE8-SLOW" 1 "${orders}"
    expect "case 8: order requests sent" 1 "$(sim sends)"
    summary "case 8: answer ${SLOW_COMMIT_DELAY} s late, timeout 1 s: failed changed, rerun at once refused, later rerun found it;" \
        "orders expected 1, found ${orders}, order requests sent $(sim sends); ${secs} s"
}

# 9. The role orders every host in one batch; a failed order fails its own host, an unknown outcome stops the rest.
case9() {
    reset
    ansible-playbook -i inventory_batch.yml "${ARGS[@]}" case9.yml -e mode=differs
    expect "case 9: orders created (differs)" 3 "$(sim saves)"
    expect "case 9: orders with PO-CASE9-B (differs)" 1 "$(sim orders-with-po PO-CASE9-B)"
    reset
    # Let the first order request through, then drop every one before it is processed: the outcome of the second is
    # unknown (the list never shows it), so the third must not be sent.
    sim fault '{"method": "POST", "path": "/order/openapi/order/v1/save", "drop": "before", "skip": 1, "times": 0}'
    ansible-playbook -i inventory_batch.yml "${ARGS[@]}" case9.yml -e mode=unknown
    expect "case 9: orders created (unknown)" 1 "$(sim saves)"
    expect "case 9: order requests sent (unknown)" 2 "$(sim sends)"
    summary "case 9: the role's batch over 3 tenants: a differing po_number failed only its host (3 orders with the" \
        "setup order); an unknown outcome stopped the rest (1 order, 2 requests sent, the third host not attempted)"
}

# ORDER_LEDGER_CASES="1 3" runs only those cases (all by default).
completed=""
for number in ${ORDER_LEDGER_CASES:-1 2 3 4 5 6 7 8 9}; do
    "case${number}"
    completed="${completed} ${number}"
done
# A shell error inside a case (bad arithmetic, say) ends the loop without set -e stopping the script: make it fail.
expect "cases completed" " ${ORDER_LEDGER_CASES:-1 2 3 4 5 6 7 8 9}" "${completed}"

set +x
echo "=== order_ledger summary ==="
cat "${SUMMARY}"
