# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of the turnkey_purchase role (playbooks/purchase.yml) against the bundled simulator.

    python tests/bench/bench.py [--n 50,200] [--h 1000,20000] [--forks 10] [--out-dir build/bench] [--warm yes|no]
                                [--warm-k K] [--shared yes|no|only] [--shared-n N] [--shared-h H] [--shared-k K]
                                [--converge yes|no|only] [--converge-n N] [--converge-h H]
                                [--large yes|no|only] [--large-n N] [--large-h H]

Run it with the python of the virtualenv that holds ansible-core (make bench uses build/venv-2.21) from the
collection copy (build/ansible_collections/yeastar/partner). See docs/benchmark.md.

For every cell (N tenants, H earlier orders in the account) it runs these playbooks, each with the same forks:

  baseline    tests/bench/baseline.yml on a fresh simulator: five plain uri requests per tenant, no idempotency
  role first  playbooks/purchase.yml on another fresh simulator (2N tenants, H orders), for the first N tenants, with
              a cold module cache (YEASTAR_CACHE_DIR)
  role rerun  playbooks/purchase.yml again, new process, same simulator and cache: must buy nothing
  and, unless --warm no, with the same simulator and cache (a warm ledger):
  role ended  three of the first run's orders are now cancelled, refunded and failed: must buy those three again,
              with the same purchase order numbers, and nothing else
  warm first  K orders by someone else appear on top of the list, then the role for the other N tenants: must buy N,
              without reading the whole history again

and prints, for each, the wall time, the CPU time, the peak memory of the controller (the ansible-playbook process
and its descendants), the API requests (by endpoint), the orders placed and where the time went task by task
(tests/bench/callback_plugins/bench_tasks.py), then checks the targets and prints PASS/FAIL for each.

Then one shared-ledger cell (``ledger_url``, issue 17): one simulator (H earlier orders, N + 1 tenants) and one
throwaway PostgreSQL server (tests/postgres/pg_server.py); every run has a fresh cache folder of its own and, but the
last, the server's URL as YEASTAR_LEDGER_URL:

  controller A  playbooks/purchase.yml for one other tenant: builds the shared index (reads the whole history)
                then K new orders appear (placed by someone else, on top of the list)
  controller B  playbooks/purchase.yml for the N tenants: buys N, reading only what is newer than the shared index
  controller C  the same again: buys nothing
  no ledger     the same again without ledger_url (information: what a fresh cache folder costs without it)

Its N is the first of --n and its H the largest of --h, unless --shared-n / --shared-h say otherwise;
--shared no leaves it out, --shared only runs it alone.

Then one converge cell (yeastar_subscription, tests/bench/converge.yml): one simulator with H earlier orders and N
tenants, each with a Turnkey device (every other one 20 extensions, the rest 50), the desired state for all the
Enterprise Plan with 50 extensions; one cache folder for its three runs:

  check mode  --check: orders nothing; the spend per currency it would cost, from the module results
  first run   orders the N/2 expansions
  rerun       orders nothing

Its N is --converge-n (default 200) and its H the smallest of --h unless --converge-h says otherwise; --converge no
leaves it out.

Then one large cell: N = --large-n (1000) tenants, H = --large-h (100000) earlier orders, no baseline; the role's first
run (cold cache) and rerun (warm), with their requests, wall and CPU time and peak memory. --large no leaves it out.

A cell set to 'only' (--shared, --converge, --large) runs with the other 'only' cells and without the matrix.
Every simulator runs with --lazy-save (state saves coalesced, at most one a second): with 100,000 orders a save per
order POST would cost the simulator about 40 ms, which is not the role's time.

