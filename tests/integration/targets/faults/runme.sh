#!/usr/bin/env bash
# Faults not proven elsewhere, each against the simulator through the turnkey role, each counting the orders:
#   1. 100 tenants at forks 20, reads answered with bursts of 429 (Retry-After) and 503: one order per tenant.
#   2. The access token and the refresh token both expire while the run goes on: a new token, one order per tenant.
#   3. The simulator is restarted (from its state file) in the middle of a run: no tenant gets two orders; every tenant
#      without an order is one whose host failed saying the outcome is unknown; a rerun completes the others, and a run
#      with turnkey_purchase_retry_unknown_outcome=true the held-back ones, still one order per tenant.
set -eux

. ../setup_simulator/files/simulator.sh
simulator_start

field() { "${PY}" -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
# tenants N: N subordinate users tenant-0001@bench.example ... and an inventory of them.
tenants() {
    sim bulk-subordinates "$1" tenant > /dev/null
    {
        echo "tenants:"
        echo "  vars:"
        echo "    ansible_connection: local"
        echo "    ansible_python_interpreter: \"{{ ansible_playbook_python }}\""
        echo "    turnkey_purchase_billing_contact: billing@partner.example"
        echo "    turnkey_purchase_plan: Enterprise Plan"
        echo "    turnkey_purchase_extensions: 10"
        echo "    turnkey_purchase_partner_id: \"{{ inventory_hostname }}@bench.example\""
        echo "  hosts:"
        echo "    tenant-[0001:$(printf '%04d' "$1")]:"
    } > "${WORK}/inventory.yml"
}
play() { ansible-playbook -i "${WORK}/inventory.yml" "${ARGS[@]}" purchase.yml "$@"; }
# quiet NAME ARGS...: a run whose output goes to WORK/NAME.log, shown (its end) when the run fails.
quiet() {
    local name="$1"; shift
    quietly "${name}" play "$@"
}

# 1. 100 tenants, forks 20, bursts of 429 and 503 on the reads.
sim reset "${YEASTAR_CACHE_DIR}"
tenants 100
sim fault '{"method": "GET", "path": "*", "status": 429, "retry_after": 0, "times": 3}' > /dev/null
sim fault '{"method": "GET", "path": "/order/openapi/order/v1/page", "status": 503, "times": 2, "skip": 5}' > /dev/null
sim fault '{"method": "GET", "path": "/order/openapi/order/v1/page", "status": 429, "retry_after": 1, "times": 2, "skip": 40}' > /dev/null
quiet case1-first -f 20
counts=$(sim orders-per-customer tenant-)
expect "case 1: tenants with an order" 100 "$(field "${counts}" customers)"
expect "case 1: most orders of one tenant" 1 "$(field "${counts}" most)"
faulted=$(sim faulted)
quiet case1-rerun -f 20
expect "case 1: orders after the rerun" 100 "$(field "$(sim orders-per-customer tenant-)" orders)"
summary "case 1: 100 tenants, forks 20, ${faulted} reads answered 429 or 503: orders expected 100, found" \
    "$(field "${counts}" orders) (most per tenant $(field "${counts}" most)); rerun placed 0"

# 2. Both tokens expire during the run (2 s lifetimes, order requests 0.5 s slow): a new pp_credentials token.
sim reset "${YEASTAR_CACHE_DIR}"
tenants 10
sim config access_ttl=2 refresh_ttl=2 > /dev/null
sim fault '{"method": "POST", "path": "/order/openapi/order/v1/save", "delay": 0.5, "times": 0}' > /dev/null
quiet case2 -f 5
counts=$(sim orders-per-customer tenant-)
tokens=$(sim token-requests)
expect "case 2: most orders of one tenant" 1 "$(field "${counts}" most)"
expect "case 2: tenants with an order" 10 "$(field "${counts}" customers)"
[ "${tokens}" -ge 2 ] || { echo "FAILED: case 2: only ${tokens} token request(s); the tokens never expired" >&2; exit 1; }
summary "case 2: access and refresh tokens expire every 2 s during a 10-tenant run: ${tokens} token requests," \
    "orders expected 10, found $(field "${counts}" orders)"

# 3. The simulator restarts (same port, same state file) while the batch orders.
sim reset "${YEASTAR_CACHE_DIR}"
tenants 30
sim fault '{"method": "POST", "path": "/order/openapi/order/v1/save", "delay": 0.3, "times": 0}' > /dev/null
play -f 10 > "${WORK}/case3-first.log" 2>&1 &
run_pid=$!
for _ in $(seq 1 600); do
    [ "$(sim saves)" -ge 8 ] && break
    sleep 0.1
done
simulator_restart
first_rc=0
wait "${run_pid}" || first_rc=$?
after_first=$(sim orders-per-customer tenant-)
expect "case 3: most orders of one tenant after the restart" 1 "$(field "${after_first}" most)"
second_rc=0
play -f 10 > "${WORK}/case3-rerun.log" 2>&1 || second_rc=$?
after_rerun=$(sim orders-per-customer tenant-)
# Tenants, not lines: a held-back host's message shows on several lines (its failure, the role's report of it).
unknown=$(grep "outcome was never known\|Whether the order was placed is unknown" "${WORK}/case3-rerun.log" \
    | grep -o "tenant-[0-9][0-9][0-9][0-9]" | sort -u | wc -l | tr -d ' ' || true)
expect "case 3: most orders of one tenant after the rerun" 1 "$(field "${after_rerun}" most)"
expect "case 3: tenants with an order, plus those stopped on an unknown outcome" 30 \
    "$(( $(field "${after_rerun}" customers) + unknown ))"
# After "checking the Partner Portal", the held-back tenants are ordered on purpose, once.
quiet case3-retry -f 10 -e turnkey_purchase_retry_unknown_outcome=true
after_retry=$(sim orders-per-customer tenant-)
expect "case 3: tenants with an order after retry_unknown_outcome" 30 "$(field "${after_retry}" customers)"
expect "case 3: most orders of one tenant after retry_unknown_outcome" 1 "$(field "${after_retry}" most)"
summary "case 3: simulator restarted during a 30-tenant run (first run rc ${first_rc}, $(field "${after_first}" orders) orders):" \
    "after the rerun (rc ${second_rc}) $(field "${after_rerun}" orders) orders, most per tenant $(field "${after_rerun}" most)," \
    "${unknown} tenant(s) held back on an unknown outcome; with retry_unknown_outcome $(field "${after_retry}" orders) orders," \
    "most per tenant $(field "${after_retry}" most)"
