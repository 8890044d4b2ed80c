# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The money path of issue 15, in-process against the real simulator over loopback (TLS included): check mode keeps an
open question, a Cloud Edition PBX request is part of an order's contents, a TLS error after the request was read is an
uncertain outcome, the customer goes under both members and is checked after ordering, and a renewal that exists for its
number is already ordered whatever the device's count is now. docs/hardening.md lists each case."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import os

import pytest

from ansible_collections.yeastar.partner.plugins.module_utils._order import customer_shown
from ansible_collections.yeastar.partner.plugins.modules import yeastar_order as mod
from ansible_collections.yeastar.partner.plugins.modules import yeastar_order_batch as batch_mod

from ansible_collections.yeastar.partner.plugins.module_utils._cache import AccountCache
from ansible_collections.yeastar.partner.plugins.module_utils._client import PartnerClient
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._file_store import FileStore
from ansible_collections.yeastar.partner.plugins.module_utils._ledger import stored_ledger
from ansible_collections.yeastar.partner.plugins.module_utils._placement import OrderOutcomeUnknown, send_order

from yeastar_sim.control import SimulatorProcess

SAVE = "/order/openapi/order/v1/save"
PAGE = "/order/openapi/order/v1/page"
BILLING = "3197218168379846218"
CUSTOMER = "color123@yeastar.com"
TURNKEY_DEVICE = "3076913644890830001"  # seed: product 14, Enterprise Plan, 50 extensions, annually


def turnkey(**extra):
    args = {"product_id": 14, "partner_id": CUSTOMER, "billing_id": BILLING, "po_number": "PO-MONEY-1",
            "items": [{"type": "plan", "name": "Enterprise Plan", "quantity": 10}]}
    args.update(extra)
    return args


def files_of(folder):
    """Every file below ``folder`` with a digest of its content (what check mode must leave as it is)."""
    found = {}
    for root, dummy, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, folder)] = hashlib.sha256(handle.read()).hexdigest()
    return found


def orders_of(sim):
    return sim.state()["orders"]


# -- 1. check mode changes no state -------------------------------------------------------------------------------------

def test_a_preview_with_retry_unknown_outcome_keeps_the_open_question(order):
    sim = order.sim
    sim.configure(list_lag=600)  # the order list shows the order only later
    sim.add_fault(method="POST", path=SAVE, drop="after")
    failed, lost = order(**turnkey())
    assert failed and lost["changed"] is True and "unknown" in lost["msg"]
    assert sim.count("POST", SAVE) == 1
    before = files_of(str(order.cache))
    failed, preview = order(check_mode=True, retry_unknown_outcome=True, **turnkey())
    assert not failed and preview["changed"] is True and preview["order"] is None
    assert any("left that record as it is" in w for w in preview.get("warnings", []))
    assert files_of(str(order.cache)) == before  # not the question, not the index, no lock file
    failed, again = order(**turnkey())
    assert failed and "outcome was never known" in again["msg"]
    assert sim.count("POST", SAVE) == 1  # before the fix: a second order for one number
    sim.configure(list_lag=0)
    failed, found = order(**turnkey())
    assert not failed and found["changed"] is False and sim.count("POST", SAVE) == 1
    assert [o["customReferenceNo"] for o in orders_of(sim)].count("PO-MONEY-1") == 1


def test_check_mode_writes_nothing_into_an_empty_cache(order):
    failed, preview = order(check_mode=True, **turnkey())
    assert not failed and preview["changed"] is True
    kept = files_of(str(order.cache))
    assert not [name for name in kept if name.endswith(("ledger.json", "ledger-journal.json")) or "keys" in name.split(os.sep)], kept
    assert order.sim.count("POST", SAVE) == 0


