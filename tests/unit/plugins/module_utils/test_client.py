# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The client against the real simulator over loopback: one test (at least) for each client rule of docs/api-contract.md."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile
import time

import pytest

requests = pytest.importorskip("requests")

# pylint: disable=wrong-import-position
from ansible_collections.yeastar.partner.plugins.module_utils._client import PartnerClient  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import ORDER_PAGE_PATH, ORDER_SAVE_PATH, TOKEN_PATH  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._file_store import FileStore  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._placement import OrderOutcomeUnknown, send_order  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils import _endpoints as api  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._cache import AccountCache  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._ledger import OrderLedger  # noqa: E402

PARTNER_LIST = "/user/openapi/user/v1/client/partner_list"
BILLING_LIST = "/user/openapi/user/v1/client/billing_contact_list"
# The request body of the vendor's worked example, verbatim (tests/unit/seed_order_request.json).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seed_order_request.json"), encoding="utf-8") as _seed:
    SEED_BODY = json.load(_seed)


class RecordingSession(requests.Session):
    """A real requests.Session that remembers what it sent (headers and bodies), for assertions."""

    def __init__(self):
        super(RecordingSession, self).__init__()
        self.sent = []

    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ
        self.sent.append({"method": method, "url": url, "headers": dict(kwargs.get("headers") or {}),
                          "data": kwargs.get("data")})
        return super(RecordingSession, self).request(method, url, **kwargs)


class Sleeps:
    def __init__(self):
        self.calls = []

    def __call__(self, seconds):
        self.calls.append(seconds)


def token_of(client):
    """The access token the client holds (asking for one first when it has none)."""
    client._ensure_token()  # pylint: disable=protected-access
    return client._token  # pylint: disable=protected-access


def make_client(sim, **kwargs):
    options = dict(api_url=sim.base_url, client_id=sim.client_id, client_secret=sim.client_secret, timeout=5,
                   retries=3, backoff_base=0.01, backoff_max=0.05, sleep=Sleeps(),
                   session=RecordingSession())
    options.update(kwargs)
    return PartnerClient(**options)


_CACHES = tempfile.TemporaryDirectory(prefix="yeastar-test-cache-")  # pylint: disable=consider-using-with


def looker(client, recheck_delay=0.01):
    """The order ledger's look_for, as yeastar_order hands it to send_order, with a cache of its own."""
    cache = AccountCache(tempfile.mkdtemp(dir=_CACHES.name), client.api_url, client_id=client.client_id)
    return OrderLedger(client, FileStore(cache), run="unit", recheck_delay=recheck_delay).look_for


def seed_body(po_number=None):
    body = dict(SEED_BODY)
    if po_number:
        body["poNumber"] = po_number
    return body


def count(sim, method, path):
    return sim.count(method=method, path=path)


# ---------------------------------------------------------------------------------------------------- auth and headers

def test_one_token_request_for_many_calls(simulator):
    client = make_client(simulator)
    api.list_partners(client)
    api.list_billing_contacts(client)
    api.product_list(client)
    assert client.token_requests == 1
    assert count(simulator, "POST", TOKEN_PATH) == 1


def test_user_agent_and_authorization_on_every_request(simulator):
    client = make_client(simulator)
    api.list_partners(client)
    sent = client._session.sent
    assert [s["url"].split(simulator.base_url)[1] for s in sent] == [TOKEN_PATH, PARTNER_LIST]
    assert all(s["headers"].get("User-Agent") for s in sent)
    assert "Authorization" not in sent[0]["headers"]
    auth = sent[1]["headers"]["Authorization"]
    assert auth.startswith("Bearer ") and not auth.startswith("Bearer  ")


@pytest.mark.parametrize("token_head, expected", [("Bearer ", "Bearer tok"), ("Bearer", "Bearer tok"),
                                                  (None, "Bearer tok"), ("", "Bearer tok"), ("Token ", "Token tok")])
def test_authorization_is_token_head_plus_token_without_doubled_space(token_head, expected):
    client = PartnerClient(api_url="http://127.0.0.1:9", access_token="tok", session=RecordingSession())
    client._token_head = token_head
    assert client._authorization() == expected


def test_empty_user_agent_is_refused_by_the_portal(simulator):
    client = make_client(simulator, user_agent="")
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    assert err.value.status == 400 and err.value.code == "parameter_validation_failed"


