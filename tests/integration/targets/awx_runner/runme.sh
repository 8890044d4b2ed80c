#!/usr/bin/env bash
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# playbooks/purchase.yml as AWX runs it: through ansible-runner, with only the environment the credential type
# docs/awx/credential-type.yml injects, against the simulator; the first job buys once per tenant, the second buys
# nothing. awx_job.py does the jobs and says what they prove.
set -eux

. ../setup_simulator/files/simulator.sh
# A private data directory outside the collection (a project of its own), and a client secret of this run only, so
# that finding it in the jobs' artifacts means a leak and nothing else.
simulator_start --own-work --client-id awx-client-id --client-secret "awx-secret-$$-${RANDOM}${RANDOM}"

PYTHONPATH="${COLLECTION_ROOT}/tests/simulator${PYTHONPATH:+:${PYTHONPATH}}" \
    "${PY}" awx_job.py "${COLLECTION_ROOT}" "${WORK}" "${SIM_URL}"
