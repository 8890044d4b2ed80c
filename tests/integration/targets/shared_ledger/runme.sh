#!/usr/bin/env bash
# The shared ledger (ledger_url, YEASTAR_LEDGER_URL) on a throwaway PostgreSQL server (tests/postgres/pg_server.py):
# several controllers, each with its own cache_dir, one ledger and one set of locks. Each case counts the orders the
# simulator holds, so it fails if the ledger in the database or its locks go:
#   1. two controllers at once, the same 6 purchase order numbers, slow order requests: one order per number (single
#      orders with forks, then two batches that meet halfway);
#   2. an unknown outcome on controller A holds the number for controller B, until the order is listed or
#      retry_unknown_outcome says to order;
#   3. controller A killed (kill -9) while its order request is in flight: B orders nothing blindly;
#   4. the database down before a run (unreachable, wrong password): nothing sent; the database stopped while an order
#      request is in flight: the order is reported, and another controller does not order again;
#   5. bad ledger URLs are refused before anything is sent;
#   6. the password shows nowhere: not with -vvvv and --diff, not in the caches, not in the files of the run.
set -eux

. ../setup_simulator/files/simulator.sh
simulator_start

PG_SERVER="${COLLECTION_ROOT}/tests/postgres/pg_server.py"
PG_DIR=""
# pg VERB ARGS...: pg_server.py on this run's server (start, stop [--mode immediate], start-again).
pg() { "${PY}" "${PG_SERVER}" "$1" "${PG_DIR}" "${@:2}"; }
pg_cleanup() {
    if [ -n "${PG_DIR}" ]; then
        pg stop --mode immediate --remove > /dev/null 2>&1 || true
        rm -rf "${PG_DIR}"
    fi
}
simulator_on_exit pg_cleanup
# The server's facts (server.json) hold the password: outside WORK, which case 6 searches for it.
PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/yeastar-shared-ledger.XXXXXX")"
pg start --watch-pid $$ > /dev/null
pg_fact() { "${PY}" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${PG_DIR}/server.json" "$1"; }
# pg_sql STATEMENT: run it as the server's administrator, on the ledger's database.
pg_sql() {
    PYTHONPATH="${COLLECTION_ROOT}/tests/postgres" "${PY}" -c \
        'import sys; from pg_server import PgServer; PgServer(sys.argv[1]).sql(sys.argv[2])' "${PG_DIR}" "$1"
}
PG_PORT="$(pg_fact port)"
URL_WITHOUT_PASSWORD="$(pg_fact url_without_password)"
# The URL with the password goes to the modules through the environment only, never through this script's trace.
{ set +x; } 2> /dev/null
YEASTAR_LEDGER_URL="$(pg_fact url)"
export YEASTAR_LEDGER_URL
set -x

# Two controllers: the same ledger, each its own controller cache (cache_dir).
CACHE_A="${SIM_DIR}/cache-a"
CACHE_B="${SIM_DIR}/cache-b"
# ctl a|b ARGS...: ansible-playbook as controller a or b.
ctl() {
    local cache="${CACHE_A}"
    [ "$1" = a ] || cache="${CACHE_B}"
    shift
    YEASTAR_CACHE_DIR="${cache}" ansible-playbook -i inventory.yml "${ARGS[@]}" "$@"
}
# jget FILE EXPRESSION: a Python expression over the JSON document `d` of FILE (a string as it is, else as JSON).
jget() {
    "${PY}" -c 'import json, sys; d = json.load(open(sys.argv[1])); v = eval(sys.argv[2]); print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2"
}
now_ms() { "${PY}" -c 'import time; print(int(time.time() * 1000))'; }
seconds_since() { "${PY}" -c 'import sys, time; print("%.1f" % (time.time() - int(sys.argv[1]) / 1000.0))' "$1"; }
# A new case: the simulator's seed data and an empty request log, no controller cache, an empty shared ledger.
reset() {
    sim reset "${CACHE_A}" > /dev/null
    rm -rf "${CACHE_B}"
    pg_sql "DROP SCHEMA IF EXISTS yeastar_partner CASCADE"
}
# slow_saves SECONDS [all]: order requests answered SECONDS late (the next one; with "all", every one).
slow_saves() {
    sim fault "{\"method\": \"POST\", \"path\": \"/order/openapi/order/v1/save\", \"delay\": $1, \"times\": $([ "${2:-}" = all ] && echo 0 || echo 1)}" > /dev/null
}
# in_flight PID LOG: wait until the simulator has taken the one-shot fault of the next order request (it is being
# answered late), while ansible-playbook PID (its output in LOG) still runs.
in_flight() {
    for _ in $(seq 1 150); do
        if [ "$(PYTHONPATH="${COLLECTION_ROOT}/tests/simulator" "${PY}" -c \
            'import sys; from yeastar_sim.control import SimulatorClient; print(len(SimulatorClient(sys.argv[1]).faults()))' "${SIM_URL}")" = 0 ]; then
            return 0
        fi
        if ! kill -0 "$1" 2> /dev/null; then
            tail -n 60 "$2" >&2
            echo "FAILED: the run ended before its order request reached the simulator" >&2
            exit 1
        fi
        sleep 0.1
    done
    tail -n 60 "$2" >&2
    echo "FAILED: no order request reached the simulator" >&2
    exit 1
}
# descendants PID: PID and every process below it.
descendants() {
    ps -e -o pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 }
        END { tree[root] = 1; do { more = 0; for (p in parent) if (!(p in tree) && (parent[p] in tree)) { tree[p] = 1; more = 1 } } while (more)
              for (p in tree) print p }'
}
# kill_controller PID: kill -9 the process group of ansible-playbook PID (started with setsid) and every process
# below it: ansible-core 2.19 and later give each worker a process group (or session) of its own, and the module runs
# under the worker. All are stopped first, so that none forks or is re-parented before the kill.
kill_controller() {
    local pids list
    kill -STOP -- "-$1" 2> /dev/null || true
    for _ in 1 2 3; do
        pids=$(descendants "$1")
        # shellcheck disable=SC2086  # a list of numbers
        kill -STOP ${pids} 2> /dev/null || true
    done
    pids=$(descendants "$1")
    list=$(echo "${pids}" | paste -s -d , -)
    kill -9 -- "-$1" 2> /dev/null || true
    # shellcheck disable=SC2086
    kill -9 ${pids} 2> /dev/null || true
    for _ in $(seq 1 50); do
        # A killed process the parent has not waited for yet is a zombie (state Z): it holds nothing.
        ps -o stat= -p "${list}" 2> /dev/null | grep -q -v '^Z' || return 0
        sleep 0.1
    done
    echo "FAILED: processes of the killed controller are left: $(ps -o pid=,stat=,args= -p "${list}")" >&2
    exit 1
}
# password_hits PATH...: lines that hold the ledger password (as it is, percent-encoded, or its random part) in the
# files under PATH. Prints a count, never the password.
password_hits() {
    { set +x; } 2> /dev/null
    local password encoded random
    password="$(pg_fact password)"
    encoded="$("${PY}" -c 'import sys; from urllib.parse import quote; print(quote(sys.argv[1], safe=""))' "${password}")"
    random="$(printf '%s' "${password}" | sed 's/^Lg-\([0-9a-f]*\).*/\1/')"
    [ "${#random}" -ge 16 ] || { echo "FAILED: the password has not the form pg_server.py gives it" >&2; exit 1; }
    grep -r -a -F -e "${password}" -e "${encoded}" -e "${random}" -- "$@" 2> /dev/null | wc -l | tr -d ' '
    set -x
}

