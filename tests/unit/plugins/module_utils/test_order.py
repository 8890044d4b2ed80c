# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Order rules, the request body and the idempotency key (no HTTP here: _order.py sends nothing)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import hashlib
import json
import os

import pytest

from ansible_collections.yeastar.partner.plugins.module_utils._lookup import read_catalog
from ansible_collections.yeastar.partner.plugins.module_utils._order import (
    build_body,
    check_against_catalog,
    compare_contents,
    contents_of_body,
    contents_of_details,
    derive_po_number,
    legacy_po_number,
    order_summary,
    plan_order,
)

# The request body of the vendor's worked example, verbatim (tests/unit/seed_order_request.json).
SEED_BODY_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seed_order_request.json")

ITEM_DEFAULTS = dict(id=None, name=None, quantity=None, connection_plan_id=None, purchase_type=None,
                     billing_model=None, billing_cycle=None, multi_cycle=0)


def params(**overrides):
    """Module parameters as AnsibleModule hands them over (every option present)."""
    base = dict(operation="purchase_plan", product_id=14, product_no=None, partner_id=None,
                billing_id="3197218168379846218", po_number=None,
                items=[dict(ITEM_DEFAULTS, type="plan", id="3048941892189077504", quantity=100),
                       dict(ITEM_DEFAULTS, type="service", id=3049032352364388352, quantity=10000)])
    base.update(overrides)
    return base


def typed(value):
    """A JSON value with the type of every leaf spelled out, so that 14 and "14" differ."""
    if isinstance(value, dict):
        return dict((k, typed(v)) for k, v in value.items())
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def test_seed_purchase_gives_the_seed_body_field_for_field_and_type_for_type():
    order, problems = plan_order(params(po_number="PO-1"))
    assert problems == []
    body = build_body(order)
    with open(SEED_BODY_FILE, encoding="utf-8") as handle:
        expected = json.load(handle)
    expected["poNumber"] = "PO-1"
    assert typed(body) == typed(expected)
    assert list(body["serviceList"][1])[0] == "connectionPlanId"  # the seed's key order, for a reader of the diff


def test_body_survives_json_with_64_bit_ids():
    order, dummy = plan_order(params())
    text = json.dumps(build_body(order))
    assert '"billingId": 3197218168379846218' in text and '"serviceId": 3049032352364388352' in text


def test_derived_po_number_is_stable_and_ignores_line_order():
    order, dummy = plan_order(params())
    first = derive_po_number(build_body(order))
    swapped = params()
    swapped["items"] = list(reversed(swapped["items"]))
    order2, dummy = plan_order(swapped)
    assert derive_po_number(build_body(order2)) == first
    assert first.startswith("ansible-") and len(first) == len("ansible-") + 24


@pytest.mark.parametrize("change", [
    dict(partner_id="color123@yeastar.com"),
    dict(product_no="3076913644890832896"),
    dict(operation="renew_plan", product_no="3076913644890832896"),
])
def test_derived_po_number_changes_with_the_purchase(change):
    base = derive_po_number(build_body(plan_order(params())[0]))
    assert derive_po_number(build_body(plan_order(params(**change))[0])) != base


def test_derived_po_number_is_the_purchase_not_its_details():
    """A corrected quantity, plan, cycle or billing contact keeps the number: the run finds the order and refuses."""
    base = derive_po_number(build_body(plan_order(params())[0]))
    more = params(billing_id="3197218168379846219")
    more["items"][0]["quantity"] = 101
    more["items"][0]["multi_cycle"] = 2
    more["items"] = more["items"][:1]
    assert derive_po_number(build_body(plan_order(more)[0])) == base


def test_derived_po_number_ignores_the_case_of_the_yeastar_id():
    lower = derive_po_number(build_body(plan_order(params(partner_id="color123@yeastar.com"))[0]))
    assert derive_po_number(build_body(plan_order(params(partner_id="COLOR123@Yeastar.com"))[0])) == lower


def test_legacy_po_number_is_what_0_1_0_derived():
    body = build_body(plan_order(params())[0])
    assert legacy_po_number(body) != derive_po_number(body)
    assert legacy_po_number(dict(body, poNumber="X")) == legacy_po_number(body)
    changed = build_body(plan_order(params(billing_id="3197218168379846219"))[0])
    assert legacy_po_number(changed) != legacy_po_number(body)


