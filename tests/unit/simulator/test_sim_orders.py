# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: Create an Order (the seed tutorial), its validation rules, order list/details, instances, pending orders, restarts."""

import copy
import json
import math
import os
import re

import pytest

from yeastar_sim.control import SimulatorProcess

SAVE = "/order/openapi/order/v1/save"
PAGE = "/order/openapi/order/v1/page"
GET = "/order/openapi/order/v1/get/"
INSTANCES = "/product/openapi/instance_product/v1/client/instance_product_list"
DETAIL = "/product/openapi/instance_product/v1/detail"
ENTERPRISE = 3048941892189077504
RECORDING = 3049032352364388352
EXISTING_TURNKEY = "3076913644890830001"

# The request body of the vendor's worked example, verbatim (tests/unit/seed_order_request.json).
with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seed_order_request.json"), encoding="utf-8") as _seed:
    SEED_BODY = json.load(_seed)
SEED_RESULT_KEYS = ["instanceId", "orderId", "orderNo", "orderStatus", "productNo", "transactionNo"]


def _body(**changes):
    body = copy.deepcopy(SEED_BODY)
    body.update(changes)
    return body


def _save(sim, body):
    return sim.api("POST", SAVE, json_body=body)


def test_seed_request_succeeds_with_seed_shape(simulator):
    resp = simulator.api("POST", SAVE, headers={"Content-Type": "application/json"}, json_body=SEED_BODY)
    assert resp.status == 200, resp
    body = resp.json
    assert sorted(body) == ["code", "detailMessage", "requestId", "result", "status"]
    assert body["code"] == "success" and body["detailMessage"] == "" and body["status"] == 200
    assert re.match(r"^[0-9a-f]{32}$", body["requestId"])
    result = body["result"]
    assert sorted(result) == SEED_RESULT_KEYS
    assert all(isinstance(v, str) for v in result.values())
    assert re.match(r"^RV\d{19}$", result["orderNo"]) and re.match(r"^MI\d{19}$", result["transactionNo"])
    assert re.match(r"^\d{19}$", result["productNo"]) and result["orderId"].isdigit() and result["instanceId"].isdigit()
    assert result["orderStatus"] == "succeed"


def test_order_visible_in_page_get_and_instances(simulator):
    sim = simulator
    result = _save(sim, _body(poNumber="PO-1001", assignId="color123@yeastar.com")).result
    page = sim.api("GET", PAGE, params={"pageNo": 1, "pageSize": 25, "sort": "id"}).result
    newest = page["results"][0]
    assert newest["id"] == result["orderId"] and newest["orderNo"] == result["orderNo"]
    assert newest["customReferenceNo"] == "PO-1001" and newest["orderStatus"] == "succeed" and newest["currencyCode"] == "USD"
    assert isinstance(newest["createTime"], int) and newest["createTime"] > 10 ** 12
    assert newest["productId"] == "14" and newest["productNo"] == result["productNo"] and newest["assignId"] == "color123@yeastar.com"
    for key in ("id", "orderNo", "orderStatus", "createTime", "currencyCode", "invoiceNo", "customReferenceNo", "operationType"):
        assert key in newest
    for ident in (result["orderId"], result["orderNo"]):
        details = sim.api("GET", GET + ident)
        assert details.status == 200
        det = details.result
        assert det["basicInformation"]["productId"] == "14" and det["basicInformation"]["productNo"] == result["productNo"]
        assert det["basicInformation"]["productName"] == "P-Series Turnkey Package"
        assert det["billingInformation"]["billingContactId"] == "3197218168379846218"
        assert det["orderInformation"]["orderNo"] == result["orderNo"] and det["orderInformation"]["customReferenceNo"] == "PO-1001"
        lines = det["orderSummary"]["serviceList"]
        assert [(line["serviceId"], line["quantity"]) for line in lines] == [(str(ENTERPRISE), 100), (str(RECORDING), 10000)]
    assert sim.api("GET", GET + "999").status == 404
    instances = sim.api("GET", INSTANCES, params={"productId": 14}).result
    mine = [i for i in instances["results"] if i["productNo"] == result["productNo"]]
    assert len(mine) == 1 and mine[0]["partnerId"] == "color123@yeastar.com" and mine[0]["instanceId"] == result["instanceId"]
    assert "activationStatus" in mine[0] and "activationCode" in mine[0]
    detail = sim.api("GET", DETAIL, params={"productId": 14, "productNo": result["productNo"]})
    assert detail.status == 200 and detail.result["planId"] == str(ENTERPRISE) and detail.result["quantity"] == 100
    assert sim.api("GET", DETAIL, params={"productId": 13, "productNo": result["productNo"]}).status == 404
    assert sim.api("GET", INSTANCES).status == 400


