# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: settings that make it differ from the vendor guide as a real service may (page size cap, order sort, fields,
id type, orders appearing while a client pages), and when changes are saved."""

import json
import os
import time

import pytest

from yeastar_sim.control import SimulatorError

SAVE = "/order/openapi/order/v1/save"
PAGE = "/order/openapi/order/v1/page"
GET = "/order/openapi/order/v1/get/"
INSTANCES = "/product/openapi/instance_product/v1/client/instance_product_list"
COUNTRIES = "/user/openapi/area/v1/page"
DOCUMENTED = ["createTime", "currencyCode", "customReferenceNo", "id", "invoiceNo", "orderNo", "orderStatus"]
EXTRA = ["assignId", "operationType", "productId", "productNo"]
DEFAULTS = {"page_size_cap": 0, "order_sort": "newest_first", "order_fields": "full", "order_id_type": "string", "new_orders_per_read": 0}

with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seed_order_request.json"), encoding="utf-8") as _seed:
    SEED_BODY = json.load(_seed)


def _page(sim, page_no=1, page_size=25):
    resp = sim.api("GET", PAGE, params={"pageNo": page_no, "pageSize": page_size, "sort": "id"})
    assert resp.status == 200, resp
    return resp.result


def _all_ids(sim, page_size=1000):
    ids = []
    page_no = 1
    while True:
        page = _page(sim, page_no, page_size)
        ids.extend(row["id"] for row in page["results"])
        if page_no >= page["totalPage"]:
            return ids
        page_no += 1


def test_defaults_and_reset(simulator):
    config = simulator.configure()
    assert {key: config[key] for key in DEFAULTS} == DEFAULTS
    changed = simulator.configure(page_size_cap=5, order_sort="oldest_first", order_fields="documented", order_id_type="number",
                                  new_orders_per_read=1)
    assert {key: changed[key] for key in DEFAULTS} == {"page_size_cap": 5, "order_sort": "oldest_first", "order_fields": "documented",
                                                       "order_id_type": "number", "new_orders_per_read": 1}
    simulator.reset()
    config = simulator.configure()
    assert {key: config[key] for key in DEFAULTS} == DEFAULTS


@pytest.mark.parametrize("settings, message", [
    ({"page_size_cap": -1}, "page_size_cap"),
    ({"page_size_cap": 2.5}, "page_size_cap"),
    ({"page_size_cap": True}, "page_size_cap"),
    ({"order_sort": "random"}, "newest_first, oldest_first"),
    ({"order_fields": "some"}, "full, documented"),
    ({"order_id_type": 5}, "string, number"),
    ({"new_orders_per_read": "2"}, "new_orders_per_read"),
    ({"new_orders_per_read": 1001}, "from 0 to 1000"),
    ({"order_delay": 1}, "unknown setting"),
])
def test_bad_settings_are_refused(simulator_session, settings, message):
    sim = simulator_session
    before = sim.configure()
    with pytest.raises(SimulatorError) as err:
        sim.configure(**settings)
    assert "400" in str(err.value) and message in str(err.value)
    assert sim.configure() == before


def test_page_size_cap(simulator):
    sim = simulator
    sim.bulk_orders(22)
    newest_first = _all_ids(sim)
    assert len(newest_first) == 25
    sim.configure(page_size_cap=10)
    pages = [_page(sim, page_no, 100) for page_no in (1, 2, 3, 4)]
    assert [len(page["results"]) for page in pages] == [10, 10, 5, 0]
    for page_no, page in enumerate(pages, 1):
        assert page["pageSize"] == 100 and page["pageNo"] == page_no  # the requested size is echoed
        assert page["totalPage"] == 3 and page["total"] == page["count"] == 25
    assert [row["id"] for page in pages for row in page["results"]] == newest_first
    small = _page(sim, 2, 4)  # below the cap: as usual
    assert [row["id"] for row in small["results"]] == newest_first[4:8] and small["totalPage"] == 7 and small["pageSize"] == 4
    countries = sim.api("GET", COUNTRIES, params={"pageNo": 1, "pageSize": 25}).result
    assert len(countries["results"]) == 10 and countries["pageSize"] == 25 and countries["totalPage"] == 2 and countries["total"] == 17
    assert sim.api("POST", SAVE, json_body=SEED_BODY).status == 200  # a second instance of product 14
    sim.configure(page_size_cap=1)
    first = sim.api("GET", INSTANCES, params={"productId": 14, "pageNo": 1, "pageSize": 25}).result
    second = sim.api("GET", INSTANCES, params={"productId": 14, "pageNo": 2, "pageSize": 25}).result
    assert len(first["results"]) == len(second["results"]) == 1 and first["totalPage"] == 2 and first["pageSize"] == 25
    assert first["results"][0]["productNo"] != second["results"][0]["productNo"]


def test_order_sort(simulator):
    sim = simulator
    sim.api("POST", SAVE, json_body=SEED_BODY)
    newest_first = _all_ids(sim, 2)
    assert newest_first == sorted(newest_first, key=int, reverse=True) and len(newest_first) == 4
    sim.configure(order_sort="oldest_first")
    assert _all_ids(sim, 2) == newest_first[::-1]
    assert [row["id"] for row in _page(sim, 2, 3)["results"]] == newest_first[::-1][3:]


def test_documented_order_fields(simulator):
    sim = simulator
    order_id = sim.api("POST", SAVE, json_body=dict(SEED_BODY, poNumber="PO-DOC")).result["orderId"]
    full_row = _page(sim)["results"][0]
    assert sorted(full_row) == sorted(DOCUMENTED + EXTRA)
    full = sim.api("GET", GET + order_id).result
    sim.configure(order_fields="documented")
    row = _page(sim)["results"][0]
    assert sorted(row) == DOCUMENTED and row == {key: full_row[key] for key in DOCUMENTED}
    details = sim.api("GET", GET + order_id).result
    assert sorted(details) == ["basicInformation", "billingInformation", "orderInformation", "orderSummary"]
    assert details["basicInformation"] == {key: full["basicInformation"][key] for key in ("productId", "productName", "productNo")}
    assert sorted(details["orderInformation"]) == DOCUMENTED and details["orderInformation"]["customReferenceNo"] == "PO-DOC"
    assert "transactionNo" in full["orderInformation"]
    assert details["billingInformation"] == full["billingInformation"] and details["orderSummary"] == full["orderSummary"]


def test_number_order_ids(simulator):
    sim = simulator
    string_ids = [row["id"] for row in _page(sim)["results"]]
    assert all(isinstance(ident, str) for ident in string_ids)
    sim.configure(order_id_type="number", order_fields="documented")
    rows = _page(sim)["results"]
    assert [row["id"] for row in rows] == [int(ident) for ident in string_ids]
    assert all(type(row["id"]) is int for row in rows)  # pylint: disable=unidiomatic-typecheck
    info = sim.api("GET", GET + string_ids[0]).result["orderInformation"]
    assert info["id"] == int(string_ids[0]) and type(info["id"]) is int  # pylint: disable=unidiomatic-typecheck
    assert isinstance(info["orderNo"], str)
    result = sim.api("POST", SAVE, json_body=SEED_BODY).result
    assert isinstance(result["orderId"], str)  # Create an Order answers as the guide shows
    assert _page(sim)["results"][0]["id"] == int(result["orderId"])


def test_new_orders_per_read(simulator):
    sim = simulator
    first = _page(sim, 1, 2)
    assert first["total"] == 3
    sim.configure(new_orders_per_read=2)
    second = _page(sim, 1, 2)
    third = _page(sim, 1, 2)
    assert second["total"] == 5 and third["total"] == 7
    assert [row["id"] for row in second["results"]] != [row["id"] for row in third["results"]]
    for row in third["results"]:
        assert row["customReferenceNo"].startswith("OTHER-") and row["orderStatus"] == "succeed"
        assert int(row["id"]) > int(first["results"][0]["id"])
    # the rows move: the newest seed order, first on the first read, is 7th once this read has made 2 more
    assert _page(sim, 4, 2)["results"][0]["id"] == first["results"][0]["id"]
    details = sim.api("GET", GET + third["results"][0]["id"])
    assert details.status == 200 and details.result["orderSummary"]["serviceList"][0]["serviceType"] == "plan"
    assert sim.api("GET", PAGE, params={"pageSize": 0}).status == 400  # a refused request makes none
    sim.configure(new_orders_per_read=0)
    assert _page(sim)["total"] == 9
    assert _page(sim)["total"] == 9


def test_changes_by_reads_are_saved_lazily_and_posts_at_once(simulator):
    sim = simulator
    sim.configure(pending_polls=3)
    result = sim.api("POST", SAVE, json_body=dict(SEED_BODY, poNumber="PO-LAZY")).result
    with open(sim.state_path, encoding="utf-8") as handle:
        stored = [o for o in json.load(handle)["orders"] if o["id"] == result["orderId"]]
    assert len(stored) == 1 and stored[0]["pendingReads"] == 3  # saved before the answer
    assert _page(sim)["results"][0]["orderStatus"] == "pending"
    deadline = time.time() + 5
    while True:
        with open(sim.state_path, encoding="utf-8") as handle:
            stored = [o for o in json.load(handle)["orders"] if o["id"] == result["orderId"]]
        if stored[0]["pendingReads"] == 2:
            break
        assert time.time() < deadline, "the read's change was not saved within 5 s"
        time.sleep(0.1)
    for dummy in range(3):
        _page(sim)
    sim.restart()
    assert _page(sim)["results"][0]["orderStatus"] == "succeed"
    assert sim.api("GET", GET + result["orderNo"]).result["orderInformation"]["orderStatus"] == "succeed"