# 1. Two controllers at the same moment order the same 6 purchase order numbers, every order request 2 s late: one
#    order per number. First yeastar_order on 6 hosts (forks 6) each, then yeastar_order_batch, the second controller's
#    batch in the reverse order, so the two meet halfway.
case1() {
    reset
    slow_saves 2 all
    start=$(now_ms)
    ctl a order.yml -f 6 -e target=six -e po_prefix=PO-SL1 -e "out=${WORK}/case1-a.json" -e strict=true > "${WORK}/case1-a.log" 2>&1 &
    pid_a=$!
    ctl b order.yml -f 6 -e target=six -e po_prefix=PO-SL1 -e "out=${WORK}/case1-b.json" -e strict=true > "${WORK}/case1-b.log" 2>&1 &
    pid_b=$!
    rc_a=0
    rc_b=0
    wait "${pid_a}" || rc_a=$?
    wait "${pid_b}" || rc_b=$?
    secs=$(seconds_since "${start}")
    cat "${WORK}/case1-a.log" "${WORK}/case1-b.log"
    expect "case 1: exit status of controller a" 0 "${rc_a}"
    expect "case 1: exit status of controller b" 0 "${rc_b}"
    changed=$(( $(jget "${WORK}/case1-a.json" 'd["changed"]') + $(jget "${WORK}/case1-b.json" 'd["changed"]') ))
    expect "case 1: hosts that ordered, both controllers" 6 "${changed}"
    for host in host01 host02 host03 host04 host05 host06; do
        expect "case 1: orders with PO-SL1-${host}" 1 "$(sim orders-with-po "PO-SL1-${host}")"
        expect "case 1: the order both controllers got for ${host}" \
            "$(jget "${WORK}/case1-a.json" "d['hosts']['${host}']['order']['orderNo']")" \
            "$(jget "${WORK}/case1-b.json" "d['hosts']['${host}']['order']['orderNo']")"
        expect "case 1: controllers that ordered ${host}" 1 \
            "$(( $(jget "${WORK}/case1-a.json" "int(d['hosts']['${host}']['changed'])") + $(jget "${WORK}/case1-b.json" "int(d['hosts']['${host}']['changed'])") ))"
    done
    saves=$(sim saves)
    expect "case 1: orders created" 6 "${saves}"

    reset
    slow_saves 2 all
    start=$(now_ms)
    ctl a batch.yml -e po_prefix=PO-SL1-BATCH -e "out=${WORK}/case1-batch-a.json" > "${WORK}/case1-batch-a.log" 2>&1 &
    pid_a=$!
    ctl b batch.yml -e po_prefix=PO-SL1-BATCH -e reverse=true -e "out=${WORK}/case1-batch-b.json" > "${WORK}/case1-batch-b.log" 2>&1 &
    pid_b=$!
    rc_a=0
    rc_b=0
    wait "${pid_a}" || rc_a=$?
    wait "${pid_b}" || rc_b=$?
    secs_batch=$(seconds_since "${start}")
    cat "${WORK}/case1-batch-a.log" "${WORK}/case1-batch-b.log"
    expect "case 1 (batch): exit status of controller a" 0 "${rc_a}"
    expect "case 1 (batch): exit status of controller b" 0 "${rc_b}"
    outcomes_a=$(jget "${WORK}/case1-batch-a.json" 'sorted(d["outcomes"].values()).count("ordered")')
    outcomes_b=$(jget "${WORK}/case1-batch-b.json" 'sorted(d["outcomes"].values()).count("ordered")')
    expect "case 1 (batch): orders placed by both batches" 6 "$(( outcomes_a + outcomes_b ))"
    expect "case 1 (batch): the orders both batches got" "$(jget "${WORK}/case1-batch-a.json" 'sorted(d["orders"].items())')" \
        "$(jget "${WORK}/case1-batch-b.json" 'sorted(d["orders"].items())')"
    for n in 1 2 3 4 5 6; do
        expect "case 1 (batch): orders with PO-SL1-BATCH-${n}" 1 "$(sim orders-with-po "PO-SL1-BATCH-${n}")"
    done
    saves_batch=$(sim saves)
    expect "case 1 (batch): orders created" 6 "${saves_batch}"
    summary "case 1: 2 controllers x 6 hosts at once, the same 6 po_numbers, every save 2 s late: orders expected 6, found" \
        "${saves} (1 per number), changed ${changed} of 12; ${secs} s. Two batches of the 6 (one reversed): orders" \
        "expected 6, found ${saves_batch}, placed ${outcomes_a} + ${outcomes_b}; ${secs_batch} s"
}

