# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: read-only endpoints (pricing catalogue, users, billing contacts, countries) and paging."""

import math

import pytest

PRICING = "/pricing/openapi/purchase/v1"
ENTERPRISE = "3048941892189077504"
RECORDING = "3049032352364388352"


def test_product_list(simulator_session):
    resp = simulator_session.api("GET", PRICING + "/product_list")
    assert resp.status == 200 and resp.json["code"] == "success"
    ids = [p["productId"] for p in resp.result]
    assert ids == [9, 11, 12, 13, 14, 15, 21]
    assert {"name": "P-Series Turnkey Package", "productId": 14} in resp.result


def test_purchase_product_info_turnkey(simulator_session):
    resp = simulator_session.api("GET", PRICING + "/purchase_product_info", params={"productId": 14})
    assert resp.status == 200
    result = resp.result
    assert sorted(result) == ["offeringId", "planList", "productId", "productName", "serviceList"]
    assert result["productName"] == "P-Series Turnkey Package"
    plans = {p["planName"]: p for p in result["planList"]}
    assert {"Standard Plan", "Enterprise Plan", "Ultimate Plan"} <= set(plans)
    assert any(p["purchaseType"] == "trial" for p in result["planList"])
    enterprise = plans["Enterprise Plan"]
    assert sorted(enterprise) == ["billingCycle", "billingModel", "maxQuantity", "minQuantity", "planId", "planName", "purchaseType"]
    assert enterprise["planId"] == ENTERPRISE and enterprise["minQuantity"] <= 100 <= enterprise["maxQuantity"]
    services = {s["serviceName"]: s for s in result["serviceList"]}
    assert {"Recording Minutes", "Extension Expansion", "Transcription Minutes"} <= set(services)
    recording = services["Recording Minutes"]
    assert sorted(recording) == ["connectionPlanId", "maxQuantity", "minQuantity", "purchaseType", "serviceId", "serviceName"]
    assert recording["serviceId"] == RECORDING and recording["minQuantity"] <= 10000 <= recording["maxQuantity"]
    for item in result["planList"]:
        assert isinstance(item["planId"], str) and len(item["planId"]) == 19
    for item in result["serviceList"]:
        assert isinstance(item["serviceId"], str) and len(item["serviceId"]) == 19


def test_purchase_product_info_pce_and_pae_ids(simulator_session):
    pce = simulator_session.api("GET", PRICING + "/purchase_product_info", params={"productId": 13}).result
    assert {"3048571730026938368", "3048572026291630080"} <= {p["planId"] for p in pce["planList"]}
    assert {"3048573516041273344", "3048573759449317376", "3048573935752720384"} <= {s["serviceId"] for s in pce["serviceList"]}
    pae = simulator_session.api("GET", PRICING + "/purchase_product_info", params={"productId": 11, "productNo": "3631E3418911"}).result
    assert {"3048558946648207360", "3048560232537899008", "3048560606464323584"} == {p["planId"] for p in pae["planList"]}


@pytest.mark.parametrize("params, status, field", [
    ({}, 400, "productId"),
    ({"productId": "abc"}, 400, "productId"),
    ({"productId": 99}, 404, "productId"),
    ({"productId": 9}, 400, "productNo"),
    ({"productId": 11}, 400, "productNo"),
])
def test_purchase_product_info_errors(simulator_session, params, status, field):
    resp = simulator_session.api("GET", PRICING + "/purchase_product_info", params=params)
    assert resp.status == status and resp.json["status"] == status
    assert field in resp.json["result"]
    assert resp.json["code"] == ("resource_not_found" if status == 404 else "parameter_validation_failed")


@pytest.mark.parametrize("variant", ["purchase"])
def test_plan_and_add_on_info(simulator_session, variant):
    sim = simulator_session
    plan = sim.api("GET", "%s/%s/plan_info/%s" % (PRICING, variant, ENTERPRISE), params={"productId": 14})
    assert plan.status == 200, plan
    result = plan.result
    assert result["planId"] == ENTERPRISE and result["planName"] == "Enterprise Plan" and result["productId"] == 14
    assert result["minQuantity"] <= 100 <= result["maxQuantity"] and "annually" in result["billingCycleList"]
    assert 0 in result["multiCycleList"]
    addon = sim.api("GET", "%s/%s/add_on_info/%s" % (PRICING, variant, RECORDING), params={"productId": 14, "connectionPlanId": ENTERPRISE})
    assert addon.status == 200, addon
    assert addon.result["serviceId"] == RECORDING and addon.result["serviceName"] == "Recording Minutes"
    assert addon.result["connectionPlanId"] == ENTERPRISE
    missing = sim.api("GET", "%s/%s/plan_info/1234567890123456789" % (PRICING, variant), params={"productId": 14})
    assert missing.status == 404 and missing.json["code"] == "resource_not_found"
    missing = sim.api("GET", "%s/%s/add_on_info/1234567890123456789" % (PRICING, variant), params={"productId": 14})
    assert missing.status == 404
    no_product = sim.api("GET", "%s/%s/plan_info/%s" % (PRICING, variant, ENTERPRISE))
    assert no_product.status == 400 and no_product.json["result"] == {"productId": "required"}


TURNKEY_TRIAL_PLAN = 3048943012345679872
RM_PREMIUM_TRIAL = 3048800590149222400


