#!/usr/bin/env python
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-target times of an `ansible-test integration` run, for the summary of hack/run.sh.

    integration_times.py targets --log LOG [--save FILE] RESULT.json...
        one line per target, slowest first: seconds, name; targets the log shows starting that have no time failed
        (ansible-test records only the targets that passed). --save writes "name<TAB>seconds" lines.
    integration_times.py compare A.times B.times
        where two series differ most (B minus A), from the files --save wrote.

ansible-test writes tests/output/data/integration-<date>.json at the end of every integration run, passed or failed:
{"targets": {name: {"run_time_seconds": n, ...}}}; the time is the target's own (its setup targets excluded).
"""

import json
import os
import re
import sys

_RUNNING = re.compile(r"^Running (\S+) integration test (?:role|script)\s*$")


def _targets(argv):
    log_path, save_path, results = None, None, []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--log":
            log_path = args.pop(0)
        elif arg == "--save":
            save_path = args.pop(0)
        else:
            results.append(arg)
    times = {}
    for path in results:
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        for name, target in (data.get("targets") or {}).items():
            times[name] = int(target.get("run_time_seconds", 0))
    started = []
    if log_path and os.path.isfile(log_path):
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                match = _RUNNING.match(line.strip())
                if match and match.group(1) not in started:
                    started.append(match.group(1))
    if not times and not started:
        return 0
    lines = ["%5ss  %s" % (seconds, name) for name, seconds in sorted(times.items(), key=lambda item: (-item[1], item[0]))]
    lines.extend("   --   %s (failed or stopped: no time)" % name for name in started if name not in times)
    total = sum(times.values())
    lines.append("%5ss  (%d target%s timed)" % (total, len(times), "" if len(times) == 1 else "s"))
    print("\n".join(lines))
    if save_path:
        with open(save_path, "w", encoding="utf-8") as handle:
            handle.writelines("%s\t%d\n" % item for item in sorted(times.items()))
    return 0


def _read_times(path):
    times = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            name, _tab, seconds = line.rstrip("\n").partition("\t")
            if name and seconds.isdigit():
                times[name] = int(seconds)
    return times


def _compare(path_a, path_b):
    label_a = os.path.basename(path_a).rsplit(".", 1)[0].replace("integration-", "")
    label_b = os.path.basename(path_b).rsplit(".", 1)[0].replace("integration-", "")
    times_a, times_b = _read_times(path_a), _read_times(path_b)
    common = sorted(set(times_a) & set(times_b))
    if not common:
        return 0
    total_a = sum(times_a[name] for name in common)
    total_b = sum(times_b[name] for name in common)
    diffs = sorted(((times_b[name] - times_a[name], name) for name in common), key=lambda item: (-abs(item[0]), item[1]))
    shown = ", ".join("%s %+ds (%ds vs %ds)" % (name, diff, times_a[name], times_b[name]) for diff, name in diffs[:3] if diff)
    print("%s vs %s, the %d targets both timed: %ds vs %ds (%+ds)%s" % (
        label_a, label_b, len(common), total_a, total_b, total_b - total_a, "; most in " + shown if shown else ""))
    return 0


def main(argv):
    if len(argv) >= 1 and argv[0] == "targets":
        return _targets(argv[1:])
    if len(argv) == 3 and argv[0] == "compare":
        return _compare(argv[1], argv[2])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