# portal_commits FILE: the Partner Portal creates, now, the order whose request the result in FILE (order.yml's, one
# host) sent and lost: the order request a slow portal commits after the client gave up, sent again here as it was.
portal_commits() {
    PYTHONPATH="${COLLECTION_ROOT}/tests/simulator" "${PY}" -c 'import json, sys
from yeastar_sim.control import SimulatorClient
body = json.load(open(sys.argv[2]))["hosts"]["host01"]["order_request"]
answer = SimulatorClient(sys.argv[1]).api("POST", "/order/openapi/order/v1/save", json_body=body)
if answer.status != 200:
    sys.exit("the order was not created: %r" % answer)' "${SIM_URL}" "$1"
}

# 2. An unknown outcome on controller A holds the number for controller B (fresh cache_dir). A's order request gets
#    no answer (the connection drops before the portal handles it), so A fails saying the outcome is unknown.
#    a) B stops on the open question; then the portal creates the order late (as a slow portal commits after the
#       client gave up: the test sends A's request body itself), and B finds that order, once it is listed.
#    b) B stops; B with retry_unknown_outcome=true orders, once; A then finds that order.
#    (No timing: the order appears when the test makes it, whatever the load of the machine.)
case2() {
    reset
    sim fault '{"method": "POST", "path": "/order/openapi/order/v1/save", "drop": "before"}' > /dev/null
    start=$(now_ms)
    ctl a order.yml -e po=PO-SL2-LATE -e "out=${WORK}/case2-a.json"
    ctl b order.yml -e po=PO-SL2-LATE -e "out=${WORK}/case2-b.json"
    a_msg=$(jget "${WORK}/case2-a.json" 'd["hosts"]["host01"]["msg"]')
    b_msg=$(jget "${WORK}/case2-b.json" 'd["hosts"]["host01"]["msg"]')
    expect "case 2a: controller a failed" true "$(jget "${WORK}/case2-a.json" 'd["hosts"]["host01"]["failed"]')"
    expect "case 2a: controller a reported it may have ordered" true "$(jget "${WORK}/case2-a.json" 'd["hosts"]["host01"]["changed"]')"
    expect "case 2a: controller b failed" true "$(jget "${WORK}/case2-b.json" 'd["hosts"]["host01"]["failed"]')"
    expect "case 2a: controller b did not order" false "$(jget "${WORK}/case2-b.json" 'd["hosts"]["host01"]["changed"]')"
    expect "case 2a: controller b stopped on the open question" True \
        "$(jget "${WORK}/case2-b.json" 'str("outcome was never known" in d["hosts"]["host01"]["msg"])')"
    expect "case 2a: orders before the portal commits" 0 "$(sim orders-with-po PO-SL2-LATE)"
    portal_commits "${WORK}/case2-a.json"
    ctl b order.yml -e po=PO-SL2-LATE -e "out=${WORK}/case2-b2.json" -e strict=true
    expect "case 2a: controller b found the order once listed" false "$(jget "${WORK}/case2-b2.json" 'd["hosts"]["host01"]["changed"]')"
    ctl a order.yml -e po=PO-SL2-LATE -e "out=${WORK}/case2-a2.json" -e strict=true
    expect "case 2a: controller a found the same order" "$(jget "${WORK}/case2-b2.json" 'd["hosts"]["host01"]["order"]["orderNo"]')" \
        "$(jget "${WORK}/case2-a2.json" 'd["hosts"]["host01"]["order"]["orderNo"]')"
    orders=$(sim orders-with-po PO-SL2-LATE)
    expect "case 2a: orders with PO-SL2-LATE" 1 "${orders}"
    # A's dropped request and the late commit: the controllers sent nothing more.
    expect "case 2a: order requests" 2 "$(sim sends)"
    secs=$(seconds_since "${start}")
    summary "case 2a: controller a's order request unanswered (failed, changed): controller b stopped (outcome never" \
        "known); the portal committed the order late, then b and a found it (changed false); orders expected 1, found" \
        "${orders}; order requests 2 (a's, and the late commit); ${secs} s"
    echo "controller a: ${a_msg}"
    echo "controller b: ${b_msg}"

    reset
    sim fault '{"method": "POST", "path": "/order/openapi/order/v1/save", "drop": "before"}' > /dev/null
    start=$(now_ms)
    ctl a order.yml -e po=PO-SL2-LOST -e "out=${WORK}/case2-lost-a.json"
    expect "case 2b: controller a failed" true "$(jget "${WORK}/case2-lost-a.json" 'd["hosts"]["host01"]["failed"]')"
    expect "case 2b: controller a reported it may have ordered" true "$(jget "${WORK}/case2-lost-a.json" 'd["hosts"]["host01"]["changed"]')"
    ctl b order.yml -e po=PO-SL2-LOST -e "out=${WORK}/case2-lost-b.json"
    expect "case 2b: controller b failed" true "$(jget "${WORK}/case2-lost-b.json" 'd["hosts"]["host01"]["failed"]')"
    expect "case 2b: controller b stopped on the open question" True \
        "$(jget "${WORK}/case2-lost-b.json" 'str("outcome was never known" in d["hosts"]["host01"]["msg"])')"
    expect "case 2b: orders before retry_unknown_outcome" 0 "$(sim orders-with-po PO-SL2-LOST)"
    ctl b order.yml -e po=PO-SL2-LOST -e retry=true -e "out=${WORK}/case2-lost-b2.json" -e strict=true
    expect "case 2b: controller b ordered with retry_unknown_outcome" true "$(jget "${WORK}/case2-lost-b2.json" 'd["hosts"]["host01"]["changed"]')"
    ctl a order.yml -e po=PO-SL2-LOST -e "out=${WORK}/case2-lost-a2.json" -e strict=true
    expect "case 2b: controller a found that order" false "$(jget "${WORK}/case2-lost-a2.json" 'd["hosts"]["host01"]["changed"]')"
    expect "case 2b: the order controller a found" "$(jget "${WORK}/case2-lost-b2.json" 'd["hosts"]["host01"]["order"]["orderNo"]')" \
        "$(jget "${WORK}/case2-lost-a2.json" 'd["hosts"]["host01"]["order"]["orderNo"]')"
    orders=$(sim orders-with-po PO-SL2-LOST)
    expect "case 2b: orders with PO-SL2-LOST" 1 "${orders}"
    expect "case 2b: order requests sent" 2 "$(sim sends)"
    secs=$(seconds_since "${start}")
    summary "case 2b: order request dropped before the portal (never ordered): controller b stopped (outcome never known);" \
        "b with retry_unknown_outcome ordered, a then found it; orders expected 1, found ${orders}, requests sent" \
        "$(sim sends) (the dropped one and the retry); ${secs} s"
}

