# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Partner Portal API itself: routing, authentication, request parsing, paging and the endpoint handlers (docs/api-contract.md).

The order rules (checking and committing an order, the order views) are in orders.py, the error answers in errors.py.
"""

import copy
import email.parser
import email.policy
import json
import math
import re
import secrets
import time
import uuid
from urllib.parse import parse_qs, unquote

from yeastar_sim import catalog, orders, tokens
from yeastar_sim.errors import ApiError, invalid, not_found

TOKEN_PATH = "/auth/openapi/v1/oauth/token"


class PathNotFound(Exception):
    """No API at this path (answered as a gateway would, in plain text)."""


def envelope(status, result=None, code="success", detail=""):
    return {"code": code, "detailMessage": detail, "requestId": uuid.uuid4().hex, "result": result, "status": status}


class Request:
    """What a handler needs to know about one API request."""

    def __init__(self, method, path, query, headers, body, args=()):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.args = args

    def json_body(self):
        try:
            data = json.loads(self.body.decode("utf-8") if self.body else "")
        except (ValueError, UnicodeDecodeError) as exc:
            raise invalid("body", "json", "The request body is not valid JSON") from exc
        if not isinstance(data, dict):
            raise invalid("body", "object", "The request body must be a JSON object")
        return data

    def form(self):
        """The fields of a form-urlencoded or multipart/form-data body, as a dict of strings."""
        ctype = self.headers.get("Content-Type") or ""
        lowered = ctype.lower()
        if lowered.startswith("application/x-www-form-urlencoded"):
            try:
                parsed = parse_qs(self.body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError as exc:
                raise invalid("body", "form", "The form body is not valid UTF-8") from exc
            return {key: values[0] for key, values in parsed.items()}
        if lowered.startswith("multipart/form-data"):
            raw = b"Content-Type: " + ctype.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n" + self.body
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
            if not message.is_multipart():
                raise invalid("body", "multipart", "The multipart body could not be parsed")
            fields = {}
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if not name:
                    continue
                payload = part.get_payload(decode=True) or b""
                fields[name] = payload.decode(part.get_content_charset() or "utf-8", "replace")
            return fields
        raise invalid("Content-Type", "oneof",
                      "Content-Type must be multipart/form-data or application/x-www-form-urlencoded")


# ---------------------------------------------------------------------------------------------------------------------
# parameter helpers

def _query_int(query, name, required=False, default=None, minimum=None):
    raw = query.get(name)
    if raw is None or raw == "":
        if required:
            raise invalid(name, "required", "%s is required" % name)
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise invalid(name, "number", "%s must be an integer" % name) from exc
    if minimum is not None and value < minimum:
        raise invalid(name, "min", "%s must be at least %d" % (name, minimum))
    return value


def _query_str(query, name, required=False):
    raw = query.get(name)
    if raw is None or raw == "":
        if required:
            raise invalid(name, "required", "%s is required" % name)
        return None
    return raw


def _product_param(query):
    product_id = _query_int(query, "productId", required=True)
    entry = catalog.product(product_id)
    if entry is None:
        raise not_found("productId", "Product %s does not exist" % product_id)
    return product_id, entry


def _page_request(query, sort_keys=None):
    """pageNo and pageSize of a paged list request (validated)."""
    page_no = _query_int(query, "pageNo", default=1, minimum=1)
    page_size = _query_int(query, "pageSize", default=25, minimum=1)
    if page_size > 1000:
        raise invalid("pageSize", "max", "pageSize must be at most 1000")
    sort = query.get("sort")
    if sort_keys is not None and sort and sort not in sort_keys:
        raise invalid("sort", "oneof", "sort must be one of %s" % ", ".join(sort_keys))
    return page_no, page_size


def _rows_per_page(page_size, cap):
    """How many rows a page really holds: the requested pageSize, cut to the page_size_cap setting (0 = no cap)."""
    return min(page_size, cap) if cap else page_size


def _page_answer(page_no, page_size, total, rows, per_page):
    """A page answer; pageSize echoes the request even when the service served fewer rows per page (per_page)."""
    return {
        "count": total, "pageNo": page_no, "pageSize": page_size, "results": rows,
        "total": total, "totalPage": int(math.ceil(total / float(per_page))) if total else 0,
    }


def _paged(query, rows, sort_keys=None, cap=0):
    page_no, page_size = _page_request(query, sort_keys)
    per_page = _rows_per_page(page_size, cap)
    start = (page_no - 1) * per_page
    return _page_answer(page_no, page_size, len(rows), rows[start:start + per_page], per_page)


# ---------------------------------------------------------------------------------------------------------------------
# views

def _plan_view(plan):
    return {
        "planId": plan["id"], "planName": plan["name"], "purchaseType": plan["purchaseType"], "billingModel": plan["billingModel"],
        "billingCycle": plan["billingCycle"], "minQuantity": plan["minQuantity"], "maxQuantity": plan["maxQuantity"],
    }


def _service_view(service):
    return {
        "serviceId": service["id"], "serviceName": service["name"], "purchaseType": service["purchaseType"],
        "connectionPlanId": service["connectionPlanId"], "minQuantity": service["minQuantity"], "maxQuantity": service["maxQuantity"],
    }


def _instance_view(inst):
    entry = catalog.product(inst["productId"]) or {"name": ""}
    plan = catalog.find_plan(inst["productId"], inst["planId"]) if inst.get("planId") else None
    services = []
    for service_id, quantity in sorted(inst.get("services", {}).items()):
        service = catalog.find_service(inst["productId"], service_id)
        services.append({"serviceId": service_id, "serviceName": service["name"] if service else "", "quantity": quantity})
    expire = inst.get("expireTime") or 0
    return {
        "instanceId": inst["instanceId"], "productNo": inst["productNo"], "productId": inst["productId"], "productName": entry["name"],
        "partnerId": inst.get("partnerId", ""), "planId": inst.get("planId") or "", "planName": plan["name"] if plan else "",
        "quantity": inst.get("quantity", 0), "serviceList": services, "trial": bool(inst.get("trial")),
        "billingCycle": inst.get("billingCycle", ""), "activationCode": inst.get("activationCode", ""),
        "activationStatus": inst.get("activationStatus", "unknown"), "comment": inst.get("comment", ""),
        "createTime": inst.get("createTime", 0), "expireTime": expire,
        "currentPlan": "", "currentPlanExpireDate": time.strftime("%Y-%m-%d", time.gmtime(expire / 1000.0)) if expire else "",
    }


# The flat plan fields of a device view that the setting instance_fields=nested moves into a "plan" object.
NESTED_PLAN_FIELDS = ("planId", "planName", "quantity", "billingCycle", "expireTime")


def _as_number(ident):
    """A catalogue id (a digit string) as a JSON number; "" (no plan) as null."""
    return int(ident) if ident not in ("", None) else None


def shape_instance(view, fields, listed):
    """A device view (_instance_view) as the setting instance_fields shapes it for the product list (listed) or the details.

    full: as it is; list_without_quantity: list rows without quantity; without_quantity: no quantity in either;
    nested: plan fields in a "plan" object and serviceList entries as {id, name, count}, the ids as numbers.
    """
    if fields == "without_quantity" or (fields == "list_without_quantity" and listed):
        view.pop("quantity", None)
    elif fields == "nested":
        plan = {key: view.pop(key) for key in NESTED_PLAN_FIELDS}
        plan["planId"] = _as_number(plan["planId"])
        view["plan"] = plan
        view["serviceList"] = [{"id": _as_number(s["serviceId"]), "name": s["serviceName"], "count": s["quantity"]}
                               for s in view["serviceList"]]
    return view


def instance_view(inst):
    """The full view of a device, whatever the settings (the admin calls answer it)."""
    return _instance_view(inst)


# ---------------------------------------------------------------------------------------------------------------------
# handlers

class Api:  # pylint: disable=too-many-public-methods
    """Routes API requests to handlers; every handler returns (status, result) or raises ApiError."""

    def __init__(self, state, client_id, client_secret):
        self.state = state
        self.client_id = client_id
        self.client_secret = client_secret
        base_pricing = "/pricing/openapi/purchase/v1"
        self.routes = [
            ("POST", TOKEN_PATH, self.token, False),
            ("GET", base_pricing + "/product_list", self.product_list, True),
            ("GET", base_pricing + "/purchase_product_info", self.purchase_product_info, True),
            ("GET", base_pricing + "/my_price_info", self.my_price_info, True),
            ("GET", base_pricing + "/(trial|purchase|renew)/plan_info/([^/]+)", self.plan_info, True),
            ("GET", base_pricing + "/(trial|purchase|renew)/add_on_info/([^/]+)", self.add_on_info, True),
            ("POST", "/order/openapi/order/v1/save", self.order_save, True),
            ("GET", "/order/openapi/order/v1/page", self.order_page, True),
            ("GET", "/order/openapi/order/v1/get/([^/]+)", self.order_get, True),
            ("GET", "/product/openapi/instance_product/v1/client/instance_product_list", self.instance_list, True),
            ("GET", "/product/openapi/instance_product/v1/detail", self.instance_detail, True),
            ("GET", "/product/openapi/instance/v1/product_model", self.product_model, True),
            ("GET", "/product/openapi/instance_product/v1/activation_code", self.activation_code, True),
            ("GET", "/product/openapi/instance/v1/region_list", self.region_list, True),
            ("GET", "/product/openapi/instance/v1/paug_pbx_url_existed", self.pbx_url_existed, True),
            ("GET", "/user/openapi/user/v1/client/partner_list", self.partner_list, True),
            ("GET", "/user/openapi/user/v1/subordinate_user/([^/]+)", self.subordinate_user, True),
            ("POST", "/user/openapi/user/v1/client/save_user", self.save_user, True),
            ("POST", "/user/openapi/user/v1/client/edit_user", self.edit_user, True),
            ("GET", "/user/openapi/user/v1/client/billing_contact_list", self.billing_contacts, True),
            ("GET", "/user/openapi/area/v1/page", self.country_page, True),
        ]
        self._compiled = [(m, re.compile("^" + p + "$"), h, a) for m, p, h, a in self.routes]

    # dispatch --------------------------------------------------------------------------------------------------------
    def handle(self, method, path, query, headers, body):
        """Answer one API request; returns (status, envelope dict)."""
        try:
            status, result = self._dispatch(method, path, query, headers, body)
            return status, envelope(status, result)
        except PathNotFound:
            # A gateway's answer, not the API's: no envelope, so that a client can tell it from an unknown id.
            return 404, "404 page not found\n"
        except ApiError as err:
            return err.status, envelope(err.status, err.result, err.code, err.detail)

    def _dispatch(self, method, path, query, headers, body):
        agent = headers.get("User-Agent")
        if agent is None or not agent.strip():
            raise invalid("User-Agent", "required", "The User-Agent header is required")
        path_known = False
        for route_method, pattern, handler, needs_auth in self._compiled:
            match = pattern.match(path)
            if match is None:
                continue
            path_known = True
            if route_method != method:
                continue
            if needs_auth:
                self._authenticate(headers)
            args = tuple(unquote(g) for g in match.groups())
            return handler(Request(method, path, query, headers, body, args))
        if path_known:
            raise ApiError(405, "method_not_allowed", "Request method '%s' is not supported" % method)
        raise PathNotFound(path)

    def _authenticate(self, headers):
        auth = headers.get("Authorization")
        if not auth:
            raise ApiError(401, "invalid_token", "Full authentication is required to access this resource")
        if not auth.startswith("Bearer ") or not auth[7:] or auth[7:] != auth[7:].strip():
            raise ApiError(401, "invalid_token", "The Authorization header must be 'Bearer <token>'")
        _payload, reason = tokens.check(self.state, auth[7:], "access")
        if reason == "expired":
            raise ApiError(401, "token_expired", "Access token expired")
        if reason is not None:
            raise ApiError(401, "invalid_token", "Invalid access token")

    # auth --------------------------------------------------------------------------------------------------------------
    def token(self, req):
        fields = req.form()
        grant = fields.get("grant_type")
        if not grant:
            raise invalid("grant_type", "required", "grant_type is required")
        if grant == "pp_credentials":
            for name in ("client_id", "client_secret"):
                if not fields.get(name):
                    raise invalid(name, "required", "%s is required" % name)
            id_ok = secrets.compare_digest(fields["client_id"].encode(), self.client_id.encode())
            secret_ok = secrets.compare_digest(fields["client_secret"].encode(), self.client_secret.encode())
            if not (id_ok and secret_ok):
                raise ApiError(401, "invalid_client", "Bad client credentials")
            return 200, tokens.issue_pair(self.state, self.client_id)
        if grant == "refresh_token":
            refresh = fields.get("refresh_token")
            if not refresh:
                raise invalid("refresh_token", "required", "refresh_token is required")
            payload, reason = tokens.check(self.state, refresh, "refresh")
            if reason is not None:
                raise ApiError(401, "invalid_token", "Invalid refresh token" if reason == "invalid" else "Refresh token expired")
            return 200, tokens.issue_pair(self.state, payload.get("client_id") or self.client_id)
        raise invalid("grant_type", "oneof", "grant_type must be pp_credentials or refresh_token")

    # pricing ------------------------------------------------------------------------------------------------------------
    def product_list(self, req):
        del req
        return 200, [{"name": entry["name"], "productId": pid} for pid, entry in sorted(catalog.PRODUCTS.items())]

    def purchase_product_info(self, req):
        product_id, entry = _product_param(req.query)
        product_no = _query_str(req.query, "productNo")
        if entry["requiresProductNo"] and not product_no:
            raise invalid("productNo", "required", "productNo is required for product %d" % product_id)
        return 200, {
            "offeringId": entry["offeringId"], "productId": product_id, "productName": entry["name"],
            "planList": [_plan_view(p) for p in entry["plans"]], "serviceList": [_service_view(s) for s in entry["services"]],
        }

    def my_price_info(self, req):
        """The partner's prices of one product's plans and services (the vendor guide names the endpoint and its
        parameters, not the price members: docs/api-contract.md, "Prices"). Prices are per unit (an extension, a
        minute pack) and billing cycle, in the currency of the customer: EUR for a customer whose e-mail ends in .eu
        or .de, USD otherwise (and for the partner's own account)."""
        product_id, entry = _product_param(req.query)
        partner = _query_str(req.query, "partnerId") or ""
        cycle = _query_str(req.query, "billingCycle") or "annually"
        if cycle not in ("monthly", "annually"):
            raise invalid("billingCycle", "oneof", "billingCycle must be monthly or annually")
        offering = _query_str(req.query, "offeringId")
        if offering is not None and offering != str(entry["offeringId"]):
            raise not_found("offeringId", "Offering %s does not exist for product %d" % (offering, product_id))
        currency = "EUR" if partner.lower().endswith((".eu", ".de")) else "USD"
        style = self.state.data["config"].get("prices", "full")

        def priced(row, ident):
            cents = 150 + (int(ident) % 97) * 25  # a plausible, stable price per unit
            if cycle == "annually":
                cents *= 10  # two months free
            amount = "%d.%02d" % divmod(cents, 100)
            if style == "full":
                row["price"] = {"unitPrice": float(amount), "currency": currency, "unit": "per unit per %s" % {"monthly": "month", "annually": "year"}[cycle]}
            elif style == "flat":
                row.update(unitPrice=amount, currencyCode=currency)
            return row
        return 200, {
            "offeringId": entry["offeringId"], "productId": product_id, "billingCycle": cycle,
            "planList": [priced({"planId": p["id"], "planName": p["name"]}, p["id"]) for p in entry["plans"]],
            "serviceList": [priced({"serviceId": s["id"], "serviceName": s["name"]}, s["id"]) for s in entry["services"]],
        }

    def _info_context(self, req):
        variant = req.args[0]
        product_id, entry = _product_param(req.query)
        product_no = _query_str(req.query, "productNo", required=variant == "renew")
        inst = None
        if variant == "renew":
            with self.state.lock:
                inst = copy.deepcopy(self.state.find_instance(product_id, product_no))
            if inst is None:
                raise not_found("productNo", "Product %s does not exist" % product_no)
        return variant, product_id, entry, product_no, inst

    def plan_info(self, req):
        variant, product_id, _entry, product_no, inst = self._info_context(req)
        plan = catalog.find_plan(product_id, req.args[1])
        if plan is None:
            raise not_found("pricingPlanId", "Plan %s does not exist for product %d" % (req.args[1], product_id))
        _check_variant(variant, plan, "pricingPlanId", "Plan")
        low, high = plan["minQuantity"], plan["maxQuantity"]
        cycles = plan["billingCycles"]
        if inst is not None and inst.get("planId") == plan["id"]:
            low = high = inst.get("quantity", low)
            cycles = [inst.get("billingCycle") or cycles[0]]
        return 200, {
            "planId": plan["id"], "planName": plan["name"], "productId": product_id, "productNo": product_no or "",
            "purchaseType": variant, "billingModel": plan["billingModel"], "billingCycle": cycles[0], "billingCycleList": list(cycles),
            "multiCycleList": list(plan["multiCycles"]), "minQuantity": low, "maxQuantity": high,
        }

    def add_on_info(self, req):
        variant, product_id, _entry, product_no, _inst = self._info_context(req)
        service = catalog.find_service(product_id, req.args[1])
        if service is None:
            raise not_found("pricingServiceId", "Service %s does not exist for product %d" % (req.args[1], product_id))
        _check_variant(variant, service, "pricingServiceId", "Service")
        connection = _query_int(req.query, "connectionPlanId")
        if connection is not None and catalog.find_plan(product_id, connection) is None:
            raise not_found("connectionPlanId", "Plan %s does not exist for product %d" % (connection, product_id))
        return 200, {
            "serviceId": service["id"], "serviceName": service["name"], "productId": product_id, "productNo": product_no or "",
            "connectionPlanId": str(connection) if connection is not None else service["connectionPlanId"],
            "purchaseType": variant, "billingModel": service["billingModel"], "billingCycle": service["billingCycle"],
            "billingCycleList": list(service["billingCycles"]), "multiCycleList": list(service["multiCycles"]),
            "minQuantity": service["minQuantity"], "maxQuantity": service["maxQuantity"],
        }

    # orders -------------------------------------------------------------------------------------------------------------
    def order_save(self, req):
        body = req.json_body()
        with self.state.lock:
            plan = orders.validate_order(self.state, body)
            result = orders.commit_order(self.state, body, plan)
            self.state.commit()
        return 200, result

    def order_page(self, req):
        """The order list. state.data["orders"] is sorted oldest first, so a page is a slice of it (reversed for newest_first).

        Changes made by reading (pending counters, orders made by new_orders_per_read) are saved lazily.
        """
        page_no, page_size = _page_request(req.query)
        with self.state.lock:
            config = self.state.config
            listed, changed = orders.listed_orders(self.state)
            total = len(listed)
            per_page = _rows_per_page(page_size, config.get("page_size_cap", 0))
            start = (page_no - 1) * per_page
            if config.get("order_sort") == "oldest_first":
                picked = listed[start:start + per_page]
            else:
                end = total - start
                picked = listed[max(0, end - per_page):end][::-1] if end > 0 else []
            rows = []
            for order in picked:
                status, did = orders.read_order(self.state, order)
                changed = changed or did
                rows.append(orders.order_info(order, status, config))
            if changed:
                self.state.save_later()
        return 200, _page_answer(page_no, page_size, total, rows, per_page)

    def order_get(self, req):
        with self.state.lock:
            order = self.state.find_order(req.args[0])
            if order is None:
                raise not_found("id", "Order %s does not exist" % req.args[0])
            status, changed = orders.read_order(self.state, order)
            result = orders.order_details(self.state, order, status)
            if changed:
                self.state.save_later()
        return 200, result

    # products -----------------------------------------------------------------------------------------------------------
    def instance_list(self, req):
        product_id = _query_int(req.query, "productId", required=True)
        with self.state.lock:
            rows = [_instance_view(i) for i in self.state.data["instances"] if i["productId"] == product_id]
            cap = self.state.config.get("page_size_cap", 0)
            fields = self.state.config.get("instance_fields", "full")
        rows.sort(key=lambda r: (r["createTime"], int(r["instanceId"])), reverse=True)
        page = _paged(req.query, rows, cap=cap)
        page["results"] = [shape_instance(row, fields, listed=True) for row in page["results"]]
        return 200, page

    def _instance_param(self, req):
        product_no = _query_str(req.query, "productNo", required=True)
        product_id = _query_int(req.query, "productId", required=True)
        with self.state.lock:
            inst = self.state.find_instance(product_id, product_no)
            if inst is None:
                raise not_found("productNo", "Product %s of product %d does not exist" % (product_no, product_id))
            return copy.deepcopy(inst)

    def instance_detail(self, req):
        inst = self._instance_param(req)
        with self.state.lock:
            fields = self.state.config.get("instance_fields", "full")
        return 200, shape_instance(_instance_view(inst), fields, listed=False)

    def product_model(self, req):
        inst = self._instance_param(req)
        return 200, {"productModel": inst.get("productModel", "P560")}

    def activation_code(self, req):
        if _query_int(req.query, "productId", required=True) != 12:
            raise invalid("productId", "eq=12", "productId must be 12")
        inst = self._instance_param(req)
        return 200, {"code": inst.get("activationCode", ""), "generateTime": inst.get("createTime", 0)}

    def region_list(self, req):
        del req
        return 200, copy.deepcopy(catalog.REGIONS)

    def pbx_url_existed(self, req):
        url = _query_str(req.query, "pbxUrl", required=True).lower()
        with self.state.lock:
            taken = {str(i.get("pbxUrl", "")).lower() for i in self.state.data["instances"]}
        return 200, url in taken

    # users --------------------------------------------------------------------------------------------------------------
    def partner_list(self, req):
        del req
        with self.state.lock:
            return 200, copy.deepcopy(self.state.data["subordinates"])

    def subordinate_user(self, req):
        with self.state.lock:
            user = self.state.find_subordinate(req.args[0])
            if user is None:
                raise not_found("partnerId", "Subordinate user %s does not exist" % req.args[0])
            return 200, copy.deepcopy(user)

    def billing_contacts(self, req):
        del req
        with self.state.lock:
            return 200, copy.deepcopy(self.state.data["billingContacts"])

    def save_user(self, req):
        body = req.json_body()
        _check_user_body(body, create=True)
        with self.state.lock:
            if self.state.find_subordinate(body["yeastarId"]) is not None:
                raise invalid("yeastarId", "unique", "A user with this Yeastar ID already exists")
            user = {key: "" for key in ("city", "company", "country", "email", "firstName", "lastName", "partnerId", "phoneNumber",
                                        "remark", "stateProvince", "street", "taxNum", "zipCode")}
            user.update({k: body[k] for k in user if isinstance(body.get(k), str)})
            user.update({"email": body["yeastarId"], "partnerId": body["yeastarId"], "userType": "Enduser"})
            self.state.data["subordinates"].append(user)
            self.state.commit()
        return 200, True

    def edit_user(self, req):
        body = req.json_body()
        _check_user_body(body, create=False)
        with self.state.lock:
            user = self.state.find_subordinate(body["yeastarId"])
            if user is None:
                raise not_found("yeastarId", "Subordinate user %s does not exist" % body["yeastarId"])
            for key in ("company", "firstName", "lastName", "phoneNumber", "stateProvince", "city", "street", "zipCode", "taxNum", "remark"):
                if isinstance(body.get(key), str):
                    user[key] = body[key]
            self.state.commit()
        return 200, True

    def country_page(self, req):
        rows = list(catalog.COUNTRIES)
        name = _query_str(req.query, "name")
        if name:
            rows = [c for c in rows if name.lower() in c["name"].lower()]
        sort = req.query.get("sort")
        if sort == "name":
            rows.sort(key=lambda c: c["name"])
        elif sort == "-name":
            rows.sort(key=lambda c: c["name"], reverse=True)
        with self.state.lock:
            cap = self.state.config.get("page_size_cap", 0)
        return 200, _paged(req.query, copy.deepcopy(rows), sort_keys=("name", "-name"), cap=cap)


def _check_variant(variant, item, field, what):
    """A trial entry answers only the trial variant; a purchase entry the purchase and renew variants."""
    fits = ("trial",) if item["purchaseType"] == "trial" else ("purchase", "renew")
    if variant not in fits:
        raise invalid(field, "purchaseType=%s" % item["purchaseType"],
                      "%s %s is a %s entry; ask for its %s information" % (what, item["id"], item["purchaseType"], " or ".join(fits)))


def _check_user_body(body, create):
    if body.get("userType") != "Customer":
        raise invalid("userType", "oneof" if "userType" in body else "required", "userType must be Customer")
    required = ("yeastarId", "company", "country") if create else ("yeastarId",)
    for key in required:
        if not isinstance(body.get(key), str) or not body[key]:
            raise invalid(key, "required", "%s is required" % key)
    if "@" not in body["yeastarId"]:
        raise invalid("yeastarId", "email", "yeastarId must be an email address")
    if create:
        if body["country"] not in [c["name"] for c in catalog.COUNTRIES]:
            raise invalid("country", "oneof", "country must be a name from the country list")
        if not body.get("firstName") and not body.get("lastName"):
            raise invalid("firstName", "required_without=lastName", "firstName or lastName is required")
    if body.get("taxType") is not None and body["taxType"] not in catalog.TAX_TYPES:
        raise invalid("taxType", "oneof", "taxType must be one of %s" % ", ".join(catalog.TAX_TYPES))
