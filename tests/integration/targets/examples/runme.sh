#!/usr/bin/env bash
# Examples are tests: every module's and filter's EXAMPLES, and the examples of README.md, the role's README and the
# guides (code blocks marked <!-- example: FILE -->), run as written against the simulator, each set on fresh seed
# data. A set passes when ansible-playbook succeeds; extract.py says what is collected.
set -eux

PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
# The collection as Ansible loads it (ansible-test runs this script from a copy of the target).
ROOT=""
IFS=: read -r -a COLLECTION_DIRS <<< "${ANSIBLE_COLLECTIONS_PATH:-${ANSIBLE_COLLECTIONS_PATHS:-}}"
for dir in "${COLLECTION_DIRS[@]}" ../../../../../..; do
    if [ -n "${dir}" ] && [ -f "${dir}/ansible_collections/yeastar/partner/galaxy.yml" ]; then
        ROOT="$(cd "${dir}/ansible_collections/yeastar/partner" && pwd)"
        break
    fi
done
[ -n "${ROOT}" ] || { echo "the collection was not found on ANSIBLE_COLLECTIONS_PATH" >&2; exit 1; }
WORK="$(mktemp -d)"
ARGS=("$@")
SIM_PID=""
SIM_DIR=""
cleanup() {
    if [ -n "${SIM_PID}" ]; then
        kill "${SIM_PID}" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "${SIM_PID}" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "${SIM_PID}" 2>/dev/null || true
    fi
    [ -z "${SIM_DIR}" ] || rm -rf "${SIM_DIR}"
    rm -rf "${WORK}"
}
trap cleanup EXIT

ANSIBLE_ROLES_PATH=../ ansible-playbook ../faults/setup.yml -e "sim_env=${WORK}/sim.env" -e "sim_watch_pid=$$" "${ARGS[@]}"
# shellcheck disable=SC1091
. "${WORK}/sim.env"
export YEASTAR_API_URL="${SIM_URL}"
export YEASTAR_CLIENT_ID=sim-client-id
export YEASTAR_CLIENT_SECRET=sim-client-secret
export YEASTAR_CACHE_DIR="${SIM_DIR}/cache"

mkdir -p "${WORK}/examples"
cp context.yml "${WORK}/examples/"
cp inventory.yml "${WORK}/examples/"
"${PY}" extract.py "${ROOT}" "${WORK}/examples" > "${WORK}/examples.txt"
cat "${WORK}/examples.txt"

failed=()
ran=0
# run NAME DIR ARGS...: a run on fresh seed data; its output goes to WORK/NAME.log, shown when it fails.
run() {
    local name="$1" dir="$2"; shift 2
    "${PY}" ../order_ledger/sim.py "${SIM_URL}" reset "${YEASTAR_CACHE_DIR}" > /dev/null
    ran=$((ran + 1))
    if ! (cd "${dir}" && ansible-playbook "${ARGS[@]}" "$@") > "${WORK}/${name}.log" 2>&1; then
        tail -n 40 "${WORK}/${name}.log" >&2
        failed+=("${name}")
    fi
}
while read -r kind path playbooks; do
    case "${kind}" in
        playbook) run "$(basename "${path}" .yml)" "$(dirname "${path}")" -i inventory.yml "$(basename "${path}")" ;;
        set)
            inventory=()
            [ ! -f "${path}/inventory.yml" ] || inventory=(-i inventory.yml)
            for playbook in ${playbooks}; do
                run "$(basename "${path}")-${playbook%.yml}" "${path}" "${inventory[@]}" "${playbook}"
            done ;;
    esac
done < "${WORK}/examples.txt"

echo "examples: ${ran} runs, ${#failed[@]} failed ${failed[*]}"
[ "${#failed[@]}" -eq 0 ]
