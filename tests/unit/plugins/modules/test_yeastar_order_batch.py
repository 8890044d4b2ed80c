# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""yeastar_order_batch run in-process against the real simulator over loopback: each order once, reruns buy
nothing, one bad order does not stop the others, an unknown outcome stops the rest, check mode sends no order."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.yeastar.partner.plugins.modules import yeastar_order_batch as mod

SAVE = "/order/openapi/order/v1/save"
BILLING = "3197218168379846218"
PLAN = "3048941892189077504"
SERVICE = "3049032352364388352"
CUSTOMERS = ["color123@yeastar.com", "it@acme-telecom.example", "admin@globex.example", "ops@initech.example"]


def order(name, partner, quantity=20, **extra):
    entry = {"name": name, "product_id": 14, "partner_id": partner, "billing_id": BILLING,
             "items": [{"type": "plan", "id": PLAN, "quantity": quantity},
                       {"type": "service", "id": SERVICE, "quantity": 1000}]}
    entry.update(extra)
    return entry


@pytest.fixture
def batch(simulator_session, run_module, tmp_path):
    """batch(orders, **options) -> (failed, result) of one module run with a cache of this test only."""
    simulator_session.reset()
    sim = simulator_session

    def _run(orders, **options):
        args = {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret,
                "cache_dir": str(tmp_path / "cache"), "orders": orders}
        args.update(options)
        return run_module(mod, args)
    _run.sim = sim
    return _run


def saved(sim):
    return [o for o in sim.state()["orders"] if str(o.get("customReferenceNo", "")).startswith(("ansible-", "BATCH-"))]


def by_name(result):
    return dict((entry["name"], entry) for entry in result["results"])


def test_orders_each_once_and_a_rerun_buys_nothing(batch):
    orders = [order("t%d" % i, customer) for i, customer in enumerate(CUSTOMERS)]
    failed, first = batch(orders)
    assert not failed, first["msg"]
    assert first["changed"] is True
    assert first["summary"]["ordered"] == ["t0", "t1", "t2", "t3"]
    assert [e["outcome"] for e in first["results"]] == ["ordered"] * 4
    assert len(saved(batch.sim)) == 4 and batch.sim.count("POST", SAVE) == 4
    batch.sim.clear_log()
    failed, again = batch(orders)
    assert not failed and again["changed"] is False
    assert again["summary"]["existing"] == ["t0", "t1", "t2", "t3"]
    assert batch.sim.count("POST", SAVE) == 0
    assert [e["order"]["orderNo"] for e in again["results"]] == [e["order"]["orderNo"] for e in first["results"]]


def test_one_tenant_under_two_names_is_one_order(batch):
    # The derived number ignores the case of the Yeastar ID (the simulator's own lookup does not, hence no references).
    failed, result = batch([order("a", CUSTOMERS[0]), order("a-again", CUSTOMERS[0].upper())], validate_references=False)
    assert not failed, result["msg"]
    entries = by_name(result)
    assert entries["a"]["outcome"] == "ordered" and entries["a-again"]["outcome"] == "existing"
    assert entries["a"]["order"]["orderNo"] == entries["a-again"]["order"]["orderNo"]
    assert len(saved(batch.sim)) == 1


def test_one_number_for_different_orders_in_a_batch_is_refused_up_front(batch):
    failed, result = batch([order("a", CUSTOMERS[0], po_number="BATCH-1"),
                            order("b", CUSTOMERS[1], quantity=30, po_number="BATCH-1"),
                            order("c", CUSTOMERS[2])])
    assert failed
    entries = by_name(result)
    assert entries["a"]["outcome"] == "failed" and entries["b"]["outcome"] == "failed"
    assert "Nothing was ordered for a: b uses the same purchase order number BATCH-1" in entries["a"]["msg"]
    assert "Nothing was ordered for b: a uses the same purchase order number BATCH-1" in entries["b"]["msg"]
    assert any("quantity" in d for d in entries["b"]["differences"])
    assert entries["c"]["outcome"] == "ordered"
    assert batch.sim.count("POST", SAVE) == 1 and not [o for o in saved(batch.sim) if o["customReferenceNo"] == "BATCH-1"]


def test_a_number_an_earlier_order_carries_with_other_contents_is_refused_with_the_differences(batch):
    failed, first = batch([order("a", CUSTOMERS[0], po_number="BATCH-2")])
    assert not failed, first["msg"]
    failed, result = batch([order("b", CUSTOMERS[1], quantity=30, po_number="BATCH-2")])
    assert failed
    entry = by_name(result)["b"]
    assert entry["outcome"] == "failed" and entry["changed"] is False
    assert any("quantity" in d for d in entry["differences"])
    assert any("customer" in d or "assign" in d.lower() for d in entry["differences"])
    assert len(saved(batch.sim)) == 1


def test_bad_input_of_one_order_does_not_stop_the_others(batch):
    failed, result = batch([order("bad", CUSTOMERS[0], quantity=100000), order("good", CUSTOMERS[1])])
    assert failed
    entries = by_name(result)
    assert entries["bad"]["outcome"] == "failed" and entries["bad"]["problems"]
    assert "was not sent" in entries["bad"]["msg"]
    assert entries["good"]["outcome"] == "ordered"
    assert len(saved(batch.sim)) == 1


