#!/usr/bin/env bash
# The inventory plugin yeastar.partner.partners against the simulator, through ansible-inventory and ansible-playbook:
#   1. --graph and --list of a configuration file: hosts, groups, host variables, and no secret in the output;
#   2. bad configuration: refused before any request, no secret in the message; bad credentials: the API's error;
#   3. the inventory cache: the second run sends no request, the cache holds no credential and is private (folder 0700,
#      file 0600; a folder others may enter is refused), --flush-cache reads again;
#   4. playbooks/purchase.yml, unchanged, on the example inventory playbooks/inventory-dynamic/: check mode orders
#      nothing, a real run orders for every tenant, a rerun orders nothing.
set -eux

. ../setup_simulator/files/simulator.sh
simulator_start --own-work

# The same environment variables as the modules (simulator_start sets them); nothing else is needed.
# An inventory source that fails must fail the command, not leave it with an empty inventory.
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true

check() { "${PY}" check.py "${SIM_URL}" "$@"; }
# fails NAME COMMAND...: the command must fail; its output goes to WORK/NAME.log.
fails() {
    local name="$1"; shift
    if "$@" > "${WORK}/${name}.log" 2>&1; then
        cat "${WORK}/${name}.log" >&2
        echo "FAILED: ${name} succeeded" >&2
        exit 1
    fi
}
# says FILE TEXT: the file holds the text, also where Ansible wrapped a warning over several lines.
says() {
    if ! tr -s '\n' ' ' < "$1" | grep -qF -- "$2"; then
        cat "$1" >&2
        echo "FAILED: $1 does not say: $2" >&2
        exit 1
    fi
}
SECONDS=0

# 1. --graph and --list.
cat > "${WORK}/test.yeastar.yml" <<'EOF'
plugin: yeastar.partner.partners
groups:
  tenants: true
compose:
  turnkey_purchase_partner_id: yeastar_partner_id
keyed_groups:
  - key: yeastar_country
    prefix: country
  - key: yeastar_company
    prefix: company
strict: true
EOF
ansible-inventory -i "${WORK}/test.yeastar.yml" --graph "${ARGS[@]}" > "${WORK}/graph.txt" 2> "${WORK}/graph.err"
cat "${WORK}/graph.txt"
grep -q '^  |--@yeastar_partners:$' "${WORK}/graph.txt"
expect "country_United_Kingdom" "  |  |--it_acme_telecom_example" "$(grep -A1 '@country_United_Kingdom:' "${WORK}/graph.txt" | tail -n 1)"
expect "company_Globex_GmbH" "  |  |--admin_globex_example" "$(grep -A1 '@company_Globex_GmbH:' "${WORK}/graph.txt" | tail -n 1)"
expect "hosts in the graph of tenants" 4 "$(sed -n '/@tenants:/,/@/p' "${WORK}/graph.txt" | grep -c '_example\|_com')"
ansible-inventory -i "${WORK}/test.yeastar.yml" --list --output "${WORK}/list.json" -vvv "${ARGS[@]}" > "${WORK}/list.out" 2>&1
check list "${WORK}/list.json"
check secrets "${WORK}/graph.txt" "${WORK}/graph.err" "${WORK}/list.json" "${WORK}/list.out"

# 2. Bad configuration: nothing is sent. Bad credentials: the API's answer, without the secret.
check clear-log
printf 'plugin: yeastar.partner.partners\napi_url: http://partner.example.com\n' > "${WORK}/bad.yeastar.yml"
fails bad-url ansible-inventory -i "${WORK}/bad.yeastar.yml" --list "${ARGS[@]}"
says "${WORK}/bad-url.log" 'plain http:// to a host that is not this machine'
printf 'plugin: yeastar.partner.partners\nretries: 11\n' > "${WORK}/bad.yeastar.yml"
fails bad-retries ansible-inventory -i "${WORK}/bad.yeastar.yml" --list "${ARGS[@]}"
says "${WORK}/bad-retries.log" 'retries must be a whole number between 0 and 10'
expect "requests sent for bad configurations" 0 "$(check requests)"
fails bad-secret env YEASTAR_CLIENT_SECRET=WrongSecretValue42 ansible-inventory -i "${WORK}/test.yeastar.yml" --list -vvv "${ARGS[@]}"
says "${WORK}/bad-secret.log" 'code invalid_client'
YEASTAR_CLIENT_SECRET=WrongSecretValue42 check secrets "${WORK}/bad-secret.log"
check secrets "${WORK}/bad-url.log" "${WORK}/bad-retries.log" "${WORK}/bad-secret.log"

# 3. The inventory cache.
cat > "${WORK}/cached.yeastar.yml" <<EOF
plugin: yeastar.partner.partners
groups:
  tenants: true