def test_contents_compare_names_each_difference():
    wanted = contents_of_body(build_body(plan_order(params())[0]))
    other = params(billing_id="3197218168379846219")
    other["items"][0]["quantity"] = 150
    existing = contents_of_body(build_body(plan_order(other)[0]))
    differences, not_compared = compare_contents(existing, wanted)
    assert not_compared == []
    assert len(differences) == 2
    assert any(d.startswith("billing contact: the order has 3197218168379846219") for d in differences)
    assert any("quantity of plan 3048941892189077504: the order has 150, the task asks for 100" in d for d in differences)
    assert compare_contents(wanted, wanted) == ([], [])


def test_contents_from_details_that_show_little_are_not_compared():
    wanted = contents_of_body(build_body(plan_order(params(partner_id="a@b.example"))[0]))
    details = {"basicInformation": {"productId": "14", "productName": "P-Series Turnkey Package", "productNo": "123"},
               "orderSummary": {}}
    differences, not_compared = compare_contents(contents_of_details(details), wanted)
    assert differences == []
    assert "customer (assignId)" in not_compared and "plans and services" in not_compared


def test_contents_from_details_are_read_wherever_they_sit():
    body = build_body(plan_order(params(partner_id="A@B.example"))[0])
    details = {"basicInformation": {"productId": 14, "operationType": "purchase_plan", "assignId": "a@b.example"},
               "billingInformation": {"billingContactId": str(body["billingId"])},
               "orderSummary": {"items": [{"line": dict(line, serviceId=str(line["serviceId"]))} for line in body["serviceList"]]}}
    assert compare_contents(contents_of_details(details), contents_of_body(body)) == ([], [])
    details["orderSummary"]["items"][0]["line"]["quantity"] = 7
    differences, dummy = compare_contents(contents_of_details(details), contents_of_body(body))
    assert len(differences) == 1 and "quantity" in differences[0]


def test_derived_po_number_ignores_a_given_po_number():
    body = build_body(plan_order(params(po_number="X-1"))[0])
    assert derive_po_number(body) == derive_po_number(build_body(plan_order(params())[0]))


def test_trial_lines_carry_no_billing_model_or_cycle_and_need_no_billing_id():
    order, problems = plan_order(params(operation="trial_plan", billing_id=None,
                                        items=[dict(ITEM_DEFAULTS, type="plan", id="3048943012345679872")]))
    assert problems == []
    line = build_body(order)["serviceList"][0]
    assert line == {"serviceType": "plan", "serviceId": 3048943012345679872, "purchaseType": "trial", "multiCycle": 0}
    assert "billingId" not in build_body(order)


def test_partner_is_sent_under_both_members_by_default():
    # The reference names the member assignId, the Turnkey tutorial partnerId: both carry the customer (issue 15.5).
    body = build_body(plan_order(params(partner_id="color123@yeastar.com"))[0])
    assert body["assignId"] == "color123@yeastar.com" and body["partnerId"] == "color123@yeastar.com"


@pytest.mark.parametrize("member, present, absent", [("assignId", "assignId", "partnerId"),
                                                     ("partnerId", "partnerId", "assignId")])
def test_customer_member_sends_only_one_member(member, present, absent):
    body = build_body(plan_order(params(partner_id="color123@yeastar.com", customer_member=member))[0])
    assert body[present] == "color123@yeastar.com" and absent not in body


def test_partners_own_order_names_no_customer_member():
    body = build_body(plan_order(params())[0])
    assert "assignId" not in body and "partnerId" not in body


def test_the_customer_member_changes_neither_key_nor_contents():
    # One purchase whichever member carries the customer: the derived and legacy numbers and the contents agree.
    bodies = [build_body(plan_order(params(partner_id="Color123@yeastar.com", customer_member=member))[0])
              for member in ("both", "assignId", "partnerId")]
    assert len(set(derive_po_number(b) for b in bodies)) == 1
    assert len(set(legacy_po_number(b) for b in bodies)) == 1
    assert all(contents_of_body(b)["customer"] == "color123@yeastar.com" for b in bodies)


