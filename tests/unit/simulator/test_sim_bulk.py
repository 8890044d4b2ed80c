# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: admin endpoints that make data in bulk (historical orders, subordinate users) or force an order's status."""

import json
import os
import re

import pytest

from yeastar_sim import catalog
from yeastar_sim.control import SimulatorError

SAVE = "/order/openapi/order/v1/save"
PAGE = "/order/openapi/order/v1/page"
GET = "/order/openapi/order/v1/get/"
PARTNERS = "/user/openapi/user/v1/client/partner_list"
SUBORDINATE = "/user/openapi/user/v1/subordinate_user/"

with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seed_order_request.json"), encoding="utf-8") as _seed:
    SEED_BODY = json.load(_seed)


def _rows(sim, page_size=1000):
    rows = []
    page_no = 1
    while True:
        page = sim.api("GET", PAGE, params={"pageNo": page_no, "pageSize": page_size, "sort": "id"}).result
        rows.extend(page["results"])
        if page_no >= page["totalPage"]:
            return rows
        page_no += 1


def test_bulk_orders_are_older_than_all(simulator):
    sim = simulator
    seed = _rows(sim)
    assert sim.bulk_orders(40) == {"created": 40, "total": 43}
    rows = _rows(sim, 7)
    assert len(rows) == 43 and rows[:3] == seed  # newest first: the history comes last
    history = rows[3:]
    assert max(row["createTime"] for row in history) < min(row["createTime"] for row in seed)
    assert [row["createTime"] for row in rows] == sorted((row["createTime"] for row in rows), reverse=True)
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == 43 and all(ident.isdigit() for ident in ids) and ids == sorted(ids, key=int, reverse=True)
    assert all(re.match(r"^RV\d{19}$", row["orderNo"]) for row in history) and len({row["orderNo"] for row in rows}) == 43
    pos = [row["customReferenceNo"] for row in history]
    assert pos.count("") == 20 and sorted(p for p in pos if p) == sorted("HIST-%d" % n for n in range(1, 41, 2))
    statuses = [row["orderStatus"] for row in history]
    assert set(statuses) <= set(catalog.ORDER_STATUSES) and statuses.count("succeed") == 32
    assert {"cancelled", "failed", "refunded", "pending"} <= set(statuses)
    pending = [row for row in history if row["orderStatus"] == "pending"]
    for dummy in range(2):
        assert all(sim.api("GET", GET + row["id"]).result["orderInformation"]["orderStatus"] == "pending" for row in pending)
    details = sim.api("GET", GET + history[0]["orderNo"]).result
    assert details["basicInformation"]["productId"] == "14" and details["basicInformation"]["instanceId"] == ""
    assert details["orderSummary"]["serviceList"] and details["billingInformation"]["billingContactId"]
    # a second call goes further back; numbering goes on; a given status and prefix are used for all
    assert sim.bulk_orders(5, po_prefix="PAST-", status="cancelled") == {"created": 5, "total": 48}
    older = _rows(sim)[43:]
    assert [row["customReferenceNo"] for row in older] == ["PAST-%d" % n for n in range(41, 46)]
    assert {row["orderStatus"] for row in older} == {"cancelled"}
    assert max(row["createTime"] for row in older) < min(row["createTime"] for row in history)
    # new orders are still the newest; the order survives a restart
    result = sim.api("POST", SAVE, json_body=SEED_BODY).result
    sim.restart()
    after = _rows(sim, 10)
    assert after[0]["id"] == result["orderId"] and after[1:] == _rows(sim)[1:] and len(after) == 49
    sim.configure(order_sort="oldest_first")
    assert [row["id"] for row in _rows(sim, 9)] == [row["id"] for row in after][::-1]


@pytest.mark.parametrize("payload", [{"count": -1}, {"count": "3"}, {"count": 1000001}, {"count": 1, "status": "lost"},
                                     {"count": 1, "po_prefix": 5}, {"count": 1, "size": 1}, {}, []])
def test_bulk_orders_validation(simulator_session, payload):
    sim = simulator_session
    total = sim.api("GET", PAGE).result["total"]
    with pytest.raises(SimulatorError, match="400"):
        sim._admin("POST", "orders/bulk", payload)  # pylint: disable=protected-access
    assert sim.api("GET", PAGE).result["total"] == total


def test_set_order_status(simulator):
    sim = simulator
    result = sim.api("POST", SAVE, json_body=SEED_BODY).result
    expected = {"id": result["orderId"], "orderNo": result["orderNo"], "orderStatus": "cancelled"}
    assert sim.set_order_status(result["orderId"], "cancelled") == expected
    assert sim.api("GET", PAGE).result["results"][0]["orderStatus"] == "cancelled"
    assert sim.set_order_status(result["orderNo"], "pending")["orderStatus"] == "pending"
    for dummy in range(3):  # pending stays pending
        assert sim.api("GET", GET + result["orderId"]).result["orderInformation"]["orderStatus"] == "pending"
        assert sim.api("GET", PAGE).result["results"][0]["orderStatus"] == "pending"
    sim.set_order_status("1782001", "refunded")
    sim.restart()
    assert sim.api("GET", GET + "1782001").result["orderInformation"]["orderStatus"] == "refunded"
    assert sim.api("GET", GET + result["orderNo"]).result["orderInformation"]["orderStatus"] == "pending"
    sim.set_order_status(result["orderNo"], "succeed")
    assert sim.api("GET", PAGE).result["results"][0]["orderStatus"] == "succeed"
    with pytest.raises(SimulatorError, match="400"):
        sim.set_order_status(result["orderId"], "done")
    with pytest.raises(SimulatorError, match="404"):
        sim.set_order_status("424242", "cancelled")


def test_bulk_subordinates(simulator):
    sim = simulator
    before = len(sim.api("GET", PARTNERS).result)
    created = sim.bulk_subordinates(3)
    assert created == ["tenant-0001@bench.example", "tenant-0002@bench.example", "tenant-0003@bench.example"]
    users = sim.api("GET", PARTNERS).result
    assert len(users) == before + 3 and {u["partnerId"] for u in users} >= set(created)
    user = sim.api("GET", SUBORDINATE + "tenant-0002@bench.example").result
    seed_user = sim.api("GET", SUBORDINATE + "color123@yeastar.com").result
    assert sorted(user) == sorted(seed_user) and user["userType"] == seed_user["userType"]
    assert user["company"] == "Tenant 0002 Ltd" and user["country"] == "United Kingdom" and user["email"] == user["partnerId"]
    assert sim.bulk_subordinates(5) == ["tenant-0004@bench.example", "tenant-0005@bench.example"]  # those there are are skipped
    assert sim.bulk_subordinates(2, prefix="shop")[1] == "shop-0002@bench.example"
    assert sim.api("POST", SAVE, json_body=dict(SEED_BODY, assignId="tenant-0005@bench.example")).status == 200
    with pytest.raises(SimulatorError, match="400"):
        sim.bulk_subordinates(1, prefix="bad prefix")
    with pytest.raises(SimulatorError, match="400"):
        sim.bulk_subordinates(-1)
    sim.reset()
    assert len(sim.api("GET", PARTNERS).result) == before


def test_paging_through_many_orders(simulator):
    sim = simulator
    sim.bulk_orders(5000)
    sim.configure(page_size_cap=100)
    rows = _rows(sim, 1000)  # a client that keeps to totalPage reads everything, 100 rows at a time
    assert len(rows) == 5003 and len({row["id"] for row in rows}) == 5003
    assert [int(row["id"]) for row in rows] == sorted((int(row["id"]) for row in rows), reverse=True)