def test_bad_credentials_name_the_call_and_hide_the_secret(simulator):
    secret = "wrong-secret-value-123"
    client = make_client(simulator, client_secret=secret)
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    text = str(err.value)
    assert "POST %s" % TOKEN_PATH in text
    assert "HTTP 401" in text and "invalid_client" in text and "requestId" in text
    assert err.value.request_id and len(err.value.request_id) == 32
    assert secret not in text and secret not in repr(err.value.to_dict())
    assert count(simulator, "POST", TOKEN_PATH) == 1  # a 401 is not retried


def test_access_token_handed_on_needs_no_token_request(simulator):
    first = make_client(simulator)
    token = token_of(first)
    second = PartnerClient(api_url=simulator.base_url, access_token=token, sleep=Sleeps(), session=RecordingSession())
    assert api.list_partners(second)
    assert second.token_requests == 0
    assert count(simulator, "POST", TOKEN_PATH) == 1


def test_expired_handed_on_token_without_credentials_fails_clearly(simulator):
    token = token_of(make_client(simulator))
    simulator.expire_tokens()
    client = PartnerClient(api_url=simulator.base_url, access_token=token, sleep=Sleeps(), session=RecordingSession())
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    assert err.value.status == 401 and err.value.code == "token_expired"
    assert "client_id and client_secret" in str(err.value)
    assert token not in str(err.value)


# ---------------------------------------------------------------------------------------------------- 401: refresh, replay once

def test_401_refreshes_with_the_refresh_grant_and_replays_once(simulator):
    client = make_client(simulator)
    api.list_partners(client)
    simulator.expire_tokens()
    simulator.clear_log()
    assert api.list_partners(client)
    statuses = [(r["method"], r["path"], r["status"]) for r in simulator.requests()]
    assert statuses == [("GET", PARTNER_LIST, 401), ("POST", TOKEN_PATH, 200), ("GET", PARTNER_LIST, 200)]
    refresh_form = client._session.sent[-2]["data"]
    assert refresh_form["grant_type"] == "refresh_token" and "client_secret" not in refresh_form


def test_failed_refresh_falls_back_to_new_credentials_token(simulator):
    client = make_client(simulator)
    api.list_partners(client)
    simulator.expire_tokens()
    simulator.add_fault(method="POST", path=TOKEN_PATH, status=401, code="invalid_token", times=1)
    simulator.clear_log()
    assert api.list_partners(client)
    grants = [s["data"]["grant_type"] for s in client._session.sent if s["url"].endswith(TOKEN_PATH)]
    assert grants == ["pp_credentials", "refresh_token", "pp_credentials"]
    assert count(simulator, "GET", PARTNER_LIST) == 2


def test_401_is_replayed_only_once(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=401, code="invalid_token", times=0)
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    assert err.value.status == 401
    assert count(simulator, "GET", PARTNER_LIST) == 2


def test_token_is_refreshed_before_it_expires(simulator):
    simulator.configure(access_ttl=2)
    sleeps = Sleeps()
    client = make_client(simulator, sleep=sleeps)
    api.list_partners(client)
    time.sleep(2.1)
    simulator.clear_log()
    api.list_partners(client)
    assert [(r["path"], r["status"]) for r in simulator.requests()] == [(TOKEN_PATH, 200), (PARTNER_LIST, 200)]


# ---------------------------------------------------------------------------------------------------- envelope

def test_code_other_than_success_is_an_error_even_with_http_200(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=200, code="quota_exceeded", detail="too many users")
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    assert err.value.status == 200 and err.value.code == "quota_exceeded"
    assert "detailMessage 'too many users'" in str(err.value)


def test_validation_error_carries_fields_and_request_id(simulator):
    client = make_client(simulator)
    body = seed_body("PO-BAD-1")
    body["serviceList"] = [dict(body["serviceList"][0], quantity=10 ** 7)]
    with pytest.raises(PartnerAPIError) as err:
        send_order(client, body, look_for=looker(client))
    e = err.value
    assert (e.method, e.path, e.status, e.code) == ("POST", ORDER_SAVE_PATH, 400, "parameter_validation_failed")
    assert e.request_id and e.detail and isinstance(e.result, dict)
    assert "Fields:" in str(e)
    assert count(simulator, "GET", ORDER_PAGE_PATH) == 0  # a clear refusal needs no reconciliation


def test_secrets_are_scrubbed_from_api_messages(simulator):
    client = make_client(simulator)
    token = token_of(client)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=400,
                        detail="bad request from %s with %s" % (simulator.client_secret, token))
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    text = str(err.value) + repr(err.value.to_dict())
    assert simulator.client_secret not in text and token not in text
    assert "********" in text


