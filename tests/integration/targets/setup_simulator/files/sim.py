# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the shell targets ask the simulator: a command-line front of yeastar_sim.control.SimulatorClient (its admin API:
reset, settings, bulk data, faults, the request log and state) and counts of orders.

    PYTHONPATH=<collection>/tests/simulator python sim.py URL COMMAND [ARGS...]

simulator.sh (next to this file) runs it as `sim COMMAND [ARGS...]`. Prints one line (a number or a JSON document) per
command; exits 1 with a message on an error.

    health                            the simulator answers: {"ok": true, "pid": ...}
    reset CACHE_DIR                   seed data, no settings, faults or log; removes the modules' controller cache
    config NAME=VALUE...              change settings (a value is read as JSON, else taken as a string)
    bulk-orders COUNT                 add COUNT historical orders; prints the orders there are now
    bulk-subordinates COUNT PREFIX    add subordinate users PREFIX-0001@bench.example ...; prints how many were made
    fault JSON                        add one fault rule; prints it with its defaults
    saves                             order requests answered 200 (= orders created) since the last reset
    sends                             order requests that reached the simulator, whatever their answer
    orders-with-po PO                 orders with this customReferenceNo
    orders-per-customer PREFIX        {"customers", "orders", "most"} of the assignIds starting with PREFIX
    faulted                           API requests a fault rule answered since the last reset
    token-requests                    token requests since the last reset
    orders-total                      orders in the account
    newer-orders COUNT ID SECRET      COUNT orders someone else places now; prints the orders there are now
    wait-order PO SECONDS             wait until an order with this customReferenceNo exists; prints the seconds waited
"""

import json
import shutil
import sys
import time

from yeastar_sim.control import SimulatorClient

SAVE_PATH = "/order/openapi/order/v1/save"
TOKEN_PATH = "/auth/openapi/v1/oauth/token"
# Seconds an admin call may take: the state of an account with 100,000 orders is large.
TIMEOUT = 300


def orders(client):
    return client.state()["orders"]


def value(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def main(base, command, *args):
    client = SimulatorClient(base, timeout=TIMEOUT)
    if command == "health":
        return json.dumps(client.health())
    if command == "reset":
        # Seed data, no settings, faults or log; and the modules' controller cache (ledger, token) is forgotten.
        client.reset()
        shutil.rmtree(args[0], ignore_errors=True)
        return "ok"
    if command == "config":
        return json.dumps(client.configure(**dict((k, value(v)) for k, v in (a.split("=", 1) for a in args))))
    if command == "bulk-orders":
        return client.bulk_orders(int(args[0]), timeout=TIMEOUT)["total"]
    if command == "bulk-subordinates":
        return len(client.bulk_subordinates(int(args[0]), args[1], timeout=TIMEOUT))
    if command == "fault":
        return json.dumps(client.add_fault(**json.loads(args[0])))
    if command == "saves":
        # Order requests the simulator answered with 200 (= orders it created) since the last reset.
        return sum(1 for entry in client.requests("POST", SAVE_PATH) if entry.get("status") == 200)
    if command == "sends":
        # Order requests that reached the simulator, whatever their answer.
        return client.count("POST", SAVE_PATH)
    if command == "orders-with-po":
        return sum(1 for order in orders(client) if order.get("customReferenceNo") == args[0])
    if command == "orders-per-customer":
        # {"customers": distinct assignIds starting with the prefix, "orders": their orders, "most": most orders of one}
        counts = {}
        for order in orders(client):
            if (order.get("assignId") or "").startswith(args[0]):
                counts[order["assignId"]] = counts.get(order["assignId"], 0) + 1
        return json.dumps({"customers": len(counts), "orders": sum(counts.values()), "most": max(counts.values() or [0])})
    if command == "faulted":
        # API requests a fault rule answered since the last reset.
        return sum(1 for entry in client.requests() if entry.get("fault"))
    if command == "token-requests":
        return client.count("POST", TOKEN_PATH)
    if command == "orders-total":
        return len(orders(client))
    if command == "newer-orders":
        # N orders someone else places now (newer than all there are): the setting new_orders_per_read makes them
        # on one read of the order list, then it is switched off again.
        count = int(args[0])
        client.configure(new_orders_per_read=count)
        try:
            reader = SimulatorClient(base, client_id=args[1], client_secret=args[2], timeout=TIMEOUT)
            answer = reader.api("GET", "/order/openapi/order/v1/page", params={"pageNo": 1, "pageSize": 1}, timeout=TIMEOUT)
            if answer.status != 200:
                raise RuntimeError("reading the order list failed: %r" % answer)
        finally:
            client.configure(new_orders_per_read=0)
        return len(orders(client))
    if command == "wait-order":
        # Wait until an order with this customReferenceNo exists; prints the seconds waited.
        started, deadline = time.time(), time.time() + float(args[1])
        while time.time() < deadline:
            if any(order.get("customReferenceNo") == args[0] for order in orders(client)):
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
