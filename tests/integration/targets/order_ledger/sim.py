# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What runme.sh asks the simulator: its admin API (reset, settings, bulk data, faults) and counts of orders.

    python sim.py URL COMMAND [ARGS...]

Standard library only. Prints one line (a number or a JSON document) per command; exits 1 with a message on an error.
"""

import json
import shutil
import sys
import time
import urllib.parse
import urllib.request

SAVE_PATH = "/order/openapi/order/v1/save"


def call(base, path, method="GET", body=None, form=None, headers=None, timeout=300):
    data = None
    request_headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        request_headers["Content-Type"] = "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode("utf-8")
        request_headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(base + path, data=data, method=method, headers=request_headers)
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        text = answer.read().decode("utf-8")
    return json.loads(text) if text.strip() else None


def orders(base):
    return call(base, "/_sim/state")["orders"]


def value(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def main(base, command, *args):
    if command == "reset":
        # Seed data, no settings, faults or log; and the modules' controller cache (ledger, token) is forgotten.
        call(base, "/_sim/reset", "POST")
        shutil.rmtree(args[0], ignore_errors=True)
        return "ok"
    if command == "config":
        return json.dumps(call(base, "/_sim/config", "POST", dict((k, value(v)) for k, v in (a.split("=", 1) for a in args))))
    if command == "bulk-orders":
        return call(base, "/_sim/orders/bulk", "POST", {"count": int(args[0])})["total"]
    if command == "bulk-subordinates":
        return len(call(base, "/_sim/subordinates/bulk", "POST", {"count": int(args[0]), "prefix": args[1]}))
    if command == "fault":
        return json.dumps(call(base, "/_sim/faults", "POST", json.loads(args[0])))
    if command == "saves":
        # Order requests the simulator answered with 200 (= orders it created) since the last reset.
        log = call(base, "/_sim/log?" + urllib.parse.urlencode({"method": "POST", "path": SAVE_PATH}))
        return sum(1 for entry in log if entry.get("status") == 200)
    if command == "sends":
        # Order requests that reached the simulator, whatever their answer.
        return len(call(base, "/_sim/log?" + urllib.parse.urlencode({"method": "POST", "path": SAVE_PATH})))
    if command == "orders-with-po":
        return sum(1 for order in orders(base) if order.get("customReferenceNo") == args[0])
    if command == "orders-per-customer":
        # {"customers": distinct assignIds starting with the prefix, "orders": their orders, "most": most orders of one}
        counts = {}
        for order in orders(base):
            if (order.get("assignId") or "").startswith(args[0]):
                counts[order["assignId"]] = counts.get(order["assignId"], 0) + 1
        return json.dumps({"customers": len(counts), "orders": sum(counts.values()), "most": max(counts.values() or [0])})
    if command == "faulted":
        # API requests a fault rule answered since the last reset.
        return sum(1 for entry in call(base, "/_sim/log") if entry.get("fault"))
    if command == "token-requests":
        return len(call(base, "/_sim/log?" + urllib.parse.urlencode({"method": "POST", "path": "/auth/openapi/v1/oauth/token"})))
    if command == "orders-total":
        return len(orders(base))
    if command == "newer-orders":
        # N orders someone else places now (newer than all there are): the setting new_orders_per_read makes them
        # on one read of the order list, then it is switched off again.
        count = int(args[0])
        call(base, "/_sim/config", "POST", {"new_orders_per_read": count})
        try:
            token = call(base, "/auth/openapi/v1/oauth/token", "POST", form={
                "grant_type": "pp_credentials", "client_id": args[1], "client_secret": args[2]})["result"]
            call(base, "/order/openapi/order/v1/page?pageNo=1&pageSize=1", headers={
                "Authorization": token["tokenHead"] + token["token"]})
        finally:
            call(base, "/_sim/config", "POST", {"new_orders_per_read": 0})
        return len(orders(base))
    if command == "wait-order":
        # Wait until an order with this customReferenceNo exists; prints the seconds waited.
        started, deadline = time.time(), time.time() + float(args[1])
        while time.time() < deadline:
            if any(order.get("customReferenceNo") == args[0] for order in orders(base)):
                return round(time.time() - started, 1)
            time.sleep(0.2)
        raise RuntimeError("no order with customReferenceNo %s after %s s" % (args[0], args[1]))
    raise RuntimeError("unknown command %s" % command)


if __name__ == "__main__":
    try:
        print(main(*sys.argv[1:]))
    except Exception as exc:  # pylint: disable=broad-except
        sys.stderr.write("sim.py %s: %s\n" % (" ".join(sys.argv[2:3]), exc))
        sys.exit(1)
