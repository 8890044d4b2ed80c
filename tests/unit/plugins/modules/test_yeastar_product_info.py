# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""yeastar_product_info run in-process against the real simulator over loopback: every page of the instance list,
the filters, one instance, "not found", regions, the PBX URL check, the model, the activation code, bad input that
sends nothing, and a result that is what RETURN documents. A few tests replace the endpoint functions to play a
service that answers in other shapes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest
import yaml

from ansible_collections.yeastar.partner.plugins.modules import yeastar_product_info as mod

LIST_PATH = "/product/openapi/instance_product/v1/client/instance_product_list"
DETAIL_PATH = "/product/openapi/instance_product/v1/detail"
MODEL_PATH = "/product/openapi/instance/v1/product_model"
CODE_PATH = "/product/openapi/instance_product/v1/activation_code"
REGION_PATH = "/product/openapi/instance/v1/region_list"
URL_PATH = "/product/openapi/instance/v1/paug_pbx_url_existed"
ORDER_PATH = "/order/openapi/order/v1/save"

SEED_SN = "3076913644890830001"
SEED_OWNER = "color123@yeastar.com"
BILLING_ID = 3197218168379846218
TURNKEY_PLAN = 3048941892189077504
PSE_TRIAL_PLAN = 3048601024651673600
COMMON_KEYS = {"changed", "failed", "msg", "invocation", "warnings", "deprecations", "diff", "skipped"}


def served(sim, path):
    """The requests to ``path`` the simulator answered, leaving out those refused with 401: the session's shared
    token from before the last reset is refused once, then renewed and the request replayed."""
    return [r for r in sim.requests("GET", path) if r["status"] != 401]


@pytest.fixture
def sim(simulator_session):
    simulator_session.reset()
    return simulator_session


@pytest.fixture
def run(run_module, sim):
    """run(**args) -> (failed, result) of one module run against the session's simulator."""

    def _run(**args):
        full = {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret}
        full.update(args)
        return run_module(mod, full)
    return _run


def buy(sim, product_id, lines, owner=None, po=None):
    """Create an instance through the simulator's own order API (not through the collection); returns its SN."""
    body = {"operationType": "trial_plan" if lines[0]["purchaseType"] == "trial" else "purchase_plan",
            "productId": product_id, "serviceList": lines}
    if lines[0]["purchaseType"] != "trial":
        body["billingId"] = BILLING_ID
    if owner:
        body["assignId"] = owner
    if po:
        body["poNumber"] = po
    answer = sim.api("POST", ORDER_PATH, json_body=body)
    assert answer.status == 200, answer
    return answer.result["productNo"]