def test_non_json_answer_is_an_error_with_a_snippet(simulator):
    client = make_client(simulator, retries=0)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=502, body="html")
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    assert err.value.status == 502 and "not JSON" in str(err.value)


# ---------------------------------------------------------------------------------------------------- retries

@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_reads_are_retried_on_transient_statuses(simulator, status):
    client = make_client(simulator)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=status, times=2)
    assert api.list_partners(client)
    assert count(simulator, "GET", PARTNER_LIST) == 3
    assert len(client._sleep.calls) == 2


def test_backoff_grows_and_stays_bounded(simulator):
    client = make_client(simulator, retries=5, backoff_base=0.01, backoff_max=0.04)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=503, times=5)
    assert api.list_partners(client)
    delays = client._sleep.calls
    assert len(delays) == 5
    assert delays[0] <= 0.01 and max(delays) <= 0.04
    assert delays[-1] >= 0.02  # capped at 0.04, halved at worst by jitter


def test_retry_after_is_honoured(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=429, retry_after=2)
    assert api.list_partners(client)
    assert client._sleep.calls == [2.0]


def test_retry_after_longer_than_the_client_waits_fails_at_once(simulator):
    client = make_client(simulator, retry_after_max=10)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=429, retry_after=3600)
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    assert err.value.status == 429 and "3600" in str(err.value)
    assert count(simulator, "GET", PARTNER_LIST) == 1


def test_retries_are_bounded(simulator):
    client = make_client(simulator, retries=2)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=503, times=0)
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    assert err.value.attempts == 3 and "after 3 attempts" in str(err.value)
    assert count(simulator, "GET", PARTNER_LIST) == 3


def test_500_is_not_retried(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="GET", path=PARTNER_LIST, status=500)
    with pytest.raises(PartnerAPIError):
        api.list_partners(client)
    assert count(simulator, "GET", PARTNER_LIST) == 1


def test_read_timeout_is_retried(simulator):
    client = make_client(simulator, timeout=0.5)
    token_of(client)
    simulator.add_fault(method="GET", path=PARTNER_LIST, delay=1.5)
    assert api.list_partners(client)
    assert count(simulator, "GET", PARTNER_LIST) >= 1
    assert len(client._sleep.calls) == 1


def test_dropped_connection_on_a_read_is_retried(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="GET", path=PARTNER_LIST, drop="before")
    assert api.list_partners(client)
    assert len(client._sleep.calls) == 1


def test_token_call_is_retried(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=TOKEN_PATH, status=503)
    assert api.list_partners(client)
    assert count(simulator, "POST", TOKEN_PATH) == 2


def test_refused_connection_says_so():
    client = PartnerClient(api_url="http://127.0.0.1:9", client_id="a", client_secret="b", retries=1,
                           sleep=Sleeps(), timeout=2)
    with pytest.raises(PartnerAPIError) as err:
        api.list_partners(client)
    assert "could not connect" in str(err.value) and err.value.attempts == 2


# ---------------------------------------------------------------------------------------------------- the order POST

def test_seed_order_is_created_once(simulator):
    client = make_client(simulator)
    result, reconciled = send_order(client, seed_body("PO-SEED-1"), look_for=looker(client))
    assert reconciled is False
    assert set(result) >= {"instanceId", "orderId", "orderNo", "orderStatus", "productNo", "transactionNo"}
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1


@pytest.mark.parametrize("fault", [
    dict(status=503),
    dict(status=502, body="html"),
    dict(status=500),
    dict(drop="before"),
])
def test_order_post_is_never_resent_when_nothing_was_created(simulator, fault):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, **fault)
    with pytest.raises(OrderOutcomeUnknown) as err:
        send_order(client, seed_body("PO-LOST-1"), look_for=looker(client))
    assert "PO-LOST-1" in str(err.value)
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1
    assert count(simulator, "GET", ORDER_PAGE_PATH) >= 1  # it looked before deciding
    assert not [o for o in simulator.state()["orders"] if o.get("customReferenceNo") == "PO-LOST-1"]


def test_order_committed_then_connection_dropped_is_found_by_po_number(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, drop="after")
    result, reconciled = send_order(client, seed_body("PO-DROP-1"), look_for=looker(client))
    assert reconciled is True
    assert result["customReferenceNo"] == "PO-DROP-1" and result["orderStatus"] == "succeed"
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1
    assert len([o for o in simulator.state()["orders"] if o.get("customReferenceNo") == "PO-DROP-1"]) == 1


