#!/usr/bin/env bash
# Examples are tests: every module's and filter's EXAMPLES, and the examples of README.md, the role's README and the
# guides (code blocks marked <!-- example: FILE -->), run as written against the simulator, each set on fresh seed
# data. A set passes when ansible-playbook succeeds; extract.py says what is collected.
set -eux

. ../setup_simulator/files/simulator.sh
# Its own work directory: a playbook under ansible-test's OUTPUT_DIR (inside the collection) would run "inside"
# yeastar.partner, where short module names resolve, and an example must work as a user runs it.
simulator_start --own-work

mkdir -p "${WORK}/examples"
cp context.yml "${WORK}/examples/"
cp inventory.yml "${WORK}/examples/"
"${PY}" extract.py "${COLLECTION_ROOT}" "${WORK}/examples" > "${WORK}/examples.txt"
cat "${WORK}/examples.txt"

failed=()
ran=0
# run NAME DIR ARGS...: a run on fresh seed data; its output goes to WORK/NAME.log, its end shown when it fails.
run() {
    local name="$1" dir="$2"; shift 2
    sim reset "${YEASTAR_CACHE_DIR}" > /dev/null
    ran=$((ran + 1))
    if ! (cd "${dir}" && quietly "${name}" ansible-playbook "${ARGS[@]}" "$@"); then
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