def buy_turnkeys(sim, count, owner=None):
    line = {"serviceType": "plan", "serviceId": TURNKEY_PLAN, "quantity": 100, "purchaseType": "purchase",
            "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0}
    return [buy(sim, 14, [line], owner=owner, po="PO-PRODUCT-INFO-%d" % n) for n in range(count)]


def buy_software_pbx(sim):
    line = {"serviceType": "plan", "serviceId": PSE_TRIAL_PLAN, "quantity": 5, "purchaseType": "trial",
            "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0}
    return buy(sim, 12, [line])


# ------------------------------------------------------------------------------------------------ instance list

def test_reads_every_page_when_the_service_serves_fewer_rows_than_asked(sim, run):
    new = buy_turnkeys(sim, 11)
    sim.configure(page_size_cap=4)
    sim.clear_log()
    failed, result = run(product_id=14)
    assert not failed, result["msg"]
    assert result["changed"] is False
    sns = [p["product_no"] for p in result["products"]]
    assert sorted(sns) == sorted(new + [SEED_SN])
    assert len(set(sns)) == 12
    assert result["total"] == 12 and result["truncated"] is False
    assert result["msg"] == "Found 12 instances of product 14."
    pages = served(sim, LIST_PATH)
    assert len(pages) == 3  # 12 rows, 4 a page
    assert "warnings" not in result


def test_max_pages_cuts_the_list_and_says_so(sim, run):
    buy_turnkeys(sim, 5)
    sim.configure(page_size_cap=2)
    sim.clear_log()
    failed, result = run(product_id="14", max_pages=2)
    assert not failed, result["msg"]
    assert len(result["products"]) == 4
    assert result["total"] == 6 and result["truncated"] is True
    assert result["msg"] == "Found 4 instances of product 14 (the list was cut at max_pages=2)."
    assert any("max_pages=2" in w for w in result["warnings"])
    assert len(served(sim, LIST_PATH)) == 2


def test_the_seed_instance_in_full(run):
    failed, result = run(product_id=14)
    assert not failed, result["msg"]
    assert result["total"] == 1
    [inst] = result["products"]
    assert {k: v for k, v in inst.items() if k != "raw"} == {
        "product_no": SEED_SN, "product_id": 14, "instance_id": "1948801", "activation_status": "activated",
        "activation_code": "TK-7Q2M-9XAB-41CD", "plan_id": "3048941892189077504", "plan_name": "Enterprise Plan",
        "extensions": 50,
        "services": [{"service_id": "3049032352364388352", "service_name": "Recording Minutes", "quantity": 5000}],
        "billing_cycle": "annually", "expire_time": 1798761600000, "expire_date": "2027-01-01", "owner": SEED_OWNER,
        "trial": False, "comment": "Color Tech HQ",
    }
    assert inst["raw"]["productNo"] == SEED_SN and inst["raw"]["productName"] == "P-Series Turnkey Package"


def test_a_product_without_instances(run):
    failed, result = run(product_id=12)
    assert not failed, result["msg"]
    assert result["products"] == [] and result["total"] == 0 and result["truncated"] is False
    assert result["msg"] == "Found 0 instances of product 12."


# ---------------------------------------------------------------------------------------------------- filters

def test_filter_by_owner_without_regard_to_case(sim, run):
    mine = buy_turnkeys(sim, 2, owner="ops@initech.example")
    failed, result = run(product_id=14, owner="OPS@Initech.example")
    assert not failed, result["msg"]
    assert sorted(p["product_no"] for p in result["products"]) == sorted(mine)
    assert result["total"] == 3
    assert result["msg"] == "2 of the 3 instances of product 14 match the filters."
    failed, result = run(product_id=14, partner_id=SEED_OWNER)  # the alias
    assert [p["product_no"] for p in result["products"]] == [SEED_SN]


def test_filter_by_activation_status(sim, run):
    new = buy_turnkeys(sim, 2)  # new instances are not activated yet
    failed, result = run(product_id=14, activation_status=["unactivated"])
    assert not failed, result["msg"]
    assert sorted(p["product_no"] for p in result["products"]) == sorted(new)
    assert all(p["activation_status"] == "unactivated" for p in result["products"])
    failed, result = run(product_id=14, activation_status="activated", owner=SEED_OWNER)
    assert [p["product_no"] for p in result["products"]] == [SEED_SN]
    failed, result = run(product_id=14, activation_status=["unknown"])
    assert result["products"] == [] and result["msg"] == "0 of the 3 instances of product 14 match the filters."


# ----------------------------------------------------------------------------------------------- one instance

def test_one_instance_from_the_details_alone(sim, run):
    sim.clear_log()
    failed, result = run(product_id=14, product_no=SEED_SN)
    assert not failed, result["msg"]
    assert result["msg"] == "Found instance %s of product 14." % SEED_SN
    [inst] = result["products"]
    assert inst["product_no"] == SEED_SN and inst["extensions"] == 50 and inst["owner"] == SEED_OWNER
    assert inst["expire_date"] == "2027-01-01" and inst["plan_name"] == "Enterprise Plan"
    assert "total" not in result and "truncated" not in result
    assert len(served(sim, LIST_PATH)) == 0
    [detail] = served(sim, DETAIL_PATH)
    assert detail["status"] == 200 and detail["query"] == {"productId": "14", "productNo": SEED_SN}


def test_one_instance_that_does_not_match_the_filters(run):
    failed, result = run(product_id=14, product_no=SEED_SN, owner="ops@initech.example")
    assert not failed, result["msg"]
    assert result["products"] == []
    assert result["msg"] == "Instance %s of product 14 does not match the filters." % SEED_SN


def test_an_unknown_serial_number_is_an_empty_answer(sim, run):
    failed, result = run(product_id=14, product_no="3076913644890839999")
    assert not failed, result["msg"]
    assert result["products"] == []
    assert result["msg"] == "Product 14 has no instance with serial number 3076913644890839999."
    # The SN of another product is not an instance of this one either.
    failed, result = run(product_id=14, product_no="3631E3418911")
    assert not failed and result["products"] == []


def test_a_404_without_the_api_envelope_is_a_failure(sim, run):
    """A proxy's HTML 404 (or a wrong api_url) is not "this instance does not exist"."""
    sim.add_fault(method="GET", path=DETAIL_PATH, status=404, body="html")
    failed, result = run(product_id=14, product_no=SEED_SN)
    assert failed
    assert "products" not in result
    assert result["msg"].startswith("Reading instance %s of product 14: GET %s failed" % (SEED_SN, DETAIL_PATH))
    assert result["api_error"]["status"] == 404 and result["api_error"]["code"] is None


def test_an_api_error_on_the_list_names_what_was_read(sim, run):
    sim.add_fault(method="GET", path=LIST_PATH, status=500, times=0)
    failed, result = run(product_id=14, retries=0)
    assert failed and "products" not in result
    assert result["msg"].startswith("Reading the instances of product 14: GET %s failed: HTTP 500" % LIST_PATH)
    assert result["api_error"]["path"] == LIST_PATH and result["api_error"]["code"] == "internal_error"


# ---------------------------------------------------------------------------------------- regions and PBX URL

def test_regions_and_a_free_pbx_url(sim, run):
    sim.clear_log()
    failed, result = run(product_id=13, regions=True, pbx_url="NewCo.ras.yeastar.com")
    assert not failed, result["msg"]
    assert result["regions"] == [
        {"id": "1", "name": "Europe (Frankfurt)", "domains": [{"id": "11", "suffixes": ["ras.yeastar.com", "eu.ras.yeastar.com"]}]},
        {"id": "2", "name": "United States (Virginia)", "domains": [{"id": "21", "suffixes": ["us.ras.yeastar.com"]}]},
        {"id": "3", "name": "Asia Pacific (Singapore)", "domains": [{"id": "31", "suffixes": ["sg.ras.yeastar.com"]}]},
    ]
    assert result["pbx_url_free"] is True
    assert result["msg"] == "Found 1 instance of product 13; PBX URL newco.ras.yeastar.com is free."
    [check] = served(sim, URL_PATH)
    assert check["query"] == {"pbxUrl": "newco.ras.yeastar.com"}  # sent in lower case
    assert len(served(sim, REGION_PATH)) == 1


def test_a_taken_pbx_url(run):
    failed, result = run(product_id=13, pbx_url="acme.ras.yeastar.com")
    assert not failed, result["msg"]
    assert result["pbx_url_free"] is False
    assert result["msg"].endswith("; PBX URL acme.ras.yeastar.com is taken.")
    assert "regions" not in result


def test_the_extras_are_returned_only_when_asked_for(run):
    failed, result = run(product_id=13)
    assert not failed
    assert not {"regions", "pbx_url_free", "product_model", "activation_code"} & set(result)


# ------------------------------------------------------------------------------------ model and activation code

def test_model_of_an_appliance(sim, run):
    sim.clear_log()
    failed, result = run(product_id=11, product_no="3631E3418911", product_model=True)
    assert not failed, result["msg"]
    assert result["product_model"] == "P560"
    assert [p["product_no"] for p in result["products"]] == ["3631E3418911"]
    assert len(served(sim, MODEL_PATH)) == 1


def test_no_model_is_asked_for_an_instance_that_does_not_exist(sim, run):
    sim.clear_log()
    failed, result = run(product_id=11, product_no="3631E0000000", product_model=True)
    assert not failed, result["msg"]
    assert result["product_model"] is None and result["products"] == []
    assert len(served(sim, MODEL_PATH)) == 0


def test_activation_code_of_a_software_edition_pbx(sim, run):
    sn = buy_software_pbx(sim)
    listed = [i for i in sim.state()["instances"] if i["productNo"] == sn][0]
    failed, result = run(product_id=12, product_no=sn, activation_code=True)
    assert not failed, result["msg"]
    assert result["activation_code"] == listed["activationCode"]
    assert result["products"][0]["activation_status"] == "unactivated"
    assert len(served(sim, CODE_PATH)) == 1


def test_activation_code_of_an_unknown_pbx(sim, run):
    failed, result = run(product_id=12, product_no="3651E0000415", activation_code=True)
    assert not failed, result["msg"]
    assert result["activation_code"] is None and result["products"] == []
    assert len(served(sim, CODE_PATH)) == 0


# ---------------------------------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("args, message", [
    ({"product_id": "14x"}, "product_id must be a positive whole number"),
    ({"product_id": "1e3"}, "product_id must be a positive whole number"),
    ({"product_id": True}, "product_id must be a positive whole number"),
    ({"product_id": 0}, "product_id must be a positive whole number"),
    ({"product_id": -14}, "product_id must be a positive whole number"),
    ({"product_id": 14.5}, "product_id must be a positive whole number"),
    ({"product_id": ""}, "product_id is required"),
    ({"product_id": None}, "product_id"),
    ({"product_id": 14, "product_no": ""}, "product_no must not be empty"),
    ({"product_id": 14, "product_no": "30769 13644"}, "product_no must be a serial number"),
    ({"product_id": 14, "product_no": "../detail"}, "product_no must be a serial number"),
    ({"product_id": 14, "product_no": "1" * 65}, "product_no must be at most 64 characters"),
    ({"product_id": 14, "owner": " "}, "owner must not be empty"),
    ({"product_id": 14, "owner": "a b@example.com"}, "owner must be the subordinate user's Yeastar ID"),
    ({"product_id": 14, "activation_status": []}, "activation_status must list at least one of"),
    ({"product_id": 14, "activation_status": ["active"]}, "activation_status"),
    ({"product_id": 14, "max_pages": 0}, "max_pages must be at least 1"),
    ({"product_id": 14, "regions": "maybe"}, "regions"),
    ({"product_id": 13, "pbx_url": "https://newco.ras.yeastar.com"}, "pbx_url must be the PBX's host name alone"),
    ({"product_id": 13, "pbx_url": "newco.ras.yeastar.com/admin"}, "pbx_url must be the PBX's host name alone"),
    ({"product_id": 13, "pbx_url": "newco"}, "pbx_url must be the PBX's host name alone"),
    ({"product_id": 13, "pbx_url": "new_co.ras.yeastar.com"}, "pbx_url must be the PBX's host name alone"),
    ({"product_id": 13, "pbx_url": ""}, "pbx_url must not be empty"),
    ({"product_id": 11, "product_model": True}, "product_model=true needs product_no"),
    ({"product_id": 13, "product_no": "3076913644890830002", "product_model": True}, "product 13 .* has no hardware"),
    ({"product_id": 12, "product_no": "3651E0000415", "product_model": True}, "product 12 .* has no hardware"),
    ({"product_id": 12, "activation_code": True}, "activation_code=true needs product_no"),
    ({"product_id": 14, "product_no": SEED_SN, "activation_code": True},
     "activation_code=true is only for the P-Series Software Edition \\(product_id 12\\), not product 14"),
    ({"product_id": 14, "timeout": 0}, "timeout must be more than 0"),
])
def test_bad_input_fails_before_anything_is_sent(sim, run, args, message):
    sim.clear_log()
    failed, result = run(**args)
    assert failed
    assert re.search(message, result["msg"]), result["msg"]
    assert "products" not in result
    assert sim.count() == 0  # not even a token request


