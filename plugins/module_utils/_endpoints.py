# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Partner Portal's API paths, and one function per endpoint the collection uses (docs/api-contract.md §4).

Every path the collection calls is written here, once. Each function takes a :class:`PartnerClient` and returns the
endpoint's ``result`` read tolerantly: lists come back as lists whether the API wraps them or not, ids are left as the
API sent them. This file imports no transport: the client is handed in.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from urllib.parse import quote

from ansible_collections.yeastar.partner.plugins.module_utils._reader import as_list
from ansible_collections.yeastar.partner.plugins.module_utils._subordinate import read_users

TOKEN_PATH = "/auth/openapi/v1/oauth/token"
ORDER_SAVE_PATH = "/order/openapi/order/v1/save"
ORDER_PAGE_PATH = "/order/openapi/order/v1/page"
PRODUCT_LIST = "/pricing/openapi/purchase/v1/product_list"
PURCHASE_PRODUCT_INFO = "/pricing/openapi/purchase/v1/purchase_product_info"
MY_PRICE_INFO = "/pricing/openapi/purchase/v1/my_price_info"
PLAN_INFO = "/pricing/openapi/purchase/v1/%s/plan_info/%s"
ADD_ON_INFO = "/pricing/openapi/purchase/v1/%s/add_on_info/%s"
ORDER_GET = "/order/openapi/order/v1/get/%s"
INSTANCE_PRODUCT_LIST = "/product/openapi/instance_product/v1/client/instance_product_list"
INSTANCE_PRODUCT_DETAIL = "/product/openapi/instance_product/v1/detail"
PRODUCT_MODEL = "/product/openapi/instance/v1/product_model"
ACTIVATION_CODE = "/product/openapi/instance_product/v1/activation_code"
REGION_LIST = "/product/openapi/instance/v1/region_list"
PBX_URL_EXISTED = "/product/openapi/instance/v1/paug_pbx_url_existed"
PARTNER_LIST = "/user/openapi/user/v1/client/partner_list"
SUBORDINATE_USER = "/user/openapi/user/v1/subordinate_user/%s"
BILLING_CONTACT_LIST = "/user/openapi/user/v1/client/billing_contact_list"
SAVE_USER = "/user/openapi/user/v1/client/save_user"
EDIT_USER = "/user/openapi/user/v1/client/edit_user"
COUNTRY_PAGE = "/user/openapi/area/v1/page"

INFO_VARIANTS = ("trial", "purchase", "renew")


def _segment(value):
    """A path segment, escaped (ids are digits, partner ids are e-mail addresses)."""
    return quote(str(value), safe="@.")


def product_list(client):
    return as_list(client.get(PRODUCT_LIST), "productList")


def purchase_product_info(client, product_id, product_no=None):
    params = {"productId": int(product_id)}
    if product_no:
        params["productNo"] = product_no
    result = client.get(PURCHASE_PRODUCT_INFO, params=params)
    return result if isinstance(result, dict) else {}


def price_list(client, product_id, partner_id=None, billing_cycle=None, offering_id=None):
    """The partner's prices of a product's plans and services, for a customer (``partner_id``; left out: the
    partner's own account) and a billing cycle. Read it with :func:`._pricing.read_prices`."""
    params = {"productId": int(product_id)}
    for name, value in (("partnerId", partner_id), ("billingCycle", billing_cycle), ("offeringId", offering_id)):
        if value not in (None, ""):
            params[name] = value
    result = client.get(MY_PRICE_INFO, params=params)
    return result if isinstance(result, dict) else {}


def plan_info(client, variant, plan_id, product_id, product_no=None):
    params = {"productId": int(product_id)}
    if product_no:
        params["productNo"] = product_no
    return client.get(PLAN_INFO % (variant, _segment(plan_id)), params=params)


def add_on_info(client, variant, service_id, product_id, product_no=None, connection_plan_id=None):
    params = {"productId": int(product_id)}
    if product_no:
        params["productNo"] = product_no
    if connection_plan_id and variant != "renew":
        params["connectionPlanId"] = int(connection_plan_id)
    return client.get(ADD_ON_INFO % (variant, _segment(service_id)), params=params)


