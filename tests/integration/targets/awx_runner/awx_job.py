#!/usr/bin/env python
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/purchase.yml as AWX runs it: two jobs through ansible-runner (the engine of AWX and Automation Platform).

    PYTHONPATH=<collection>/tests/simulator python awx_job.py COLLECTION_ROOT WORK SIM_URL

runme.sh starts the simulator with a client secret of this run and exports it as YEASTAR_CLIENT_ID and
YEASTAR_CLIENT_SECRET, which this script takes as the credential's inputs and then removes from its environment with
every other YEASTAR_* variable. Each job is what AWX makes of a job template (playbooks/purchase.yml of a project
holding the collection's playbooks, the static tenants as its inventory, a credential of the type
docs/awx/credential-type.yml): a private data directory of its own with env/envvars (the credential type's injectors,
rendered as AWX renders them: a sandboxed Jinja environment, a boolean input as Python's True/False, an input not
given as an empty string; plus ANSIBLE_COLLECTIONS_PATH, where AWX installs the project's collections), inventory/
and project/, run with suppress_env_files as AWX does, and an empty cache folder (a fresh container).

Job 1 (allow_http not given: YEASTAR_ALLOW_HTTP=False; ledger_url not given: YEASTAR_LEDGER_URL empty) succeeds with
rc 0, the simulator holds exactly one new order per tenant (for that tenant, with its purchase order number where the
inventory gives one), and the stats say every tenant changed. Job 2 (allow_http given true: YEASTAR_ALLOW_HTTP=True),
in a new private data directory and an empty cache as AWX's next job would be (it asks for a token of its own),
succeeds, sends no order and changes no host. The client secret appears nowhere in either job's artifacts (stdout,
job events, ...) but ansible-runner's own record of the job's environment (the file command). When the role publishes
turnkey_purchase_summary (set_stats: AWX's job artifacts, the stats event's artifact_data), every tenant is
``ordered`` in job 1 and ``existing`` in job 2.
"""

import json
import os
import shutil
import sys

import ansible_runner
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from yeastar_sim.control import SimulatorClient

SAVE_PATH = "/order/openapi/order/v1/save"
TOKEN_PATH = "/auth/openapi/v1/oauth/token"
SUMMARY_KEY = "turnkey_purchase_summary"


def fail(message, job=None):
    if job is not None:
        stdout = os.path.join(job["artifacts"], "stdout")
        if os.path.isfile(stdout):
            with open(stdout, encoding="utf-8", errors="replace") as handle:
                sys.stderr.write("".join(handle.readlines()[-60:]))
    sys.stderr.write("FAILED: %s\n" % message)
    sys.exit(1)


def expect(what, wanted, found, job=None):
    if wanted != found:
        fail("%s: expected %r, found %r" % (what, wanted, found), job)
    print("ok: %s: %r" % (what, found))


def render_injectors(credential_type, inputs):
    """The env injectors rendered as AWX's CredentialType.inject_credential does: a boolean field not given is False,
    any other input not given renders empty (Jinja's default Undefined), every value a string."""
    namespace = dict(inputs)
    for field in credential_type["inputs"]["fields"]:
        if field["type"] == "boolean" and field["id"] not in namespace:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    return {name: sandbox.from_string(template).render(**namespace)
            for name, template in credential_type["injectors"]["env"].items()}


def run_job(collection_root, work, name, credential_type, inputs):
    """One job in WORK/NAME: its private data directory, as AWX prepares it, run by ansible-runner."""
    private = os.path.join(work, name)
    os.makedirs(os.path.join(private, "env"))
    os.makedirs(os.path.join(private, "inventory"))
    shutil.copytree(os.path.join(collection_root, "playbooks"), os.path.join(private, "project", "playbooks"))
    shutil.copy(os.path.join(collection_root, "playbooks", "inventory", "tenants.yml"),
                os.path.join(private, "inventory"))
    envvars = render_injectors(credential_type, inputs)
    envvars["ANSIBLE_COLLECTIONS_PATH"] = os.path.dirname(os.path.dirname(os.path.dirname(collection_root)))
    with open(os.path.join(private, "env", "envvars"), "w", encoding="utf-8") as handle:
        yaml.safe_dump(envvars, handle)
    # A job's container starts with an empty cache folder (the modules' order ledger and token live there).
    os.environ["XDG_CACHE_HOME"] = os.path.join(private, "cache")
    runner = ansible_runner.run(private_data_dir=private, playbook="playbooks/purchase.yml", ident=name, quiet=True,
                                suppress_env_files=True, timeout=300)
    job = {"runner": runner, "envvars": envvars, "artifacts": os.path.join(private, "artifacts", name)}
    job["events"] = list(runner.events)
    stats = [event for event in job["events"] if event.get("event") == "playbook_on_stats"]
    if len(stats) != 1:
        fail("%s: %d playbook_on_stats events" % (name, len(stats)), job)
    job["stats"] = stats[0]["event_data"]
    return job


def changed_hosts(job):
    return sorted(host for host, count in (job["stats"].get("changed") or {}).items() if count)


def changed_events(job):
    """Hosts with a task result that says changed, from the runner_on_ok events."""
    return sorted({event["event_data"]["host"] for event in job["events"] if event.get("event") == "runner_on_ok"
                   and (event["event_data"].get("res") or {}).get("changed")})


def check_summary(name, job, hosts, outcome):
    """The role's set_stats summary, as AWX keeps it for the job's artifacts: every host with OUTCOME."""
    summary = (job["stats"].get("artifact_data") or {}).get(SUMMARY_KEY)
    if summary is None:
        fail("%s: no %s in the stats event's artifact_data: %r"
             % (name, SUMMARY_KEY, job["stats"].get("artifact_data")), job)
    expect("%s: summary outcomes" % name, {host: outcome for host in hosts},
           {host: entry.get("outcome") for host, entry in summary["hosts"].items()}, job)
    expect("%s: summary check_mode" % name, False, summary["check_mode"], job)
    expect("%s: summary count %s" % (name, outcome), len(hosts), summary["counts"][outcome], job)
    for host, entry in summary["hosts"].items():
        if not entry.get("order_number") or not entry.get("purchase_order_number"):
            fail("%s: summary of %s without order or purchase order number: %r" % (name, host, entry), job)


def check_artifacts(name, job, secret):
    """The secret is nowhere in the job's artifacts, and the files AWX keeps of a job are there. ansible-runner itself
    writes the job's command line and whole environment to the artifact file ``command`` (mode 0600, whatever
    suppress_env_files says); there the secret may be only the value of YEASTAR_CLIENT_SECRET, never in the command."""
    for required in ("stdout", "rc", "status", "job_events", "command"):
        if not os.path.exists(os.path.join(job["artifacts"], required)):
            fail("%s: no %s in the artifacts" % (name, required), job)
    command_file = os.path.join(job["artifacts"], "command")
    expect("%s: mode of the artifact command" % name, "0o600", oct(os.stat(command_file).st_mode & 0o777), job)
    with open(command_file, encoding="utf-8") as handle:
        command = json.load(handle)
    expect("%s: the secret in the artifact command" % name, ["YEASTAR_CLIENT_SECRET"],
           sorted(variable for variable, value in command["env"].items() if secret in value), job)
    if secret in json.dumps([command["command"], command["cwd"]]):
        fail("%s: the secret is on the command line of the job" % name, job)
    needle = secret.encode("utf-8")
    leaks, files = [], 0
    for folder, _dirs, names in os.walk(job["artifacts"]):
        for filename in names:
            path = os.path.join(folder, filename)
            if path == command_file:
                continue
            files += 1
            with open(path, "rb") as handle:
                if needle in handle.read():
                    leaks.append(os.path.relpath(path, job["artifacts"]))
    if files < 10:
        fail("%s: only %d artifact files" % (name, files), job)
    expect("%s: artifact files but command holding the client secret (of %d)" % (name, files), [], sorted(leaks), job)


def main(collection_root, work, sim_url):
    inputs = {"api_url": sim_url, "client_id": os.environ["YEASTAR_CLIENT_ID"],
              "client_secret": os.environ["YEASTAR_CLIENT_SECRET"]}
    secret = inputs["client_secret"]
    # The job gets the credential's variables only: nothing of the test run's own YEASTAR_* (YEASTAR_CACHE_DIR too).
    for variable in [variable for variable in os.environ if variable.startswith("YEASTAR_")]:
        del os.environ[variable]
    with open(os.path.join(collection_root, "docs", "awx", "credential-type.yml"), encoding="utf-8") as handle:
        credential_type = yaml.safe_load(handle)
    with open(os.path.join(collection_root, "playbooks", "inventory", "tenants.yml"), encoding="utf-8") as handle:
        # A host without turnkey_purchase_partner_id buys for the partner account itself (assignId "").
        tenants = yaml.safe_load(handle)["tenants"]["hosts"]
    hosts = sorted(tenants)
    client = SimulatorClient(sim_url, client_id=inputs["client_id"], client_secret=secret, timeout=60)
    before = {order["id"] for order in client.state()["orders"]}

    # Job 1: allow_http and ledger_url not given.
    job = run_job(collection_root, work, "job1", credential_type, inputs)
    expect("job1: injected environment", {
        "YEASTAR_API_URL": sim_url, "YEASTAR_CLIENT_ID": inputs["client_id"], "YEASTAR_CLIENT_SECRET": secret,
        "YEASTAR_ALLOW_HTTP": "False", "YEASTAR_LEDGER_URL": ""},
        {key: value for key, value in job["envvars"].items() if key.startswith("YEASTAR_")})
    expect("job1: status", "successful", job["runner"].status, job)
    expect("job1: rc", 0, job["runner"].rc, job)
    new = [order for order in client.state()["orders"] if order["id"] not in before]
    customers = sorted(tenants[host].get("turnkey_purchase_partner_id", "") for host in hosts)
    expect("job1: new orders, by customer", customers, sorted(order["assignId"] for order in new), job)
    po_numbers = {order["assignId"]: order["customReferenceNo"] for order in new}
    for host in hosts:
        if tenants[host].get("turnkey_purchase_po_number"):
            expect("job1: purchase order number of %s" % host, tenants[host]["turnkey_purchase_po_number"],
                   po_numbers[tenants[host].get("turnkey_purchase_partner_id", "")], job)
    expect("job1: hosts changed (stats)", hosts, changed_hosts(job), job)
    expect("job1: hosts with a changed result (runner_on_ok events)", hosts, changed_events(job), job)
    expect("job1: hosts failed or unreachable", [],
           sorted(host for key in ("failures", "dark") for host, count in (job["stats"].get(key) or {}).items() if count), job)
    check_summary("job1", job, hosts, "ordered")
    check_artifacts("job1", job, secret)
    sends, tokens = client.count("POST", SAVE_PATH), client.count("POST", TOKEN_PATH)

    # Job 2: allow_http given (true); a new private data directory and an empty cache, as AWX's next job has.
    job = run_job(collection_root, work, "job2", credential_type, dict(inputs, allow_http=True))
    expect("job2: YEASTAR_ALLOW_HTTP", "True", job["envvars"]["YEASTAR_ALLOW_HTTP"])
    expect("job2: status", "successful", job["runner"].status, job)
    expect("job2: rc", 0, job["runner"].rc, job)
    expect("job2: order requests sent", sends, client.count("POST", SAVE_PATH), job)
    # Its cache is empty: it asks for a token of its own, and finds the orders in the order list.
    if client.count("POST", TOKEN_PATH) <= tokens:
        fail("job2: no token request: the job did not start with an empty cache", job)
    expect("job2: new orders", [], [order["id"] for order in client.state()["orders"] if order["id"] not in before
                                    and order["id"] not in {o["id"] for o in new}], job)
    expect("job2: hosts changed (stats)", [], changed_hosts(job), job)
    expect("job2: hosts with a changed result (runner_on_ok events)", [], changed_events(job), job)
    expect("job2: hosts ok (stats)", hosts, sorted(job["stats"].get("ok") or {}), job)
    check_summary("job2", job, hosts, "existing")
    check_artifacts("job2", job, secret)
    print("awx_runner: all checks passed")


if __name__ == "__main__":
    main(*sys.argv[1:])