@pytest.mark.parametrize("kind, item_id, product_id, variant, status, tag", [
    ("plan_info", ENTERPRISE, 14, "trial", 400, "purchaseType=purchase"),
    ("plan_info", TURNKEY_TRIAL_PLAN, 14, "purchase", 400, "purchaseType=trial"),
    ("plan_info", TURNKEY_TRIAL_PLAN, 14, "trial", 200, None),
    ("add_on_info", RECORDING, 14, "trial", 400, "purchaseType=purchase"),
    ("add_on_info", RM_PREMIUM_TRIAL, 21, "purchase", 400, "purchaseType=trial"),
    ("add_on_info", RM_PREMIUM_TRIAL, 21, "trial", 200, None),
])
def test_info_variant_must_fit_the_entry(simulator_session, kind, item_id, product_id, variant, status, tag):
    answer = simulator_session.api("GET", "%s/%s/%s/%s" % (PRICING, variant, kind, item_id), params={"productId": product_id})
    assert answer.status == status, answer
    if tag:
        field = "pricingPlanId" if kind == "plan_info" else "pricingServiceId"
        assert answer.json["result"] == {field: tag}


def test_renew_info_needs_existing_product_no(simulator_session):
    sim = simulator_session
    url = "%s/renew/plan_info/%s" % (PRICING, ENTERPRISE)
    resp = sim.api("GET", url, params={"productId": 14})
    assert resp.status == 400 and resp.json["result"] == {"productNo": "required"}
    resp = sim.api("GET", url, params={"productId": 14, "productNo": "0000000000000000000"})
    assert resp.status == 404
    resp = sim.api("GET", url, params={"productId": 14, "productNo": "3076913644890830001"})
    assert resp.status == 200 and resp.result["minQuantity"] == resp.result["maxQuantity"] == 50
    resp = sim.api("GET", "%s/renew/add_on_info/%s" % (PRICING, RECORDING), params={"productId": 14, "productNo": "3076913644890830001"})
    assert resp.status == 200


def test_users_and_billing_contacts(simulator_session):
    sim = simulator_session
    users = sim.api("GET", "/user/openapi/user/v1/client/partner_list").result
    assert isinstance(users, list) and len(users) >= 4
    assert "color123@yeastar.com" in [u["partnerId"] for u in users]
    fields = ["city", "company", "country", "email", "firstName", "lastName", "partnerId", "phoneNumber", "remark", "stateProvince",
              "street", "taxNum", "userType", "zipCode"]
    for user in users:
        assert sorted(user) == fields and all(isinstance(v, str) for v in user.values())
    one = sim.api("GET", "/user/openapi/user/v1/subordinate_user/color123@yeastar.com")
    assert one.status == 200 and one.result["partnerId"] == "color123@yeastar.com"
    one = sim.api("GET", "/user/openapi/user/v1/subordinate_user/color123%40yeastar.com")
    assert one.status == 200
    assert sim.api("GET", "/user/openapi/user/v1/subordinate_user/nobody@example.com").status == 404
    contacts = sim.api("GET", "/user/openapi/user/v1/client/billing_contact_list").result
    assert isinstance(contacts, list) and len(contacts) >= 3
    assert "3197218168379846218" in [c["billingContactId"] for c in contacts]
    for contact in contacts:
        assert all(isinstance(v, str) for v in contact.values())


@pytest.mark.parametrize("page_no, page_size", [(1, 5), (2, 5), (4, 5), (5, 5), (1, 25), (2, 7)])
def test_country_paging_math(simulator_session, page_no, page_size):
    resp = simulator_session.api("GET", "/user/openapi/area/v1/page", params={"pageNo": page_no, "pageSize": page_size})
    result = resp.result
    total = result["total"]
    assert result["count"] == total
    assert total >= 15
    assert result["pageNo"] == page_no and result["pageSize"] == page_size
    assert result["totalPage"] == math.ceil(total / page_size)
    expected = max(0, min(page_size, total - (page_no - 1) * page_size))
    assert len(result["results"]) == expected


def test_country_defaults_filter_and_sort(simulator_session):
    sim = simulator_session
    result = sim.api("GET", "/user/openapi/area/v1/page").result
    assert result["pageNo"] == 1 and result["pageSize"] == 25
    result = sim.api("GET", "/user/openapi/area/v1/page", params={"name": "united", "sort": "-name"}).result
    names = [c["name"] for c in result["results"]]
    assert names == sorted(names, reverse=True) and len(names) == result["total"] == 4
    assert sorted(result["results"][0]) == ["code", "id", "name"]
    result = sim.api("GET", "/user/openapi/area/v1/page", params={"sort": "name"}).result
    names = [c["name"] for c in result["results"]]
    assert names == sorted(names)
    bad = sim.api("GET", "/user/openapi/area/v1/page", params={"sort": "code"})
    assert bad.status == 400
    bad = sim.api("GET", "/user/openapi/area/v1/page", params={"pageNo": 0})
    assert bad.status == 400 and bad.json["result"] == {"pageNo": "min"}


def test_other_product_endpoints(simulator_session):
    sim = simulator_session
    regions = sim.api("GET", "/product/openapi/instance/v1/region_list").result
    assert regions and regions[0]["region"][0]["pbxSubDomainId"]
    taken = sim.api("GET", "/product/openapi/instance/v1/paug_pbx_url_existed", params={"pbxUrl": "acme.ras.yeastar.com"})
    assert taken.result is True
    free = sim.api("GET", "/product/openapi/instance/v1/paug_pbx_url_existed", params={"pbxUrl": "free.ras.yeastar.com"})
    assert free.result is False
    model = sim.api("GET", "/product/openapi/instance/v1/product_model", params={"productId": 11, "productNo": "3631E3418911"})
    assert model.status == 200 and model.result["productModel"]