def create_order(client, body):
    """Create an Order, sent once (:meth:`PartnerClient.send_once`): the Order_Info of the new order; raises
    :class:`OutcomeUncertain` when whether it was created is not known."""
    result = client.send_once("POST", ORDER_SAVE_PATH, body)
    return result if isinstance(result, dict) else {}


def order_page(client, page_no, page_size):
    """One page of the order list, by order id (the service's answer: ``results`` and the paging fields)."""
    result = client.get(ORDER_PAGE_PATH, params={"pageNo": page_no, "pageSize": page_size, "sort": "id"})
    return result if isinstance(result, dict) else {}


def list_orders(client, max_pages=None):
    """Every order of the account (all pages, newest first), and the paging info."""
    return client.paginate(ORDER_PAGE_PATH, params={"sort": "id"}, max_pages=max_pages)


def get_order(client, order_id):
    """Order details by order id or order number."""
    result = client.get(ORDER_GET % _segment(order_id))
    return result if isinstance(result, dict) else {}


def list_instances(client, product_id, max_pages=None):
    """Every product instance (device, PBX, subscription) of one product (all pages), and the paging info."""
    return client.paginate(INSTANCE_PRODUCT_LIST, params={"productId": int(product_id)}, max_pages=max_pages)


def get_instance(client, product_id, product_no):
    """One instance's details by serial number (productNo)."""
    result = client.get(INSTANCE_PRODUCT_DETAIL, params={"productId": int(product_id), "productNo": product_no})
    return result if isinstance(result, dict) else {}


def product_model(client, product_id, product_no):
    """The model of an appliance (P-Series Appliance Edition, S-Series); returns the ``result`` object."""
    result = client.get(PRODUCT_MODEL, params={"productId": int(product_id), "productNo": product_no})
    return result if isinstance(result, dict) else {}


def activation_code(client, product_no, product_id=12):
    """The online activation code of a P-Series Software Edition PBX (productId 12); returns the ``result`` object."""
    result = client.get(ACTIVATION_CODE, params={"productId": int(product_id), "productNo": product_no})
    return result if isinstance(result, dict) else {}


def region_list(client):
    """The regions (and their domain suffixes) a P-Series Cloud Edition can be created in."""
    return as_list(client.get(REGION_LIST), "regionList", "regions")


def pbx_url_taken(client, pbx_url):
    """Whether a Cloud Edition PBX URL is already in use (the API answers a Boolean; "true"/"false" strings are read too)."""
    result = client.get(PBX_URL_EXISTED, params={"pbxUrl": pbx_url})
    if isinstance(result, dict):
        result = next((result[k] for k in ("existed", "exist", "exists", "result") if k in result), result)
    if isinstance(result, str):
        return result.strip().lower() in ("true", "1", "yes")
    return bool(result)


def partner_list(client):
    """The answer of the user list as it came (see :func:`._subordinate.read_users`)."""
    return client.get(PARTNER_LIST)


def list_partners(client):
    """The subordinate users of the account, read tolerantly (:func:`._subordinate.read_users`)."""
    return read_users(partner_list(client))[0]


def get_partner(client, partner_id):
    result = client.get(SUBORDINATE_USER % _segment(partner_id))
    return result if isinstance(result, dict) else {}


def list_billing_contacts(client):
    return as_list(client.get(BILLING_CONTACT_LIST), "billingContactList")


def list_countries(client, page_size=100):
    """Every country of the country list (all pages): the names Create a Subordinate User accepts."""
    countries, info = client.paginate(COUNTRY_PAGE, params={"sort": "name"}, page_size=page_size)
    if info["truncated"]:
        client.warnings.append("The country list was cut after %d pages of %d; a country further on is not known to "
                               "this run." % (info["pages"], page_size))
    return countries


def save_user(client, body):
    """Create a subordinate user. The API answers a Boolean only; what it answers for a Yeastar ID that exists is not
    documented, so callers look the user up first."""
    return client.request("POST", SAVE_USER, json_body=body)


def edit_user(client, body):
    """Edit a subordinate user (the country cannot be edited); the API answers a Boolean."""
    return client.request("POST", EDIT_USER, json_body=body)