def test_legacy_number_is_the_one_earlier_builds_derived():
    # Earlier builds hashed the body with the customer under assignId only: orders carrying that number still count.
    body = build_body(plan_order(params(partner_id="color123@yeastar.com"))[0])
    old_body = dict(body)
    del old_body["partnerId"]
    canonical = dict((k, v) for k, v in old_body.items() if k != "poNumber")
    canonical["serviceList"] = sorted(canonical["serviceList"], key=lambda line: (line.get("serviceType"), line.get("serviceId")))
    expected = "ansible-" + hashlib.sha256(json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:24]
    assert legacy_po_number(body) == expected


PCE = {"pbxName": "Acme", "regionId": "1", "pbxSubDomainId": "11", "pbxUrl": "acme.ras.yeastar.com"}


def pce_body(**request):
    body = {"operationType": "purchase_plan", "productId": 13, "billingId": 1, "poNumber": "PO-1",
            "serviceList": [{"serviceType": "plan", "serviceId": 5, "quantity": 10, "purchaseType": "purchase", "multiCycle": 0}]}
    body["orderPceSpecialRequest"] = dict(PCE, **request)
    return body


@pytest.mark.parametrize("change, field", [
    (dict(pbxName="Other"), "PBX name"),
    (dict(regionId="2"), "PBX region"),
    (dict(pbxSubDomainId="12"), "PBX domain"),
    (dict(pbxUrl="other.ras.yeastar.com"), "PBX URL"),
    (dict(timezone="UTC"), "pce.extra.timezone"),
])
def test_the_pbx_request_is_part_of_the_contents(change, field):
    # Issue 15.2: one po_number, two different Cloud Edition PBXs are two different orders.
    differences, dummy = compare_contents(contents_of_body(pce_body()), contents_of_body(pce_body(**change)))
    assert differences and field in differences[0]


def test_the_same_pbx_request_is_the_same_order_and_url_case_does_not_matter():
    same = pce_body(pbxUrl="ACME.ras.yeastar.com", regionId=1)
    assert compare_contents(contents_of_body(pce_body()), contents_of_body(same)) == ([], [])


def test_pbx_request_read_from_order_details():
    details = {"basicInformation": {"productId": "13", "operationType": "purchase_plan"},
               "orderSummary": {"serviceList": [{"serviceType": "plan", "serviceId": "5", "quantity": 10}],
                                "orderPceSpecialRequest": dict(PCE, pbxUrl="other.ras.yeastar.com")}}
    differences, dummy = compare_contents(contents_of_details(details), contents_of_body(pce_body()))
    assert any("PBX URL" in d for d in differences)


def test_pbx_request_not_shown_by_details_is_named_not_compared():
    details = {"basicInformation": {"productId": "13"}, "orderSummary": {"serviceList": []}}
    differences, not_compared = compare_contents(contents_of_details(details), contents_of_body(pce_body()))
    assert "PBX request (pce)" in not_compared


def test_an_order_without_pbx_request_differs_from_one_with():
    plain = pce_body()
    del plain["orderPceSpecialRequest"]
    differences, dummy = compare_contents(contents_of_body(pce_body()), contents_of_body(plain))
    assert any("PBX request" in d for d in differences)


@pytest.mark.parametrize("overrides, fragment", [
    (dict(product_id=0), "product_id must be a positive whole number"),
    (dict(billing_id="12ab"), "billing_id must be a positive whole number"),
    (dict(billing_id="99999999999999999999"), "billing_id must be a positive whole number"),
    (dict(billing_id=None), "billing_id is required for purchase_plan"),
    (dict(po_number="bad po number"), "po_number must be 1 to 64 characters"),
    (dict(po_number="x" * 65), "po_number must be at most 64 characters"),
    (dict(partner_id="two words@x"), "partner_id must be the subordinate user's Yeastar ID"),
    (dict(operation="renew_plan"), "product_no (the device's serial number"),
    (dict(product_id=11), "product 11 (P-Series Plan for Appliance Edition) orders always name the device"),
    (dict(product_no="  "), "product_no must not be empty"),
    (dict(items=[]), "items must name at least one plan or service"),
    (dict(operation="purchase_service"), "orders services only"),
    (dict(operation="switch_plan", product_no="1"), "takes one plan and no service items"),
])
def test_bad_input_is_named(overrides, fragment):
    dummy, problems = plan_order(params(**overrides))
    assert any(fragment in p for p in problems), problems