def test_an_unknown_outcome_stops_the_orders_after_it(batch):
    # The first order request is committed but its answer is lost, and the order list never shows it in time.
    batch.sim.add_fault(method="POST", path=SAVE, drop="after", times=1)
    failed, result = batch([order("t0", CUSTOMERS[0]), order("t1", CUSTOMERS[1])], timeout=5)
    # Reconciliation finds the committed order by its number: no unknown outcome, both orders once.
    assert not failed, result["msg"]
    assert by_name(result)["t0"]["reconciled"] is True
    assert len(saved(batch.sim)) == 2


def test_a_request_that_may_still_land_stops_the_rest(batch):
    # The service never answers the order request (dropped before answering, every time), so the outcome is unknown.
    batch.sim.add_fault(method="POST", path=SAVE, drop="before", times=0)
    failed, result = batch([order("t0", CUSTOMERS[0]), order("t1", CUSTOMERS[1]), order("t2", CUSTOMERS[2])],
                           retries=0, timeout=5)
    assert failed
    entries = by_name(result)
    assert entries["t0"]["outcome"] == "failed" and entries["t0"]["changed"] is True
    assert "unknown" in entries["t0"]["msg"]
    assert [entries[n]["outcome"] for n in ("t1", "t2")] == ["not_attempted", "not_attempted"]
    assert all("t0 stopped the batch" in entries[n]["msg"] for n in ("t1", "t2"))
    assert batch.sim.count("POST", SAVE) == 1
    assert result["summary"]["not_attempted"] == ["t1", "t2"]


def test_check_mode_sends_no_order_and_shows_each_request(batch):
    failed, result = batch([order("t0", CUSTOMERS[0]), order("t1", CUSTOMERS[1])],
                           _ansible_check_mode=True, _ansible_diff=True)
    assert not failed and result["changed"] is True
    assert result["summary"]["would_order"] == ["t0", "t1"]
    assert all(e["order"] is None and e["order_request"]["assignId"] for e in result["results"])
    assert [d["after_header"] for d in result["diff"]] == ["t0", "t1"]
    assert batch.sim.count("POST", SAVE) == 0


def test_names_must_be_unique_and_nothing_is_sent_otherwise(batch):
    failed, result = batch([order("same", CUSTOMERS[0]), order("same", CUSTOMERS[1])])
    assert failed and "both named 'same'" in result["msg"]
    assert batch.sim.count() == 0


def test_wait_waits_for_every_placed_order(batch):
    failed, result = batch([order("t0", CUSTOMERS[0]), order("t1", CUSTOMERS[1])], wait=True, wait_interval=0.1,
                           wait_timeout=30)
    assert not failed, result["msg"]
    assert [e["order"]["orderStatus"] for e in result["results"]] == ["succeed", "succeed"]


def test_a_fault_after_ordering_reports_the_order_as_placed(batch, monkeypatch):
    """No exception escapes: a fault of the collection after the order was placed still returns changed and the order."""
    from ansible_collections.yeastar.partner.plugins.module_utils import _placement

    def broken(self):
        raise RuntimeError("simulated fault after ordering")
    monkeypatch.setattr(_placement.Placement, "read_back", broken)
    failed, result = batch([order("t0", CUSTOMERS[0])])
    assert failed
    entry = result["results"][0]
    assert entry["changed"] is True and entry["order"]["orderNo"]
    assert "was placed" in entry["msg"] and "simulated fault after ordering" in entry["msg"]
    assert len(saved(batch.sim)) == 1


def test_yeastar_order_reports_a_fault_after_ordering_with_the_order(batch, run_module, monkeypatch, tmp_path):
    from ansible_collections.yeastar.partner.plugins.module_utils import _placement
    from ansible_collections.yeastar.partner.plugins.modules import yeastar_order

    def broken(self):
        raise RuntimeError("simulated fault after ordering")
    monkeypatch.setattr(_placement.Placement, "placed_result", broken)
    sim = batch.sim
    args = dict(order("x", CUSTOMERS[1]), api_url=sim.base_url, client_id=sim.client_id, client_secret=sim.client_secret,
                cache_dir=str(tmp_path / "single"))
    del args["name"]
    failed, result = run_module(yeastar_order, args)
    assert failed and result["changed"] is True and result["order"]["orderNo"]
    assert "simulated fault after ordering" in result["msg"]


def test_allow_http_lets_a_plain_http_url_through(batch):
    # Not loopback: refused unless allowed. Allowed, the module gets as far as connecting (nothing listens there).
    failed, result = batch([order("t0", CUSTOMERS[0])], api_url="http://yeastar-partner.invalid", retries=0, timeout=2)
    assert failed and "plain http://" in result["msg"]
    failed, result = batch([order("t0", CUSTOMERS[0])], api_url="http://yeastar-partner.invalid", retries=0, timeout=2,
                           allow_http=True)
    assert failed and "plain http://" not in json.dumps(result)
    assert "connect" in json.dumps(result)
