#!/usr/bin/env bash
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `make bench`: the turnkey_purchase role (playbooks/purchase.yml) against the local simulator, beside a plain
# ansible.builtin.uri baseline (tests/bench/baseline.yml). Needs `hack/run.sh setup` first (make bench does it).
# See docs/benchmark.md.
#
#   BENCH_N       tenants, comma-separated (default "50,200")
#   BENCH_H       earlier orders in the account, comma-separated (default "1000,20000")
#   BENCH_FORKS   ansible-playbook --forks (default 10)
#   BENCH_SERIES  which venv to use (default 2.21)
#   BENCH_WARM    the warm-ledger runs of each role cell (role ended, warm first run): yes (default), no
#   BENCH_WARM_K  orders by someone else that appear before the warm first run (default 500)
#   BENCH_SHARED  the shared-ledger cell (ledger_url, one PostgreSQL server): yes (after the matrix; default), no, only
#   BENCH_SHARED_N / BENCH_SHARED_H / BENCH_SHARED_K  its tenants, earlier orders and the orders that appear between
#                 its controllers A and B (default: the first BENCH_N, the largest BENCH_H, 500)
#   BENCH_CONVERGE  the converge cell (yeastar_subscription over N tenants' devices): yes (default), no, only
#   BENCH_CONVERGE_N / BENCH_CONVERGE_H  its tenants and earlier orders (default: 200, the smallest BENCH_H)
#   BENCH_LARGE   the large cell (the role, no baseline): yes (last; default), no, only
#   BENCH_LARGE_N / BENCH_LARGE_H  its tenants and earlier orders (default: 1000, 100000)
#   arguments are passed to tests/bench/bench.py (make bench ARGS="--timeout 600")
#
# Results: build/bench/results.md and build/bench/results.json; playbook output (and each run's *.tasks.json) in
# build/bench/n<N>-h<H>/, build/bench/shared-n<N>-h<H>-k<K>/, build/bench/converge-n<N>-h<H>/ and
# build/bench/large-n<N>-h<H>/.
# Exit status: 0 every target met, 1 a target missed, 2 the benchmark could not measure.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export REPO_ROOT
# shellcheck source=hack/lib.sh
. "${REPO_ROOT}/hack/lib.sh"

VENV="${BUILD_DIR}/venv-${BENCH_SERIES:-2.21}"

[ -x "${VENV}/bin/ansible-playbook" ] || die "${VENV} is missing: run 'make bench' or 'hack/run.sh setup' first"
[ -d "${COLLECTION_DIR}" ] || die "${COLLECTION_DIR} is missing: run 'hack/run.sh setup' first"
cd "${COLLECTION_DIR}"
for required in tests/bench/bench.py tests/bench/baseline.yml tests/bench/converge.yml playbooks/purchase.yml \
        tests/bench/callback_plugins/bench_tasks.py tests/simulator/yeastar_sim/control.py tests/postgres/pg_server.py; do
    [ -f "${required}" ] || die "${COLLECTION_DIR#"${REPO_ROOT}"/}/${required} is missing"
done

unset PYTHONPATH
exec "${VENV}/bin/python" tests/bench/bench.py --out-dir "${BUILD_DIR}/bench" --collections-path "${BUILD_DIR}" "$@"
