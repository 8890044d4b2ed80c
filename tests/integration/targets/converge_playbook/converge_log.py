#!/usr/bin/env python
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a run of playbooks/converge.yml printed, read back from its log (the default callback's output):

    python converge_log.py LOG

prints one JSON document, keys sorted: ``check`` (the run was in check mode), ``tenants``, ``counts`` ({"bought": n,
..., "failed": n}), ``names`` (the tenants of each outcome the summary names; "nothing to do" is counted only),
``spend`` ({"USD": "123.00"}: the summary's sum), ``unknown`` (prices unknown), ``hosts`` ({host: outcome}) and
``costs`` ({host: {"USD": "12.00"}}). It fails when the summary's sum per currency is not the exact (Decimal) sum of
the tenants' own costs, or when the summary's counts are not those of the tenants' own lines.
"""

import collections
import decimal
import json
import re
import sys

WORDS = ("bought", "switched", "expanded", "renewed", "nothing to do")
HOST_LINE = re.compile(r'"msg": "(?P<host>[^" :]+): (?P<outcome>%s|FAILED)'
                       r'(?: \((?:would cost|cost) (?P<cost>[^)]*)\))?(?: \((?P<unknown>\d+) price\(s\) unknown\))? - '
                       % "|".join(WORDS))
SUMMARY = re.compile(r'"msg": "Converge for (?P<tenants>\d+) tenant\(s\)(?P<check> \(check mode\))?: (?P<counts>.*?)\. '
                     r'(?:Spend to approve|Spent), by the price list: (?P<spend>.*?); prices unknown: (?P<unknown>\d+)')
COUNT = re.compile(r"^(?:would be )?(?P<word>%s|failed) (?P<n>\d+)(?: \((?P<names>[^)]*)\))?$" % "|".join(WORDS))
MONEY = re.compile(r"^(?P<currency>[A-Z]{3}) (?P<amount>\d+\.\d\d)$")


def money(text):
    found = {}
    if text in ("", "nothing"):
        return found
    for part in text.split(", "):
        match = MONEY.match(part)
        if not match:
            raise SystemExit("not an amount: %r" % part)
        found[match.group("currency")] = decimal.Decimal(match.group("amount"))
    return found


def main(path):
    text = open(path, encoding="utf-8").read()
    summaries = SUMMARY.findall(text)
    if len(summaries) != 1:
        raise SystemExit("%s: %d summary lines, expected 1" % (path, len(summaries)))
    summary = SUMMARY.search(text)
    hosts, costs, unknown = {}, {}, 0
    for match in HOST_LINE.finditer(text):
        hosts[match.group("host")] = match.group("outcome")
        costs[match.group("host")] = money(match.group("cost") or "")
        unknown += int(match.group("unknown") or 0)
    counts, names = {}, {}
    for part in summary.group("counts").split("; "):
        match = COUNT.match(part)
        if not match:
            raise SystemExit("not a count: %r" % part)
        counts[match.group("word")] = int(match.group("n"))
        names[match.group("word")] = sorted((match.group("names") or "").split(", ")) if match.group("names") else []
    spend = money(summary.group("spend"))
    # The summary against the tenants' own lines: the same counts, the same names, the exact sum per currency.
    by_outcome = collections.Counter(o if o != "FAILED" else "failed" for o in hosts.values())
    if dict((w, by_outcome.get(w, 0)) for w in WORDS + ("failed",)) != counts:
        raise SystemExit("summary counts %s, the tenants' lines %s" % (counts, dict(by_outcome)))
    for word, listed in names.items():
        named = sorted(h for h, o in hosts.items() if o == (word if word != "failed" else "FAILED"))
        if word != "nothing to do" and listed != named:
            raise SystemExit("summary names %s as %s, the tenants' lines differ" % (listed, word))
    summed = collections.defaultdict(decimal.Decimal)
    for cost in costs.values():
        for currency, amount in cost.items():
            summed[currency] += amount
    if dict(summed) != spend:
        raise SystemExit("summary spend %s, the tenants' costs sum to %s" % (spend, dict(summed)))
    if unknown != int(summary.group("unknown")):
        raise SystemExit("summary says %s prices unknown, the tenants' lines %d" % (summary.group("unknown"), unknown))
    print(json.dumps({
        "check": bool(summary.group("check")), "tenants": int(summary.group("tenants")), "counts": counts,
        "names": names, "spend": dict((c, "%.2f" % a) for c, a in spend.items()), "unknown": unknown,
        "hosts": hosts, "costs": dict((h, dict((c, "%.2f" % a) for c, a in v.items())) for h, v in costs.items()),
    }, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