def test_every_problem_is_named_at_once(sim, run):
    sim.clear_log()
    failed, result = run(product_id="x", product_no="a b", max_pages=0, activation_code=True)
    assert failed
    for part in ("product_id must be", "product_no must be a serial number", "max_pages must be at least 1"):
        assert part in result["msg"]
    assert sim.count() == 0


# ------------------------------------------------------------------------------------- check mode and RETURN

def test_check_mode_reads_the_same(run):
    failed, plain = run(product_id=14, regions=True)
    failed_check, checked = run(product_id=14, regions=True, _ansible_check_mode=True)
    assert not failed and not failed_check
    assert checked["changed"] is False
    assert checked["products"] == plain["products"] and checked["regions"] == plain["regions"]


def undocumented(documented, value, where):
    """Problems between RETURN's description of a value and the value (every level of dicts and lists of dicts)."""
    problems = []
    if isinstance(value, list):
        for index, element in enumerate(value):
            problems.extend(undocumented(documented, element, "%s[%d]" % (where, index)))
        return problems
    if not isinstance(value, dict):
        return problems
    extra = set(value) - set(documented)
    if extra:
        problems.append("%s returns undocumented keys %s" % (where, sorted(extra)))
    for key, spec in documented.items():
        if key not in value:
            if spec.get("returned", "always") in ("always", "success"):
                problems.append("%s lacks %s" % (where, key))
            continue
        if spec.get("contains") and value[key] is not None and key != "raw":
            problems.extend(undocumented(spec["contains"], value[key], "%s.%s" % (where, key)))
    return problems