def test_the_question_is_written_before_the_order_request_goes_out(order, monkeypatch):
    # A run killed after sending leaves the number held: the question is on disk while the request is under way.
    from ansible_collections.yeastar.partner.plugins.module_utils import _client
    seen = {}
    real = _client.PartnerClient.send_once

    def spy(self, method, path, body):
        # The ledger as a process that starts now would read it (the index and its journal).
        ledger_files = [p for p in files_of(str(order.cache)) if p.endswith("ledger.json")]
        key = os.path.basename(os.path.dirname(os.path.join(str(order.cache), ledger_files[0])))
        store = FileStore(AccountCache(str(order.cache), order.sim.base_url, _key=key))
        seen["unknown"] = stored_ledger(store)["unknown"]
        return real(self, method, path, body)
    monkeypatch.setattr(_client.PartnerClient, "send_once", spy)
    failed, result = order(**turnkey())
    assert not failed, result["msg"]
    assert "PO-MONEY-1" in seen["unknown"]
    failed, again = order(**turnkey())  # recorded: the question is gone and the rerun finds the order
    assert not failed and again["changed"] is False


def test_a_refused_order_clears_its_question(order):
    order.sim.add_fault(method="POST", path=SAVE, status=400, code="parameter_validation_failed")
    failed, refused = order(**turnkey())
    assert failed and not refused.get("changed")
    failed, result = order(**turnkey())
    assert not failed and result["changed"] is True and order.sim.count("POST", SAVE) == 2


# -- 2. the PBX request of a new Cloud Edition is part of the contents -----------------------------------------------------

def pce_order(po_number="PO-PCE-1", **pce):
    spec = {"pbx_name": "NewCo", "region": "Europe (Frankfurt)", "pbx_url": "newco.ras.yeastar.com"}
    spec.update(pce)
    return {"product_id": 13, "partner_id": "ops@initech.example", "billing_id": BILLING, "po_number": po_number,
            "items": [{"type": "plan", "name": "Enterprise Plan", "quantity": 5}], "pce": spec}


@pytest.mark.parametrize("cache", ["cache", "other-controller"])
def test_a_reused_po_number_for_another_pbx_is_refused(order, cache):
    failed, result = order(**pce_order())
    assert not failed and result["changed"] is True
    failed, other = order(cache=cache, **pce_order(pbx_url="newco-eu.ras.yeastar.com"))
    assert failed and other["changed"] is False, other["msg"]
    assert "PBX URL (pce.pbx_url): the order has newco.ras.yeastar.com, the task asks for newco-eu.ras.yeastar.com" in other["msg"]
    failed, renamed = order(cache=cache, **pce_order(pbx_name="NewCo Ltd"))
    assert failed and "PBX name (pce.pbx_name)" in renamed["msg"]
    assert order.sim.count("POST", SAVE) == 1


def test_a_batch_refuses_one_number_for_two_pbxs_up_front(order):
    orders = [dict(pce_order(), name="a"), dict(pce_order(pbx_name="Other", pbx_url="other.ras.yeastar.com"), name="b")]
    failed, result = order(module=batch_mod, orders=orders)
    assert failed and [r["outcome"] for r in result["results"]] == ["failed", "failed"], result
    assert "b uses the same purchase order number PO-PCE-1" in result["results"][0]["msg"]
    assert any("PBX URL" in d for d in result["results"][1]["differences"])
    assert order.sim.count("POST", SAVE) == 0


# -- 4. a TLS error after the request was read is an uncertain outcome ------------------------------------------------------