def test_order_answer_slower_than_the_timeout_is_found_by_po_number(simulator):
    client = make_client(simulator, timeout=0.5, sleep=time.sleep)
    token_of(client)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, delay=1.0)
    result, reconciled = send_order(client, seed_body("PO-SLOW-1"), look_for=looker(client, recheck_delay=1.5))
    assert reconciled is True and result["customReferenceNo"] == "PO-SLOW-1"
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1


def test_order_outcome_unknown_when_the_order_list_cannot_be_read(simulator):
    client = make_client(simulator, retries=0)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, drop="after")
    simulator.add_fault(method="GET", path=ORDER_PAGE_PATH, status=503, times=0)
    with pytest.raises(OrderOutcomeUnknown) as err:
        send_order(client, seed_body("PO-BLIND-1"), look_for=looker(client))
    assert "could not be read either" in str(err.value) and "Nothing was sent again" in str(err.value)
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1


def test_order_without_po_number_is_not_guessed(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, drop="after")
    with pytest.raises(OrderOutcomeUnknown) as err:
        send_order(client, seed_body(), look_for=looker(client))
    assert "no poNumber" in str(err.value)
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1 and count(simulator, "GET", ORDER_PAGE_PATH) == 0


def test_order_post_429_is_not_resent(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, status=429, retry_after=1)
    with pytest.raises(PartnerAPIError) as err:
        send_order(client, seed_body("PO-429-1"), look_for=looker(client))
    assert err.value.status == 429
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1


def test_order_post_401_is_refreshed_and_replayed_once(simulator):
    client = make_client(simulator)
    token_of(client)
    simulator.expire_tokens()
    result, reconciled = send_order(client, seed_body("PO-401-1"), look_for=looker(client))
    assert reconciled is False and result["orderNo"]
    saves = simulator.requests(method="POST", path=ORDER_SAVE_PATH)
    assert [r["status"] for r in saves] == [401, 200]
    assert len([o for o in simulator.state()["orders"] if o.get("customReferenceNo") == "PO-401-1"]) == 1


def test_order_body_wire_types_are_accepted_and_strings_refused(simulator):
    client = make_client(simulator)
    body = seed_body("PO-TYPES-1")
    body["billingId"] = str(body["billingId"])
    with pytest.raises(PartnerAPIError) as err:
        send_order(client, body, look_for=looker(client))
    assert err.value.status == 400


# ---------------------------------------------------------------------------------------------------- paging

def test_pager_reads_every_page(simulator):
    client = make_client(simulator)
    for n in range(5):
        send_order(client, seed_body("PO-PAGE-%d" % n), look_for=looker(client))
    everything, info = client.paginate(ORDER_PAGE_PATH, page_size=2)
    assert info["truncated"] is False
    assert len(everything) == info["total"] >= 5
    assert info["pages"] == (int(info["total"]) + 1) // 2
    assert len(set(o["id"] for o in everything)) == len(everything)
    assert count(simulator, "GET", ORDER_PAGE_PATH) == info["pages"]


def test_pager_cap_is_reported(simulator):
    client = make_client(simulator)
    for n in range(5):
        send_order(client, seed_body("PO-CAP-%d" % n), look_for=looker(client))
    items, info = client.paginate(ORDER_PAGE_PATH, page_size=2, max_pages=2)
    assert info["truncated"] is True and len(items) == 4
    assert info["pages"] == 2 and not client.warnings  # the caller warns, naming its own option


# ---------------------------------------------------------------------------------------------------------------------
# hardening: uncertain order answers, Retry-After dates, TLS settings against the environment, secrets in every form

def orders_with(sim, po_number):
    return [o for o in sim.state()["orders"] if o.get("customReferenceNo") == po_number]


def test_order_answer_cut_off_after_the_commit_is_found_by_po_number(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, drop="midway")
    result, reconciled = send_order(client, seed_body("PO-CUT-1"), look_for=looker(client))
    assert reconciled is True and result["customReferenceNo"] == "PO-CUT-1"
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1 and len(orders_with(simulator, "PO-CUT-1")) == 1


@pytest.mark.parametrize("code", ["system_busy", "success_pending"])
def test_order_2xx_without_success_is_reconciled_not_taken_for_a_refusal(simulator, code):
    client = make_client(simulator)
    # The service made the order, then answered 200 with a code other than success.
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, status=200, code=code, process=True)
    result, reconciled = send_order(client, seed_body("PO-2XX-1"), look_for=looker(client))
    assert reconciled is True and result["customReferenceNo"] == "PO-2XX-1"
    assert count(simulator, "GET", ORDER_PAGE_PATH) >= 1