keyed_groups:
  - key: yeastar_country
    prefix: country
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ${WORK}/inventory-cache
cache_timeout: 600
EOF
check clear-log
# The usual umask: the cache must still be private (a folder the plugin creates 0700, the file 0600).
umask 022
ansible-inventory -i "${WORK}/cached.yeastar.yml" --graph "${ARGS[@]}" > "${WORK}/cached-1.txt"
expect "user list reads of the first cached run" 1 "$(check requests GET /user/openapi/user/v1/client/partner_list)"
check clear-log
ansible-inventory -i "${WORK}/cached.yeastar.yml" --graph "${ARGS[@]}" > "${WORK}/cached-2.txt"
expect "requests of the second cached run" 0 "$(check requests)"
diff "${WORK}/cached-1.txt" "${WORK}/cached-2.txt"
grep -q 'color123_yeastar_com' "${WORK}/cached-2.txt"
expect "cache files" 1 "$(find "${WORK}/inventory-cache" -type f | wc -l | tr -d ' ')"
grep -rq 'color123@yeastar.com' "${WORK}/inventory-cache"
mode() { "${PY}" -c 'import os, stat, sys; print("%o" % stat.S_IMODE(os.stat(sys.argv[1]).st_mode))' "$1"; }
expect "mode of the cache folder" 700 "$(mode "${WORK}/inventory-cache")"
expect "mode of the cache file" 600 "$(mode "$(find "${WORK}/inventory-cache" -type f)")"
# A cache folder other users may enter is refused before anything is sent.
mkdir -p "${WORK}/shared-cache" && chmod 0755 "${WORK}/shared-cache"
sed "s#${WORK}/inventory-cache#${WORK}/shared-cache#" "${WORK}/cached.yeastar.yml" > "${WORK}/shared.yeastar.yml"
check clear-log
fails shared-cache ansible-inventory -i "${WORK}/shared.yeastar.yml" --graph "${ARGS[@]}"
says "${WORK}/shared-cache.log" "is open to other users (mode 0755)"
expect "requests with a cache folder open to others" 0 "$(check requests)"
expect "files in the refused cache folder" 0 "$(find "${WORK}/shared-cache" -type f | wc -l | tr -d ' ')"
CHECK_CLIENT_ID=1 check secrets "${WORK}"/inventory-cache/*
# (ansible-inventory of ansible-core 2.18 has no --flush-cache; ansible-playbook has.)
ansible-playbook "${COLLECTION_ROOT}/playbooks/purchase.yml" -i "${WORK}/cached.yeastar.yml" --list-hosts --flush-cache \
    "${ARGS[@]}" > "${WORK}/cached-3.txt"
grep -q 'hosts (4):' "${WORK}/cached-3.txt"
expect "user list reads with --flush-cache" 1 "$(check requests GET /user/openapi/user/v1/client/partner_list)"
INVENTORY_SECONDS=${SECONDS}

# 4. The purchase playbook, unchanged, on the example dynamic inventory.
play() { ansible-playbook "${COLLECTION_ROOT}/playbooks/purchase.yml" -i "${COLLECTION_ROOT}/playbooks/inventory-dynamic/" "${ARGS[@]}" "$@"; }
play --check > "${WORK}/check.log" 2>&1 || { cat "${WORK}/check.log"; exit 1; }
cat "${WORK}/check.log"
expect "orders after check mode" 0 "$(check orders)"
expect "order requests in check mode" 0 "$(check requests POST /order/openapi/order/v1/save)"
expect "tenants that would order" 4 "$(grep -c ' - would order (poNumber ' "${WORK}/check.log")"
play > "${WORK}/buy.log" 2>&1 || { cat "${WORK}/buy.log"; exit 1; }
cat "${WORK}/buy.log"
expect "orders after the first run" 4 "$(check orders)"
expect "tenants that ordered" 4 "$(grep -c ' - ordered (poNumber ' "${WORK}/buy.log")"
for yeastar_id in color123@yeastar.com it@acme-telecom.example admin@globex.example ops@initech.example; do
    "${PY}" -c 'import json, sys, urllib.request
orders = json.load(urllib.request.urlopen(sys.argv[1] + "/_sim/state"))["orders"]
sys.exit(0 if any(o.get("assignId") == sys.argv[2] and str(o.get("customReferenceNo")).startswith("ansible-") for o in orders) else 1)' \
        "${SIM_URL}" "${yeastar_id}" || { echo "FAILED: no order for ${yeastar_id}" >&2; exit 1; }
done
play > "${WORK}/rerun.log" 2>&1 || { cat "${WORK}/rerun.log"; exit 1; }
cat "${WORK}/rerun.log"
expect "orders after the rerun" 4 "$(check orders)"
expect "tenants already ordered" 4 "$(grep -c ' - already ordered, nothing bought ' "${WORK}/rerun.log")"
if grep -Eq 'changed=[1-9]|failed=[1-9]' "${WORK}/rerun.log"; then
    echo "FAILED: the rerun changed something" >&2
    exit 1
fi
check secrets "${WORK}/check.log" "${WORK}/buy.log" "${WORK}/rerun.log"

set +x
echo "=== inventory_partners: inventory checks ${INVENTORY_SECONDS} s, all ${SECONDS} s ==="
