# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: fault injection, the request log and the admin endpoints."""

import http.client
import json
import socket
import time

import pytest
import requests

from yeastar_sim.control import SimulatorError

SAVE = "/order/openapi/order/v1/save"
PAGE = "/order/openapi/order/v1/page"
PRODUCTS = "/pricing/openapi/purchase/v1/product_list"
TOKEN = "/auth/openapi/v1/oauth/token"
ORDER = {
    "operationType": "purchase_plan", "productId": 14, "billingId": 3197218168379846218, "poNumber": "PO-FAULT",
    "serviceList": [{"serviceType": "plan", "serviceId": 3048941892189077504, "quantity": 100, "purchaseType": "purchase",
                     "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0}],
}


@pytest.mark.parametrize("status, code", [(500, "internal_error"), (502, "bad_gateway"), (503, "service_unavailable"),
                                          (504, "gateway_timeout"), (429, "too_many_requests"), (401, "invalid_token"),
                                          (400, "parameter_validation_failed")])
def test_status_fault_default_codes(simulator, status, code):
    simulator.api("GET", PRODUCTS)  # fetch a token first
    simulator.add_fault(method="GET", path=PRODUCTS, status=status)
    resp = simulator.api("GET", PRODUCTS)
    assert resp.status == status
    body = resp.json
    assert sorted(body) == ["code", "detailMessage", "requestId", "result", "status"]
    assert body["status"] == status and body["code"] == code
    assert simulator.api("GET", PRODUCTS).status == 200  # times defaults to 1
    assert simulator.faults() == []
    entry = simulator.requests("GET", PRODUCTS)[-2]
    assert entry["status"] == status and "status=%d" % status in entry["fault"]


def test_retry_after_and_overrides(simulator):
    simulator.add_fault(method="*", path=TOKEN, status=429, retry_after=3, code="rate_limited", detail="slow down")
    resp = requests.post(simulator.base_url + TOKEN, headers={"User-Agent": "OpenAPI"}, timeout=10,
                         data={"grant_type": "pp_credentials", "client_id": simulator.client_id, "client_secret": simulator.client_secret})
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "3"
    assert resp.json()["code"] == "rate_limited" and resp.json()["detailMessage"] == "slow down"


def test_every_429_carries_retry_after(simulator):
    simulator.api("GET", PRODUCTS)  # fetch a token first
    simulator.add_fault(method="GET", path=PRODUCTS, status=429)
    resp = simulator.api("GET", PRODUCTS)
    assert resp.status == 429 and resp.headers["Retry-After"] == "1"
    simulator.add_fault(method="GET", path=PRODUCTS, status=503)
    assert "Retry-After" not in simulator.api("GET", PRODUCTS).headers


def test_html_body(simulator):
    simulator.add_fault(path="/order/*", status=502, body="html")
    resp = simulator.api("GET", PAGE)
    assert resp.status == 502 and resp.headers["Content-Type"].startswith("text/html")
    assert "502 Bad Gateway" in resp.text
    with pytest.raises(ValueError):
        json.loads(resp.text)


def test_delay_beyond_client_timeout_then_normal_answer(simulator):
    simulator.api("GET", PRODUCTS)
    simulator.add_fault(method="GET", path=PRODUCTS, delay=1.0)
    started = time.time()
    with pytest.raises((socket.timeout, TimeoutError)):
        simulator.api("GET", PRODUCTS, timeout=0.3)
    assert time.time() - started < 0.9
    simulator.add_fault(method="GET", path=PRODUCTS, delay=0.3)
    started = time.time()
    resp = simulator.api("GET", PRODUCTS)
    assert resp.status == 200 and time.time() - started >= 0.3
    time.sleep(0.8)
    entries = simulator.requests("GET", PRODUCTS)  # in the order the answers were made
    assert [e["status"] for e in entries] == [200, 200, 200]
    assert entries[1]["ms"] >= 300 and "delay=0.3" in entries[1]["fault"]
    assert entries[2]["ms"] >= 1000 and "delay=1" in entries[2]["fault"]


def test_delay_with_status(simulator):
    simulator.add_fault(method="POST", path=SAVE, delay=0.2, status=504)
    started = time.time()
    resp = simulator.api("POST", SAVE, json_body=ORDER)
    assert resp.status == 504 and time.time() - started >= 0.2
    assert len(simulator.state()["orders"]) == 3  # nothing was done


def test_drop_before_does_nothing(simulator):
    simulator.api("GET", PRODUCTS)
    simulator.add_fault(method="POST", path=SAVE, drop="before")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        simulator.api("POST", SAVE, json_body=ORDER)
    assert len(simulator.state()["orders"]) == 3
    entry = simulator.requests("POST", SAVE)[-1]
    assert entry["status"] == 0 and "drop=before" in entry["fault"]
    assert simulator.api("POST", SAVE, json_body=ORDER).status == 200


def test_drop_after_commits_the_order(simulator):
    simulator.api("GET", PRODUCTS)
    simulator.add_fault(method="POST", path=SAVE, drop="after")
    session = requests.Session()
    with pytest.raises(requests.ConnectionError):
        session.post(simulator.base_url + SAVE, json=ORDER, timeout=10,
                     headers={"User-Agent": "OpenAPI", "Authorization": "Bearer " + simulator.token()})
    orders = simulator.api("GET", PAGE).result["results"]
    assert orders[0]["customReferenceNo"] == "PO-FAULT" and len(simulator.state()["orders"]) == 4
    assert simulator.requests("POST", SAVE)[-1]["status"] == 0


def test_times_skip_and_forever(simulator):
    simulator.api("GET", PRODUCTS)
    simulator.add_fault(method="GET", path=PRODUCTS, status=503, skip=1, times=2)
    assert [simulator.api("GET", PRODUCTS).status for dummy in range(4)] == [200, 503, 503, 200]
    simulator.add_fault(path="/pricing/*", status=500, times=0)
    assert [simulator.api("GET", PRODUCTS).status for dummy in range(3)] == [500, 500, 500]
    assert len(simulator.faults()) == 1
    simulator.clear_faults()
    assert simulator.api("GET", PRODUCTS).status == 200


def test_rules_checked_in_order_and_method_filter(simulator):
    simulator.api("GET", PRODUCTS)
    simulator.add_fault(method="POST", path="*", status=500)
    simulator.add_fault(method="GET", path=PRODUCTS, status=502)
    simulator.add_fault(method="GET", path="/pricing/*", status=503)
    assert simulator.api("GET", PRODUCTS).status == 502
    assert simulator.api("GET", PRODUCTS).status == 503
    assert simulator.api("POST", SAVE, json_body=ORDER).status == 500


@pytest.mark.parametrize("rule", [{}, {"status": "500"}, {"drop": "sideways"}, {"body": "xml", "status": 500},
                                  {"status": 500, "times": -1}, {"status": 500, "colour": "red"}])
def test_bad_fault_rules_rejected(simulator_session, rule):
    with pytest.raises(SimulatorError):
        simulator_session.add_fault(**rule)


def test_reset(simulator):
    old = simulator.token()
    simulator.api("POST", SAVE, json_body=ORDER)
    simulator.add_fault(path="*", status=500, times=0)
    simulator.configure(pending_polls=3)
    simulator.reset()
    assert simulator.faults() == [] and simulator.count() == 0
    state = simulator.state()
    assert len(state["orders"]) == 3 and state["config"]["pending_polls"] == 0 and state["tokens"] == {}
    assert simulator.api("GET", PRODUCTS, token=old).json["code"] == "invalid_token"
    assert simulator.api("GET", PRODUCTS).status == 200


def test_log_counting_and_file(simulator):
    simulator.api("GET", PRODUCTS)
    simulator.api("GET", PAGE, params={"pageNo": 2, "pageSize": 1})
    simulator.api("GET", PAGE)
    assert simulator.count() == 4  # the token call too
    assert simulator.count("GET", PAGE) == 2 and simulator.count("POST") == 1 and simulator.count(path="/pricing/*") == 1
    entry = simulator.requests(path=PAGE)[0]
    assert entry["query"] == {"pageNo": "2", "pageSize": "1"} and entry["path"] == PAGE and entry["method"] == "GET"
    assert entry["status"] == 200 and entry["fault"] is None and isinstance(entry["ms"], float) and entry["time"] > 1.7e9
    with open(simulator.log_path, encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle if line.strip()]
    assert [e["path"] for e in lines] == [TOKEN, PRODUCTS, PAGE, PAGE]
    simulator.clear_log()
    assert simulator.count() == 0
    with open(simulator.log_path, encoding="utf-8") as handle:
        assert handle.read() == ""