@pytest.mark.parametrize("item, fragment", [
    (dict(purchase_type="trial"), "does not fit operation purchase_plan"),
    (dict(multi_cycle=6), "multi_cycle must be between 0 and 5"),
    (dict(quantity=0), "quantity must be between 1 and 2147483647"),
    (dict(quantity=None), "quantity is required for purchase_plan"),
    (dict(id="-3"), "items[0].id must be a positive whole number"),
    (dict(id=None, name=None), "items[0] needs an id"),
])
def test_bad_items_are_named(item, fragment):
    p = params()
    p["items"][0].update(item)
    dummy, problems = plan_order(p)
    assert any(fragment in x for x in problems), problems


def test_connection_plan_defaults_to_the_plan_and_must_match_it():
    order, problems = plan_order(params())
    assert problems == [] and order["items"][1]["connection_plan_id"] == 3048941892189077504
    p = params()
    p["items"][1]["connection_plan_id"] = "3048941576353792000"
    dummy, problems = plan_order(p)
    assert any("must equal the plan's id 3048941892189077504" in x for x in problems)


def test_duplicate_lines_are_refused():
    p = params()
    p["items"].append(copy.deepcopy(p["items"][1]))
    dummy, problems = plan_order(p)
    assert any("a second time" in x for x in problems)


CATALOG = {
    "offeringId": "1",
    "planList": [{"planId": "3048941892189077504", "planName": "Enterprise Plan", "purchaseType": "purchase",
                  "minQuantity": 5, "maxQuantity": 1000},
                 {"planId": 3048943012345679872, "planName": "Trial Plan", "purchaseType": "trial"}],
    "serviceList": [{"serviceId": "3049032352364388352", "serviceName": "Recording Minutes", "purchaseType": "purchase",
                     "minQuantity": 100, "maxQuantity": 100000}],
}


def test_names_resolve_to_ids_and_fill_the_connection_plan():
    p = params()
    p["items"] = [dict(ITEM_DEFAULTS, type="plan", name="enterprise plan", quantity=10),
                  dict(ITEM_DEFAULTS, type="service", name="Recording Minutes", quantity=1000)]
    order, problems = plan_order(p)
    assert problems == []
    plans, services, dummy = read_catalog(CATALOG)
    assert check_against_catalog(order, plans, services) == []
    body = build_body(order)
    assert body["serviceList"][0]["serviceId"] == 3048941892189077504
    assert body["serviceList"][1]["connectionPlanId"] == 3048941892189077504


@pytest.mark.parametrize("item, fragment", [
    (dict(type="plan", id="3049032352364388352", quantity=10), "It is a service of this product, not a plan"),
    (dict(type="plan", name="Gold Plan", quantity=10), "'Gold Plan' not found"),
    (dict(type="plan", id="3048941892189077504", quantity=5000), "outside the range 5 to 1000"),
    (dict(type="plan", id="3048943012345679872", quantity=10), "is offered for trial, not for purchase"),
])
def test_catalog_problems_are_named(item, fragment):
    p = params(items=[dict(ITEM_DEFAULTS, **item)])
    order, problems = plan_order(p)
    assert problems == []
    plans, services, dummy = read_catalog(CATALOG)
    problems = check_against_catalog(order, plans, services)
    assert any(fragment in x for x in problems), problems


def test_order_summary_from_each_source():
    created = {"instanceId": "1", "orderId": "2", "orderNo": "RV1", "orderStatus": "succeed", "productNo": "9",
               "transactionNo": "MI1"}
    assert order_summary(created=created) == created
    listed = {"id": "7", "orderNo": "RV7", "orderStatus": "pending", "customReferenceNo": "PO"}
    details = {"basicInformation": {"productNo": "55"}, "orderInformation": {"orderStatus": "succeed"}}
    summary = order_summary(listed=listed, details=details)
    assert summary["orderId"] == "7" and summary["productNo"] == "55" and summary["orderStatus"] == "succeed"
    assert summary["transactionNo"] is None