def test_order_2xx_that_is_not_json_is_reconciled(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, status=200, body="html", process=True)
    result, reconciled = send_order(client, seed_body("PO-2XX-HTML"), look_for=looker(client))
    assert reconciled is True and result["customReferenceNo"] == "PO-2XX-HTML"


def test_order_2xx_without_success_and_no_order_is_an_unknown_outcome(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, status=200, code="system_busy")
    with pytest.raises(OrderOutcomeUnknown) as err:
        send_order(client, seed_body("PO-2XX-2"), look_for=looker(client))
    assert "system_busy" in str(err.value) and "PO-2XX-2" in str(err.value)
    assert count(simulator, "POST", ORDER_SAVE_PATH) == 1


def test_order_post_429_says_it_is_never_retried(simulator):
    client = make_client(simulator)
    simulator.add_fault(method="POST", path=ORDER_SAVE_PATH, status=429, retry_after=1)
    with pytest.raises(PartnerAPIError) as err:
        send_order(client, seed_body("PO-429-2"), look_for=looker(client))
    assert "never retried automatically" in str(err.value) and "raise 'retries'" not in str(err.value)


def test_retry_after_as_an_http_date_is_honoured(simulator):
    from ansible_collections.yeastar.partner.plugins.module_utils._client import _retry_after_seconds
    assert _retry_after_seconds({"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}, now=1792567670.0) == pytest.approx(10.0)
    assert _retry_after_seconds({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert _retry_after_seconds({"Retry-After": "soon"}) is None
    assert _retry_after_seconds({"Retry-After": "nan"}) is None
    assert _retry_after_seconds({"Retry-After": " 7 "}) == 7.0


def test_tls_settings_win_over_the_environment(monkeypatch):
    """requests lets REQUESTS_CA_BUNDLE override Session.verify; the client gives verify with every request."""
    bundle = os.path.join(tempfile.mkdtemp(), "env-ca.pem")
    with open(bundle, "w", encoding="utf-8") as handle:
        handle.write("not a certificate\n")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", bundle)
    monkeypatch.setenv("CURL_CA_BUNDLE", bundle)
    seen = []

    class Capture(requests.Session):
        def send(self, request, **kwargs):  # pylint: disable=arguments-differ
            seen.append(kwargs.get("verify"))
            raise requests.exceptions.ConnectTimeout("stop here")

    for options, expected in (({"validate_certs": False}, False), ({"ca_path": "/pinned/ca.pem"}, "/pinned/ca.pem")):
        client = PartnerClient(api_url="https://openapi.example.invalid", access_token="t" * 20, retries=0,
                               session=Capture(), **options)
        with pytest.raises(PartnerAPIError):
            client.get("/user/openapi/user/v1/client/partner_list")
        assert seen[-1] == expected


@pytest.mark.parametrize("form", [
    lambda s: s,
    lambda s: repr(s + "\n")[1:-1],
    lambda s: json.dumps(s + "\n")[1:-1],
    lambda s: requests.utils.quote(s, safe=""),
])
def test_every_form_of_a_secret_is_scrubbed(form):
    from ansible_collections.yeastar.partner.plugins.module_utils._scrub import scrub_value
    secret = "tok/en+with=odd&chars\n"
    text = "before %s after" % form(secret.strip())
    cleaned = scrub_value({"msg": text, "nested": [{"k": text}], text: 1}, [secret])
    flat = json.dumps(cleaned)
    assert "odd&chars" not in flat and "odd%26chars" not in flat and "with=odd" not in flat
    assert "before ******** after" in cleaned["msg"]


def test_only_the_apis_own_404_means_not_found(simulator):
    client = make_client(simulator)
    with pytest.raises(PartnerAPIError) as unknown_id:
        client.get("/order/openapi/order/v1/get/999")
    assert unknown_id.value.not_found and unknown_id.value.code == "resource_not_found"
    # A path the server does not have (a wrong api_url, a proxy, or a path value such as ".."): an error naming the
    # path and the first line of what came back, never an empty "not found".
    for path in ("/order/openapi/order/v9/get/1", "/user/openapi/user/v1/subordinate_user/.."):
        with pytest.raises(PartnerAPIError) as unknown_path:
            client.get(path)
        error = unknown_path.value
        assert not error.not_found and error.status == 404 and error.code is None
        assert error.message.startswith("GET %s failed: the answer was not JSON (its first line: '404 page not found')" % path)
        assert "check api_url" in error.message