def test_order_paging_math(simulator):
    sim = simulator
    for number in range(4):
        assert _save(sim, _body(poNumber="PAGE-%d" % number)).status == 200
    total = 3 + 4
    seen = []
    for page_no in (1, 2, 3):
        result = sim.api("GET", PAGE, params={"pageNo": page_no, "pageSize": 3}).result
        assert result["count"] == result["total"] == total
        assert result["totalPage"] == math.ceil(total / 3.0) and result["pageSize"] == 3 and result["pageNo"] == page_no
        seen.extend(r["id"] for r in result["results"])
    assert len(seen) == total and len(set(seen)) == total
    assert seen == sorted(seen, key=int, reverse=True)  # newest first
    assert sim.api("GET", PAGE, params={"pageNo": 9, "pageSize": 3}).result["results"] == []
    default = sim.api("GET", PAGE).result
    assert default["pageNo"] == 1 and default["pageSize"] == 25 and default["totalPage"] == 1


def test_duplicate_po_number_creates_second_order(simulator):
    first = _save(simulator, _body(poNumber="PO-DUP")).result
    second = _save(simulator, _body(poNumber="PO-DUP")).result
    assert first["orderNo"] != second["orderNo"] and first["productNo"] != second["productNo"]
    page = simulator.api("GET", PAGE).result["results"]
    assert [o["customReferenceNo"] for o in page].count("PO-DUP") == 2


def test_po_number_echo_can_be_switched_off(simulator):
    assert simulator.configure(echo_po_number=False)["echo_po_number"] is False
    _save(simulator, _body(poNumber="PO-QUIET"))
    newest = simulator.api("GET", PAGE).result["results"][0]
    assert newest["customReferenceNo"] == ""
    simulator.configure(echo_po_number=True)
    _save(simulator, _body(poNumber="PO-LOUD"))
    assert simulator.api("GET", PAGE).result["results"][0]["customReferenceNo"] == "PO-LOUD"


def test_pending_polls(tmp_path):
    with SimulatorProcess(tmp_path / "s.json", extra_args=("--pending-polls", "2")) as sim:
        result = _save(sim, _body()).result
        assert result["orderStatus"] == "pending"
        assert sim.api("GET", GET + result["orderNo"]).result["orderInformation"]["orderStatus"] == "pending"
        assert sim.api("GET", PAGE).result["results"][0]["orderStatus"] == "pending"
        assert sim.api("GET", GET + result["orderId"]).result["orderInformation"]["orderStatus"] == "succeed"
        assert sim.api("GET", PAGE).result["results"][0]["orderStatus"] == "succeed"
        sim.configure(pending_polls=0)
        assert _save(sim, _body()).result["orderStatus"] == "succeed"


def test_state_survives_restart(tmp_path):
    sim = SimulatorProcess(tmp_path / "state.json")
    sim.start()
    try:
        token = sim.token()
        result = _save(sim, _body(poNumber="PO-RESTART")).result
        count = sim.count()
        sim.stop()
        sim.start()
        assert sim.api("GET", GET + result["orderNo"], token=token).status == 200  # tokens survive too
        assert sim.api("GET", PAGE).result["results"][0]["customReferenceNo"] == "PO-RESTART"
        assert sim.count() == count + 2  # the log survives as well
        port = sim.port
        sim.restart()
        assert sim.port == port
        assert sim.api("GET", INSTANCES, params={"productId": 14}).result["total"] == 2
    finally:
        sim.close()
    with open(tmp_path / "state.json", encoding="utf-8") as handle:
        assert "PO-RESTART" in handle.read()