The results also go to <out-dir>/results.md and <out-dir>/results.json, the playbook output to <out-dir>/<cell>/*.log
(and each run's tasks to *.tasks.json). Exit status: 0 all targets met, 1 a target missed, 2 the benchmark itself
failed (a playbook failed, the simulator could not be seeded, the PostgreSQL server did not start, the baseline did
not buy once per tenant, the converge playbook wrote no results).
"""

import argparse
import datetime
import decimal
import json
import math
import os
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_SIM_DIR = os.path.join(COLLECTION_ROOT, "tests", "simulator")
_PG_DIR = os.path.join(COLLECTION_ROOT, "tests", "postgres")
for _folder in (_SIM_DIR, _PG_DIR):
    if _folder not in sys.path:
        sys.path.insert(0, _folder)

from yeastar_sim.control import SimulatorProcess, SimulatorError  # noqa: E402  pylint: disable=wrong-import-position

DEFAULT_N = (50, 200)
DEFAULT_H = (1000, 20000)
DEFAULT_FORKS = 10
# The wall-time targets of the role cell hold from this N on (printed, not targets, below it).
WALL_TARGET_FROM_N = 200
FIRST_WALL_TARGET = 0.10   # role first run / baseline
RERUN_WALL_TARGET = 0.05   # role rerun / baseline
PLAYBOOK_TIMEOUT = 3600
# Every simulator of the benchmark coalesces its state saves (tests/simulator/README.md): a save of 100,000 orders per
# order POST costs the simulator about 40 ms, which would be counted as the role's time.
SIM_ARGS = ("--lazy-save",)
# How often the peak memory of a playbook's process tree is sampled.
SAMPLE_SECONDS = 0.2
CALLBACK_DIR = os.path.join(COLLECTION_ROOT, "tests", "bench", "callback_plugins")
CALLBACK_NAME = "bench_tasks"
TASKS_ENV = "BENCH_TASKS_JSON"

ROLE_PLAYBOOK = "playbooks/purchase.yml"
BASELINE_PLAYBOOK = "tests/bench/baseline.yml"
ORDER_SAVE = ("POST", "/order/openapi/order/v1/save")

TENANT_VARS = {
    "ansible_connection": "local",
    "turnkey_purchase_billing_contact": "billing@partner.example",
    "turnkey_purchase_plan": "Enterprise Plan",
    "turnkey_purchase_services": [{"name": "Recording Minutes", "quantity": 1000}],
}

# Paths that carry an id, collapsed so that requests group by endpoint.
_COLLAPSE = (
    (re.compile(r"^(/order/openapi/order/v1/get)/[^/]+$"), r"\1/{id}"),
    (re.compile(r"^(/user/openapi/user/v1/subordinate_user)/[^/]+$"), r"\1/{partnerId}"),
    (re.compile(r"^(/pricing/openapi/purchase/v1/(?:trial|purchase|renew)/(?:plan_info|add_on_info))/[^/]+$"), r"\1/{id}"),
)

RUNS = (("baseline", "baseline"), ("role_first", "role first"), ("role_rerun", "role rerun"), ("role_ended", "role ended"),
        ("role_warm_first", "warm first run"))
# The warm-ledger runs of the role cell: the statuses given to k = 3 of the first run's orders before "role ended",
# and the orders by someone else that appear on top of the list before "warm first run".
ENDED_STATUSES = ("cancelled", "refunded", "failed")
LIVE_STATUSES = ("succeed", "pending")
DEFAULT_WARM_K = 500

# The large cell: no baseline, the role's first run and rerun.
DEFAULT_LARGE_N = 1000
DEFAULT_LARGE_H = 100000
LARGE_RUNS = (("first", "first run"), ("rerun", "rerun"))

# The shared-ledger cell: its runs, in order, and what they are called in the reports.
DEFAULT_SHARED_K = 500
SHARED_RUNS = (("controller_a", "controller A"), ("controller_b", "controller B"), ("controller_c", "controller C"),
               ("no_ledger", "no ledger"))
LEDGER_ENV = "YEASTAR_LEDGER_URL"

# The converge cell (yeastar_subscription): its runs, in order, and what they are called in the reports.
CONVERGE_PLAYBOOK = "tests/bench/converge.yml"
DEFAULT_CONVERGE_N = 200
CONVERGE_RUNS = (("check", "check mode"), ("first", "first run"), ("rerun", "rerun"))
CONVERGE_PRODUCT = 14
CONVERGE_PLAN = "Enterprise Plan"
CONVERGE_SHORT = 20      # extensions of every other tenant's device (tenant-0001, -0003, ...): 30 short
CONVERGE_DESIRED = 50    # extensions of the others' devices, and what every tenant should have
CONVERGE_BILLING_ID = "3197218168379846218"
# The modules read every paged list 100 rows a page (PartnerClient.paginate), the order list too (the ledger).
PAGE_SIZE = 100
DEVICE_LIST = ("GET", "/product/openapi/instance_product/v1/client/instance_product_list")
DEVICE_DETAIL = ("GET", "/product/openapi/instance_product/v1/detail")
ORDER_PAGE = ("GET", "/order/openapi/order/v1/page")
PRICE_LIST = ("GET", "/pricing/openapi/purchase/v1/my_price_info")
# The request groups the converge cell prints and bounds (method, path prefix).
CONVERGE_PATHS = (("device list pages", DEVICE_LIST), ("device details", DEVICE_DETAIL), ("order POSTs", ORDER_SAVE),
                  ("order list pages", ORDER_PAGE), ("price list", PRICE_LIST))


class BenchError(Exception):
    """The benchmark could not measure (as opposed to a target that was missed)."""


def endpoint(method, path):
    for pattern, replacement in _COLLAPSE:
        if pattern.match(path):
            path = pattern.sub(replacement, path)
            break
    return "%s %s" % (method, path)


def int_list(text, name):
    try:
        values = [int(part) for part in str(text).replace(" ", ",").split(",") if part]
    except ValueError as exc:
        raise SystemExit("%s must be a comma-separated list of integers, got %r" % (name, text)) from exc
    if not values or any(v < 0 for v in values):
        raise SystemExit("%s must be a comma-separated list of integers >= 0, got %r" % (name, text))
    return values


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Benchmark the turnkey_purchase role against the simulator (see docs/benchmark.md)")
    parser.add_argument("--n", default=os.environ.get("BENCH_N") or ",".join(map(str, DEFAULT_N)),
                        help="tenants, comma-separated (env BENCH_N; default %(default)s)")
    parser.add_argument("--h", default=os.environ.get("BENCH_H") or ",".join(map(str, DEFAULT_H)),
                        help="earlier orders in the account, comma-separated (env BENCH_H; default %(default)s)")
    parser.add_argument("--forks", default=os.environ.get("BENCH_FORKS") or str(DEFAULT_FORKS),
                        help="ansible-playbook --forks (env BENCH_FORKS; default %(default)s)")
    parser.add_argument("--warm", choices=("yes", "no"), default=os.environ.get("BENCH_WARM") or "yes",
                        help="the warm-ledger runs of each role cell (role ended, warm first run) (env BENCH_WARM; default %(default)s)")
    parser.add_argument("--warm-k", default=os.environ.get("BENCH_WARM_K") or str(DEFAULT_WARM_K),
                        help="orders by someone else that appear before the warm first run (env BENCH_WARM_K; default %(default)s)")
    parser.add_argument("--out-dir", default=os.environ.get("BENCH_OUT_DIR") or os.path.join(COLLECTION_ROOT, "build", "bench"),
                        help="where results and logs go (default %(default)s)")
    parser.add_argument("--collections-path", default=os.environ.get("BENCH_COLLECTIONS_PATH")
                        or os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT))),
                        help="ANSIBLE_COLLECTIONS_PATH for the playbooks (default: the ansible_collections tree this file is in)")
    parser.add_argument("--ansible-playbook", default=os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
                        help="the ansible-playbook to run (default: the one next to this python)")
    parser.add_argument("--timeout", type=int, default=PLAYBOOK_TIMEOUT, help="seconds one playbook may take (default %(default)s)")
    parser.add_argument("--shared", choices=("yes", "no", "only"), default=os.environ.get("BENCH_SHARED") or "yes",
                        help="the shared-ledger cell: after the matrix, not at all, or alone (env BENCH_SHARED; default %(default)s)")
    parser.add_argument("--shared-n", default=os.environ.get("BENCH_SHARED_N") or None,
                        help="tenants of the shared-ledger cell (env BENCH_SHARED_N; default: the first of --n)")
    parser.add_argument("--shared-h", default=os.environ.get("BENCH_SHARED_H") or None,
                        help="earlier orders of the shared-ledger cell (env BENCH_SHARED_H; default: the largest of --h)")
    parser.add_argument("--shared-k", default=os.environ.get("BENCH_SHARED_K") or str(DEFAULT_SHARED_K),
                        help="orders that appear between controllers A and B (env BENCH_SHARED_K; default %(default)s)")
    parser.add_argument("--converge", choices=("yes", "no", "only"), default=os.environ.get("BENCH_CONVERGE") or "yes",
                        help="the converge cell (yeastar_subscription): after the others, not at all, or alone "
                             "(env BENCH_CONVERGE; default %(default)s)")
    parser.add_argument("--converge-n", default=os.environ.get("BENCH_CONVERGE_N") or str(DEFAULT_CONVERGE_N),
                        help="tenants of the converge cell (env BENCH_CONVERGE_N; default %(default)s)")
    parser.add_argument("--converge-h", default=os.environ.get("BENCH_CONVERGE_H") or None,
                        help="earlier orders of the converge cell (env BENCH_CONVERGE_H; default: the smallest of --h)")
    parser.add_argument("--large", choices=("yes", "no", "only"), default=os.environ.get("BENCH_LARGE") or "yes",
                        help="the large cell (N = 1000, H = 100000, no baseline): last, not at all, or alone "
                             "(env BENCH_LARGE; default %(default)s)")
    parser.add_argument("--large-n", default=os.environ.get("BENCH_LARGE_N") or str(DEFAULT_LARGE_N),
                        help="tenants of the large cell (env BENCH_LARGE_N; default %(default)s)")
    parser.add_argument("--large-h", default=os.environ.get("BENCH_LARGE_H") or str(DEFAULT_LARGE_H),
                        help="earlier orders of the large cell (env BENCH_LARGE_H; default %(default)s)")
    args = parser.parse_args(argv)
    for name, value in (("BENCH_SHARED", args.shared), ("BENCH_CONVERGE", args.converge), ("BENCH_LARGE", args.large)):
        if value not in ("yes", "no", "only"):
            raise SystemExit("%s must be yes, no or only, got %r" % (name, value))
    if args.warm not in ("yes", "no"):
        raise SystemExit("BENCH_WARM must be yes or no, got %r" % args.warm)
    args.n = int_list(args.n, "BENCH_N")
    args.h = int_list(args.h, "BENCH_H")
    forks = int_list(args.forks, "BENCH_FORKS")
    if len(forks) != 1 or forks[0] < 1:
        raise SystemExit("BENCH_FORKS must be one integer >= 1, got %r" % args.forks)
    args.forks = forks[0]
    if any(n < 1 for n in args.n):
        raise SystemExit("BENCH_N must be >= 1")
    args.shared_n = _one_int(args.shared_n, "BENCH_SHARED_N", args.n[0], 1)
    args.shared_h = _one_int(args.shared_h, "BENCH_SHARED_H", max(args.h), 0)
    args.shared_k = _one_int(args.shared_k, "BENCH_SHARED_K", DEFAULT_SHARED_K, 0)
    args.converge_n = _one_int(args.converge_n, "BENCH_CONVERGE_N", DEFAULT_CONVERGE_N, 2)
    args.converge_h = _one_int(args.converge_h, "BENCH_CONVERGE_H", min(args.h), 0)
    args.warm = args.warm == "yes"
    args.warm_k = _one_int(args.warm_k, "BENCH_WARM_K", DEFAULT_WARM_K, 0)
    args.large_n = _one_int(args.large_n, "BENCH_LARGE_N", DEFAULT_LARGE_N, 1)
    args.large_h = _one_int(args.large_h, "BENCH_LARGE_H", DEFAULT_LARGE_H, 0)
    return args


OPTIONAL_CELLS = ("shared", "converge", "large")


def selected(args):
    """Which parts run: {"matrix": bool, "shared": bool, "converge": bool, "large": bool}. A cell set to 'only' runs
    with the other 'only' cells and without the matrix; otherwise the matrix runs, and each cell unless it is 'no'."""
    only = [name for name in OPTIONAL_CELLS if getattr(args, name) == "only"]
    if only:
        return dict([("matrix", False)] + [(name, name in only) for name in OPTIONAL_CELLS])
    return dict([("matrix", True)] + [(name, getattr(args, name) == "yes") for name in OPTIONAL_CELLS])


def _one_int(text, name, default, minimum):
    if text is None:
        return default
    values = int_list(text, name)
    if len(values) != 1 or values[0] < minimum:
        raise SystemExit("%s must be one integer >= %d, got %r" % (name, minimum, text))
    return values[0]


# ---------------------------------------------------------------------------------------------------------------------
# simulator and inventory

def seeded_simulator(n, h, workdir, label):
    """A fresh simulator (SIM_ARGS) with H earlier orders and N subordinate users; returns (sim, partner ids, seconds)."""
    for name in ("bulk_orders", "bulk_subordinates"):
        if not hasattr(SimulatorProcess, name):
            raise BenchError("the simulator has no %s() (tests/simulator/yeastar_sim/control.py): the benchmark needs the "
                             "admin endpoints POST /_sim/orders/bulk and POST /_sim/subordinates/bulk" % name)
    state_dir = os.path.join(workdir, "sim-" + label)
    os.makedirs(state_dir)
    sim = SimulatorProcess(state_path=os.path.join(state_dir, "state.json"), extra_args=SIM_ARGS, start_timeout=60)
    sim.timeout = 120  # admin calls: GET /_sim/state of 100,000 orders is about 40 MB
    started = time.monotonic()
    try:
        sim.start()
        if h:
            created = sim.bulk_orders(h)
            if isinstance(created, dict) and created.get("created", h) != h:
                raise BenchError("POST /_sim/orders/bulk created %r orders, %d asked for" % (created.get("created"), h))
        answer = sim.bulk_subordinates(n, prefix="tenant")
        partner_ids = _partner_ids(answer)
        if len(partner_ids) != n:
            raise BenchError("POST /_sim/subordinates/bulk created %d subordinate users, %d asked for: %r"
                             % (len(partner_ids), n, answer if len(repr(answer)) < 500 else repr(answer)[:500]))
        sim.clear_log()
    except (SimulatorError, OSError) as exc:
        sim.stop()
        raise BenchError("could not start and seed the simulator: %s" % exc) from exc
    except BaseException:
        sim.stop()
        raise
    return sim, partner_ids, time.monotonic() - started


def stop_simulator(sim, cell, cell_dir, label):
    """Stop a cell's simulator. Its stderr goes to <cell_dir>/sim-<label>.stderr; a simulator that had ended before
    (it should run until the cell stops it) is an error of the cell, with its exit status."""
    process = sim.process
    status = process.poll() if process is not None else None
    sim.stop(cleanup=False)
    try:
        shutil.copyfile(sim.stderr_path, os.path.join(cell_dir, "sim-%s.stderr" % label))
    except OSError:
        pass
    if status is not None:
        cell["errors"].append("the %s simulator (pid %d) had ended before the cell stopped it, exit status %s; its stderr is "
                              "in %s" % (label, process.pid, status, os.path.join(cell_dir, "sim-%s.stderr" % label)))


def _partner_ids(answer):
    """The partnerIds from bulk_subordinates(): a list of ids or of users, possibly wrapped in a dict."""
    if isinstance(answer, dict):
        for key in ("partnerIds", "partner_ids", "created", "subordinates", "users", "result"):
            if key in answer:
                return _partner_ids(answer[key])
        raise BenchError("cannot find the partnerIds in the answer of POST /_sim/subordinates/bulk: %r" % (answer,))
    ids = []
    for item in answer or []:
        ids.append(item["partnerId"] if isinstance(item, dict) else str(item))
    return ids


def write_inventory(path, partner_ids, first=0):
    """N tenant hosts (tenant-0001, ...; numbered from first + 1) for both playbooks; JSON, which the yaml inventory
    plugin reads."""
    hosts = {}
    for index, partner_id in enumerate(partner_ids, first):
        hosts["tenant-%04d" % (index + 1)] = {
            "turnkey_purchase_partner_id": partner_id,
            "turnkey_purchase_extensions": 10 + (index * 37) % 91,  # 10..100, spread over the tenants
        }
    group_vars = dict(TENANT_VARS, ansible_python_interpreter=sys.executable)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"tenants": {"vars": group_vars, "hosts": hosts}}, handle, indent=1, sort_keys=True)
        handle.write("\n")


# ---------------------------------------------------------------------------------------------------------------------
# playbooks

def playbook_env(args, sim, cache_dir, cfg_path, ledger_url=None):
    """The environment of one playbook: a ledger URL of the calling shell is never passed on, only ledger_url."""
    env = dict(os.environ)
    for name in ("ANSIBLE_FORCE_COLOR", "PYTHONPATH", LEDGER_ENV):
        env.pop(name, None)
    if ledger_url:
        env[LEDGER_ENV] = ledger_url
    env.update({
        "ANSIBLE_CONFIG": cfg_path,
        "ANSIBLE_COLLECTIONS_PATH": args.collections_path,
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_NOCOLOR": "1",
        "YEASTAR_API_URL": sim.base_url,
        "YEASTAR_CLIENT_ID": sim.client_id,
        "YEASTAR_CLIENT_SECRET": sim.client_secret,
        "YEASTAR_CACHE_DIR": cache_dir,
        "PATH": os.path.dirname(args.ansible_playbook) + os.pathsep + env.get("PATH", ""),
        # Where the time goes, task by task (tests/bench/callback_plugins/bench_tasks.py); the stdout callback stays
        # the default. Callbacks the calling shell enables are kept.
        "ANSIBLE_CALLBACK_PLUGINS": os.pathsep.join(
            [CALLBACK_DIR] + [part for part in env.get("ANSIBLE_CALLBACK_PLUGINS", "").split(os.pathsep) if part]),
        "ANSIBLE_CALLBACKS_ENABLED": ",".join(
            [part for part in env.get("ANSIBLE_CALLBACKS_ENABLED", "").split(",") if part.strip() and part.strip() != CALLBACK_NAME]
            + [CALLBACK_NAME]),
    })
    env.pop(TASKS_ENV, None)
    return env


def run_playbook(args, playbook, inventory, env, log_path, extra=()):
    """Run ansible-playbook (with the arguments ``extra`` too), output to log_path; returns a dict: rc (exit code or
    'timeout'), wall_s, cpu_s, start and end (epoch seconds), memory (see sample_tree).

    The CPU seconds (user + system) are those of ansible-playbook and every process it started and waited for (its
    workers and modules), from wait4(); the peak memory is sampled every SAMPLE_SECONDS while it runs.
    """
    cmd = [args.ansible_playbook, playbook, "-i", inventory, "-f", str(args.forks)] + list(extra)
    peak = {"sum_kb": 0, "pss_kb": 0, "largest_kb": 0, "largest": None, "processes": 0, "samples": 0}
    usage = None
    with open(log_path, "w", encoding="utf-8") as log:
        log.write("$ %s\n\n" % " ".join(cmd))
        log.flush()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.time()
        started = time.monotonic()
        with subprocess.Popen(cmd, cwd=COLLECTION_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True) as process:
            exited = _exit_waiter(process.pid)
            try:
                rc = None
                while rc is None:
                    sample_tree(process.pid, peak)
                    pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                    if pid:
                        # Reaped here (wait4 gives this child's own usage); Popen learns the exit code from us.
                        rc = process.returncode = os.waitstatus_to_exitcode(status)
                    elif time.monotonic() - started > args.timeout:
                        _kill_playbook(process, inventory)
                        rc, usage = "timeout", None
                    else:
                        exited(SAMPLE_SECONDS)
            except BaseException:
                _kill_playbook(process, inventory)
                raise
            finally:
                exited(None)
        ended = time.monotonic()
        wall = ended - started
        end = time.time()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if usage is not None:
        cpu = usage.ru_utime + usage.ru_stime
        maxrss = usage.ru_maxrss
    else:
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        maxrss = None
    memory = {"peak_sum_mb": _mb(peak["sum_kb"]), "peak_pss_mb": _mb(peak["pss_kb"]), "peak_largest_mb": _mb(peak["largest_kb"]),
              "peak_largest": peak["largest"], "peak_processes": peak["processes"], "samples": peak["samples"], "ru_maxrss_mb": _mb(maxrss)}
    return {"rc": rc, "wall_s": wall, "cpu_s": cpu, "start": start, "end": end, "start_monotonic": started, "end_monotonic": ended,
            "memory": memory}


def _exit_waiter(pid):
    """wait(seconds): sleep that long, or less when the process pid ends first (a pidfd, so that sampling adds no
    time to the wall time measured); wait(None) releases it."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None

    def wait(seconds):
        if seconds is None:
            if fd is not None:
                os.close(fd)
        elif fd is not None:
            select.select([fd], [], [], seconds)
        else:
            time.sleep(seconds)

    return wait


def _mb(kilobytes):
    return None if kilobytes is None else round(kilobytes / 1024.0, 1)


def _children(pid):
    """The child processes of pid: /proc/<pid>/task/*/children, else None (no such files on this kernel)."""
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return []
    found = []
    for tid in tasks:
        try:
            with open("/proc/%d/task/%s/children" % (pid, tid), encoding="ascii") as handle:
                found.extend(int(part) for part in handle.read().split())
        except FileNotFoundError:
            return None
        except OSError:
            continue
    return found


def _descendants_by_ppid(root):
    """root and its descendants, from the ppid field of every /proc/<pid>/stat."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, ()))
    return tree