RETURN_DOC = yaml.safe_load(mod.RETURN)


def documented_part(result, documented):
    """The result without Ansible's own keys, except those the module documents (msg)."""
    return dict((k, v) for k, v in result.items() if k not in COMMON_KEYS or k in documented)


_TYPES = {"str": str, "int": int, "bool": bool, "list": list, "dict": dict}


def check_types(documented, value, where):
    problems = []
    for key, spec in documented.items():
        if not isinstance(value, dict) or key not in value or value[key] is None:
            continue
        if not isinstance(value[key], _TYPES[spec["type"]]):
            problems.append("%s.%s is a %s, documented %s" % (where, key, type(value[key]).__name__, spec["type"]))
        if spec.get("contains") and key != "raw":
            items = value[key] if isinstance(value[key], list) else [value[key]]
            for index, item in enumerate(items):
                problems.extend(check_types(spec["contains"], item, "%s.%s[%d]" % (where, key, index)))
    return problems


@pytest.mark.parametrize("args", [
    {"product_id": 14},
    {"product_id": 14, "product_no": SEED_SN},
    {"product_id": 14, "product_no": "3076913644890839999"},
    {"product_id": 13, "regions": True, "pbx_url": "newco.ras.yeastar.com"},
    {"product_id": 11, "product_no": "3631E3418911", "product_model": True},
    {"product_id": 12, "activation_status": "unactivated"},
])
def test_returns_what_return_documents(run, args):
    failed, result = run(**args)
    assert not failed, result["msg"]
    success = dict((k, v) for k, v in RETURN_DOC.items() if v["returned"] != "failure")
    real = documented_part(result, success)
    conditional = set(k for k, v in success.items() if v["returned"] not in ("success", "always"))
    assert undocumented(success, real, "result") == []
    assert check_types(success, real, "result") == []
    assert set(real) - conditional == {"products", "msg"}


