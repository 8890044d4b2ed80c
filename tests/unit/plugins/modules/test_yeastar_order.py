# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""yeastar_order in-process against the real simulator over loopback: renewals take the device's extension count, a
new Cloud Edition PBX is ordered with its region, domain and a free URL; check mode and reruns send no order."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest


SAVE = "/order/openapi/order/v1/save"
DETAIL = "/product/openapi/instance_product/v1/detail"
URL_CHECK = "/product/openapi/instance/v1/paug_pbx_url_existed"
BILLING = "3197218168379846218"
TURNKEY_DEVICE = "3076913644890830001"  # seed: product 14, Enterprise Plan, 50 extensions, annually
PCE_PLAN = "3048571730026938368"


def renewal(**extra):
    args = {"operation": "renew_plan", "product_id": 14, "product_no": TURNKEY_DEVICE, "billing_id": BILLING,
            "po_number": "RENEW-2027-0001", "items": [{"type": "plan", "name": "Enterprise Plan", "multi_cycle": 1}]}
    args.update(extra)
    return args


def expiry(sim):
    return sim.api("GET", DETAIL, params={"productId": 14, "productNo": TURNKEY_DEVICE}).result["expireTime"]


def test_a_renewal_takes_the_extension_count_from_the_device(order):
    before = expiry(order.sim)
    failed, result = order(check_mode=True, **renewal())
    assert not failed, result["msg"]
    assert result["changed"] is True and order.sim.count("POST", SAVE) == 0
    assert result["order_request"]["serviceList"][0]["quantity"] == 50
    failed, result = order(**renewal())
    assert not failed, result["msg"]
    assert result["changed"] is True and order.sim.count("POST", SAVE) == 1
    assert result["order_request"]["serviceList"][0] == {
        "serviceType": "plan", "serviceId": 3048941892189077504, "quantity": 50, "purchaseType": "renew",
        "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 1}
    renewed = expiry(order.sim)
    assert renewed > before
    failed, again = order(**renewal())
    assert not failed and again["changed"] is False and order.sim.count("POST", SAVE) == 1
    assert again["order"]["orderNo"] == result["order"]["orderNo"] and expiry(order.sim) == renewed


def test_a_renewal_for_another_extension_count_is_refused_before_sending(order):
    items = [{"type": "plan", "name": "Enterprise Plan", "quantity": 60}]
    failed, result = order(**renewal(items=items))
    assert failed and order.sim.count("POST", SAVE) == 0
    assert "items[0].quantity 60 differs from the 50 extensions device %s has now" % TURNKEY_DEVICE in result["msg"]


def test_a_renewal_of_an_unknown_device_is_refused_before_sending(order):
    failed, result = order(**renewal(product_no="1111111111111111111"))
    assert failed and order.sim.count("POST", SAVE) == 0
    assert "product_no 1111111111111111111 is not a device (instance) of product 14" in result["msg"]


def pce_order(**pce):
    spec = {"pbx_name": "NewCo", "region": "Europe (Frankfurt)", "pbx_url": "newco.ras.yeastar.com"}
    spec.update(pce)
    return {"product_id": 13, "partner_id": "ops@initech.example", "billing_id": BILLING,
            "items": [{"type": "plan", "name": "Enterprise Plan", "quantity": 5}], "pce": spec}


def test_a_new_cloud_edition_is_ordered_once_with_its_region_and_url(order):
    failed, preview = order(check_mode=True, **pce_order())
    assert not failed, preview["msg"]
    assert preview["changed"] is True and order.sim.count("POST", SAVE) == 0 and order.sim.count("GET", URL_CHECK) == 1
    assert preview["order_request"]["orderPceSpecialRequest"] == {
        "pbxName": "NewCo", "regionId": "1", "pbxSubDomainId": "11", "pbxUrl": "newco.ras.yeastar.com"}
    failed, result = order(**pce_order())
    assert not failed, result["msg"]
    assert result["changed"] is True and order.sim.count("POST", SAVE) == 1
    assert result["po_number"] == preview["po_number"]
    # The URL is now taken, by this very order: the rerun finds the order and orders nothing.
    failed, again = order(**pce_order())
    assert not failed and again["changed"] is False and order.sim.count("POST", SAVE) == 1
    # Another PBX for the same customer is another purchase (its own derived number), refused for the taken URL.
    failed, other = order(**pce_order(pbx_name="NewCo 2", pbx_url="NEWCO2.ras.yeastar.com", region="1", domain="11"))
    assert not failed and other["changed"] is True and other["po_number"] != result["po_number"]
    assert other["order_request"]["orderPceSpecialRequest"]["pbxUrl"] == "newco2.ras.yeastar.com"


def test_a_taken_url_stops_the_order_before_sending(order):
    failed, result = order(**pce_order(pbx_url="acme.ras.yeastar.com"))
    assert failed and order.sim.count("POST", SAVE) == 0
    assert "The PBX URL acme.ras.yeastar.com is already in use" in result["msg"]


@pytest.mark.parametrize("pce, message", [
    (None, "pce is required to order a new P-Series Cloud Edition"),
    ({"region": "Mars"}, "pce: "),
    ({"pbx_url": "newco.us.ras.yeastar.com"}, "pce: "),
    ({"pbx_url": "newco.us.ras.yeastar.com", "domain": "ras.yeastar.com"}, "is not under the domain suffix"),
    ({"pbx_url": "https://newco.ras.yeastar.com/"}, "pce.pbx_url must be the PBX's host name"),
    ({"pbx_name": " "}, "pce.pbx_name must not be empty"),
    ({"extra": {"pbxUrl": "x.ras.yeastar.com"}}, "pce.extra.pbxUrl is set from pce's own options"),
])
def test_bad_cloud_edition_details_are_refused_before_sending(order, pce, message):
    args = pce_order()
    if pce is None:
        del args["pce"]
    else:
        args["pce"].update(pce)
    failed, result = order(**args)
    assert failed and message in result["msg"], result["msg"]
    assert order.sim.count("POST", SAVE) == 0


def test_pce_on_another_order_is_refused(order):
    args = renewal()
    args["pce"] = {"pbx_name": "x", "region": "1", "pbx_url": "x.ras.yeastar.com"}
    failed, result = order(**args)
    assert failed and "pce is only for ordering a new P-Series Cloud Edition" in result["msg"]
    assert order.sim.count() == 0


def test_check_mode_shows_the_price_of_the_order(order):
    items = [{"type": "plan", "name": "Enterprise Plan", "quantity": 10},
             {"type": "service", "name": "Recording Minutes", "quantity": 1000}]
    failed, result = order(check_mode=True, product_id=14, partner_id="ops@initech.example", billing_id=BILLING,
                           items=items)
    assert not failed, result["msg"]
    price = result["price"]
    assert price["currency"] == "USD" and len(price["lines"]) == 2
    assert all(line["currency"] == "USD" for line in price["lines"])
    assert sum(float(line["amount"]) for line in price["lines"]) == pytest.approx(float(price["amount"]))
    assert price["lines"][0]["quantity"] == 10 and price["lines"][0]["kind"] == "plan"
    order.sim.configure(prices="none")
    failed, result = order(check_mode=True, product_id=14, partner_id="ops@initech.example", billing_id=BILLING,
                           items=items)
    assert not failed and result["price"]["price"] == "price unknown" and result["price"]["why"]
    assert order.sim.count("POST", SAVE) == 0
    failed, result = order(product_id=14, partner_id="ops@initech.example", billing_id=BILLING, items=items)
    assert not failed and "price" not in result
