# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ledger_url: the modules with the shared ledger in PostgreSQL, in-process against the simulator and a real server
(tests/unit/conftest.py). Two controllers are two cache folders with one database. The integration target
shared_ledger runs the same promises through ansible-playbook, at the same moment, with kill -9 and a server that
stops."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import socket

import pytest

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.yeastar.partner.plugins.module_utils import _module
from ansible_collections.yeastar.partner.plugins.module_utils._ledger import stored_ledger
from ansible_collections.yeastar.partner.plugins.module_utils._pg_store import JOURNAL_SUFFIX, PgStore, check_ledger_url, import_psycopg
from ansible_collections.yeastar.partner.plugins.modules import yeastar_order_batch, yeastar_order_info

SAVE = "/order/openapi/order/v1/save"
PAGE = "/order/openapi/order/v1/page"
BILLING = "3197218168379846218"
CUSTOMER = "color123@yeastar.com"
psycopg = import_psycopg()


def turnkey(po="PO-SHARED-1", **extra):
    args = {"product_id": 14, "partner_id": CUSTOMER, "billing_id": BILLING, "po_number": po,
            "items": [{"type": "plan", "name": "Enterprise Plan", "quantity": 10}]}
    args.update(extra)
    return args


def all_files(folder):
    text = []
    for root, dummy, names in os.walk(str(folder)):
        for name in names:
            with open(os.path.join(root, name), "rb") as handle:
                text.append(handle.read().decode("utf-8", "replace"))
    return "\n".join(text)


def test_two_controllers_share_one_ledger(order, ledger_database):
    url = ledger_database()
    order.sim.bulk_orders(450)  # five pages of history
    failed, first = order(cache="controller-a", ledger_url=url, **turnkey())
    assert not failed and first["changed"] is True
    order.sim.clear_log()
    failed, second = order(cache="controller-b", ledger_url=url, **turnkey())
    assert not failed and second["changed"] is False and second["order"]["orderNo"] == first["order"]["orderNo"]
    assert order.sim.count("POST", SAVE) == 0
    assert order.sim.count("GET", PAGE) == 1, "the shared index, not the whole history again"
    # The second controller's cache folder is empty of ledgers: the index came from the database.
    assert not [n for n in os.listdir(str(order.cache.parent / "controller-b")) if n == "ledger.json"]
    with psycopg.connect(url) as conn:
        rows = sorted(row[0] for row in conn.execute("SELECT account FROM yeastar_partner.ledger"))
    assert len(rows) == 2 and rows[1] == rows[0] + JOURNAL_SUFFIX  # the index and its journal, for one account
    doc = stored_ledger(PgStore(check_ledger_url(url)[0], rows[0], read_only=True))
    assert doc["unknown"] == {} and any(entry[1] == "PO-SHARED-1" for entry in doc["orders"].values())


def test_an_unknown_outcome_holds_the_number_for_another_controller(order, ledger_database):
    url = ledger_database()
    order.sim.configure(list_lag=600)  # the list shows the order only later
    order.sim.add_fault(method="POST", path=SAVE, drop="after")
    failed, lost = order(cache="controller-a", ledger_url=url, **turnkey())
    assert failed and lost["changed"] is True and "unknown" in lost["msg"]
    failed, other = order(cache="controller-b", ledger_url=url, **turnkey())
    assert failed and "outcome was never known" in other["msg"]
    assert order.sim.count("POST", SAVE) == 1
    order.sim.configure(list_lag=0)
    failed, found = order(cache="controller-c", ledger_url=url, **turnkey())
    assert not failed and found["changed"] is False and order.sim.count("POST", SAVE) == 1


def test_check_mode_creates_nothing_in_the_database(order, ledger_database):
    url = ledger_database()
    failed, preview = order(check_mode=True, ledger_url=url, **turnkey())
    assert not failed and preview["changed"] is True and order.sim.count("POST", SAVE) == 0
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'yeastar_partner'").fetchone()[0] == 0


@pytest.mark.parametrize("url, said", [
    ("mysql://ledger@127.0.0.1/ledger", "must be a postgresql:// or postgres:// URL"),
    ("postgresql://ledger@127.0.0.1/ledger?search_path=x", "unknown parameter search_path"),
    ("postgresql://ledger@127.0.0.1/ledger?password=Sekr1t", "must not carry the password"),
])
def test_a_bad_ledger_url_is_refused_before_anything_is_sent(order, url, said):
    failed, result = order(ledger_url=url, **turnkey())
    assert failed and said in result["msg"] and "Sekr1t" not in json.dumps(result)
    assert order.sim.requests() == []  # not even a token request


def test_without_psycopg_nothing_is_sent(order, ledger_database, monkeypatch):
    monkeypatch.setattr(_module, "import_psycopg", lambda: None)
    failed, result = order(ledger_url=ledger_database(), **turnkey())
    assert failed and "psycopg" in result["msg"] and "Nothing was sent" in result["msg"]
    assert order.sim.requests() == []
    # A module that keeps no ledger does not need it.
    failed, dummy = order(module=yeastar_order_info, ledger_url=ledger_database(), po_number="PO-NONE")
    assert not failed


def test_a_database_that_cannot_be_reached_stops_the_order(order):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = "postgresql://ledger:Sekr1t-pw@127.0.0.1:%d/ledger?connect_timeout=2" % port
    failed, result = order(ledger_url=url, **turnkey())
    assert failed and "the shared ledger postgresql://ledger@127.0.0.1:%d/ledger" % port in result["msg"]
    assert not result.get("changed") and order.sim.count("POST", SAVE) == 0
    assert "Sekr1t" not in json.dumps(result)
    failed, batch = order(module=yeastar_order_batch, ledger_url=url, orders=[dict(turnkey(), name="one")])
    assert failed and "shared ledger" in batch["results"][0]["msg"] and order.sim.count("POST", SAVE) == 0


def test_the_password_is_nowhere(order, ledger_database, monkeypatch):
    server = ledger_database.server
    password = server["password"]
    encoded = quote(password, safe="")
    url = ledger_database()
    order.sim.configure(list_lag=600)
    order.sim.add_fault(method="POST", path=SAVE, drop="after")
    results = [order(ledger_url=url, **turnkey()), order(ledger_url=url, **turnkey())]  # unknown, then held
    # The password from PGPASSWORD instead of the URL.
    order.sim.configure(list_lag=0)
    monkeypatch.setenv("PGPASSWORD", password)
    bare = url.replace(":%s@" % encoded, "@")
    results.append(order(ledger_url=bare, **turnkey(po="PO-SHARED-ENV")))
    results.append(order(ledger_url=bare + "?sslmode=bogus", **turnkey()))
    text = json.dumps(results) + all_files(order.cache)
    assert results[2][0] is False and results[2][1]["changed"] is True, results[2]
    assert password not in text and encoded not in text
