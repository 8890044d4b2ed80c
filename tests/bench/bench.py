# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of the turnkey_purchase role (playbooks/purchase.yml) against the bundled simulator.

    python tests/bench/bench.py [--n 50,200] [--h 1000,20000] [--forks 20] [--out-dir build/bench]

Run it with the python of the virtualenv that holds ansible-core (make bench uses build/venv-2.21) from the
collection copy (build/ansible_collections/yeastar/partner). See docs/benchmark.md.

For every cell (N tenants, H earlier orders in the account) it runs three playbooks, each with the same forks:

  baseline    tests/bench/baseline.yml on a fresh simulator: five plain uri requests per tenant, no idempotency
  role first  playbooks/purchase.yml on another fresh simulator, with a cold module cache (YEASTAR_CACHE_DIR)
  role rerun  playbooks/purchase.yml again, new process, same simulator and cache: must buy nothing

and prints, for each, the wall time, the API requests (by endpoint) and the orders placed, then checks the targets
and prints PASS/FAIL for each. The results also go to <out-dir>/results.md and <out-dir>/results.json, the playbook
output to <out-dir>/<cell>/*.log. Exit status: 0 all targets met, 1 a target missed, 2 the benchmark itself failed
(a playbook failed, the simulator could not be seeded, the baseline did not buy once per tenant).
"""

import argparse
import datetime
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_SIM_DIR = os.path.join(COLLECTION_ROOT, "tests", "simulator")
if _SIM_DIR not in sys.path:
    sys.path.insert(0, _SIM_DIR)

from yeastar_sim.control import SimulatorProcess, SimulatorError  # noqa: E402  pylint: disable=wrong-import-position

DEFAULT_N = (50, 200)
DEFAULT_H = (1000, 20000)
DEFAULT_FORKS = 20
WALL_TARGET_FROM_N = 200
PLAYBOOK_TIMEOUT = 3600

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

RUNS = (("baseline", "baseline"), ("role_first", "role first"), ("role_rerun", "role rerun"))


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
    parser.add_argument("--out-dir", default=os.environ.get("BENCH_OUT_DIR") or os.path.join(COLLECTION_ROOT, "build", "bench"),
                        help="where results and logs go (default %(default)s)")
    parser.add_argument("--collections-path", default=os.environ.get("BENCH_COLLECTIONS_PATH")
                        or os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT))),
                        help="ANSIBLE_COLLECTIONS_PATH for the playbooks (default: the ansible_collections tree this file is in)")
    parser.add_argument("--ansible-playbook", default=os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
                        help="the ansible-playbook to run (default: the one next to this python)")
    parser.add_argument("--timeout", type=int, default=PLAYBOOK_TIMEOUT, help="seconds one playbook may take (default %(default)s)")
    args = parser.parse_args(argv)
    args.n = int_list(args.n, "BENCH_N")
    args.h = int_list(args.h, "BENCH_H")
    forks = int_list(args.forks, "BENCH_FORKS")
    if len(forks) != 1 or forks[0] < 1:
        raise SystemExit("BENCH_FORKS must be one integer >= 1, got %r" % args.forks)
    args.forks = forks[0]
    if any(n < 1 for n in args.n):
        raise SystemExit("BENCH_N must be >= 1")
    return args


# ---------------------------------------------------------------------------------------------------------------------
# simulator and inventory

def seeded_simulator(n, h, workdir, label):
    """A fresh simulator with H earlier orders and N subordinate users; returns (sim, partner ids, seconds)."""
    for name in ("bulk_orders", "bulk_subordinates"):
        if not hasattr(SimulatorProcess, name):
            raise BenchError("the simulator has no %s() (tests/simulator/yeastar_sim/control.py): the benchmark needs the "
                             "admin endpoints POST /_sim/orders/bulk and POST /_sim/subordinates/bulk" % name)
    state_dir = os.path.join(workdir, "sim-" + label)
    os.makedirs(state_dir)
    sim = SimulatorProcess(state_path=os.path.join(state_dir, "state.json"), start_timeout=60)
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


def write_inventory(path, partner_ids):
    """N tenant hosts (tenant-0001, ...) for both playbooks; JSON, which the yaml inventory plugin reads."""
    hosts = {}
    for index, partner_id in enumerate(partner_ids):
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

def playbook_env(args, sim, cache_dir, cfg_path):
    env = dict(os.environ)
    for name in ("ANSIBLE_FORCE_COLOR", "PYTHONPATH"):
        env.pop(name, None)
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
    })
    return env


def run_playbook(args, playbook, inventory, env, log_path):
    """Run ansible-playbook, output to log_path; returns (exit code or 'timeout', wall seconds, CPU seconds).

    The CPU seconds (user + system) are those of ansible-playbook and every process it started and waited for (its
    workers and modules): the growth of RUSAGE_CHILDREN while it ran; nothing else of ours ends in that time.
    """
    cmd = [args.ansible_playbook, playbook, "-i", inventory, "-f", str(args.forks)]
    with open(log_path, "w", encoding="utf-8") as log:
        log.write("$ %s\n\n" % " ".join(cmd))
        log.flush()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        with subprocess.Popen(cmd, cwd=COLLECTION_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True) as process:
            try:
                rc = process.wait(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                _kill_playbook(process, inventory)
                rc = "timeout"
            except BaseException:
                _kill_playbook(process, inventory)
                raise
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return rc, wall, cpu


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


def measure(sim, n, timing, log_path, requests_path):
    entries = sim.requests()
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
    rc, wall, cpu = timing
    return {
        "rc": rc, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "requests": len(entries), "requests_per_tenant": round(len(entries) / float(n), 2),
        "orders": orders, "not_ok": sum(not_ok.values()), "not_ok_by_endpoint": dict(sorted(not_ok.items())),
        "by_endpoint": dict(sorted(by_endpoint.items())), "log": log_path,
    }


def run_cell(args, n, h, out_dir, cfg_path):
    """All three runs of one cell; returns the cell's result dict."""
    cell_dir = os.path.join(out_dir, "n%d-h%d" % (n, h))
    shutil.rmtree(cell_dir, ignore_errors=True)
    os.makedirs(cell_dir)
    workdir = tempfile.mkdtemp(prefix="yeastar-bench-")
    cell = {"n": n, "h": h, "forks": args.forks, "runs": {}, "seed_s": {}, "errors": [], "loadavg_before": _loadavg()}
    try:
        inventories = {}
        for sim_label, runs in (("baseline", ("baseline",)), ("role", ("role_first", "role_rerun"))):
            sim, partner_ids, seed_s = seeded_simulator(n, h, workdir, sim_label)
            cell["seed_s"][sim_label] = round(seed_s, 2)
            try:
                inventory = os.path.join(cell_dir, "inventory-%s.json" % sim_label)
                write_inventory(inventory, partner_ids)
                inventories[sim_label] = partner_ids
                cache_dir = os.path.join(workdir, "cache-" + sim_label)
                os.makedirs(cache_dir)
                env = playbook_env(args, sim, cache_dir, cfg_path)
                for run in runs:
                    playbook = BASELINE_PLAYBOOK if run == "baseline" else ROLE_PLAYBOOK
                    log_path = os.path.join(cell_dir, run.replace("_", "-") + ".log")
                    progress("N=%d H=%d: %s (%s, forks %d)" % (n, h, run.replace("_", " "), playbook, args.forks))
                    sim.clear_log()
                    timing = run_playbook(args, playbook, inventory, env, log_path)
                    rc = timing[0]
                    cell["runs"][run] = measure(sim, n, timing, os.path.relpath(log_path, out_dir),
                                                os.path.join(cell_dir, run.replace("_", "-") + ".requests.jsonl"))
                    if rc != 0:
                        cell["errors"].append("%s: ansible-playbook exited with %s (see %s)" % (run, rc, log_path))
            finally:
                sim.stop(cleanup=True)
        if inventories["baseline"] != inventories["role"]:
            cell["errors"].append("the two simulators created different subordinate users; the inventories differ")
    except BenchError as exc:
        cell["errors"].append(str(exc))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    evaluate(cell)
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


def evaluate(cell):
    n, h, runs = cell["n"], cell["h"], cell["runs"]
    targets = []

    def target(name, value, op, limit, formula):
        ok = value is not None and (value <= limit if op == "<=" else value == limit)
        targets.append({"name": name, "value": value, "op": op, "limit": limit, "formula": formula, "pass": ok})

    first, rerun, base = runs.get("role_first"), runs.get("role_rerun"), runs.get("baseline")
    target("role first run: API requests", first and first["requests"], "<=", 3 * n + h / 100.0 + 10, "3N + H/100 + 10")
    target("role rerun: API requests", rerun and rerun["requests"], "<=", n + (h + n) / 100.0 + 10, "N + (H+N)/100 + 10")
    target("role rerun: orders placed", rerun and rerun["orders"], "==", 0, "0")
    target("role first run: orders placed", first and first["orders"], "==", n, "N")
    ratio = _ratio(first, base, "wall_s")
    cell["wall_ratio"] = ratio
    cell["rerun_wall_ratio"] = _ratio(rerun, base, "wall_s")
    cell["cpu_ratio"] = _ratio(first, base, "cpu_s")
    cell["rerun_cpu_ratio"] = _ratio(rerun, base, "cpu_s")
    if n >= WALL_TARGET_FROM_N:
        # The wall-time target is set for N = 200: with fewer tenants the role's fixed costs (Ansible's start, the
        # reads once per play, the whole history) weigh more; the ratio is printed for every cell all the same.
        target("role first-run wall / baseline wall", ratio, "<=", 0.25, "0.25 (N >= %d)" % WALL_TARGET_FROM_N)
    cell["targets"] = targets
    if base is not None and base["orders"] != n:
        cell["errors"].append("the baseline placed %d orders, not %d: its wall time is no yardstick" % (base["orders"], n))
    cell["pass"] = all(t["pass"] for t in targets) and not cell["errors"]


# ---------------------------------------------------------------------------------------------------------------------
# reports

def progress(message):
    sys.stderr.write("==> %s\n" % message)
    sys.stderr.flush()


def _run_row(run):
    return (_fmt(run["wall_s"]), _fmt(run["cpu_s"]), str(run["requests"]), _fmt(run["requests_per_tenant"]), str(run["orders"]),
            str(run["not_ok"]), str(run["rc"]))


def _per_run(runs, field, name):
    """The count of `name` in runs[*][field] for each of the three runs ('-' for a run that did not happen)."""
    return [str(runs[key][field].get(name, 0)) if key in runs else "-" for key, _label in RUNS]


def _target_text(target):
    value = "-" if target["value"] is None else _fmt(target["value"])
    return value, "%s %s (%s)" % (target["op"], _fmt(target["limit"]), target["formula"]), "PASS" if target["pass"] else "FAIL"


def text_report(cell):
    load = cell.get("loadavg_before")
    lines = ["", "== N=%d tenants, H=%d earlier orders, forks %d%s ==" % (
        cell["n"], cell["h"], cell["forks"], ", load average before %s" % " ".join(map(str, load)) if load else "")]
    runs = cell["runs"]
    if runs:
        lines.append("%-12s %8s %8s %9s %11s %7s %8s %4s" % ("run", "wall s", "CPU s", "requests", "req/tenant", "orders", "non-200", "rc"))
        for key, label in RUNS:
            if key in runs:
                lines.append("%-12s %8s %8s %9s %11s %7s %8s %4s" % ((label,) + _run_row(runs[key])))
        for title, field in (("requests by endpoint", "by_endpoint"), ("answers other than 200", "not_ok_by_endpoint")):
            names = sorted({name for run in runs.values() for name in run[field]})
            if not names:
                continue
            width = max(len(name) for name in names + [title])
            lines.append("")
            lines.append("%-*s %9s %11s %11s" % (width, title, "baseline", "role first", "role rerun"))
            for name in names:
                lines.append("%-*s %9s %11s %11s" % tuple([width, name] + _per_run(runs, field, name)))
        lines.append("")
        lines.append("wall / baseline wall: role first %s, role rerun %s" % (_fmt_opt(cell["wall_ratio"]), _fmt_opt(cell["rerun_wall_ratio"])))
        lines.append("CPU / baseline CPU:   role first %s, role rerun %s (information, not a target)"
                     % (_fmt_opt(cell["cpu_ratio"]), _fmt_opt(cell["rerun_cpu_ratio"])))
    lines.append("targets:")
    for target in cell["targets"]:
        value, limit, verdict = _target_text(target)
        lines.append("  %s  %-38s %s %s" % (verdict, target["name"], value, limit))
    for error in cell["errors"]:
        lines.append("  ERROR %s" % error)
    return "\n".join(lines)


def _md_row(cells):
    return "| " + " | ".join(cells) + " |"


def markdown_report(result):
    out = ["# Benchmark results", "",
           "%s, ansible-core %s, Python %s, %s CPU(s), forks %d, total %ss. Produced by `make bench` (tests/bench/bench.py)."
           % (result["started"], result["ansible_core"], result["python"], result["cpus"], result["forks"], _fmt(result["total_s"])), "",
           _md_row(["N", "H", "baseline s", "role first s", "role rerun s", "first / baseline wall", "first / baseline CPU",
                    "baseline requests", "role first requests (limit)", "role rerun requests (limit)", "role first orders", "role rerun orders", "result"]),
           _md_row(["---:"] * 12 + ["---"])]
    for cell in result["cells"]:
        runs, limits = cell["runs"], {t["name"]: _fmt(t["limit"]) for t in cell["targets"]}

        def get(run, key, runs=runs):
            return _fmt(runs[run][key]) if run in runs else "-"

        verdict = "PASS" if cell["pass"] else ("ERROR" if cell["errors"] else "FAIL")
        out.append(_md_row([
            str(cell["n"]), str(cell["h"]), get("baseline", "wall_s"), get("role_first", "wall_s"), get("role_rerun", "wall_s"),
            _fmt_opt(cell["wall_ratio"]), _fmt_opt(cell["cpu_ratio"]), get("baseline", "requests"),
            "%s (%s)" % (get("role_first", "requests"), limits["role first run: API requests"]),
            "%s (%s)" % (get("role_rerun", "requests"), limits["role rerun: API requests"]),
            get("role_first", "orders"), get("role_rerun", "orders"), verdict]))
    for cell in result["cells"]:
        runs = cell["runs"]
        out += ["", "## N=%d, H=%d" % (cell["n"], cell["h"]), ""]
        if runs:
            out.append(_md_row(["run", "wall s", "CPU s", "requests", "requests per tenant", "orders placed", "answers other than 200",
                                "exit code"]))
            out.append(_md_row(["---"] + ["---:"] * 7))
            for key, label in RUNS:
                if key in runs:
                    out.append(_md_row((label,) + _run_row(runs[key])))
            out.append("")
        out.append(_md_row(["target", "value", "limit", "result"]))
        out.append(_md_row(["---", "---:", "---:", "---"]))
        for target in cell["targets"]:
            out.append(_md_row((target["name"],) + _target_text(target)))
        for error in cell["errors"]:
            out += ["", "ERROR: %s" % error]
        if runs:
            out += ["", _md_row(["requests by endpoint", "baseline", "role first", "role rerun"]), _md_row(["---", "---:", "---:", "---:"])]
            for name in sorted({name for run in runs.values() for name in run["by_endpoint"]}):
                out.append(_md_row(["`%s`" % name] + _per_run(runs, "by_endpoint", name)))
    return "\n".join(out) + "\n"


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
    cells = [(n, h) for n in args.n for h in args.h]
    started = time.monotonic()
    result = {
        "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "ansible_core": ansible_core_version(), "python": "%d.%d.%d" % sys.version_info[:3], "cpus": os.cpu_count(), "forks": args.forks,
        "cells": [],
    }
    progress("benchmark: %d cell(s) %s, forks %d, output in %s" % (len(cells), ", ".join("N=%d H=%d" % c for c in cells), args.forks, out_dir))
    for n, h in cells:
        cell = run_cell(args, n, h, out_dir, cfg_path)
        result["cells"].append(cell)
        print(text_report(cell))
        sys.stdout.flush()
    result["total_s"] = round(time.monotonic() - started, 1)
    result["pass"] = all(c["pass"] for c in result["cells"])
    with open(os.path.join(out_dir, "results.json"), "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1, sort_keys=True)
        handle.write("\n")
    with open(os.path.join(out_dir, "results.md"), "w", encoding="utf-8") as handle:
        handle.write(markdown_report(result))
    errors = any(c["errors"] for c in result["cells"])
    print("")
    print("benchmark %s in %ss: %d cell(s), %d met every target; results in %s/results.md and results.json"
          % ("ERROR" if errors else ("PASS" if result["pass"] else "FAIL"), _fmt(result["total_s"]), len(cells),
             sum(1 for c in result["cells"] if c["pass"]), out_dir))
    if errors:
        return 2
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