def test_purchase_service_and_renew_on_existing_instance(simulator):
    sim = simulator
    line = {"serviceType": "service", "serviceId": RECORDING, "quantity": 2000, "purchaseType": "purchase",
            "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0, "connectionPlanId": ENTERPRISE}
    body = {"operationType": "purchase_service", "productId": 14, "productNo": EXISTING_TURNKEY, "billingId": 3197218168379846218,
            "serviceList": [line]}
    resp = _save(sim, body)
    assert resp.status == 200, resp
    assert resp.result["productNo"] == EXISTING_TURNKEY and resp.result["instanceId"] == "1948801"
    detail = sim.api("GET", DETAIL, params={"productId": 14, "productNo": EXISTING_TURNKEY}).result
    assert {"serviceId": str(RECORDING), "serviceName": "Recording Minutes", "quantity": 7000} in detail["serviceList"]
    wrong_plan = copy.deepcopy(body)
    wrong_plan["serviceList"][0]["connectionPlanId"] = 3048941576353792000
    assert _save(sim, wrong_plan).json["result"] == {"serviceList[0].connectionPlanId": "eqfield=currentPlan"}
    no_sn = copy.deepcopy(body)
    del no_sn["productNo"]
    assert _save(sim, no_sn).json["result"] == {"productNo": "required"}
    unknown_sn = dict(body, productNo="1111111111111111111")
    assert _save(sim, unknown_sn).status == 404
    renew = {"operationType": "renew_plan", "productId": 14, "productNo": EXISTING_TURNKEY, "billingId": 3197218168379846218,
             "serviceList": [{"serviceType": "plan", "serviceId": ENTERPRISE, "quantity": 50, "purchaseType": "renew",
                              "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 1}]}
    before = detail["expireTime"]
    assert _save(sim, renew).status == 200
    assert sim.api("GET", DETAIL, params={"productId": 14, "productNo": EXISTING_TURNKEY}).result["expireTime"] > before


def test_trial_without_billing_id_and_switch(simulator):
    sim = simulator
    trial = {"operationType": "trial_plan", "productId": 14, "assignId": "ops@initech.example",
             "serviceList": [{"serviceType": "plan", "serviceId": 3048943012345679872, "quantity": 10, "purchaseType": "trial",
                              "multiCycle": 0}]}
    resp = _save(sim, trial)
    assert resp.status == 200, resp
    product_no = resp.result["productNo"]
    detail = sim.api("GET", DETAIL, params={"productId": 14, "productNo": product_no}).result
    assert detail["trial"] is True and detail["partnerId"] == "ops@initech.example"
    switch = {"operationType": "switchTrial_plan", "productId": 14, "productNo": product_no, "billingId": 3197218168379846301,
              "serviceList": [{"serviceType": "plan", "serviceId": ENTERPRISE, "quantity": 20, "purchaseType": "switch",
                               "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0}]}
    assert _save(sim, switch).status == 200
    detail = sim.api("GET", DETAIL, params={"productId": 14, "productNo": product_no}).result
    assert detail["planId"] == str(ENTERPRISE) and detail["trial"] is False


def _set_line(index, **changes):
    def mutate(body):
        body["serviceList"][index].update(changes)
    return mutate


def _del_line(index, key):
    def mutate(body):
        del body["serviceList"][index][key]
    return mutate


def _set(**changes):
    def mutate(body):
        body.update(changes)
    return mutate


def _delete(key):
    def mutate(body):
        del body[key]
    return mutate


VALIDATION_CASES = [
    ("missing operationType", _delete("operationType"), 400, {"operationType": "required"}),
    ("bad operationType", _set(operationType="buy_plan"), 400, {"operationType": "oneof"}),
    ("productId as string", _set(productId="14"), 400, {"productId": "type"}),
    ("productId as bool", _set(productId=True), 400, {"productId": "type"}),
    ("unknown productId", _set(productId=77), 404, {"productId": "not_found"}),
    ("missing billingId", _delete("billingId"), 400, {"billingId": "required"}),
    ("billingId as string", _set(billingId="3197218168379846218"), 400, {"billingId": "type"}),
    ("unknown billingId", _set(billingId=1), 404, {"billingId": "not_found"}),
    ("assignId not a string", _set(assignId=5), 400, {"assignId": "type"}),
    ("unknown assignId", _set(assignId="nobody@example.com"), 404, {"assignId": "not_found"}),
    ("poNumber not a string", _set(poNumber=1001), 400, {"poNumber": "type"}),
    ("serviceList missing", _delete("serviceList"), 400, {"serviceList": "required"}),
    ("serviceList empty", _set(serviceList=[]), 400, {"serviceList": "min"}),
    ("serviceList not a list", _set(serviceList={}), 400, {"serviceList": "type"}),
    ("bad serviceType", _set_line(0, serviceType="bundle"), 400, {"serviceList[0].serviceType": "oneof"}),
    ("serviceId as string", _set_line(0, serviceId="3048941892189077504"), 400, {"serviceList[0].serviceId": "type"}),
    ("unknown plan id", _set_line(0, serviceId=1234567890123456789), 404, {"serviceList[0].serviceId": "not_found"}),
    ("service id used as plan", _set_line(0, serviceId=RECORDING), 404, {"serviceList[0].serviceId": "not_found"}),
    ("unknown service id", _set_line(1, serviceId=1234567890123456789), 404, {"serviceList[1].serviceId": "not_found"}),
    ("quantity too low", _set_line(0, quantity=1), 400, {"serviceList[0].quantity": "range"}),
    ("quantity too high", _set_line(1, quantity=10 ** 9), 400, {"serviceList[1].quantity": "range"}),
    ("quantity as string", _set_line(0, quantity="100"), 400, {"serviceList[0].quantity": "type"}),
    ("quantity missing", _del_line(0, "quantity"), 400, {"serviceList[0].quantity": "required"}),
    ("bad purchaseType", _set_line(0, purchaseType="buy"), 400, {"serviceList[0].purchaseType": "oneof"}),
    ("inconsistent purchaseType", _set_line(1, purchaseType="trial"), 400, {"serviceList[1].purchaseType": "eq=purchase"}),
    ("bad billingModel", _set_line(0, billingModel="prepaid"), 400, {"serviceList[0].billingModel": "oneof"}),
    ("bad billingCycle", _set_line(0, billingCycle="weekly"), 400, {"serviceList[0].billingCycle": "oneof"}),
    ("negative multiCycle", _set_line(0, multiCycle=-1), 400, {"serviceList[0].multiCycle": "min"}),
    ("multiCycle as string", _set_line(0, multiCycle="0"), 400, {"serviceList[0].multiCycle": "type"}),
    ("connectionPlanId as string", _set_line(1, connectionPlanId=str(ENTERPRISE)), 400, {"serviceList[1].connectionPlanId": "type"}),
    ("connectionPlanId not the plan", _set_line(1, connectionPlanId=3048941576353792000), 400,
     {"serviceList[1].connectionPlanId": "eqfield=serviceId"}),
    ("connectionPlanId missing", _del_line(1, "connectionPlanId"), 400, {"serviceList[1].connectionPlanId": "required"}),
    ("purchase_service with a plan line", _set(operationType="purchase_service", productNo=EXISTING_TURNKEY), 400,
     {"serviceList[0].serviceType": "eq=service"}),
    ("renew without productNo", _set(operationType="renew_plan"), 400, {"serviceList[0].purchaseType": "eq=renew"}),
    ("unknown productNo", _set(productNo="9999999999999999999"), 404, {"productNo": "not_found"}),
    ("unrelated body", lambda body: body.clear(), 400, {"operationType": "required"}),
]


@pytest.mark.parametrize("mutate, status, result", [c[1:] for c in VALIDATION_CASES], ids=[c[0] for c in VALIDATION_CASES])
def test_order_validation(simulator_session, mutate, status, result):
    sim = simulator_session
    body = copy.deepcopy(SEED_BODY)
    mutate(body)
    before = sim.count("POST", SAVE)
    orders_before = len(sim.state()["orders"])
    resp = _save(sim, body)
    assert resp.status == status, resp
    envelope = resp.json
    assert envelope["status"] == status and envelope["result"] == result and envelope["detailMessage"]
    assert envelope["code"] == ("resource_not_found" if status == 404 else "parameter_validation_failed")
    assert sim.count("POST", SAVE) == before + 1
    assert len(sim.state()["orders"]) == orders_before  # nothing was created


def test_non_json_bodies(simulator_session):
    sim = simulator_session
    resp = sim.api("POST", SAVE, headers={"Content-Type": "application/json"}, form={"a": "b"})
    assert resp.status == 400 and resp.json["result"] == {"body": "json"}
    resp = sim.api("POST", SAVE, json_body=[SEED_BODY])
    assert resp.status == 400 and resp.json["result"] == {"body": "object"}


def test_save_and_edit_user(simulator):
    sim = simulator
    body = {"userType": "Customer", "yeastarId": "new@customer.example", "company": "Customer Ltd", "country": "Germany",
            "firstName": "Jo", "sendUserActivationEmail": False}
    resp = sim.api("POST", "/user/openapi/user/v1/client/save_user", json_body=body)
    assert resp.status == 200 and resp.result is True
    assert sim.api("POST", "/user/openapi/user/v1/client/save_user", json_body=body).status == 400
    edit = {"yeastarId": "new@customer.example", "userType": "Customer", "taxType": "VAT_number", "taxNum": "DE999"}
    assert sim.api("POST", "/user/openapi/user/v1/client/edit_user", json_body=edit).result is True
    user = sim.api("GET", "/user/openapi/user/v1/subordinate_user/new@customer.example").result
    assert user["taxNum"] == "DE999" and user["userType"] == "Enduser"
    # the new subordinate can own an order
    assert _save(sim, _body(assignId="new@customer.example")).status == 200


def _renewal(quantity=50, plan=ENTERPRISE, cycle="annually"):
    return {"operationType": "renew_plan", "productId": 14, "productNo": EXISTING_TURNKEY, "billingId": 3197218168379846218,
            "serviceList": [{"serviceType": "plan", "serviceId": plan, "quantity": quantity, "purchaseType": "renew",
                             "billingModel": "recurring", "billingCycle": cycle, "multiCycle": 1}]}


@pytest.mark.parametrize("body, field, tag", [
    (_renewal(quantity=60), "serviceList[0].quantity", "eq=50"),
    (_renewal(plan=3048941576353792000), "serviceList[0].serviceId", "eqfield=currentPlan"),
    (_renewal(cycle="monthly"), "serviceList[0].billingCycle", "eq=annually"),
])
def test_a_renewal_keeps_the_current_plan_extensions_and_cycle(simulator, body, field, tag):
    answer = _save(simulator, body)
    assert answer.status == 400 and answer.json["result"] == {field: tag}
    assert _save(simulator, _renewal()).status == 200


PCE_PLAN = 3048571730026938368


def _pce(request):
    body = {"operationType": "purchase_plan", "productId": 13, "billingId": 3197218168379846218,
            "serviceList": [{"serviceType": "plan", "serviceId": PCE_PLAN, "quantity": 5, "purchaseType": "purchase",
                             "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0}]}
    if request is not None:
        body["orderPceSpecialRequest"] = request
    return body


GOOD_PCE = {"pbxName": "NewCo", "regionId": "1", "pbxSubDomainId": "11", "pbxUrl": "newco.ras.yeastar.com"}


@pytest.mark.parametrize("request_, status, result", [
    (None, 400, {"orderPceSpecialRequest": "required"}),
    (dict(GOOD_PCE, pbxName=""), 400, {"orderPceSpecialRequest.pbxName": "required"}),
    (dict(GOOD_PCE, regionId="9"), 404, {"orderPceSpecialRequest.regionId": "not_found"}),
    (dict(GOOD_PCE, pbxSubDomainId="21"), 404, {"orderPceSpecialRequest.pbxSubDomainId": "not_found"}),
    (dict(GOOD_PCE, pbxUrl="newco.us.ras.yeastar.com"), 400, {"orderPceSpecialRequest.pbxUrl": "hostname"}),
    (dict(GOOD_PCE, pbxUrl="ACME.ras.yeastar.com"), 400, {"orderPceSpecialRequest.pbxUrl": "unique"}),
])
def test_a_new_cloud_edition_needs_a_free_url_in_its_region(simulator, request_, status, result):
    answer = _save(simulator, _pce(request_))
    assert answer.status == status and answer.json["result"] == result


def test_a_new_cloud_edition_takes_its_url(simulator):
    existed = "/product/openapi/instance/v1/paug_pbx_url_existed"
    assert simulator.api("GET", existed, params={"pbxUrl": "newco.ras.yeastar.com"}).result is False
    assert _save(simulator, _pce(GOOD_PCE)).status == 200
    assert simulator.api("GET", existed, params={"pbxUrl": "NewCo.ras.yeastar.com"}).result is True
    again = _save(simulator, _pce(dict(GOOD_PCE, pbxName="Other")))
    assert again.status == 400 and again.json["result"] == {"orderPceSpecialRequest.pbxUrl": "unique"}