# 3. Controller A is killed (kill -9, its whole process group) while its order request is in flight (answered 8 s
#    late); controller B runs at once: it finds the order or stops on the question A left, and orders nothing blindly.
case3() {
    reset
    slow_saves 8
    start=$(now_ms)
    YEASTAR_CACHE_DIR="${CACHE_A}" setsid ansible-playbook -i inventory.yml "${ARGS[@]}" order.yml -e po=PO-SL3-KILLED \
        -e "out=${WORK}/case3-a.json" > "${WORK}/case3-a.log" 2>&1 < /dev/null &
    pid_a=$!
    in_flight "${pid_a}" "${WORK}/case3-a.log"
    sleep 0.5
    kill_controller "${pid_a}"
    wait "${pid_a}" || true
    expect "case 3: orders when controller a was killed" 0 "$(sim orders-with-po PO-SL3-KILLED)"
    ctl b order.yml -e po=PO-SL3-KILLED -e "out=${WORK}/case3-b.json"
    b_changed=$(jget "${WORK}/case3-b.json" 'd["hosts"]["host01"]["changed"]')
    b_failed=$(jget "${WORK}/case3-b.json" 'd["hosts"]["host01"]["failed"]')
    b_msg=$(jget "${WORK}/case3-b.json" 'd["hosts"]["host01"]["msg"]')
    expect "case 3: controller b did not order" false "${b_changed}"
    if [ "${b_failed}" = true ]; then
        expect "case 3: controller b stopped on the open question" True \
            "$(jget "${WORK}/case3-b.json" 'str("outcome was never known" in d["hosts"]["host01"]["msg"])')"
        b_did="stopped on the open question"
    else
        b_did="found the order"
    fi
    expect "case 3: orders after controller b" "$(sim orders-with-po PO-SL3-KILLED)" "$(sim saves)"
    [ "$(sim orders-with-po PO-SL3-KILLED)" -le 1 ] || { echo "FAILED: case 3: more than one order with PO-SL3-KILLED" >&2; exit 1; }
    waited=$(sim wait-order PO-SL3-KILLED 30)
    ctl b order.yml -e po=PO-SL3-KILLED -e "out=${WORK}/case3-b2.json" -e strict=true
    expect "case 3: controller b found the order once listed" false "$(jget "${WORK}/case3-b2.json" 'd["hosts"]["host01"]["changed"]')"
    orders=$(sim orders-with-po PO-SL3-KILLED)
    expect "case 3: orders with PO-SL3-KILLED" 1 "${orders}"
    expect "case 3: order requests sent" 1 "$(sim sends)"
    secs=$(seconds_since "${start}")
    summary "case 3: controller a killed -9 with its order request in flight (8 s late): controller b at once ${b_did}" \
        "(ordered nothing), and found the order once listed (${waited} s later); orders expected 1, found ${orders};" \
        "order requests sent $(sim sends); ${secs} s"
    echo "controller b: ${b_msg}"
}

