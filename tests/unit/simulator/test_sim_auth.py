# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: token grants, token expiry, Authorization and User-Agent rules, envelope shape."""

import base64
import http.client
import json
import re
import time

import pytest
import requests

from yeastar_sim.control import SimulatorProcess

TOKEN = "/auth/openapi/v1/oauth/token"
PRODUCTS = "/pricing/openapi/purchase/v1/product_list"
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


def _envelope_ok(body, status):
    assert sorted(body) == ["code", "detailMessage", "requestId", "result", "status"]
    assert body["status"] == status
    assert REQUEST_ID.match(body["requestId"])


def _decode(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _claims(token):
    header, payload, _sig = token.split(".")
    return _decode(header), _decode(payload)


def _form_token(sim, **fields):
    return requests.post(sim.base_url + TOKEN, data=fields, headers={"User-Agent": "OpenAPI"}, timeout=10)


def _multipart_token(sim, **fields):
    files = {key: (None, value) for key, value in fields.items()}
    return requests.post(sim.base_url + TOKEN, files=files, headers={"User-Agent": "OpenAPI"}, timeout=10)


@pytest.mark.parametrize("sender", [_form_token, _multipart_token], ids=["form", "multipart"])
def test_credentials_and_refresh_grants(simulator_session, sender):
    sim = simulator_session
    resp = sender(sim, grant_type="pp_credentials", client_id=sim.client_id, client_secret=sim.client_secret)
    assert resp.status_code == 200
    body = resp.json()
    _envelope_ok(body, 200)
    assert body["code"] == "success" and body["detailMessage"] == ""
    result = body["result"]
    assert sorted(result) == ["expiresIn", "refreshToken", "token", "tokenHead"]
    assert result["expiresIn"] == "1800" and result["tokenHead"] == "Bearer "
    header, claims = _claims(result["token"])
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims["aud"] == ["res1"] and claims["scope"] == ["all"] and claims["token_type"] == "openapi"
    assert json.loads(claims["X-MS-USER"])["type"] == "partner"
    assert claims["client_id"] == sim.client_id and claims["exp"] > time.time() + 1700

    refreshed = sender(sim, grant_type="refresh_token", refresh_token=result["refreshToken"])
    assert refreshed.status_code == 200, refreshed.text
    new = refreshed.json()["result"]
    assert new["token"] != result["token"] and new["refreshToken"] != result["refreshToken"]
    ok = sim.api("GET", PRODUCTS, token=new["token"])
    assert ok.status == 200 and ok.json["code"] == "success"


@pytest.mark.parametrize("fields", [
    {"client_id": "sim-client-id", "client_secret": "wrong"},
    {"client_id": "someone-else", "client_secret": "sim-client-secret"},
])
def test_bad_credentials_are_invalid_client(simulator_session, fields):
    resp = _form_token(simulator_session, grant_type="pp_credentials", **fields)
    assert resp.status_code == 401
    _envelope_ok(resp.json(), 401)
    assert resp.json()["code"] == "invalid_client"


@pytest.mark.parametrize("fields, field", [
    ({"client_id": "sim-client-id", "client_secret": "sim-client-secret"}, "grant_type"),
    ({"grant_type": "client_credentials", "client_id": "sim-client-id", "client_secret": "sim-client-secret"}, "grant_type"),
    ({"grant_type": "pp_credentials", "client_id": "sim-client-id"}, "client_secret"),
    ({"grant_type": "refresh_token"}, "refresh_token"),
])
def test_token_call_validation(simulator_session, fields, field):
    resp = _form_token(simulator_session, **fields)
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == "parameter_validation_failed" and field in body["result"] and body["detailMessage"]


def test_token_call_rejects_json_body(simulator_session):
    sim = simulator_session
    resp = requests.post(sim.base_url + TOKEN, json={"grant_type": "pp_credentials", "client_id": sim.client_id,
                                                     "client_secret": sim.client_secret},
                         headers={"User-Agent": "OpenAPI"}, timeout=10)
    assert resp.status_code == 400 and resp.json()["code"] == "parameter_validation_failed"


def test_bad_refresh_token_is_invalid_token(simulator_session):
    sim = simulator_session
    resp = _form_token(sim, grant_type="refresh_token", refresh_token="not.a.token")
    assert resp.status_code == 401 and resp.json()["code"] == "invalid_token"
    # an access token is not a refresh token
    resp = _form_token(sim, grant_type="refresh_token", refresh_token=sim.token())
    assert resp.status_code == 401 and resp.json()["code"] == "invalid_token"


def test_expire_tokens_gives_token_expired(simulator):
    old = simulator.token()
    assert simulator.api("GET", PRODUCTS, token=old).status == 200
    simulator.expire_tokens()
    resp = simulator.api("GET", PRODUCTS, token=old)
    assert resp.status == 401
    _envelope_ok(resp.json, 401)
    assert resp.json["code"] == "token_expired"
    assert simulator.api("GET", PRODUCTS).status == 200  # a new token works


def test_short_ttls_expire(tmp_path):
    with SimulatorProcess(tmp_path / "s.json", extra_args=("--access-ttl", "1", "--refresh-ttl", "1")) as sim:
        resp = _form_token(sim, grant_type="pp_credentials", client_id=sim.client_id, client_secret=sim.client_secret)
        result = resp.json()["result"]
        assert result["expiresIn"] == "1"
        assert sim.api("GET", PRODUCTS, token=result["token"]).status == 200
        time.sleep(1.2)
        resp = sim.api("GET", PRODUCTS, token=result["token"])
        assert resp.status == 401 and resp.json["code"] == "token_expired"
        resp = _form_token(sim, grant_type="refresh_token", refresh_token=result["refreshToken"])
        assert resp.status_code == 401 and resp.json()["code"] == "invalid_token"


def test_configure_access_ttl(simulator):
    assert simulator.configure(access_ttl=60)["access_ttl"] == 60
    resp = _form_token(simulator, grant_type="pp_credentials", client_id=simulator.client_id, client_secret=simulator.client_secret)
    assert resp.json()["result"]["expiresIn"] == "60"


@pytest.mark.parametrize("auth", [None, "", "Bearer", "Bearer garbage", "Basic abc", "bearer-less-token"])
def test_bad_authorization_is_invalid_token(simulator_session, auth):
    headers = {} if auth is None else {"Authorization": auth}
    resp = simulator_session.api("GET", PRODUCTS, token=False, headers=headers)
    assert resp.status == 401
    _envelope_ok(resp.json, 401)
    assert resp.json["code"] == "invalid_token"


def test_doubled_space_in_authorization_is_rejected(simulator_session):
    token = simulator_session.token()
    resp = simulator_session.api("GET", PRODUCTS, token=False, headers={"Authorization": "Bearer  " + token})
    assert resp.status == 401 and resp.json["code"] == "invalid_token"


def _raw(sim, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@pytest.mark.parametrize("method, path", [
    ("POST", TOKEN),
    ("GET", PRODUCTS),
    ("POST", "/order/openapi/order/v1/save"),
    ("GET", "/user/openapi/user/v1/client/partner_list"),
])
def test_missing_user_agent_is_400(simulator_session, method, path):
    sim = simulator_session
    headers = {"Authorization": "Bearer " + sim.token(), "Content-Type": "application/x-www-form-urlencoded"}
    body = "grant_type=pp_credentials&client_id=%s&client_secret=%s" % (sim.client_id, sim.client_secret) if method == "POST" else None
    status, raw = _raw(sim, method, path, body, headers)  # http.client sends no User-Agent by itself
    assert status == 400
    data = json.loads(raw)
    _envelope_ok(data, 400)
    assert data["code"] == "parameter_validation_failed" and data["result"] == {"User-Agent": "required"}


def test_other_methods_405_and_unknown_paths_404(simulator_session):
    sim = simulator_session
    resp = sim.api("PUT", PRODUCTS, json_body={})
    assert resp.status == 405 and resp.json["status"] == 405
    resp = sim.api("GET", "/order/openapi/order/v1/save")
    assert resp.status == 405
    resp = sim.api("DELETE", "/order/openapi/order/v1/get/1782001")
    assert resp.status == 405
    # An unknown path is answered as a gateway would (no envelope), unlike an unknown id.
    resp = sim.api("GET", "/order/openapi/order/v1/nothing")
    assert resp.status == 404 and resp.text.startswith("404 page not found")
    with pytest.raises(ValueError):
        resp.json  # pylint: disable=pointless-statement
    resp = sim.api("GET", "/order/openapi/order/v1/get/999")
    assert resp.status == 404 and resp.json["code"] == "resource_not_found"


def test_admin_needs_no_auth_and_is_not_logged(simulator):
    status, _raw_body = _raw(simulator, "GET", "/_sim/state")
    assert status == 200
    simulator.faults()
    simulator.state()
    assert simulator.count() == 0