def _process_tree(root):
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        children = _children(pid)
        if children is None:
            return _descendants_by_ppid(root)
        tree.append(pid)
        todo.extend(children)
    return tree


def _rss_kb(pid):
    """(VmRSS in kB, command name) of a process; (0, None) when it is gone or a zombie."""
    try:
        with open("/proc/%d/status" % pid, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return 0, None
    name, rss = None, 0
    for line in text.splitlines():
        if line.startswith("Name:"):
            name = line.split(None, 1)[1].strip() if len(line.split(None, 1)) > 1 else ""
        elif line.startswith("VmRSS:"):
            rss = int(line.split()[1])
            break
    return rss, name


def _pss_kb(pid):
    """The proportional set size of a process in kB (its share of the pages it shares with others: forked workers share
    most of theirs with ansible-playbook), from /proc/<pid>/smaps_rollup; 0 when it cannot be read."""
    try:
        with open("/proc/%d/smaps_rollup" % pid, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def sample_tree(root, peak):
    """One sample of the resident memory of root and all its descendants; keeps in peak the largest sum seen (sum_kb,
    with the processes it counted), the largest sum of their PSS (pss_kb) and the largest single process (largest_kb,
    and whether it was the ansible-playbook process itself)."""
    total = count = pss = 0
    for pid in _process_tree(root):
        rss, name = _rss_kb(pid)
        if not rss:
            continue
        total += rss
        count += 1
        pss += _pss_kb(pid)
        if rss > peak["largest_kb"]:
            peak["largest_kb"] = rss
            peak["largest"] = "ansible-playbook" if pid == root else "%s (a descendant)" % name
    if total > peak["sum_kb"]:
        peak["sum_kb"], peak["processes"] = total, count
    peak["pss_kb"] = max(peak["pss_kb"], pss)
    peak["samples"] += 1


def _kill_playbook(process, inventory):
    """Kill ansible-playbook's process group, then its workers that left the group (they may start sessions of their
    own): the processes whose command line holds this run's inventory path, which is unique to the run."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    marker = os.fsencode(inventory)
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(os.path.join("/proc", entry, "cmdline"), "rb") as handle:
                argv = handle.read().split(b"\0")
        except OSError:
            continue
        if marker in argv:
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass


def logged_requests(sim):
    """The simulator's request log: from its admin API, else (the simulator ended) from its log file, which it writes
    every entry to before it answers."""
    try:
        return sim.requests()
    except (SimulatorError, OSError):
        try:
            with open(sim.log_path, encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]
        except (OSError, ValueError):
            raise BenchError("the simulator does not answer and its request log %s cannot be read" % sim.log_path) from None


def measure(sim, n, timing, log_path, requests_path):
    entries = logged_requests(sim)
    with open(requests_path, "w", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, sort_keys=True) + "\n")
    by_endpoint = {}
    for entry in entries:
        key = endpoint(entry["method"], entry["path"])
        by_endpoint[key] = by_endpoint.get(key, 0) + 1
    orders = sum(1 for e in entries if (e["method"], e["path"]) == ORDER_SAVE and e["status"] == 200)
    not_ok = {}
    for entry in entries:
        if entry["status"] != 200:
            key = "%s %s" % (endpoint(entry["method"], entry["path"]), entry["status"])
            not_ok[key] = not_ok.get(key, 0) + 1
    return {
        "rc": timing["rc"], "wall_s": round(timing["wall_s"], 2), "cpu_s": round(timing["cpu_s"], 2), "memory": timing["memory"],
        "requests": len(entries), "requests_per_tenant": round(len(entries) / float(n), 2), "tenants": n,
        "orders": orders, "not_ok": sum(not_ok.values()), "not_ok_by_endpoint": dict(sorted(not_ok.items())),
        "by_endpoint": dict(sorted(by_endpoint.items())), "log": log_path,
    }


def task_times(path, timing):
    """Where the time of one run went, from what bench_tasks.py wrote to path: the tasks in the order they ran
    (name, 'once' or 'per host', hosts, seconds, share of the wall time), the start-up (the process start to the first
    task) and the end (the end of the last task to the process's end); None without the file."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError):
        return None
    # The system's monotonic clock, which the plugin and this process share (the epoch clock may be adjusted while a
    # run lasts: a step of seconds was seen in a run of five minutes).
    wall = max(timing["wall_s"], 1e-9)
    tasks = []
    for task in document.get("tasks") or []:
        seconds = task.get("seconds") or 0.0
        tasks.append({"name": task.get("name"), "action": task.get("action"), "scope": "once" if task.get("run_once") else "per host",
                      "hosts": task.get("hosts", 0), "seconds": round(seconds, 2), "share": round(seconds / wall, 3)})
    first = min((t["start_monotonic"] for t in document.get("tasks") or []), default=document.get("end_monotonic"))
    startup = max(0.0, first - timing["start_monotonic"]) if first is not None else None
    ending = max(0.0, timing["end_monotonic"] - document["end_monotonic"]) if document.get("end_monotonic") is not None else None
    return {"file": os.path.basename(path), "tasks": tasks, "startup_s": _round(startup), "end_s": _round(ending),
            "startup_share": _round(startup / wall if startup is not None else None, 3),
            "end_share": _round(ending / wall if ending is not None else None, 3)}


def _round(value, digits=2):
    return None if value is None else round(value, digits)


def play(args, cell, key, label, sim, playbook, inventory, env, cell_dir, out_dir, tenants, extra=()):
    """Run one playbook of a cell against sim (its request log cleared first) and measure it into cell["runs"][key]:
    the log <key>.log, the requests <key>.requests.jsonl, the tasks <key>.tasks.json (dashes for underscores).
    Returns the measured run, or None when ansible-playbook failed (then the error is in cell["errors"])."""
    base = os.path.join(cell_dir, key.replace("_", "-"))
    log_path, tasks_path = base + ".log", base + ".tasks.json"
    progress("%s: %s (%s, %d tenant(s), forks %d)" % (cell_name(cell), label, playbook, tenants, args.forks))
    sim.clear_log()
    timing = run_playbook(args, playbook, inventory, dict(env, **{TASKS_ENV: tasks_path}), log_path, extra)
    measured = measure(sim, tenants, timing, os.path.relpath(log_path, out_dir), base + ".requests.jsonl")
    measured["tasks"] = task_times(tasks_path, timing)
    cell["runs"][key] = measured
    if timing["rc"] != 0:
        cell["errors"].append("%s: ansible-playbook exited with %s (see %s)" % (label, timing["rc"], log_path))
        return None
    return measured


def cell_name(cell):
    kind = cell.get("kind", "role")
    if kind == "shared":
        return "shared ledger N=%d H=%d K=%d" % (cell["n"], cell["h"], cell["k"])
    if kind == "role":
        return "N=%d H=%d" % (cell["n"], cell["h"])
    return "%s N=%d H=%d" % (kind, cell["n"], cell["h"])


def run_cell(args, n, h, out_dir, cfg_path):
    """The runs of one role cell (the baseline, the role's first run and rerun, and with args.warm the ended and the
    warm first run); returns the cell's result dict."""
    cell_dir = os.path.join(out_dir, "n%d-h%d" % (n, h))
    shutil.rmtree(cell_dir, ignore_errors=True)
    os.makedirs(cell_dir)
    workdir = tempfile.mkdtemp(prefix="yeastar-bench-")
    cell = {"kind": "role", "n": n, "h": h, "forks": args.forks, "warm": args.warm, "warm_k": args.warm_k, "runs": {}, "seed_s": {},
            "errors": [], "loadavg_before": _loadavg()}
    try:
        # The baseline: a simulator of its own, N tenants.
        sim, baseline_ids, seed_s = seeded_simulator(n, h, workdir, "baseline")
        cell["seed_s"]["baseline"] = round(seed_s, 2)
        try:
            inventory = os.path.join(cell_dir, "inventory-baseline.json")
            write_inventory(inventory, baseline_ids)
            env = playbook_env(args, sim, _new_dir(workdir, "cache-baseline"), cfg_path)
            play(args, cell, "baseline", "baseline", sim, BASELINE_PLAYBOOK, inventory, env, cell_dir, out_dir, n)
        finally:
            stop_simulator(sim, cell, cell_dir, "baseline")
        # The role: another simulator with the same seeding, and N more tenants for the warm first run (seeded up front,
        # so the subordinate users do not change between the runs); one cache folder for all its runs.
        sim, partner_ids, seed_s = seeded_simulator(2 * n if args.warm else n, h, workdir, "role")
        cell["seed_s"]["role"] = round(seed_s, 2)
        try:
            tenants, newcomers = partner_ids[:n], partner_ids[n:]
            if tenants != baseline_ids:
                cell["errors"].append("the two simulators created different subordinate users; the inventories differ")
            inventory = os.path.join(cell_dir, "inventory-role.json")
            write_inventory(inventory, tenants)
            env = playbook_env(args, sim, _new_dir(workdir, "cache-role"), cfg_path)
            first = play(args, cell, "role_first", "role first", sim, ROLE_PLAYBOOK, inventory, env, cell_dir, out_dir, n)
            play(args, cell, "role_rerun", "role rerun", sim, ROLE_PLAYBOOK, inventory, env, cell_dir, out_dir, n)
            if args.warm and first is not None:
                ended_run(args, cell, sim, tenants, inventory, env, cell_dir, out_dir)
                warm_first_run(args, cell, sim, newcomers, env, cell_dir, out_dir)
        finally:
            stop_simulator(sim, cell, cell_dir, "role")
    except (BenchError, SimulatorError, OSError) as exc:
        cell["errors"].append(str(exc))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    evaluate(cell)
    return cell


def _new_dir(workdir, name):
    path = os.path.join(workdir, name)
    os.makedirs(path)
    return path


def ended_tenants(tenants):
    """The k = 3 tenants whose orders end before the ended run (the first, the middle and the last; fewer for N < 3),
    each with the status its order gets."""
    picked = []
    for index in (0, len(tenants) // 2, len(tenants) - 1):
        if tenants[index] not in picked:
            picked.append(tenants[index])
    return list(zip(picked, ENDED_STATUSES))


def ended_run(args, cell, sim, tenants, inventory, env, cell_dir, out_dir):
    """Flip k of the first run's orders to cancelled, refunded and failed, run the role again (same cache folder): it
    must buy each of them again, with the same purchase order number, and nothing else."""
    orders = tenant_orders(sim, tenants)
    flipped = []
    for partner_id, status in ended_tenants(tenants):
        live = [order for order in orders[partner_id] if order.get("orderStatus") in LIVE_STATUSES]
        if len(live) != 1:
            raise BenchError("role ended: %s holds %d live orders after the first run, not 1: nothing to end" % (partner_id, len(live)))
        sim.set_order_status(live[0]["id"], status)
        flipped.append({"partner_id": partner_id, "status": status, "orderNo": live[0]["orderNo"],
                        "po_number": live[0].get("customReferenceNo")})
    cell["ended"] = {"k": len(flipped), "flipped": flipped}
    progress("N=%d H=%d: ended %s" % (cell["n"], cell["h"], ", ".join("%s %s" % (f["orderNo"], f["status"]) for f in flipped)))
    if play(args, cell, "role_ended", "role ended", sim, ROLE_PLAYBOOK, inventory, env, cell_dir, out_dir, len(tenants)) is None:
        return
    orders = tenant_orders(sim, tenants)
    ended_ids = set(f["partner_id"] for f in flipped)
    again = same_po = 0
    for item in flipped:
        live = [order for order in orders[item["partner_id"]] if order.get("orderStatus") in LIVE_STATUSES]
        if len(live) == 1:
            again += 1
            same_po += 1 if live[0].get("customReferenceNo") == item["po_number"] else 0
        item["live_after"] = [(order["orderNo"], order.get("customReferenceNo"), order.get("orderStatus")) for order in live]
    cell["ended"].update({
        "tenants_with_one_live_order": again, "bought_with_same_po": same_po,
        "others_with_one_order": sum(1 for partner_id in tenants if partner_id not in ended_ids and len(orders[partner_id]) == 1),
    })


def warm_first_run(args, cell, sim, newcomers, env, cell_dir, out_dir):
    """K orders by someone else appear on top of the list, then the role runs for the N tenants seeded up front that
    have no order yet, with the same cache folder (the ledger warm, K orders behind): it must buy N."""
    k = args.warm_k
    progress("N=%d H=%d: %d new orders appear (someone else's, the newest of the list)" % (cell["n"], cell["h"], k))
    before, after = add_new_orders(sim, k)
    cell["warm_info"] = {"k": k, "orders_before_k": before, "orders_after_k": after}
    inventory = os.path.join(cell_dir, "inventory-warm.json")
    write_inventory(inventory, newcomers, first=len(newcomers))
    if play(args, cell, "role_warm_first", "warm first run", sim, ROLE_PLAYBOOK, inventory, env, cell_dir, out_dir, len(newcomers)) is None:
        return
    counts = orders_by_tenant(sim, newcomers)
    cell["warm_info"]["tenants_with_one_order"] = sum(1 for count in counts.values() if count == 1)


# ---------------------------------------------------------------------------------------------------------------------
# the shared-ledger cell

def start_pg_server(workdir):
    """A throwaway PostgreSQL server (tests/postgres/pg_server.py), stopped by its watcher if this process dies."""
    try:
        from pg_server import PgServer  # pylint: disable=import-outside-toplevel
    except ImportError as exc:
        raise BenchError("tests/postgres/pg_server.py cannot be imported: %s" % exc) from exc
    server = PgServer(os.path.join(workdir, "pg"))
    try:
        server.start(watch_pid=os.getpid())
    except (RuntimeError, OSError) as exc:
        try:
            server.stop(mode="immediate", remove=True)
        except Exception:  # pylint: disable=broad-except
            pass
        raise BenchError("could not start a PostgreSQL server (make bench runs hack/run.sh setup, which finds or "
                         "unpacks the server binaries): %s" % exc) from exc
    return server


def order_total(sim):
    """The order list's total, as the API answers it (one logged request: clear the log afterwards)."""
    answer = sim.api("GET", "/order/openapi/order/v1/page", params={"pageNo": 1, "pageSize": 1, "sort": "id"})
    if answer.status != 200:
        raise BenchError("GET /order/openapi/order/v1/page answered %r" % (answer,))
    return int(answer.result["total"])


def add_new_orders(sim, k):
    """K orders someone else places now: the newest of the list (customReferenceNo OTHER-<hex>, succeed).

    POST /_sim/orders/bulk adds orders older than every order there is, below the ones an index already holds, which
    no real account ever gets; the setting new_orders_per_read puts them on top, where new orders are. Returns the
    order list's total before and after."""
    before = order_total(sim)
    left = k
    try:
        while left > 0:
            chunk = min(left, 1000)
            sim.configure(new_orders_per_read=chunk)
            order_total(sim)
            left -= chunk
    finally:
        sim.configure(new_orders_per_read=0)
    after = order_total(sim)
    sim.clear_log()
    if after != before + k:
        raise BenchError("%d new orders asked for, the order list went from %d to %d" % (k, before, after))
    return before, after


def tenant_orders(sim, partner_ids):
    """The orders the account holds for each of these partnerIds ({partnerId: [order, ...]}, the simulator's state)."""
    wanted = {partner_id.lower(): partner_id for partner_id in partner_ids}
    found = dict((partner_id, []) for partner_id in partner_ids)
    for order in sim.state().get("orders") or []:
        partner_id = wanted.get(str(order.get("assignId") or "").lower())
        if partner_id is not None:
            found[partner_id].append(order)
    return found


def orders_by_tenant(sim, partner_ids):
    """How many orders the account holds for each of these partnerIds (the simulator's state)."""
    return dict((partner_id, len(orders)) for partner_id, orders in tenant_orders(sim, partner_ids).items())


def run_shared_cell(args, out_dir, cfg_path):
    """Controllers A, B and C on one shared ledger, then a run without it; returns the cell's result dict."""
    n, h, k = args.shared_n, args.shared_h, args.shared_k
    cell_dir = os.path.join(out_dir, "shared-n%d-h%d-k%d" % (n, h, k))
    shutil.rmtree(cell_dir, ignore_errors=True)
    os.makedirs(cell_dir)
    workdir = tempfile.mkdtemp(prefix="yeastar-bench-shared-")
    cell = {"kind": "shared", "n": n, "h": h, "k": k, "forks": args.forks, "runs": {}, "seed_s": {}, "errors": [],
            "loadavg_before": _loadavg()}
    server = sim = None
    try:
        progress("shared ledger N=%d H=%d K=%d: seeding the simulator (N + 1 tenants), starting PostgreSQL" % (n, h, k))
        sim, partner_ids, seed_s = seeded_simulator(n + 1, h, workdir, "shared")
        cell["seed_s"]["simulator"] = round(seed_s, 2)
        started = time.monotonic()
        server = start_pg_server(workdir)
        cell["seed_s"]["postgresql"] = round(time.monotonic() - started, 2)
        cell["pg_bindir"] = server["bindir"]
        tenants, other = partner_ids[:n], partner_ids[n:]
        inventories = {"controller_a": os.path.join(cell_dir, "inventory-controller-a.json"),
                       "tenants": os.path.join(cell_dir, "inventory-tenants.json")}
        write_inventory(inventories["controller_a"], other, first=n)
        write_inventory(inventories["tenants"], tenants)
        for run, label in SHARED_RUNS:
            if run == "controller_b":
                progress("shared ledger: %d new orders appear (someone else's, the newest of the list)" % k)
                cell["orders_before_k"], cell["orders_after_k"] = add_new_orders(sim, k)
            env = playbook_env(args, sim, _new_dir(workdir, "cache-" + run), cfg_path,
                               ledger_url=None if run == "no_ledger" else server["url"])
            inventory = inventories["controller_a" if run == "controller_a" else "tenants"]
            what = "%s (fresh cache folder, %s)" % (label, "no ledger_url" if run == "no_ledger" else "ledger_url")
            if play(args, cell, run, what, sim, ROLE_PLAYBOOK, inventory, env, cell_dir, out_dir, 1 if run == "controller_a" else n) is None:
                break
        per_tenant = orders_by_tenant(sim, tenants)
        cell["tenants_with_one_order"] = sum(1 for count in per_tenant.values() if count == 1)
        cell["tenant_orders"] = sum(per_tenant.values())
    except (BenchError, SimulatorError, OSError) as exc:
        cell["errors"].append(str(exc))
    finally:
        if sim is not None:
            stop_simulator(sim, cell, cell_dir, "shared")
        if server is not None:
            try:
                server.stop(remove=True)
            except Exception as exc:  # pylint: disable=broad-except
                cell["errors"].append("could not stop the PostgreSQL server: %s" % exc)
        shutil.rmtree(workdir, ignore_errors=True)
    evaluate_shared(cell)
    return cell


# ---------------------------------------------------------------------------------------------------------------------
# the converge cell

def write_converge_inventory(path, partner_ids):
    """N tenant hosts (tenant-0001, ...) for tests/bench/converge.yml: each its partnerId; the desired state (the
    Enterprise Plan, CONVERGE_DESIRED extensions, the billing contact) the same for all."""
    hosts = dict(("tenant-%04d" % (index + 1), {"bench_partner_id": partner_id}) for index, partner_id in enumerate(partner_ids))
    group_vars = {"ansible_connection": "local", "ansible_python_interpreter": sys.executable, "bench_plan": CONVERGE_PLAN,
                  "bench_extensions": CONVERGE_DESIRED, "bench_billing_id": CONVERGE_BILLING_ID}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"tenants": {"vars": group_vars, "hosts": hosts}}, handle, indent=1, sort_keys=True)
        handle.write("\n")


def seed_devices(sim, partner_ids):
    """A Turnkey device (Enterprise Plan, annual, 365 days left) for each tenant, made with POST /_sim/instances/bulk
    (no order in the history): every other tenant (tenant-0001, -0003, ...) with CONVERGE_SHORT extensions, the others
    with CONVERGE_DESIRED. Returns the short tenants' partnerIds."""
    if not hasattr(SimulatorProcess, "bulk_instances"):
        raise BenchError("the simulator has no bulk_instances() (tests/simulator/yeastar_sim/control.py): the converge "
                         "cell needs the admin endpoint POST /_sim/instances/bulk")
    from yeastar_sim.catalog import TURNKEY_ENTERPRISE_PLAN  # pylint: disable=import-outside-toplevel
    short, complete = partner_ids[0::2], partner_ids[1::2]
    for group, quantity in ((short, CONVERGE_SHORT), (complete, CONVERGE_DESIRED)):
        if not group:
            continue
        answer = sim.bulk_instances(group, productId=CONVERGE_PRODUCT, planId=TURNKEY_ENTERPRISE_PLAN, quantity=quantity,
                                    billingCycle="annually", expire_in_days=365)
        created = answer.get("created") if isinstance(answer, dict) else None
        if not isinstance(created, list) or len(created) != len(group):
            raise BenchError("POST /_sim/instances/bulk made %r devices, %d asked for" % (
                len(created) if isinstance(created, list) else created, len(group)))
    return short


def tenant_devices(sim, partner_ids):
    """({partnerId: [extension counts of its devices of product 14]}, devices of product 14 in the account), from the
    simulator's state."""
    wanted = dict((partner_id.lower(), partner_id) for partner_id in partner_ids)
    counts = dict((partner_id, []) for partner_id in partner_ids)
    total = 0
    for instance in sim.state().get("instances") or []:
        if instance.get("productId") != CONVERGE_PRODUCT:
            continue
        total += 1
        partner_id = wanted.get(str(instance.get("partnerId") or "").lower())
        if partner_id is not None:
            counts[partner_id].append(instance.get("quantity"))
    return counts, total


def summarise_results(path):
    """What the playbook's last task wrote (every host's yeastar_subscription result), summed up; None without it."""
    try:
        with open(path, encoding="utf-8") as handle:
            results = json.load(handle)
    except (OSError, ValueError):
        return None
    statuses, outcomes, reads, spend = {}, {}, {}, {}
    prices_unknown = changed = 0
    for result in results.values():
        for action in result.get("actions") or []:
            statuses[action.get("status")] = statuses.get(action.get("status"), 0) + 1
        outcomes[result.get("outcome")] = outcomes.get(result.get("outcome"), 0) + 1
        reads[result.get("reads")] = reads.get(result.get("reads"), 0) + 1
        for currency, amount in (result.get("spend") or {}).items():
            spend[currency] = spend.get(currency, decimal.Decimal(0)) + decimal.Decimal(str(amount))
        prices_unknown += int(result.get("prices_unknown") or 0)
        changed += 1 if result.get("changed") else 0
    return {"hosts": len(results), "actions": dict(sorted(statuses.items(), key=str)), "outcomes": dict(sorted(outcomes.items(), key=str)),
            "reads": dict(sorted(reads.items(), key=str)), "spend": dict((c, str(a)) for c, a in sorted(spend.items())),
            "prices_unknown": prices_unknown, "changed": changed}


def path_counts(run):
    """The converge cell's request groups (CONVERGE_PATHS) of one measured run."""
    return dict((label, run["by_endpoint"].get(endpoint(*method_path), 0)) for label, method_path in CONVERGE_PATHS)


def run_converge_cell(args, out_dir, cfg_path):
    """yeastar_subscription over N tenants: check mode, first run, rerun; returns the cell's result dict."""
    n, h = args.converge_n, args.converge_h
    cell_dir = os.path.join(out_dir, "converge-n%d-h%d" % (n, h))
    shutil.rmtree(cell_dir, ignore_errors=True)
    os.makedirs(cell_dir)
    workdir = tempfile.mkdtemp(prefix="yeastar-bench-converge-")
    cell = {"kind": "converge", "n": n, "h": h, "forks": args.forks, "runs": {}, "seed_s": {}, "errors": [],
            "loadavg_before": _loadavg()}
    sim = None
    try:
        progress("converge N=%d H=%d: seeding the simulator (N tenants, a Turnkey device each)" % (n, h))
        sim, partner_ids, seed_s = seeded_simulator(n, h, workdir, "converge")
        started = time.monotonic()
        short = seed_devices(sim, partner_ids)
        cell["seed_s"]["simulator"] = round(seed_s + time.monotonic() - started, 2)
        cell["short"] = len(short)
        dummy, cell["devices"] = tenant_devices(sim, partner_ids)
        inventory = os.path.join(cell_dir, "inventory.json")
        write_converge_inventory(inventory, partner_ids)
        env = playbook_env(args, sim, _new_dir(workdir, "cache"), cfg_path)
        for run, label in CONVERGE_RUNS:
            if run == "first":
                cell["orders_before_first"] = order_total(sim)
            results_path = os.path.join(cell_dir, run + ".results.json")
            env["BENCH_CONVERGE_RESULTS"] = results_path
            ok = play(args, cell, run, label, sim, CONVERGE_PLAYBOOK, inventory, env, cell_dir, out_dir, n,
                      extra=("--check",) if run == "check" else ())
            measured = cell["runs"][run]
            measured["paths"] = path_counts(measured)
            measured["results"] = summarise_results(results_path)
            measured["wall_per_tenant"] = round(measured["wall_s"] / n, 3)
            if ok is None:
                break
            if measured["results"] is None:
                cell["errors"].append("%s: the playbook wrote no results to %s" % (label, results_path))
                break
            if run == "first":
                counts, dummy = tenant_devices(sim, partner_ids)
                cell["tenants_at_desired"] = sum(1 for c in counts.values() if len(c) == 1 and c[0] == CONVERGE_DESIRED)
    except (BenchError, SimulatorError, OSError) as exc:
        cell["errors"].append(str(exc))
    finally:
        if sim is not None:
            stop_simulator(sim, cell, cell_dir, "converge")
        shutil.rmtree(workdir, ignore_errors=True)
    evaluate_converge(cell)
    return cell


# ---------------------------------------------------------------------------------------------------------------------
# the large cell

def run_large_cell(args, out_dir, cfg_path):
    """The role for N = args.large_n tenants in an account of H = args.large_h orders, without a baseline: its first
    run (cold cache) and its rerun (warm); returns the cell's result dict."""
    n, h = args.large_n, args.large_h
    cell_dir = os.path.join(out_dir, "large-n%d-h%d" % (n, h))
    shutil.rmtree(cell_dir, ignore_errors=True)
    os.makedirs(cell_dir)
    workdir = tempfile.mkdtemp(prefix="yeastar-bench-large-")
    cell = {"kind": "large", "n": n, "h": h, "forks": args.forks, "runs": {}, "seed_s": {}, "errors": [], "loadavg_before": _loadavg()}
    sim = None
    try:
        progress("large N=%d H=%d: seeding the simulator" % (n, h))
        sim, partner_ids, seed_s = seeded_simulator(n, h, workdir, "large")
        cell["seed_s"]["simulator"] = round(seed_s, 2)
        inventory = os.path.join(cell_dir, "inventory.json")
        write_inventory(inventory, partner_ids)
        env = playbook_env(args, sim, _new_dir(workdir, "cache"), cfg_path)
        for run, label in LARGE_RUNS:
            if play(args, cell, run, label, sim, ROLE_PLAYBOOK, inventory, env, cell_dir, out_dir, n) is None:
                break
        if "rerun" in cell["runs"]:
            counts = orders_by_tenant(sim, partner_ids)
            cell["tenants_with_one_order"] = sum(1 for count in counts.values() if count == 1)
    except (BenchError, SimulatorError, OSError) as exc:
        cell["errors"].append(str(exc))
    finally:
        if sim is not None:
            stop_simulator(sim, cell, cell_dir, "large")
        shutil.rmtree(workdir, ignore_errors=True)
    evaluate_large(cell)
    return cell


# ---------------------------------------------------------------------------------------------------------------------
# targets

def _fmt(value):
    if isinstance(value, float):
        return ("%.2f" % value).rstrip("0").rstrip(".")
    return str(value)


def _fmt_opt(value):
    return "-" if value is None else _fmt(value)


def _loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _ratio(run, base, key):
    if not run or not base or base[key] <= 0:
        return None
    return round(run[key] / base[key], 3)


def target_list():
    """([], add): add(name, value, op, limit, formula) appends a target to the list; a value of None (the run did not
    happen) fails."""
    targets = []

    def add(name, value, op, limit, formula):
        ok = value is not None and (value <= limit if op == "<=" else value == limit)
        targets.append({"name": name, "value": value, "op": op, "limit": limit, "formula": formula, "pass": ok})

    return targets, add


def evaluate(cell):
    n, h, runs = cell["n"], cell["h"], cell["runs"]
    targets, target = target_list()
    first, rerun, base = runs.get("role_first"), runs.get("role_rerun"), runs.get("baseline")
    target("role first run: API requests", first and first["requests"], "<=", 3 * n + h / 100.0 + 10, "3N + H/100 + 10")
    target("role rerun: API requests", rerun and rerun["requests"], "<=", n + 20, "N + 20")
    target("role rerun: orders placed", rerun and rerun["orders"], "==", 0, "0")
    target("role first run: orders placed", first and first["orders"], "==", n, "N")
    cell["wall_ratio"] = _ratio(first, base, "wall_s")
    cell["rerun_wall_ratio"] = _ratio(rerun, base, "wall_s")
    cell["cpu_ratio"] = _ratio(first, base, "cpu_s")
    cell["rerun_cpu_ratio"] = _ratio(rerun, base, "cpu_s")
    if n >= WALL_TARGET_FROM_N:
        # The wall-time targets are set from N = 200: with fewer tenants the role's fixed costs (Ansible's start, the
        # reads once per play, the whole history) weigh more; the ratios are printed for every cell all the same.
        target("role first-run wall / baseline wall", cell["wall_ratio"], "<=", FIRST_WALL_TARGET,
               "%s (N >= %d)" % (_fmt(FIRST_WALL_TARGET), WALL_TARGET_FROM_N))
        target("role rerun wall / baseline wall", cell["rerun_wall_ratio"], "<=", RERUN_WALL_TARGET,
               "%s (N >= %d)" % (_fmt(RERUN_WALL_TARGET), WALL_TARGET_FROM_N))
    if cell.get("warm"):
        ended, warm = runs.get("role_ended"), runs.get("role_warm_first")
        info = cell.get("ended") or {}
        k = info.get("k", min(n, len(ENDED_STATUSES)))
        target("role ended: orders placed", ended and ended["orders"], "==", k, "k = %d" % k)
        target("role ended: tenants with one live order", ended and info.get("tenants_with_one_live_order"), "==", k, "k")
        target("role ended: bought with the same poNumber", ended and info.get("bought_with_same_po"), "==", k, "k")
        target("role ended: other tenants with one order", ended and info.get("others_with_one_order"), "==", n - k, "N - k")
        target("role ended: API requests", ended and ended["requests"], "<=", n + 20 + 2 * k, "N + 20 + 2k")
        wk = cell.get("warm_k") or 0
        target("warm first run: orders placed", warm and warm["orders"], "==", n, "N")
        target("warm first run: tenants with one order", warm and (cell.get("warm_info") or {}).get("tenants_with_one_order"),
               "==", n, "N")
        target("warm first run: API requests", warm and warm["requests"], "<=", 3 * n + 20 + wk / 100.0, "3N + 20 + K/100")
    cell["targets"] = targets
    if base is not None and base["orders"] != n:
        cell["errors"].append("the baseline placed %d orders, not %d: its wall time is no yardstick" % (base["orders"], n))
    cell["pass"] = all(t["pass"] for t in targets) and not cell["errors"]


def evaluate_large(cell):
    n, h, runs = cell["n"], cell["h"], cell["runs"]
    targets, target = target_list()
    first, rerun = runs.get("first"), runs.get("rerun")
    target("first run: API requests", first and first["requests"], "<=", 3 * n + h / 100.0 + 10, "3N + H/100 + 10")
    target("first run: orders placed", first and first["orders"], "==", n, "N")
    target("rerun: API requests", rerun and rerun["requests"], "<=", n + 20, "N + 20")
    target("rerun: orders placed", rerun and rerun["orders"], "==", 0, "0")
    target("tenants with exactly one order", cell.get("tenants_with_one_order") if rerun else None, "==", n, "N")
    cell["targets"] = targets
    cell["pass"] = all(t["pass"] for t in targets) and not cell["errors"]


def evaluate_shared(cell):
    n, k, runs = cell["n"], cell["k"], cell["runs"]
    targets, target = target_list()

    a, b, c, d = (runs.get(run) for run, _label in SHARED_RUNS)
    target("controller B: API requests", b and b["requests"], "<=", 3 * n + 20 + k / 100.0, "3N + 20 + K/100")
    target("controller C: API requests", c and c["requests"], "<=", n + 20, "N + 20")
    target("controller A: orders placed", a and a["orders"], "==", 1, "1")
    target("controllers B and C: orders placed", b and c and b["orders"] + c["orders"], "==", n, "N")
    target("controller C: orders placed", c and c["orders"], "==", 0, "0")
    target("tenants with exactly one order", cell.get("tenants_with_one_order") if c else None, "==", n, "N")
    target("no ledger: orders placed", d and d["orders"], "==", 0, "0")
    cell["targets"] = targets
    cell["pass"] = all(t["pass"] for t in targets) and not cell["errors"]


def converge_limits(cell):
    """The converge cell's bounds, each (limit, formula, derivation), from N, the short tenants S, the devices D of
    product 14 and the orders T in the account before the first run."""
    n, short = cell["n"], cell.get("short", (cell["n"] + 1) // 2)
    complete = n - short
    devices = cell.get("devices", n)
    orders = cell.get("orders_before_first", cell["h"])
    device_pages = int(math.ceil(devices / float(PAGE_SIZE)))
    history_pages = int(math.ceil(orders / float(PAGE_SIZE)))
    return {
        "device_pages": (device_pages + 1, "ceil(D/%d) + 1" % PAGE_SIZE,
                         "one read of the device list, %d devices at %d a page, and one page more should the list move "
                         "while it is read; a read per host would be N x %d" % (devices, PAGE_SIZE, device_pages)),
        "first_details": (2 * short + complete, "2S + C",
                          "each short tenant reads its details before its order and after it (deciding again: nothing "
                          "left), each complete tenant once before deciding nothing"),
        "first_requests": (6 * short + 2 * complete + history_pages + device_pages + 10,
                           "6S + 2C + ceil(T/%d) + ceil(D/%d) + 10" % (PAGE_SIZE, PAGE_SIZE),
                           "per short tenant 6: details, the ledger's page of the newest orders before the order, the "
                           "price list, the order, the page after it, details again; per complete tenant 2: its details "
                           "and one spare; once per run: the whole order history (T = %d orders) and the device list; "
                           "10 for the token, the catalogue, the billing contacts, the subordinate users and slack"
                           % orders),
        "rerun_details": (n, "N", "one read of each tenant's details, which decides nothing"),
        "rerun_requests": (2 * n, "2N", "per tenant its details and one spare; the reads once per run are a few more "
                                        "(N + ceil(D/%d) + 4 expected)" % PAGE_SIZE),
    }


def check_mode_expected(cell):
    """What the check-mode run is expected to read, and why (information, not a target): in check mode the module
    shares nothing (its run cache writes nothing), so every host reads the catalogue, the billing contacts, the
    subordinate users and the device list itself, and every short host the whole order history and the price list."""
    n, short = cell["n"], cell.get("short", (cell["n"] + 1) // 2)
    device_pages = int(math.ceil(cell.get("devices", n) / float(PAGE_SIZE)))
    history_pages = int(math.ceil(cell.get("orders_before_first", cell["h"]) / float(PAGE_SIZE)))
    return ((3 + device_pages) * n + short * (history_pages + 1) + 1,
            "(3 + ceil(D/%d))N + S(ceil(T/%d) + 1) + 1" % (PAGE_SIZE, PAGE_SIZE),
            "check mode shares no read between hosts (nothing is written to cache_dir): per host the catalogue, the "
            "billing contacts, the subordinate users and the %d device list pages; per short host the whole order "
            "history (%d pages) and the price list; one token" % (device_pages, history_pages))


def _spend_text(run):
    """The spend per currency of a converge run's results, as text ('USD 465000.0'), or None."""
    if not run or not run.get("results"):
        return None
    return ", ".join("%s %s" % item for item in sorted(run["results"]["spend"].items())) or "nothing"


def evaluate_converge(cell):
    n, runs = cell["n"], cell["runs"]
    short = cell.get("short", (n + 1) // 2)
    limits = converge_limits(cell)
    targets, target = target_list()

    def path(run, label):
        return run["paths"][label] if run else None

    def bounded(name, run, value, key):
        limit, formula, dummy = limits[key]
        target(name, run and value, "<=", limit, formula)

    check, first, rerun = (runs.get(run) for run, _label in CONVERGE_RUNS)
    target("check mode: order POSTs", path(check, "order POSTs"), "==", 0, "0")
    target("check mode: orders it would place", check and check["results"] and check["results"]["actions"].get("would order", 0),
           "==", short, "S = N/2")
    bounded("first run: device list pages", first, path(first, "device list pages"), "device_pages")
    bounded("first run: device details", first, path(first, "device details"), "first_details")
    bounded("first run: API requests", first, first and first["requests"], "first_requests")
    target("first run: orders placed", first and first["orders"], "==", short, "S = N/2")
    target("tenants at the desired state after it", cell.get("tenants_at_desired") if first else None, "==", n, "N")
    target("rerun: order POSTs", path(rerun, "order POSTs"), "==", 0, "0")
    bounded("rerun: device list pages", rerun, path(rerun, "device list pages"), "device_pages")
    bounded("rerun: device details", rerun, path(rerun, "device details"), "rerun_details")
    bounded("rerun: API requests", rerun, rerun and rerun["requests"], "rerun_requests")
    target("check-mode spend = first-run spend", _spend_text(check), "==", _spend_text(first) if first else "-",
           "what the first run ordered")
    cell["targets"] = targets
    cell["limits"] = dict((key, {"limit": value[0], "formula": value[1], "why": value[2]}) for key, value in limits.items())
    cell["pass"] = all(t["pass"] for t in targets) and not cell["errors"]


# ---------------------------------------------------------------------------------------------------------------------
# reports

def progress(message):
    sys.stderr.write("==> %s\n" % message)
    sys.stderr.flush()


RUN_COLUMNS = ("wall s", "CPU s", "requests", "req/tenant", "orders", "non-200", "peak MB", "PSS MB", "largest MB", "maxrss MB", "rc")
MD_RUN_COLUMNS = ("wall s", "CPU s", "requests", "requests per tenant", "orders placed", "answers other than 200",
                  "peak memory MB (process tree, RSS)", "peak PSS MB", "largest process MB", "ru_maxrss MB", "exit code")


def _run_row(run):
    memory = run.get("memory") or {}
    return (_fmt(run["wall_s"]), _fmt(run["cpu_s"]), str(run["requests"]), _fmt(run["requests_per_tenant"]), str(run["orders"]),
            str(run["not_ok"]), _fmt_opt(memory.get("peak_sum_mb")), _fmt_opt(memory.get("peak_pss_mb")),
            _fmt_opt(memory.get("peak_largest_mb")), _fmt_opt(memory.get("ru_maxrss_mb")), str(run["rc"]))


def _target_text(target):
    value = "-" if target["value"] is None else _fmt(target["value"])
    return value, "%s %s (%s)" % (target["op"], _fmt(target["limit"]), target["formula"]), "PASS" if target["pass"] else "FAIL"


def _verdict(cell):
    return "PASS" if cell["pass"] else ("ERROR" if cell["errors"] else "FAIL")


def _load_text(cell):
    load = cell.get("loadavg_before")
    return ", load average before %s" % " ".join(map(str, load)) if load else ""


def text_runs(runs, order):
    """The table of runs (in the order of ``order``, (key, label) pairs) with their figures, as text lines."""
    present = [(key, label) for key, label in order if key in runs]
    if not present:
        return []
    width = max(len(label) for _key, label in present + [("", "run")])
    row = "%-*s" + " %8s %8s %9s %11s %7s %8s %8s %7s %10s %9s %4s"
    lines = [row % ((width, "run") + RUN_COLUMNS)]
    for key, label in present:
        lines.append(row % ((width, label) + _run_row(runs[key])))
    lines.append("(memory of the controller, sampled every %ss: peak MB, the largest sum of the VmRSS of ansible-playbook and "
                 "all its descendants, which counts the pages forked workers share once per process; PSS MB, the same sum "
                 "of their proportional shares; largest MB, the largest single process; maxrss MB, wait4's ru_maxrss of the "
                 "tree, the kernel's largest single process)" % _fmt(SAMPLE_SECONDS))
    return lines


def text_endpoints(runs, order):
    """Requests by endpoint and the answers other than 200, one column per run, as text lines."""
    present = [(key, label) for key, label in order if key in runs]
    lines = []
    for title, field in (("requests by endpoint", "by_endpoint"), ("answers other than 200", "not_ok_by_endpoint")):
        names = sorted({name for key, _label in present for name in runs[key][field]})
        if not names:
            continue
        width = max(len(name) for name in names + [title])
        widths = [max(len(label), 6) for _key, label in present]
        lines.append("")
        lines.append(" ".join(["%-*s" % (width, title)] + ["%*s" % (w, label) for w, (_key, label) in zip(widths, present)]))
        for name in names:
            lines.append(" ".join(["%-*s" % (width, name)] + ["%*s" % (w, runs[key][field].get(name, 0))
                                                              for w, (key, _label) in zip(widths, present)]))
    return lines


def _task_rows(tasks):
    """The tasks of one run, the longest first, merged by name and scope (a task that ran twice, in two plays or
    from two includes, counts once with both times)."""
    merged = {}
    for task in tasks:
        key = (task["name"], task["scope"])
        item = merged.setdefault(key, {"name": task["name"], "scope": task["scope"], "hosts": 0, "seconds": 0.0, "share": 0.0, "runs": 0})
        item["hosts"] = max(item["hosts"], task["hosts"])
        item["seconds"] += task["seconds"]
        item["share"] += task["share"]
        item["runs"] += 1
    return sorted(merged.values(), key=lambda item: -item["seconds"])


def text_tasks(runs, order):
    """Where the time of each run went, task by task (tests/bench/callback_plugins/bench_tasks.py), as text lines."""
    lines = []
    for key, label in order:
        run = runs.get(key)
        if not run:
            continue
        times = run.get("tasks")
        lines.append("")
        if not times:
            lines.append("where the time goes, %s: no task times (the callback wrote nothing; see %s)" % (label, run["log"]))
            continue
        in_tasks = sum(task["seconds"] for task in times["tasks"])
        lines.append("where the time goes, %s: wall %s s = start-up %s s (%s) + %d tasks %s s + end %s s (%s)" % (
            label, _fmt(run["wall_s"]), _fmt_opt(times["startup_s"]), _percent(times["startup_share"]), len(times["tasks"]),
            _fmt(round(in_tasks, 2)), _fmt_opt(times["end_s"]), _percent(times["end_share"])))
        lines.append("  %8s %6s  %-8s %5s  %s" % ("s", "share", "scope", "hosts", "task"))
        for task in _task_rows(times["tasks"]):
            repeat = " (x%d)" % task["runs"] if task["runs"] > 1 else ""
            fields = (_fmt(round(task["seconds"], 2)), _percent(task["share"]), task["scope"], task["hosts"], task["name"], repeat)
            lines.append("  %8s %6s  %-8s %5d  %s%s" % fields)
    return lines


def _percent(share):
    return "-" if share is None else "%.0f%%" % (100.0 * share)


def text_targets(cell, width=44):
    lines = ["targets:"]
    for target in cell["targets"]:
        value, limit, verdict = _target_text(target)
        lines.append("  %s  %-*s %s %s" % (verdict, width, target["name"], value, limit))
    for error in cell["errors"]:
        lines.append("  ERROR %s" % error)
    return lines


def text_report(cell):
    lines = ["", "== N=%d tenants, H=%d earlier orders, forks %d%s ==" % (cell["n"], cell["h"], cell["forks"], _load_text(cell))]
    runs = cell["runs"]
    if runs:
        lines += text_runs(runs, RUNS)
        lines += text_endpoints(runs, RUNS)
        lines.append("")
        lines.append("wall / baseline wall: role first %s, role rerun %s%s" % (
            _fmt_opt(cell["wall_ratio"]), _fmt_opt(cell["rerun_wall_ratio"]),
            "" if cell["n"] >= WALL_TARGET_FROM_N else " (information: targets from N = %d)" % WALL_TARGET_FROM_N))
        lines.append("CPU / baseline CPU:   role first %s, role rerun %s (information, not a target)"
                     % (_fmt_opt(cell["cpu_ratio"]), _fmt_opt(cell["rerun_cpu_ratio"])))
        lines += _warm_lines(cell)
        lines += text_tasks(runs, RUNS)
        lines.append("")
    lines += text_targets(cell)
    return "\n".join(lines)


def _warm_lines(cell):
    lines = []
    ended = cell.get("ended")
    if ended:
        lines.append("role ended: %s" % "; ".join("%s's order %s (%s) now %s%s" % (
            item["partner_id"], item["orderNo"], item["po_number"], item["status"],
            ", live after: %s" % (", ".join("%s %s %s" % live for live in item["live_after"]) or "none") if "live_after" in item else "")
            for item in ended["flipped"]))
    warm = cell.get("warm_info")
    if warm:
        lines.append("warm first run: K = %d orders by someone else appeared on top of the list (%d -> %d)" % (
            warm["k"], warm["orders_before_k"], warm["orders_after_k"]))
    return lines


def shared_text_report(cell):
    lines = ["", "== Shared ledger, two controllers: N=%d tenants, H=%d earlier orders, K=%d new orders, forks %d%s ==" % (
        cell["n"], cell["h"], cell["k"], cell["forks"], _load_text(cell))]
    if "orders_after_k" in cell:
        lines.append("order list: %d orders after controller A, %d after the K new ones" % (cell["orders_before_k"], cell["orders_after_k"]))
    runs = cell["runs"]
    if runs:
        lines += text_runs(runs, SHARED_RUNS)
        lines += text_endpoints(runs, SHARED_RUNS)
        lines += text_tasks(runs, SHARED_RUNS)
    lines.append("")
    lines += text_targets(cell)
    return "\n".join(lines)


def large_text_report(cell):
    lines = ["", "== Large: N=%d tenants, H=%d earlier orders, forks %d, no baseline%s ==" % (
        cell["n"], cell["h"], cell["forks"], _load_text(cell))]
    runs = cell["runs"]
    if runs:
        lines += text_runs(runs, LARGE_RUNS)
        lines += text_endpoints(runs, LARGE_RUNS)
        lines += text_tasks(runs, LARGE_RUNS)
    lines.append("")
    lines += text_targets(cell)
    return "\n".join(lines)


def _md_row(cells):
    return "| " + " | ".join(cells) + " |"


def md_runs(runs, order):
    present = [(key, label) for key, label in order if key in runs]
    if not present:
        return []
    out = [_md_row(("run",) + MD_RUN_COLUMNS), _md_row(["---"] + ["---:"] * len(MD_RUN_COLUMNS))]
    for key, label in present:
        out.append(_md_row((label,) + _run_row(runs[key])))
    return out + [""]


def md_targets(cell):
    out = [_md_row(["target", "value", "limit", "result"]), _md_row(["---", "---:", "---:", "---"])]
    for target in cell["targets"]:
        out.append(_md_row((target["name"],) + _target_text(target)))
    for error in cell["errors"]:
        out += ["", "ERROR: %s" % error]
    return out


def md_endpoints(runs, order):
    present = [(key, label) for key, label in order if key in runs]
    if not present:
        return []
    out = ["", _md_row(["requests by endpoint"] + [label for _key, label in present]), _md_row(["---"] + ["---:"] * len(present))]
    for name in sorted({name for key, _label in present for name in runs[key]["by_endpoint"]}):
        out.append(_md_row(["`%s`" % name] + [str(runs[key]["by_endpoint"].get(name, 0)) for key, _label in present]))
    return out


def md_tasks(runs, order):
    out = []
    for key, label in order:
        run = runs.get(key)
        times = run and run.get("tasks")
        if not times:
            continue
        out += ["", "Where the time goes, %s: wall %s s, start-up before the first task %s s (%s), end after the last %s s (%s)." % (
            label, _fmt(run["wall_s"]), _fmt_opt(times["startup_s"]), _percent(times["startup_share"]), _fmt_opt(times["end_s"]),
            _percent(times["end_share"])), "", _md_row(["task", "scope", "hosts", "s", "share"]), _md_row(["---", "---", "---:", "---:", "---:"])]
        for task in _task_rows(times["tasks"]):
            out.append(_md_row([task["name"].replace("|", "\\|"), task["scope"], str(task["hosts"]), _fmt(round(task["seconds"], 2)),
                                _percent(task["share"])]))
    return out


def markdown_report(result):
    out = ["# Benchmark results", "",
           "%s, ansible-core %s, Python %s, %s CPU(s), forks %d, total %ss. Produced by `make bench` (tests/bench/bench.py)."
           % (result["started"], result["ansible_core"], result["python"], result["cpus"], result["forks"], _fmt(result["total_s"]))]
    if result["cells"]:
        out += ["", _md_row(["N", "H", "baseline s", "role first s", "role rerun s", "first / baseline wall", "rerun / baseline wall",
                             "first / baseline CPU", "baseline requests", "role first requests (limit)", "role rerun requests (limit)",
                             "role first orders", "role rerun orders", "role ended requests (limit)", "role ended orders",
                             "warm first requests (limit)", "warm first orders", "result"]),
                _md_row(["---:"] * 17 + ["---"])]
    for cell in result["cells"]:
        runs, limits = cell["runs"], {t["name"]: _fmt(t["limit"]) for t in cell["targets"]}

        def get(run, key, runs=runs):
            return _fmt(runs[run][key]) if run in runs else "-"

        out.append(_md_row([
            str(cell["n"]), str(cell["h"]), get("baseline", "wall_s"), get("role_first", "wall_s"), get("role_rerun", "wall_s"),
            _fmt_opt(cell["wall_ratio"]), _fmt_opt(cell["rerun_wall_ratio"]), _fmt_opt(cell["cpu_ratio"]), get("baseline", "requests"),
            "%s (%s)" % (get("role_first", "requests"), limits["role first run: API requests"]),
            "%s (%s)" % (get("role_rerun", "requests"), limits["role rerun: API requests"]),
            get("role_first", "orders"), get("role_rerun", "orders"),
            "%s (%s)" % (get("role_ended", "requests"), limits.get("role ended: API requests", "-")), get("role_ended", "orders"),
            "%s (%s)" % (get("role_warm_first", "requests"), limits.get("warm first run: API requests", "-")),
            get("role_warm_first", "orders"), _verdict(cell)]))
    for cell in result["cells"]:
        runs = cell["runs"]
        out += ["", "## N=%d, H=%d (%s)" % (cell["n"], cell["h"], _verdict(cell)), ""]
        out += md_runs(runs, RUNS)
        warm = _warm_lines(cell)
        if warm:
            out += ["- %s" % line for line in warm] + [""]
        out += md_targets(cell)
        out += md_endpoints(runs, RUNS)
        out += md_tasks(runs, RUNS)
    if result.get("shared"):
        out += shared_markdown(result["shared"])
    if result.get("converge"):
        out += converge_markdown(result["converge"], result["cells"])
    if result.get("large"):
        out += large_markdown(result["large"])
    return "\n".join(out) + "\n"


def shared_markdown(cell):
    runs = cell["runs"]
    out = ["", "## Shared ledger, two controllers: N=%d, H=%d, K=%d (%s)" % (cell["n"], cell["h"], cell["k"], _verdict(cell)), "",
           "Controller A buys for one other tenant (building the shared index), K new orders appear, controller B buys for "
           "the N tenants, controller C runs again; each in a fresh cache folder with the same `ledger_url`. \"no ledger\" "
           "runs once more in a fresh cache folder without `ledger_url`."]
    if "orders_after_k" in cell:
        out[-1] += " The order list held %d orders after controller A and %d after the K new ones." % (
            cell["orders_before_k"], cell["orders_after_k"])
    out.append("")
    out += md_runs(runs, SHARED_RUNS)
    out += md_targets(cell)
    out += md_endpoints(runs, SHARED_RUNS)
    out += md_tasks(runs, SHARED_RUNS)
    return out


def large_markdown(cell):
    runs = cell["runs"]
    out = ["", "## Large: N=%d, H=%d (%s)" % (cell["n"], cell["h"], _verdict(cell)), "",
           "The role without a baseline: its first run with a cold cache folder, then its rerun with the same one.", ""]
    out += md_runs(runs, LARGE_RUNS)
    out += md_targets(cell)
    out += md_endpoints(runs, LARGE_RUNS)
    out += md_tasks(runs, LARGE_RUNS)
    return out


def role_for_comparison(cell, role_cells):
    """The role cell to print beside the converge cell: the same N and H, else the same H (the largest N), else the
    largest N and H; None when the matrix did not run."""
    measured = [c for c in role_cells if "role_first" in c["runs"]]
    for pick in ([c for c in measured if c["n"] == cell["n"] and c["h"] == cell["h"]], [c for c in measured if c["h"] == cell["h"]],
                 measured):
        if pick:
            return max(pick, key=lambda c: (c["n"], c["h"]))
    return None


def _memory_cells(run):
    memory = run.get("memory") or {}
    return (_fmt_opt(memory.get("peak_sum_mb")), _fmt_opt(memory.get("peak_largest_mb")))


def _converge_rows(cell):
    """(label, wall s, CPU s, requests, requests per tenant, s per tenant, orders, non-200, peak MB, largest MB, rc) per
    converge run."""
    rows = []
    for key, label in CONVERGE_RUNS:
        run = cell["runs"].get(key)
        if run:
            rows.append((label, _fmt(run["wall_s"]), _fmt(run["cpu_s"]), str(run["requests"]), _fmt(run["requests_per_tenant"]),
                         _fmt(run["wall_per_tenant"]), str(run["orders"]), str(run["not_ok"])) + _memory_cells(run) + (str(run["rc"]),))
    return rows


def _role_rows(role):
    """The same columns for the role's first run and rerun of a matrix cell."""
    rows = []
    for key, label in (("role_first", "role first"), ("role_rerun", "role rerun")):
        run = role["runs"].get(key)
        if run:
            rows.append(("%s (N=%d H=%d)" % (label, role["n"], role["h"]), _fmt(run["wall_s"]), _fmt(run["cpu_s"]), str(run["requests"]),
                         _fmt(run["requests_per_tenant"]), _fmt(round(run["wall_s"] / role["n"], 3)), str(run["orders"]),
                         str(run["not_ok"])) + _memory_cells(run) + (str(run["rc"]),))
    return rows


def _results_line(run):
    res = run.get("results")
    if not res:
        return "no results"
    spend = ", ".join("%s %s" % (c, a) for c, a in res["spend"].items()) or "nothing"
    return "actions %s; outcomes %s; reads %s; spend %s; prices unknown %d" % (
        ", ".join("%s %d" % kv for kv in res["actions"].items()) or "none",
        ", ".join("%s %d" % kv for kv in res["outcomes"].items()), ", ".join("%s %d" % kv for kv in res["reads"].items()),
        spend, res["prices_unknown"])


def converge_text_report(cell, role_cells):
    lines = ["", "== Converge (yeastar_subscription): N=%d tenants (%s short by %d extensions), H=%d earlier orders, forks %d%s ==" % (
        cell["n"], cell.get("short", "-"), CONVERGE_DESIRED - CONVERGE_SHORT, cell["h"], cell["forks"], _load_text(cell))]
    if "devices" in cell:
        lines.append("account: D = %d devices of product %d, T = %s orders before the first run" % (
            cell["devices"], CONVERGE_PRODUCT, cell.get("orders_before_first", "-")))
    runs = cell["runs"]
    header = "%-24s %8s %8s %9s %11s %9s %7s %8s %8s %10s %4s"
    if runs:
        lines.append(header % ("run", "wall s", "CPU s", "requests", "req/tenant", "s/tenant", "orders", "non-200", "peak MB",
                               "largest MB", "rc"))
        for row in _converge_rows(cell):
            lines.append(header % row)
        role = role_for_comparison(cell, role_cells)
        if role:
            for row in _role_rows(role):
                lines.append(header % row)
        else:
            lines.append("(no role cell ran in this invocation to compare with; docs/benchmark.md has its figures)")
        lines.append("")
        lines.append("%-20s %11s %11s %11s" % (("requests by path",) + tuple(label for _key, label in CONVERGE_RUNS)))
        for label, dummy in CONVERGE_PATHS:
            lines.append("%-20s %11s %11s %11s" % ((label,) + tuple(
                str(runs[key]["paths"][label]) if key in runs else "-" for key, _label in CONVERGE_RUNS)))
        lines += text_endpoints(runs, CONVERGE_RUNS)
        lines.append("")
        for key, label in CONVERGE_RUNS:
            if key in runs:
                lines.append("%-10s %s" % (label + ":", _results_line(runs[key])))
    lines.append("")
    lines.append("bounds (S = %s short tenants, C = %s complete, D = %s devices, T = %s orders):" % (
        cell.get("short", "-"), cell["n"] - cell.get("short", 0), cell.get("devices", "-"), cell.get("orders_before_first", "-")))
    for key, limit in sorted(cell.get("limits", {}).items()):
        lines.append("  %-15s <= %s = %s: %s" % (key, limit["formula"], _fmt(limit["limit"]), limit["why"]))
    expected, formula, why = check_mode_expected(cell)
    lines.append("  check mode      (information, not a target) %s = %d expected: %s; measured %s" % (
        formula, expected, why, cell["runs"]["check"]["requests"] if "check" in cell["runs"] else "-"))
    lines += text_tasks(runs, CONVERGE_RUNS)
    lines.append("")
    lines += text_targets(cell)
    return "\n".join(lines)


def converge_markdown(cell, role_cells):
    runs = cell["runs"]
    out = ["", "## Converge (yeastar_subscription): N=%d, H=%d (%s)" % (cell["n"], cell["h"], _verdict(cell)), "",
           "Every tenant has a Turnkey device (Enterprise Plan), every other one with %d extensions and the rest with %d; "
           "the desired state for all: Enterprise Plan, %d extensions. `tests/bench/converge.yml` in check mode, then for "
           "real, then again, one cache folder." % (CONVERGE_SHORT, CONVERGE_DESIRED, CONVERGE_DESIRED)]
    if "devices" in cell:
        out[-1] += " D = %d devices of product %d, T = %s orders before the first run." % (
            cell["devices"], CONVERGE_PRODUCT, cell.get("orders_before_first", "-"))
    out.append("")
    if runs:
        out.append(_md_row(["run", "wall s", "CPU s", "requests", "requests per tenant", "s per tenant", "orders placed",
                            "answers other than 200", "peak memory MB (process tree)", "largest process MB", "exit code"]))
        out.append(_md_row(["---"] + ["---:"] * 10))
        rows = _converge_rows(cell)
        role = role_for_comparison(cell, role_cells)
        if role:
            rows += _role_rows(role)
        for row in rows:
            out.append(_md_row(row))
        out += ["", _md_row(["requests by path"] + [label for _key, label in CONVERGE_RUNS]), _md_row(["---"] + ["---:"] * 3)]
        for label, dummy in CONVERGE_PATHS:
            out.append(_md_row([label] + [str(runs[key]["paths"][label]) if key in runs else "-" for key, _label in CONVERGE_RUNS]))
        out.append("")
        for key, label in CONVERGE_RUNS:
            if key in runs:
                out.append("- %s: %s" % (label, _results_line(runs[key])))
        out.append("")
    out += md_targets(cell)
    out.append("")
    for key, limit in sorted(cell.get("limits", {}).items()):
        out.append("- `%s` <= %s = %s: %s." % (key, limit["formula"], _fmt(limit["limit"]), limit["why"]))
    expected, formula, why = check_mode_expected(cell)
    out.append("- check mode (information, not a target): %s = %d expected, %s measured: %s." % (
        formula, expected, runs["check"]["requests"] if "check" in runs else "-", why))
    out += md_endpoints(runs, CONVERGE_RUNS)
    out += md_tasks(runs, CONVERGE_RUNS)
    return out


def ansible_core_version():
    try:
        from ansible.release import __version__  # pylint: disable=import-outside-toplevel
    except ImportError:
        return "unknown"
    return __version__


def main(argv=None):
    args = parse_args(argv)
    out_dir = os.path.abspath(args.out_dir)
    os.makedirs(out_dir, exist_ok=True)
    if not os.access(args.ansible_playbook, os.X_OK):
        raise SystemExit("%s not found: run the benchmark with the python of a virtualenv that holds ansible-core "
                         "(make bench does)" % args.ansible_playbook)
    # A configuration of its own, so ~/.ansible.cfg or /etc/ansible/ansible.cfg cannot change what is measured.
    cfg_path = os.path.join(out_dir, "ansible.cfg")
    with open(cfg_path, "w", encoding="utf-8") as handle:
        handle.write("# written by tests/bench/bench.py: defaults only (the settings are in the environment)\n[defaults]\n")
    parts = selected(args)
    cells = [(n, h) for n in args.n for h in args.h] if parts["matrix"] else []
    started = time.monotonic()
    result = {
        "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "ansible_core": ansible_core_version(), "python": "%d.%d.%d" % sys.version_info[:3], "cpus": os.cpu_count(), "forks": args.forks,
        "simulator_args": list(SIM_ARGS), "cells": [], "shared": None, "converge": None, "large": None,
    }
    names = ["N=%d H=%d%s" % (n, h, " (+ warm-ledger runs, K=%d)" % args.warm_k if args.warm else "") for n, h in cells]
    if parts["shared"]:
        names.append("shared ledger N=%d H=%d K=%d" % (args.shared_n, args.shared_h, args.shared_k))
    if parts["converge"]:
        names.append("converge N=%d H=%d" % (args.converge_n, args.converge_h))
    if parts["large"]:
        names.append("large N=%d H=%d" % (args.large_n, args.large_h))
    progress("benchmark: %d cell(s) %s, forks %d, output in %s" % (len(names), ", ".join(names), args.forks, out_dir))
    for n, h in cells:
        cell = run_cell(args, n, h, out_dir, cfg_path)
        result["cells"].append(cell)
        print(text_report(cell))
        sys.stdout.flush()
    for name, run, report in (("shared", run_shared_cell, shared_text_report),
                              ("converge", run_converge_cell, lambda cell: converge_text_report(cell, result["cells"])),
                              ("large", run_large_cell, large_text_report)):
        if parts[name]:
            result[name] = run(args, out_dir, cfg_path)
            print(report(result[name]))
            sys.stdout.flush()
    every = result["cells"] + [result[name] for name in OPTIONAL_CELLS if result[name]]
    result["total_s"] = round(time.monotonic() - started, 1)
    result["pass"] = all(c["pass"] for c in every)
    with open(os.path.join(out_dir, "results.json"), "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1, sort_keys=True)
        handle.write("\n")
    with open(os.path.join(out_dir, "results.md"), "w", encoding="utf-8") as handle:
        handle.write(markdown_report(result))
    errors = any(c["errors"] for c in every)
    print("")
    missed = [(cell_name(c), t) for c in every for t in c["targets"] if not t["pass"]]
    for name, target in missed:
        value, limit, dummy = _target_text(target)
        print("MISSED  %s: %s %s %s" % (name, target["name"], value, limit))
    print("benchmark %s in %ss: %d cell(s), %d met every target; results in %s/results.md and results.json"
          % ("ERROR" if errors else ("PASS" if result["pass"] else "FAIL"), _fmt(result["total_s"]), len(every),
             sum(1 for c in every if c["pass"]), out_dir))
    if errors:
        return 2
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