# 4. The database down.
#    a) Before the run: stopped (nothing listens on its port), then a wrong password: the module fails naming the
#       shared ledger and the URL without its password; nothing is ordered.
#    b) Stopped (immediate) while an order request is in flight (answered 6 s late): the order is reported placed
#       (changed, its number) with the ledger's failure; after start-again, controller B does not order again.
case4() {
    reset
    start=$(now_ms)
    pg stop
    ctl a order.yml -e po=PO-SL4-DOWN -e "out=${WORK}/case4-down.json"
    pg start-again > /dev/null
    ctl a order.yml -e po=PO-SL4-DOWN -e "ledger_url=postgresql://ledger:not-the-password@127.0.0.1:${PG_PORT}/ledger" \
        -e "out=${WORK}/case4-refused.json"
    for name in down refused; do
        file="${WORK}/case4-${name}.json"
        expect "case 4a (${name}): the module failed" true "$(jget "${file}" 'd["hosts"]["host01"]["failed"]')"
        expect "case 4a (${name}): the module did not order" false "$(jget "${file}" 'd["hosts"]["host01"]["changed"]')"
        expect "case 4a (${name}): the message names the shared ledger" True "$(jget "${file}" 'str("shared ledger" in d["hosts"]["host01"]["msg"])')"
        expect "case 4a (${name}): the message names the URL without its password" True \
            "$(jget "${file}" "str('${URL_WITHOUT_PASSWORD}' in d['hosts']['host01']['msg'])")"
        expect "case 4a (${name}): the message holds no password" False "$(jget "${file}" 'str("not-the-password" in d["hosts"]["host01"]["msg"])')"
    done
    expect "case 4a: the password in the results" 0 "$(password_hits "${WORK}/case4-down.json" "${WORK}/case4-refused.json")"
    expect "case 4a: order requests sent" 0 "$(sim sends)"
    secs=$(seconds_since "${start}")
    summary "case 4a: database stopped, then a wrong password: both failed naming the shared ledger and" \
        "${URL_WITHOUT_PASSWORD}; orders expected 0, found $(sim orders-with-po PO-SL4-DOWN), requests sent $(sim sends); ${secs} s"
    echo "down: $(jget "${WORK}/case4-down.json" 'd["hosts"]["host01"]["msg"]')"
    echo "refused: $(jget "${WORK}/case4-refused.json" 'd["hosts"]["host01"]["msg"]')"

    reset
    slow_saves 6
    start=$(now_ms)
    ctl a order.yml -e po=PO-SL4-MIDWAY -e "out=${WORK}/case4-midway.json" > "${WORK}/case4-midway.log" 2>&1 &
    pid_a=$!
    in_flight "${pid_a}" "${WORK}/case4-midway.log"
    pg stop --mode immediate
    rc_a=0
    wait "${pid_a}" || rc_a=$?
    cat "${WORK}/case4-midway.log"
    file="${WORK}/case4-midway.json"
    a_msg=$(jget "${file}" 'd["hosts"]["host01"]["msg"]')
    expect "case 4b: exit status of controller a" 0 "${rc_a}"
    expect "case 4b: controller a reported the order placed" true "$(jget "${file}" 'd["hosts"]["host01"]["changed"]')"
    expect "case 4b: the order controller a reported" "$(jget "${file}" '(d["hosts"]["host01"].get("order") or {}).get("orderNo", "none")')" \
        "$(PYTHONPATH="${COLLECTION_ROOT}/tests/simulator" "${PY}" -c 'import sys; from yeastar_sim.control import SimulatorClient
print([o["orderNo"] for o in SimulatorClient(sys.argv[1]).state()["orders"] if o.get("customReferenceNo") == "PO-SL4-MIDWAY"][0])' "${SIM_URL}")"
    expect "case 4b: the message names the shared ledger" True "$(jget "${file}" 'str("shared ledger" in d["hosts"]["host01"]["msg"])')"
    expect "case 4b: the message says the ledger could not record the order" True \
        "$(jget "${file}" 'str("was placed, but the order ledger could not record it" in d["hosts"]["host01"]["msg"] and "Nothing is ordered" not in d["hosts"]["host01"]["msg"])')"
    pg start-again > /dev/null
    ctl b order.yml -e po=PO-SL4-MIDWAY -e "out=${WORK}/case4-midway-b.json"
    b_changed=$(jget "${WORK}/case4-midway-b.json" 'd["hosts"]["host01"]["changed"]')
    b_msg=$(jget "${WORK}/case4-midway-b.json" 'd["hosts"]["host01"]["msg"]')
    expect "case 4b: controller b did not order again" false "${b_changed}"
    if [ "$(jget "${WORK}/case4-midway-b.json" 'd["hosts"]["host01"]["failed"]')" = true ]; then
        expect "case 4b: controller b stopped on the open question" True \
            "$(jget "${WORK}/case4-midway-b.json" 'str("outcome was never known" in d["hosts"]["host01"]["msg"])')"
        b_did="stopped on the open question"
    else
        expect "case 4b: the order controller b found" "$(jget "${file}" 'd["hosts"]["host01"]["order"]["orderNo"]')" \
            "$(jget "${WORK}/case4-midway-b.json" 'd["hosts"]["host01"]["order"]["orderNo"]')"
        b_did="found the order"
    fi
    orders=$(sim orders-with-po PO-SL4-MIDWAY)
    expect "case 4b: orders with PO-SL4-MIDWAY" 1 "${orders}"
    expect "case 4b: orders created" 1 "$(sim saves)"
    secs=$(seconds_since "${start}")
    summary "case 4b: database stopped (immediate) during a 6 s order request: controller a reported the order" \
        "(changed, $(jget "${file}" 'd["hosts"]["host01"]["order"]["orderNo"]')); after start-again controller b ${b_did};" \
        "orders expected 1, found ${orders}; ${secs} s"
    echo "controller a: ${a_msg}"
    echo "controller b: ${b_msg}"
}

