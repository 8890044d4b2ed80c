#!/usr/bin/env bash
# No secret in any output: every module and the role run at -vvvv --diff with marker secrets (a client secret and
# tokens with characters that escaping and URL-encoding change), on success, on API errors (a service that echoes the
# request's headers and body), on transport errors and on failed authentication; then the output is searched for every
# form of every marker and of every token the simulator issued.
set -euxo pipefail

. ../setup_simulator/files/simulator.sh

# Characters that repr, JSON and URL-encoding all change: a slash, a plus, an equals sign, an ampersand, a quote.
export MARKER_SECRET="MkSecret/9+q=Z&x'7"
export MARKER_WRONG_SECRET="MkWrong/4+w=Y&v'2"
export MARKER_TOKEN="MkToken.eyJ4IjoxfQ.sig/8+t=W&u'1"

simulator_start --client-secret "${MARKER_SECRET}"
# The playbooks hand in their client ID and secret themselves: a task that omits them must not find any elsewhere.
unset YEASTAR_CLIENT_ID YEASTAR_CLIENT_SECRET

TOKENS="${WORK}/issued-tokens.txt"
: > "${TOKENS}"
# The simulator forgets its tokens on reset: keep them first, to search for them at the end.
reset() {
    "${PY}" find_secrets.py "${SIM_URL}" --harvest "${TOKENS}"
    sim reset "${YEASTAR_CACHE_DIR}"
}
LOGS=()
run() {
    local name="$1"; shift
    ansible-playbook -vvvv --diff "$@" "${ARGS[@]}" > "${WORK}/${name}.log" 2>&1 || true
    LOGS+=("${WORK}/${name}.log")
}

# 1. Success: every module, then the role.
run modules-ok -i inventory.yml modules.yml -e mode=ok
run role-ok -i inventory.yml role.yml
# 2. A service that echoes every read's headers (the bearer token) in its error answer.
sim fault '{"method": "GET", "path": "*", "status": 400, "body": "echo", "times": 0}'
run modules-echo-reads -i inventory.yml modules.yml -e mode=echo1
sim fault '{"method": "POST", "path": "/order/openapi/order/v1/save", "status": 400, "body": "echo", "times": 0}'
run role-echo -i inventory.yml role.yml
reset
# 3. A token endpoint that echoes the form (the client secret, URL-encoded) in its error answer.
sim fault '{"method": "POST", "path": "/auth/openapi/v1/oauth/token", "status": 400, "body": "echo", "times": 0}'
run modules-echo-token -i inventory.yml modules.yml -e mode=echo2
reset
# 4. The refresh token expired as well as the access token, then a retried read answered 503 with its headers echoed.
sim config access_ttl=2 refresh_ttl=2
run modules-expired -i inventory.yml modules.yml -e mode=expired

# Each run must have done what it says: the success runs ordered, the echo runs met the echo.
grep -q 'changed: \[localhost\]' "${WORK}/modules-ok.log"
grep -q 'ordered' "${WORK}/role-ok.log"
grep -q 'Echo of the request' "${WORK}/modules-echo-reads.log"
grep -q 'Echo of the request' "${WORK}/modules-echo-token.log"
grep -q 'invalid_client' "${WORK}/modules-ok.log"

"${PY}" find_secrets.py "${SIM_URL}" "${TOKENS}" "${LOGS[@]}" | tee "${WORK}/secrets-summary.txt"
