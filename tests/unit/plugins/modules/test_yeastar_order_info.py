# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of yeastar_order_info for what the integration target cannot reach cheaply: the page cap, the cap on
details calls, and errors that must not be mistaken for "not found". The endpoint functions are replaced, so nothing
is sent anywhere."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.modules import yeastar_order_info as mod

AUTH = {"api_url": "http://127.0.0.1:9", "client_id": "id", "client_secret": "unit-test-secret"}


@pytest.fixture
def run(run_module):
    """run(**args) -> (failed, result, warnings) of one module run, with connection options that reach nothing."""

    def _run(**args):
        full = dict(AUTH)
        full.update(args)
        failed, result = run_module(mod, full)
        return failed, result, result.get("warnings", [])
    return _run


def order(n, status="succeed", po=""):
    return {"id": str(1780000 + n), "orderNo": "RV%019d" % n, "orderStatus": status, "customReferenceNo": po,
            "createTime": 1767225600000 + n, "currencyCode": "USD", "invoiceNo": "INV%d" % n}


def details_of(ref):
    return {"basicInformation": {"productId": "14"}, "orderInformation": {"id": ref}, "orderSummary": {"serviceList": []}}


class Calls:
    def __init__(self):
        self.list_max_pages = []
        self.details = []


@pytest.fixture
def api(monkeypatch):
    """Replace the endpoints; set api.rows / api.info / api.get_error to steer them."""
    calls = Calls()
    calls.rows = []
    calls.info = {"total": 0, "pages": 1, "truncated": False}
    calls.get_error = None

    def list_orders(client, max_pages=None):
        calls.list_max_pages.append(max_pages)
        return [dict(r) for r in calls.rows], dict(calls.info)

    def get_order(client, order_id):
        calls.details.append(order_id)
        if calls.get_error is not None:
            raise calls.get_error
        return details_of(order_id)

    monkeypatch.setattr(mod, "list_orders", list_orders)
    monkeypatch.setattr(mod, "get_order", get_order)
    return calls


def test_page_cap_reached_warns_and_says_truncated(run, api):
    api.rows = [order(n) for n in range(200)]
    api.info = {"total": 250, "pages": 2, "truncated": True}
    failed, result, warnings = run(max_pages=2)
    assert not failed
    assert result["changed"] is False
    assert result["truncated"] is True
    assert result["total"] == 250
    assert len(result["orders"]) == 200
    assert api.list_max_pages == [2]
    assert any("max_pages=2" in w and "cut" in w for w in warnings)


def test_full_list_is_not_truncated_and_does_not_warn(run, api):
    api.rows = [order(1), order(2)]
    api.info = {"total": 2, "pages": 1, "truncated": False}
    failed, result, warnings = run()
    assert not failed
    assert result["truncated"] is False
    assert api.list_max_pages == [100]
    assert warnings == []


def test_details_are_read_for_at_most_50_orders(run, api):
    api.rows = [order(n) for n in range(60)]
    api.info = {"total": 60, "pages": 1, "truncated": False}
    failed, result, warnings = run(details=True)
    assert not failed
    assert len(api.details) == mod.DETAILS_LIMIT == 50
    assert api.details == [o["id"] for o in api.rows[:50]]
    assert all("details" in o for o in result["orders"][:50])
    assert not any("details" in o for o in result["orders"][50:])
    assert any("60 orders were found" in w for w in warnings)


def test_filters_combine_and_status_ignores_case(run, api):
    api.rows = [order(1, "SUCCEED", "PO-1"), order(2, "pending", "PO-1"), order(3, "succeed", "PO-2")]
    api.info = {"total": 3, "pages": 1, "truncated": False}
    failed, result, warnings = run(po_number="PO-1", status=["succeed"])
    assert not failed
    assert [o["id"] for o in result["orders"]] == ["1780001"]
    assert api.details == []


def test_details_of_a_listed_order_that_vanished_warn(run, api):
    api.rows = [order(1)]
    api.info = {"total": 1, "pages": 1, "truncated": False}
    api.get_error = PartnerAPIError("GET", "/order/openapi/order/v1/get/1780001", status=404, code="resource_not_found")
    failed, result, warnings = run(details=True)
    assert not failed
    assert result["orders"][0]["details"] == {}
    assert any("1780001" in w for w in warnings)


def test_unknown_order_id_is_an_empty_list(run, api):
    api.get_error = PartnerAPIError("GET", "/order/openapi/order/v1/get/42", status=404, code="resource_not_found")
    failed, result, warnings = run(order_id="42")
    assert not failed
    assert result["orders"] == []
    assert "total" not in result
    assert api.list_max_pages == []


@pytest.mark.parametrize("status, code", [(403, "forbidden"), (500, "internal_error"), (400, "parameter_validation_failed")])
def test_other_errors_on_order_id_fail_and_are_not_taken_for_not_found(run, api, status, code):
    api.get_error = PartnerAPIError("GET", "/order/openapi/order/v1/get/42", status=status, code=code,
                                    request_id="0123456789abcdef0123456789abcdef")
    failed, result, warnings = run(order_id="42")
    assert failed
    assert result["msg"].startswith("Reading order 42: GET /order/openapi/order/v1/get/42 failed")
    assert "requestId 0123456789abcdef0123456789abcdef" in result["msg"]
    assert result["api_error"]["status"] == status
    assert "orders" not in result


def test_order_id_returns_order_information_with_details(run, api):
    failed, result, warnings = run(order_id="RV0000000000000000007")
    assert not failed
    assert result["orders"] == [{"id": "RV0000000000000000007", "details": details_of("RV0000000000000000007")}]


@pytest.mark.parametrize("args, message", [
    ({"order_id": "RV-1"}, "order_id must be an order ID"),
    ({"order_id": " "}, "order_id must not be empty"),
    ({"order_no": "RV/1"}, "order_no must be an order ID"),
    ({"po_number": ""}, "po_number must not be empty"),
    ({"max_pages": 0}, "max_pages must be"),
    ({"max_pages": -5}, "max_pages must be"),
    ({"max_pages": 2.5}, "max_pages must be"),
    ({"status": []}, "status must list at least one of"),
])
def test_bad_input_fails_before_any_call(run, api, args, message):
    failed, result, warnings = run(**args)
    assert failed
    assert message in result["msg"]
    assert api.list_max_pages == [] and api.details == []