# 5. Bad ledger URLs are refused before anything is sent: no token request, no order request. An empty
#    YEASTAR_LEDGER_URL is no shared ledger (the controller cache's ledger).
case5() {
    reset
    start=$(now_ms)
    urls="[\"mysql://ledger@127.0.0.1:${PG_PORT}/ledger\", \"http://127.0.0.1:${PG_PORT}/ledger\","
    urls="${urls} \"${URL_WITHOUT_PASSWORD}?foo=1\", \"${URL_WITHOUT_PASSWORD}?password=x\"]"
    ctl a bad_url.yml -e "{\"urls\": ${urls}}" -e "out=${WORK}/case5.json"
    expect "case 5: URLs tried" 4 "$(jget "${WORK}/case5.json" 'len(d)')"
    expect "case 5: URLs refused" 4 "$(jget "${WORK}/case5.json" 'len([r for r in d if r["failed"] and not r["changed"]])')"
    expect "case 5: refusals that name ledger_url" 4 "$(jget "${WORK}/case5.json" 'len([r for r in d if "ledger_url" in r["msg"]])')"
    # The module knows the option: a refusal of the argument spec (a module without ledger_url) does not count.
    expect "case 5: refusals of an unknown option" 0 "$(jget "${WORK}/case5.json" 'len([r for r in d if "nsupported param" in r["msg"]])')"
    expect "case 5: the refusal of ?foo=1 names foo" True "$(jget "${WORK}/case5.json" 'str("foo" in d[2]["msg"])')"
    expect "case 5: the refusal of ?password=x names password" True "$(jget "${WORK}/case5.json" 'str("password" in d[3]["msg"])')"
    YEASTAR_LEDGER_URL="mysql://ledger@127.0.0.1:${PG_PORT}/ledger" ctl a order.yml -e po=PO-SL5-BAD -e "out=${WORK}/case5-env.json"
    expect "case 5: the URL from the environment refused" true "$(jget "${WORK}/case5-env.json" 'd["hosts"]["host01"]["failed"]')"
    expect "case 5: the refusal names the option" True "$(jget "${WORK}/case5-env.json" 'str("ledger_url" in d["hosts"]["host01"]["msg"].lower())')"
    tokens=$(sim token-requests)
    expect "case 5: token requests" 0 "${tokens}"
    expect "case 5: order requests sent" 0 "$(sim sends)"
    YEASTAR_LEDGER_URL="" ctl a order.yml -e po=PO-SL5-EMPTY -e "out=${WORK}/case5-empty.json" -e strict=true
    expect "case 5: ordered with an empty YEASTAR_LEDGER_URL" true "$(jget "${WORK}/case5-empty.json" 'd["hosts"]["host01"]["changed"]')"
    expect "case 5: orders created" 1 "$(sim saves)"
    secs=$(seconds_since "${start}")
    summary "case 5: mysql://, http://, ?foo=1, ?password=x (option) and mysql:// (environment) refused naming ledger_url:" \
        "token requests ${tokens} and order requests 0 before the empty-URL run; empty YEASTAR_LEDGER_URL ordered with" \
        "the cache's ledger (1 order); ${secs} s"
    jget "${WORK}/case5.json" '"\n".join(r["msg"] for r in d)'
}