def test_activation_code_result_is_documented(sim, run):
    sn = buy_software_pbx(sim)
    failed, result = run(product_id=12, product_no=sn, activation_code=True)
    assert not failed
    success = dict((k, v) for k, v in RETURN_DOC.items() if v["returned"] != "failure")
    real = documented_part(result, success)
    assert undocumented(success, real, "result") == [] and check_types(success, real, "result") == []


def test_failure_keys_are_documented(sim, run):
    sim.add_fault(method="GET", path=REGION_PATH, status=500)
    failed, result = run(product_id=13, regions=True, retries=0)
    assert failed
    assert result["msg"].startswith("Reading the Cloud Edition regions: GET %s failed" % REGION_PATH)
    failure = dict((k, v) for k, v in RETURN_DOC.items() if v["returned"] in ("failure", "always"))
    real = documented_part(result, failure)
    assert set(real) == {"api_error", "msg"}
    assert undocumented(failure, real, "result") == [] and check_types(failure, real, "result") == []


def test_return_samples_are_the_simulators_answers(run):
    """The samples of RETURN are real output: the seed instance, its regions, the appliance model."""
    failed, result = run(product_id=14)
    assert not failed
    assert RETURN_DOC["products"]["sample"][0] == result["products"][0]
    failed, result = run(product_id=13, regions=True)
    assert RETURN_DOC["regions"]["sample"] == result["regions"][:2]
    failed, result = run(product_id=11, product_no="3631E3418911", product_model=True)
    assert RETURN_DOC["product_model"]["sample"] == result["product_model"]
    failed, result = run(product_id=13, pbx_url="newco.ras.yeastar.com")
    assert RETURN_DOC["msg"]["sample"] == result["msg"]


