# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: what the subscription module needs of devices: plan ranks and the switch rule, setting a device's fields
(POST /_sim/instances/<productNo>), devices in bulk (POST /_sim/instances/bulk) and the setting instance_fields."""

import time

import pytest

from yeastar_sim import catalog
from yeastar_sim.control import SimulatorError

SAVE = "/order/openapi/order/v1/save"
INSTANCES = "/product/openapi/instance_product/v1/client/instance_product_list"
DETAIL = "/product/openapi/instance_product/v1/detail"
BILLING_ID = 3197218168379846218
STANDARD = int(catalog.TURNKEY_STANDARD_PLAN)
ENTERPRISE = int(catalog.TURNKEY_ENTERPRISE_PLAN)
ULTIMATE = int(catalog.TURNKEY_ULTIMATE_PLAN)
TRIAL = int(catalog.TURNKEY_TRIAL_PLAN)
RECORDING = catalog.TURNKEY_RECORDING_MINUTES
EXPANSION = catalog.TURNKEY_EXTENSION_EXPANSION
# The seed's Turnkey device: Enterprise Plan, 50 extensions, annually, Recording Minutes 5000, customer color123@yeastar.com.
DEVICE = "3076913644890830001"
APPLIANCE = "3631E3418911"  # product 11, Enterprise Plan, 1 extension, monthly
DAY_MS = 86400 * 1000


def _detail(sim, product_no=DEVICE, product_id=14):
    resp = sim.api("GET", DETAIL, params={"productId": product_id, "productNo": product_no})
    assert resp.status == 200, resp
    return resp.result


def _rows(sim, product_id=14):
    resp = sim.api("GET", INSTANCES, params={"productId": product_id, "pageNo": 1, "pageSize": 1000})
    assert resp.status == 200, resp
    return resp.result["results"]


def _switch(sim, plan_id, quantity=50, cycle="annually", op="switch_plan", product_no=DEVICE, product_id=14):
    line = {"serviceType": "plan", "serviceId": plan_id, "quantity": quantity, "purchaseType": "switch",
            "billingModel": "recurring", "multiCycle": 0}
    if cycle is not None:
        line["billingCycle"] = cycle
    body = {"operationType": op, "productId": product_id, "billingId": BILLING_ID, "serviceList": [line]}
    if product_no is not None:
        body["productNo"] = product_no
    return sim.api("POST", SAVE, json_body=body)


def _refused(resp, field, tag):
    assert resp.status == 400, resp
    assert resp.json["code"] == "parameter_validation_failed"
    assert resp.result == {field: tag}
    return resp.json["detailMessage"]


# ---------------------------------------------------------------------------------------------------------------------
# ranks and the switch rule

def test_plan_ranks_in_the_catalogue():
    for entry in catalog.PRODUCTS.values():
        for plan in entry["plans"]:
            expected = {"Standard Plan": 1, "Enterprise Plan": 2, "Ultimate Plan": 3}.get(plan["name"])
            assert plan["rank"] == (expected if plan["purchaseType"] == "purchase" else None), plan
    assert catalog.find_plan(14, TRIAL)["rank"] is None and catalog.find_plan(13, "3048572026291630080")["rank"] == 3


def test_switch_up_changes_the_plan_and_keeps_the_expiry(simulator):
    sim = simulator
    before = _detail(sim)
    resp = _switch(sim, ULTIMATE)
    assert resp.status == 200, resp
    assert resp.result["productNo"] == DEVICE
    after = _detail(sim)
    assert after["planId"] == str(ULTIMATE) and after["planName"] == "Ultimate Plan"
    assert after["quantity"] == 50 and after["billingCycle"] == "annually"
    assert after["expireTime"] == before["expireTime"] and after["serviceList"] == before["serviceList"]
    # Ultimate is the top: nothing is above it any more, not even Ultimate itself
    message = _refused(_switch(sim, ULTIMATE), "serviceList[0].serviceId", "gtfield=currentPlan")
    assert "Ultimate Plan is not above the current Ultimate Plan" in message


def test_switch_without_cycle_and_switch_trial_plan_up(simulator):
    sim = simulator
    assert _switch(sim, ULTIMATE, cycle=None, op="switchTrial_plan").status == 200
    assert _detail(sim)["planId"] == str(ULTIMATE)


def test_switch_down_or_sideways_is_refused(simulator):
    sim = simulator
    message = _refused(_switch(sim, STANDARD), "serviceList[0].serviceId", "gtfield=currentPlan")
    assert message == "switch_plan can only move to a higher plan: Standard Plan is not above the current Enterprise Plan"
    message = _refused(_switch(sim, ENTERPRISE), "serviceList[0].serviceId", "gtfield=currentPlan")
    assert "Enterprise Plan is not above the current Enterprise Plan" in message
    message = _refused(_switch(sim, STANDARD, op="switchTrial_plan"), "serviceList[0].serviceId", "gtfield=currentPlan")
    assert message.startswith("switchTrial_plan can only move to a higher plan")
    # a trial plan has no rank: never a switch target
    _refused(_switch(sim, TRIAL, quantity=10), "serviceList[0].serviceId", "gtfield=currentPlan")
    assert _detail(sim)["planId"] == str(ENTERPRISE)


def test_switch_cannot_change_the_billing_cycle(simulator):
    sim = simulator
    message = _refused(_switch(sim, ULTIMATE, cycle="monthly"), "serviceList[0].billingCycle", "eq=annually")
    assert "cannot change" in message
    # the appliance device is monthly: annually is the change there
    resp = _switch(sim, 3048560606464323584, quantity=1, cycle="annually", product_no=APPLIANCE, product_id=11)
    _refused(resp, "serviceList[0].billingCycle", "eq=monthly")
    assert _switch(sim, 3048560606464323584, quantity=1, cycle="monthly", product_no=APPLIANCE, product_id=11).status == 200
    assert _detail(sim, APPLIANCE, 11)["planName"] == "Ultimate Plan"
    assert _detail(sim)["planId"] == str(ENTERPRISE)


def test_switch_keeps_the_extension_count(simulator):
    sim = simulator
    message = _refused(_switch(sim, ULTIMATE, quantity=60), "serviceList[0].quantity", "eq=50")
    assert "current extension count 50" in message
    _refused(_switch(sim, ULTIMATE, quantity=5), "serviceList[0].quantity", "eq=50")
    # after an expansion the count is the larger one
    sim.set_instance(DEVICE, quantity=70)
    _refused(_switch(sim, ULTIMATE, quantity=50), "serviceList[0].quantity", "eq=70")
    assert _switch(sim, ULTIMATE, quantity=70).status == 200
    assert _detail(sim)["quantity"] == 70


def test_switch_needs_an_existing_device(simulator):
    sim = simulator
    _refused(_switch(sim, ULTIMATE, product_no=None), "productNo", "required")
    resp = _switch(sim, ULTIMATE, product_no="3999999999999999999")
    assert resp.status == 404 and resp.result == {"productNo": "not_found"}


def test_switch_from_a_trial_takes_any_ranked_plan_and_count(simulator):
    sim = simulator
    trial = {"operationType": "trial_plan", "productId": 14, "assignId": "ops@initech.example",
             "serviceList": [{"serviceType": "plan", "serviceId": TRIAL, "quantity": 10, "purchaseType": "trial", "multiCycle": 0}]}
    product_no = sim.api("POST", SAVE, json_body=trial).result["productNo"]
    assert _switch(sim, STANDARD, quantity=25, op="switchTrial_plan", product_no=product_no).status == 200
    detail = _detail(sim, product_no)
    assert detail["planId"] == str(STANDARD) and detail["quantity"] == 25 and detail["trial"] is False
    # now on a ranked plan, the rules apply
    _refused(_switch(sim, ENTERPRISE, quantity=30, product_no=product_no), "serviceList[0].quantity", "eq=25")
    assert _switch(sim, ENTERPRISE, quantity=25, product_no=product_no).status == 200


def test_purchase_plan_for_a_customer_with_a_device_makes_a_second_one(simulator):
    sim = simulator
    body = {"operationType": "purchase_plan", "productId": 14, "billingId": BILLING_ID, "assignId": "color123@yeastar.com",
            "serviceList": [{"serviceType": "plan", "serviceId": STANDARD, "quantity": 5, "purchaseType": "purchase",
                             "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0}]}
    resp = sim.api("POST", SAVE, json_body=body)
    assert resp.status == 200, resp
    assert resp.result["productNo"] != DEVICE
    mine = [row for row in _rows(sim) if row["partnerId"] == "color123@yeastar.com"]
    assert sorted(row["productNo"] for row in mine) == sorted([DEVICE, resp.result["productNo"]])
    # the partner itself, twice
    del body["assignId"]
    first = sim.api("POST", SAVE, json_body=body).result["productNo"]
    second = sim.api("POST", SAVE, json_body=body).result["productNo"]
    own = [row["productNo"] for row in _rows(sim) if row["partnerId"] == catalog.PARTNER["partnerId"]]
    assert first != second and {first, second} <= set(own)


# ---------------------------------------------------------------------------------------------------------------------
# POST /_sim/instances/<productNo>

def test_set_instance_each_field(simulator):
    sim = simulator
    now = time.time() * 1000
    view = sim.set_instance(DEVICE, expire_in_days=-1.5)
    assert abs(view["expireTime"] - (now - 1.5 * DAY_MS)) < 60000
    assert _detail(sim)["expireTime"] == view["expireTime"]
    assert abs(sim.set_instance(DEVICE, expire_in_days=10)["expireTime"] - (now + 10 * DAY_MS)) < 60000
    assert sim.set_instance(DEVICE, expireTime=1800000000000)["expireTime"] == 1800000000000
    assert _detail(sim)["currentPlanExpireDate"] == "2027-01-15"
    assert sim.set_instance(DEVICE, quantity=0)["quantity"] == 0
    assert sim.set_instance(DEVICE, quantity=120)["quantity"] == 120
    view = sim.set_instance(DEVICE, planId=catalog.TURNKEY_STANDARD_PLAN)
    assert view["planId"] == catalog.TURNKEY_STANDARD_PLAN and view["planName"] == "Standard Plan"
    view = sim.set_instance(DEVICE, services={EXPANSION: 3, RECORDING: 1000})
    assert view["serviceList"] == [{"serviceId": EXPANSION, "serviceName": "Extension Expansion", "quantity": 3},
                                   {"serviceId": RECORDING, "serviceName": "Recording Minutes", "quantity": 1000}]
    assert sim.set_instance(DEVICE, services={})["serviceList"] == []
    assert sim.set_instance(DEVICE, billingCycle="monthly")["billingCycle"] == "monthly"
    assert sim.set_instance(DEVICE, activationStatus="unactivated")["activationStatus"] == "unactivated"
    assert sim.set_instance(DEVICE, trial=True)["trial"] is True
    detail = _detail(sim)
    assert (detail["quantity"], detail["planId"], detail["billingCycle"], detail["activationStatus"], detail["trial"]) == \
        (120, catalog.TURNKEY_STANDARD_PLAN, "monthly", "unactivated", True)
    # several at once; an empty body changes nothing
    view = sim.set_instance(DEVICE, quantity=7, trial=False, planId=catalog.TURNKEY_ULTIMATE_PLAN)
    assert (view["quantity"], view["trial"], view["planName"]) == (7, False, "Ultimate Plan")
    assert sim.set_instance(DEVICE) == _detail(sim)


def test_set_instance_is_saved(simulator):
    sim = simulator
    sim.set_instance(APPLIANCE, quantity=9, expireTime=1790000000000)
    sim.restart()
    detail = _detail(sim, APPLIANCE, 11)
    assert detail["quantity"] == 9 and detail["expireTime"] == 1790000000000


@pytest.mark.parametrize("fields", [
    {"color": "red"},
    {"quantity": -1}, {"quantity": 1.5}, {"quantity": "5"}, {"quantity": True},
    {"expire_in_days": "3"}, {"expire_in_days": None}, {"expire_in_days": True},
    {"expireTime": 1.5}, {"expireTime": -1}, {"expire_in_days": 1, "expireTime": 1800000000000},
    {"planId": "3048600342133456896"}, {"planId": ENTERPRISE}, {"planId": ""},
    {"services": []}, {"services": {"3048602218763665408": 1}}, {"services": {RECORDING: "1000"}}, {"services": {RECORDING: -5}},
    {"billingCycle": "once"}, {"billingCycle": "weekly"},
    {"activationStatus": ""}, {"activationStatus": 1},
    {"trial": "yes"}, {"trial": 1},
    {"quantity": 99, "trial": "no"},
])
def test_set_instance_refuses_bad_values_and_changes_nothing(simulator_session, fields):
    sim = simulator_session
    sim.reset()
    before = _detail(sim)
    with pytest.raises(SimulatorError, match=r"400 .*error"):
        sim.set_instance(DEVICE, **fields)
    assert _detail(sim) == before


def test_set_instance_unknown_device_and_quoting(simulator_session):
    sim = simulator_session
    sim.reset()
    for product_no in ("3999999999999999999", "no/such device?", "bulk x"):
        with pytest.raises(SimulatorError, match="404"):
            sim.set_instance(product_no, quantity=1)
    assert sim.set_instance(APPLIANCE, quantity=3)["productNo"] == APPLIANCE


# ---------------------------------------------------------------------------------------------------------------------
# POST /_sim/instances/bulk

def test_bulk_instances_make_devices_the_product_list_shows(simulator):
    sim = simulator
    tenants = sim.bulk_subordinates(3)
    answer = sim.bulk_instances(tenants, quantity=50, services={RECORDING: 1000}, expire_in_days=200)
    created = answer["created"]
    assert [row["partnerId"] for row in created] == tenants
    assert all(row["productNo"].isdigit() and len(row["productNo"]) == 19 for row in created)
    assert len({row["productNo"] for row in created}) == 3
    rows = {row["productNo"]: row for row in _rows(sim)}
    now = time.time() * 1000
    for item in created:
        row = rows[item["productNo"]]
        assert row["partnerId"] == item["partnerId"] and row["quantity"] == 50
        assert row["planId"] == catalog.TURNKEY_ENTERPRISE_PLAN and row["planName"] == "Enterprise Plan"
        assert row["billingCycle"] == "annually" and row["trial"] is False
        assert row["serviceList"] == [{"serviceId": RECORDING, "serviceName": "Recording Minutes", "quantity": 1000}]
        assert row["activationStatus"] == "unactivated" and len(row["activationCode"]) == 19
        assert abs(row["expireTime"] - (now + 200 * DAY_MS)) < 60000 and abs(row["createTime"] - now) < 60000
        assert row["instanceId"].isdigit()
    assert len({rows[item["productNo"]]["instanceId"] for item in created}) == 3
    # defaults; an order on such a device works like on any other (a renewal for its count)
    default = sim.bulk_instances([tenants[0]])["created"][0]["productNo"]
    detail = _detail(sim, default)
    assert (detail["quantity"], detail["planId"], detail["billingCycle"], detail["serviceList"]) == \
        (10, catalog.TURNKEY_ENTERPRISE_PLAN, "annually", [])
    assert abs(detail["expireTime"] - (now + 365 * DAY_MS)) < 60000
    assert _switch(sim, ULTIMATE, quantity=10, product_no=default).status == 200
    # another product and plan
    other = sim.bulk_instances(["color123@yeastar.com"], productId=11, planId="3048558946648207360", quantity=2,
                               billingCycle="monthly", expire_in_days=-3)["created"][0]["productNo"]
    detail = _detail(sim, other, 11)
    assert detail["planName"] == "Standard Plan" and detail["billingCycle"] == "monthly" and detail["expireTime"] < now


def test_bulk_instances_refuse_an_unknown_partner_and_make_nothing(simulator):
    sim = simulator
    tenants = sim.bulk_subordinates(2)
    before = _rows(sim)
    with pytest.raises(SimulatorError, match="400.*nobody@nowhere.example"):
        sim.bulk_instances([tenants[0], "nobody@nowhere.example", tenants[1]])
    for fields in ({"productId": 99}, {"planId": "123"}, {"planId": catalog.TURNKEY_STANDARD_PLAN, "productId": 11},
                   {"quantity": -1}, {"services": {"123": 1}}, {"billingCycle": "once"}, {"expire_in_days": "x"}, {"colour": 1}):
        with pytest.raises(SimulatorError, match="400"):
            sim.bulk_instances(tenants, **fields)
    with pytest.raises(SimulatorError, match="400"):
        sim.bulk_instances("tenant-0001@bench.example")  # a string, not a list
    assert _rows(sim) == before
    assert sim.bulk_instances([]) == {"created": []}


def test_bulk_instances_for_two_hundred_tenants(simulator):
    sim = simulator
    tenants = sim.bulk_subordinates(200)
    assert len(sim.bulk_instances(tenants, quantity=50)["created"]) == 200
    resp = sim.api("GET", INSTANCES, params={"productId": 14, "pageNo": 1, "pageSize": 25})
    assert resp.result["total"] == 201 and len(resp.result["results"]) == 25


# ---------------------------------------------------------------------------------------------------------------------
# the setting instance_fields

FLAT_PLAN_KEYS = {"planId", "planName", "quantity", "billingCycle", "expireTime"}


def test_instance_fields_full_is_the_default(simulator):
    sim = simulator
    assert sim.configure()["instance_fields"] == "full"
    row = next(r for r in _rows(sim) if r["productNo"] == DEVICE)
    detail = _detail(sim)
    assert row == detail and FLAT_PLAN_KEYS <= set(row) and row["quantity"] == 50 and "plan" not in row
    assert row["serviceList"] == [{"serviceId": RECORDING, "serviceName": "Recording Minutes", "quantity": 5000}]


def test_instance_fields_list_without_quantity(simulator):
    sim = simulator
    sim.configure(instance_fields="list_without_quantity")
    rows = _rows(sim) + _rows(sim, 13) + _rows(sim, 11)
    assert rows and all("quantity" not in row and "planId" in row for row in rows)
    assert _detail(sim)["quantity"] == 50
    assert _detail(sim)["serviceList"][0]["quantity"] == 5000


def test_instance_fields_without_quantity(simulator):
    sim = simulator
    sim.configure(instance_fields="without_quantity")
    row = next(r for r in _rows(sim) if r["productNo"] == DEVICE)
    detail = _detail(sim)
    assert "quantity" not in row and "quantity" not in detail
    assert detail["planId"] == catalog.TURNKEY_ENTERPRISE_PLAN and row == detail
    # the admin answer is the full view whatever the setting
    assert sim.set_instance(DEVICE)["quantity"] == 50


def test_instance_fields_nested(simulator):
    sim = simulator
    full = _detail(sim)
    sim.configure(instance_fields="nested")
    detail = _detail(sim)
    row = next(r for r in _rows(sim) if r["productNo"] == DEVICE)
    assert row == detail
    assert not FLAT_PLAN_KEYS & set(detail)
    assert detail["plan"] == {"planId": ENTERPRISE, "planName": "Enterprise Plan", "quantity": 50, "billingCycle": "annually",
                              "expireTime": full["expireTime"]}
    assert isinstance(detail["plan"]["planId"], int)
    assert detail["serviceList"] == [{"id": int(RECORDING), "name": "Recording Minutes", "count": 5000}]
    assert detail["productNo"] == DEVICE and detail["partnerId"] == "color123@yeastar.com"
    # a device without a plan: planId null
    sim.api("POST", SAVE, json_body={"operationType": "trial_service", "productId": 14, "serviceList": [
        {"serviceType": "service", "serviceId": int(RECORDING), "quantity": 1000, "purchaseType": "trial"}]})
    nested = [r for r in _rows(sim) if r["plan"]["planId"] is None]
    assert nested and nested[0]["plan"]["planName"] == ""


def test_instance_fields_refuses_a_bad_value_and_reset_restores(simulator):
    sim = simulator
    with pytest.raises(SimulatorError, match="400"):
        sim.configure(instance_fields="flat")
    sim.configure(instance_fields="nested")
    assert "plan" in _detail(sim)
    sim.reset()
    assert sim.configure()["instance_fields"] == "full"
    assert _detail(sim)["quantity"] == 50 and "plan" not in _detail(sim)