@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for localhost: (cert file, key file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(u"localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


@pytest.fixture
def tls_order(certificate, run_module, tmp_path):
    sim = SimulatorProcess(state_path=tmp_path / "tls-sim.json",
                           extra_args=("--tls-cert", certificate[0], "--tls-key", certificate[1])).start()

    def _run(**args):
        full = {"api_url": sim.tls_url, "client_id": sim.client_id, "client_secret": sim.client_secret,
                "ca_path": certificate[0], "cache_dir": str(tmp_path / "cache"), "_ansible_check_mode": False}
        full.update(args)
        return run_module(mod, full)
    _run.sim = sim
    try:
        yield _run
    finally:
        sim.close()


def test_a_tls_error_while_the_answer_is_read_is_reconciled(tls_order):
    sim = tls_order.sim
    failed, result = tls_order(**turnkey())  # TLS works: an ordinary order
    assert not failed and result["changed"] is True
    sim.add_fault(method="POST", path=SAVE, drop="tls")
    failed, result = tls_order(**turnkey(po_number="PO-TLS-2"))
    # Before the fix: failed, changed false, "nothing ordered", while the order existed.
    assert not failed, result["msg"]
    assert result["changed"] is True and result["reconciled"] is True
    assert result["order"]["orderNo"] in [o["orderNo"] for o in orders_of(sim)]
    assert sim.count("POST", SAVE) == 2
    failed, again = tls_order(**turnkey(po_number="PO-TLS-2"))
    assert not failed and again["changed"] is False and sim.count("POST", SAVE) == 2


def test_a_tls_error_after_the_request_with_the_list_lagging_is_an_unknown_outcome(tls_order):
    sim = tls_order.sim
    sim.configure(list_lag=600)
    sim.add_fault(method="POST", path=SAVE, drop="tls")
    failed, result = tls_order(**turnkey())
    assert failed and result["changed"] is True and "unknown" in result["msg"]
    failed, again = tls_order(**turnkey())
    assert failed and "outcome was never known" in again["msg"] and sim.count("POST", SAVE) == 1


def test_a_failed_handshake_on_the_order_request_is_not_sent(tls_order):
    # The certificate is refused while the connection is set up, before anything is written: "not sent", no look
    # in the order list, no unknown outcome.
    sim = tls_order.sim
    client = PartnerClient(api_url=sim.tls_url, access_token=sim.token(), retries=0)

    def look_for(po_number):
        raise AssertionError("a request that was not sent needs no reconciliation")
    with pytest.raises(PartnerAPIError) as info:
        send_order(client, {"operationType": "purchase_plan", "poNumber": "PO-X"}, look_for=look_for)
    assert not isinstance(info.value, OrderOutcomeUnknown) and "TLS error" in info.value.message
    assert sim.count("POST", SAVE) == 0


def test_a_tls_error_after_the_handshake_is_uncertain_for_the_client(tls_order, certificate):
    sim = tls_order.sim
    client = PartnerClient(api_url=sim.tls_url, access_token=sim.token(), ca_path=certificate[0], retries=0)
    sim.add_fault(method="POST", path=SAVE, drop="tls")
    looked = []

    def look_for(po_number):
        looked.append(po_number)
        return []
    with pytest.raises(OrderOutcomeUnknown):
        send_order(client, {"operationType": "purchase_plan", "productId": 14, "billingId": int(BILLING), "poNumber": "PO-Y",
                            "serviceList": [{"serviceType": "plan", "serviceId": 3048941892189077504, "quantity": 10,
                                             "purchaseType": "purchase", "billingModel": "recurring",
                                             "billingCycle": "annually", "multiCycle": 0}]}, look_for=look_for)
    assert looked == ["PO-Y"] and sim.count("POST", SAVE) == 1


# -- 5. the customer under both members, checked after ordering ----------------------------------------------------------

def customer_of_last_order(sim):
    return orders_of(sim)[-1]["assignId"]


@pytest.mark.parametrize("service", ["assignId", "partnerId"])
def test_the_customer_is_sent_under_both_members(order, service):
    order.sim.configure(customer_member=service)
    failed, result = order(**turnkey())
    assert not failed, result["msg"]
    assert result["order_request"]["assignId"] == CUSTOMER and result["order_request"]["partnerId"] == CUSTOMER
    assert customer_of_last_order(order.sim) == CUSTOMER


def test_an_order_that_lands_on_another_account_fails_loudly(order):
    order.sim.configure(customer_member="partnerId")  # a service reading partnerId only
    failed, result = order(customer_member="assignId", **turnkey())
    assert failed and result["changed"] is True
    assert "ORDER FOR ANOTHER ACCOUNT" in result["msg"] and "your own partner account" in result["msg"]
    assert customer_of_last_order(order.sim) == ""
    failed, again = order(customer_member="assignId", **turnkey())  # the rerun does not take it for this order
    assert failed and "customer (assignId)" in again["msg"] and order.sim.count("POST", SAVE) == 1


def test_a_service_that_refuses_the_other_member_refuses_before_buying(order, monkeypatch):
    order.sim.configure(customer_member="assignId_strict")
    count = len(orders_of(order.sim))
    failed, result = order(**turnkey())
    assert failed and not result.get("changed") and "partnerId" in result["msg"]
    assert len(orders_of(order.sim)) == count
    monkeypatch.setenv("YEASTAR_CUSTOMER_MEMBER", "assignId")
    failed, result = order(**turnkey())
    assert not failed and "partnerId" not in result["order_request"]
    assert customer_of_last_order(order.sim) == CUSTOMER


def test_when_the_list_does_not_name_the_customer_the_details_are_read(order):
    # Documented fields only: neither the list nor the details name the customer; one read of the details, then the
    # order stands (there is nothing to check it against).
    order.sim.configure(order_fields="documented")
    failed, result = order(**turnkey())
    assert not failed and result["changed"] is True, result["msg"]
    assert order.sim.count("GET", "/order/openapi/order/v1/get/%s" % result["order"]["orderId"]) == 1


@pytest.mark.parametrize("row, shown", [
    ({"assignId": "Color123@Yeastar.com"}, "color123@yeastar.com"),
    ({"partnerId": "a@b.c"}, "a@b.c"),
    ({"assignId": ""}, ""),
    ({"assignId": None}, ""),
    ({"orderNo": "RV1"}, None),
    (None, None),
])
def test_the_customer_a_list_row_names(row, shown):
    assert customer_shown(row) == shown


# -- 6. a renewal that exists for its number is already ordered -----------------------------------------------------------

def renewal(**extra):
    args = {"operation": "renew_plan", "product_id": 14, "product_no": TURNKEY_DEVICE, "billing_id": BILLING,
            "po_number": "RENEW-2027-%s" % TURNKEY_DEVICE, "items": [{"type": "plan", "name": "Enterprise Plan", "multi_cycle": 1}]}
    args.update(extra)
    return args


def expansion():
    return {"operation": "purchase_service", "product_id": 14, "product_no": TURNKEY_DEVICE, "billing_id": BILLING,
            "po_number": "EXPAND-T1-%s" % TURNKEY_DEVICE,
            "items": [{"type": "service", "name": "Extension Expansion", "quantity": 10}]}


@pytest.mark.parametrize("cache", ["cache", "other-controller"])
def test_a_renewal_after_an_expansion_is_already_ordered(order, cache):
    failed, renewed = order(**renewal())
    assert not failed and renewed["changed"] is True
    failed, expanded = order(**expansion())
    assert not failed and expanded["changed"] is True
    failed, again = order(cache=cache, **renewal())  # the device has 60 extensions now; the renewal was for 50
    assert not failed, again["msg"]
    assert again["changed"] is False and again["order"]["orderNo"] == renewed["order"]["orderNo"]
    items = [{"type": "plan", "name": "Enterprise Plan", "multi_cycle": 1, "quantity": 50}]
    failed, stale = order(cache=cache, **renewal(items=items))  # the count as it was written before the expansion
    assert not failed and stale["changed"] is False
    assert order.sim.count("POST", SAVE) == 2


def test_a_renewal_that_differs_never_advises_a_new_number(order):
    failed, renewed = order(**renewal())
    assert not failed
    items = [{"type": "plan", "name": "Enterprise Plan", "multi_cycle": 2}]
    failed, other = order(**renewal(items=items))
    assert failed and "multiCycle" in other["msg"]
    assert "own po_number" not in other["msg"] and "renews this device already" in other["msg"]
    assert order.sim.count("POST", SAVE) == 1


def test_a_new_renewal_for_a_stale_count_is_still_refused_before_sending(order):
    failed, dummy = order(**expansion())
    assert not failed
    items = [{"type": "plan", "name": "Enterprise Plan", "quantity": 50}]
    failed, result = order(**renewal(po_number="RENEW-2028-X", items=items))
    assert failed and "differs from the 60 extensions" in result["msg"]
    assert order.sim.count("POST", SAVE) == 1