# 6. The password shows nowhere: -vvvv --diff runs with the password in the URL (percent-encoded: it holds / + % @),
#    then in PGPASSWORD; their whole output, both cache folders and every file of WORK are searched for it.
case6() {
    reset
    start=$(now_ms)
    { set +x; } 2> /dev/null
    SHARED_LEDGER_DEAD_URL="$(pg_fact url | sed "s/:${PG_PORT}\//:$("${PY}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')\//")"
    export SHARED_LEDGER_DEAD_URL
    set -x
    ctl a password.yml -vvvv --diff -e po=PO-SL6-URL -e "out=${WORK}/case6-url.json" > "${WORK}/case6-url.log" 2>&1 \
        || { tail -n 80 "${WORK}/case6-url.log"; exit 1; }
    { set +x; } 2> /dev/null
    SHARED_LEDGER_DEAD_URL="$(echo "${SHARED_LEDGER_DEAD_URL}" | sed 's/^postgresql:\/\/ledger:[^@]*@/postgresql:\/\/ledger@/')"
    PGPASSWORD="$(pg_fact password)"
    export PGPASSWORD
    set -x
    YEASTAR_LEDGER_URL="${URL_WITHOUT_PASSWORD}" ctl b password.yml -vvvv --diff -e po=PO-SL6-PGPASSWORD \
        -e "out=${WORK}/case6-pgpassword.json" > "${WORK}/case6-pgpassword.log" 2>&1 \
        || { tail -n 80 "${WORK}/case6-pgpassword.log"; exit 1; }
    unset PGPASSWORD SHARED_LEDGER_DEAD_URL
    expect "case 6: orders with PO-SL6-URL" 1 "$(sim orders-with-po PO-SL6-URL)"
    expect "case 6: orders with PO-SL6-PGPASSWORD" 1 "$(sim orders-with-po PO-SL6-PGPASSWORD)"
    lines=$(cat "${WORK}/case6-url.log" "${WORK}/case6-pgpassword.log" | wc -l | tr -d ' ')
    [ "${lines}" -gt 200 ] || { echo "FAILED: case 6: the -vvvv output has only ${lines} lines" >&2; exit 1; }
    # The search finds the password where it is (the server's facts hold it, plain and in the URL).
    [ "$(password_hits "${PG_DIR}/server.json")" -ge 2 ] || { echo "FAILED: case 6: the search misses the password" >&2; exit 1; }
    hits=$(password_hits "${WORK}" "${CACHE_A}" "${CACHE_B}")
    expect "case 6: lines with the password in the output, the caches and WORK" 0 "${hits}"
    secs=$(seconds_since "${start}")
    summary "case 6: -vvvv --diff with the password in the URL, then in PGPASSWORD: 2 orders, ${lines} lines of output;" \
        "the password (plain, percent-encoded or its random part) found in the output, the caches and WORK: ${hits} times; ${secs} s"
}

# SHARED_LEDGER_CASES="1 3" runs only those cases (all by default).
completed=""
for number in ${SHARED_LEDGER_CASES:-1 2 3 4 5 6}; do
    "case${number}"
    completed="${completed} ${number}"
done
# A shell error inside a case (bad arithmetic, say) ends the loop without set -e stopping the script: make it fail.
expect "cases completed" " ${SHARED_LEDGER_CASES:-1 2 3 4 5 6}" "${completed}"

set +x
echo "=== shared_ledger summary ==="
cat "${SUMMARY}"