# ------------------------------------------------------------------------------- a service with other shapes

def test_a_service_that_names_fields_differently(monkeypatch, sim, run):
    """The list in other shapes: ids as numbers, other key names, nested plan and owner, a row listed twice, a row
    that says nothing of its product. Nothing is sent for the list (the endpoint function is replaced)."""
    rows = [
        {"id": 1, "sn": 3076913644890830001, "activationStatus": "Activated",
         "plan": {"id": 3048941892189077504, "name": "Enterprise Plan", "quantity": "50"},
         "owner": {"email": "Color123@Yeastar.com"}, "expireDate": "2027-01-01"},
        {"id": 2, "serialNumber": "3076913644890830099", "activated": False, "extensionCount": 8},
        {"id": 1, "sn": 3076913644890830001},
    ]
    calls = []

    def fake_list(client, product_id, max_pages=None):
        calls.append((product_id, max_pages))
        return [dict(r) for r in rows], {"total": "3", "pages": 1, "truncated": False}

    monkeypatch.setattr(mod, "list_instances", fake_list)
    failed, result = run(product_id="14", owner=SEED_OWNER)
    assert not failed, result["msg"]
    assert calls == [(14, 100)]
    [inst] = result["products"]
    assert inst["product_no"] == SEED_SN and inst["product_id"] == 14 and inst["extensions"] == 50
    assert inst["plan_id"] == "3048941892189077504" and inst["expire_time"] == 1798761600000
    assert result["msg"] == "1 of the 2 instances of product 14 match the filters."
    failed, result = run(product_id=14, activation_status="unactivated")
    assert [p["product_no"] for p in result["products"]] == ["3076913644890830099"]


def test_details_without_serial_number_or_product(monkeypatch, run):
    monkeypatch.setattr(mod, "get_instance", lambda client, product_id, product_no: {"activationStatus": "activated"})
    failed, result = run(product_id=11, product_no="3631e3418911")
    assert not failed, result["msg"]
    [inst] = result["products"]
    assert inst["product_no"] == "3631e3418911" and inst["product_id"] == 11
    assert inst["raw"] == {"activationStatus": "activated"}


def test_empty_details_are_not_found(monkeypatch, run):
    monkeypatch.setattr(mod, "get_instance", lambda client, product_id, product_no: {})
    failed, result = run(product_id=11, product_no="3631E3418911", product_model=True)
    assert not failed
    assert result["products"] == [] and result["product_model"] is None


def test_model_and_code_under_other_keys(monkeypatch, sim, run):
    monkeypatch.setattr(mod, "product_model", lambda client, product_id, product_no: {"model": " S100 "})
    failed, result = run(product_id=11, product_no="3631E3418911", product_model=True)
    assert not failed and result["product_model"] == "S100"
    sn = buy_software_pbx(sim)
    monkeypatch.setattr(mod, "activation_code", lambda client, product_no, product_id=12: {"activationCode": 12345})
    failed, result = run(product_id=12, product_no=sn, activation_code=True)
    assert not failed and result["activation_code"] == "12345"


def test_examples_use_seed_values_and_no_credentials():
    examples = yaml.safe_load(mod.EXAMPLES)
    tasks = [t for t in examples if "yeastar.partner.yeastar_product_info" in t]
    assert len(tasks) >= 5
    for task in tasks:
        args = task["yeastar.partner.yeastar_product_info"]
        assert not {"client_id", "client_secret", "access_token", "api_url"} & set(args), task["name"]
        assert set(args) <= set(mod.YeastarProductInfo.argument_spec()) | {"partner_id"}, task["name"]


def test_the_integration_target_runs_the_examples_as_written():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "..", "integration", "targets", "yeastar_product_info", "tasks", "examples.yml")
    with open(path, encoding="utf-8") as handle:
        assert yaml.safe_load(handle) == yaml.safe_load(mod.EXAMPLES)
