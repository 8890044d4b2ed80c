# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order rules of the Partner Portal API (docs/api-contract.md §5 and §6), without HTTP: checking and committing a
Create an Order body, and the order views (an Order_Info row, an order's details, the orders the list shows) with the
pending-read rule. Rules raise errors.ApiError; api.py parses the requests, pages the list and wraps the answers.

Callers hold ``state.lock``, and save the state after a change (``state.commit()`` after commit_order: at once, or
lazily with --lazy-save; ``state.save_later()`` after a read that changed something).
"""

import copy
import re
import secrets
import time

from yeastar_sim import bulk, catalog
from yeastar_sim.errors import invalid, not_found

_DAY_MS = 86400 * 1000
PCE_PRODUCT_ID = 13  # P-Series Cloud Edition: a new one needs orderPceSpecialRequest
# With the setting order_fields=documented, Order_Info rows carry only the 7 fields the vendor guide documents (createTime,
# currencyCode, customReferenceNo, id, invoiceNo, orderNo, orderStatus) and an order's basicInformation only these.
DOCUMENTED_BASIC_FIELDS = ("productId", "productName", "productNo")


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------------------------------------------------------------
# Create an Order

def _validate_line(index, line, op, product_id):
    name = "serviceList[%d]" % index
    if not isinstance(line, dict):
        raise invalid(name, "object", "%s must be an object" % name)
    stype = line.get("serviceType")
    if stype is None:
        raise invalid(name + ".serviceType", "required", "%s.serviceType is required" % name)
    if stype not in catalog.SERVICE_TYPES:
        raise invalid(name + ".serviceType", "oneof", "%s.serviceType must be plan or service" % name)
    for key in ("serviceId", "quantity"):
        if key not in line or line[key] is None:
            raise invalid("%s.%s" % (name, key), "required", "%s.%s is required" % (name, key))
        if not _is_int(line[key]):
            raise invalid("%s.%s" % (name, key), "type", "%s.%s must be an integer" % (name, key))
    ptype = line.get("purchaseType")
    if ptype is None:
        raise invalid(name + ".purchaseType", "required", "%s.purchaseType is required" % name)
    if ptype not in catalog.PURCHASE_TYPES:
        raise invalid(name + ".purchaseType", "oneof", "%s.purchaseType must be one of %s" % (name, ", ".join(catalog.PURCHASE_TYPES)))
    expected = catalog.PURCHASE_TYPE_FOR_OPERATION[op]
    if ptype != expected:
        raise invalid(name + ".purchaseType", "eq=" + expected, "%s.purchaseType must be %s for %s" % (name, expected, op))
    if line.get("billingModel") is not None and line["billingModel"] not in catalog.BILLING_MODELS:
        raise invalid(name + ".billingModel", "oneof", "%s.billingModel must be recurring" % name)
    if line.get("billingCycle") is not None and line["billingCycle"] not in catalog.BILLING_CYCLES:
        raise invalid(name + ".billingCycle", "oneof", "%s.billingCycle must be one of %s" % (name, ", ".join(catalog.BILLING_CYCLES)))
    if line.get("multiCycle") is not None:
        if not _is_int(line["multiCycle"]):
            raise invalid(name + ".multiCycle", "type", "%s.multiCycle must be an integer" % name)
        if line["multiCycle"] < 0:
            raise invalid(name + ".multiCycle", "min", "%s.multiCycle must be >= 0" % name)
    if line.get("connectionPlanId") is not None and not _is_int(line["connectionPlanId"]):
        raise invalid(name + ".connectionPlanId", "type", "%s.connectionPlanId must be an integer" % name)
    if stype == "plan":
        item = catalog.find_plan(product_id, line["serviceId"])
        if item is None:
            raise not_found(name + ".serviceId", "Plan %s does not exist for product %d" % (line["serviceId"], product_id))
    else:
        item = catalog.find_service(product_id, line["serviceId"])
        if item is None:
            raise not_found(name + ".serviceId", "Service %s does not exist for product %d" % (line["serviceId"], product_id))
    if not item["minQuantity"] <= line["quantity"] <= item["maxQuantity"]:
        raise invalid(name + ".quantity", "range", "%s.quantity must be between %d and %d" % (name, item["minQuantity"], item["maxQuantity"]))
    return item


def validate_order(state, body):
    """Check an order body against docs/api-contract.md §5 and §6; returns the plan for commit_order."""
    op = body.get("operationType")
    if op is None:
        raise invalid("operationType", "required", "operationType is required")
    if op not in catalog.OPERATION_TYPES:
        raise invalid("operationType", "oneof", "operationType must be one of %s" % ", ".join(catalog.OPERATION_TYPES))
    if body.get("productId") is None:
        raise invalid("productId", "required", "productId is required")
    if not _is_int(body["productId"]):
        raise invalid("productId", "type", "productId must be an integer")
    product_id = body["productId"]
    entry = catalog.product(product_id)
    if entry is None:
        raise not_found("productId", "Product %d does not exist" % product_id)
    billing_id = body.get("billingId")
    if billing_id is None:
        if not op.startswith("trial_"):
            raise invalid("billingId", "required", "billingId is required")
    elif not _is_int(billing_id):
        raise invalid("billingId", "type", "billingId must be an integer")
    for key in ("assignId", "partnerId", "poNumber", "productNo"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise invalid(key, "type", "%s must be a string" % key)
    if body.get("orderPceSpecialRequest") is not None and not isinstance(body["orderPceSpecialRequest"], dict):
        raise invalid("orderPceSpecialRequest", "type", "orderPceSpecialRequest must be an object")
    lines = body.get("serviceList")
    if lines is None:
        raise invalid("serviceList", "required", "serviceList is required")
    if not isinstance(lines, list):
        raise invalid("serviceList", "type", "serviceList must be an array")
    if not lines:
        raise invalid("serviceList", "min", "serviceList must not be empty")
    items = [_validate_line(i, line, op, product_id) for i, line in enumerate(lines)]
    plan_lines = [i for i, line in enumerate(lines) if line["serviceType"] == "plan"]
    if op.endswith("_plan") and len(plan_lines) != 1:
        raise invalid("serviceList", "plan", "%s needs exactly one line with serviceType plan" % op)
    if op.endswith("_service") and plan_lines:
        raise invalid("serviceList[%d].serviceType" % plan_lines[0], "eq=service", "%s takes only service lines" % op)
    if billing_id is not None and state.find_contact(billing_id) is None:
        raise not_found("billingId", "Billing contact %s does not exist" % billing_id)
    member, assign_id = _customer_of(state, body)
    if assign_id and state.find_subordinate(assign_id) is None:
        raise not_found(member, "Subordinate user %s does not exist" % assign_id)
    product_no = body.get("productNo") or ""
    inst = None
    if op in ("purchase_plan", "trial_plan"):
        if product_no:
            inst = state.find_instance(product_id, product_no)
            if inst is None and not entry["requiresProductNo"]:
                raise not_found("productNo", "Product %s does not exist" % product_no)
        elif entry["requiresProductNo"]:
            raise invalid("productNo", "required", "productNo (the device SN) is required for product %d" % product_id)
    elif op == "trial_service" and not product_no:
        inst = None
    else:
        if not product_no:
            raise invalid("productNo", "required", "productNo is required for %s" % op)
        inst = state.find_instance(product_id, product_no)
        if inst is None:
            raise not_found("productNo", "Product %s does not exist" % product_no)
    if op == "renew_plan" and inst is not None and plan_lines:
        _check_renewal(lines[plan_lines[0]], plan_lines[0], inst)
    if op in ("switch_plan", "switchTrial_plan") and inst is not None and plan_lines:
        _check_switch(op, lines[plan_lines[0]], plan_lines[0], items[plan_lines[0]], inst)
    pce = None
    if product_id == PCE_PRODUCT_ID and op in ("purchase_plan", "trial_plan") and not product_no:
        pce = _check_pce_request(state, body.get("orderPceSpecialRequest"))
    if plan_lines:
        plan_id = lines[plan_lines[0]]["serviceId"]
        for index, line in enumerate(lines):
            if line["serviceType"] != "service":
                continue
            field = "serviceList[%d].connectionPlanId" % index
            if line.get("connectionPlanId") is None:
                raise invalid(field, "required", "%s is required when a plan and services are ordered together" % field)
            if line["connectionPlanId"] != plan_id:
                raise invalid(field, "eqfield=serviceId", "%s must equal the plan's serviceId %d" % (field, plan_id))
    elif inst is not None and inst.get("planId"):
        for index, line in enumerate(lines):
            if line.get("connectionPlanId") is not None and str(line["connectionPlanId"]) != inst["planId"]:
                field = "serviceList[%d].connectionPlanId" % index
                raise invalid(field, "eqfield=currentPlan", "%s must be the product's current plan %s" % (field, inst["planId"]))
    return {"op": op, "entry": entry, "items": items, "instance": inst, "productNo": product_no, "assignId": assign_id, "pce": pce}


def _check_renewal(line, index, inst):
    """A renewal renews the device's current plan, for its current extension count and billing cycle (the guide's rules)."""
    name = "serviceList[%d]" % index
    if inst.get("planId") and str(line["serviceId"]) != str(inst["planId"]):
        raise invalid(name + ".serviceId", "eqfield=currentPlan", "%s.serviceId must be the device's current plan %s" % (name, inst["planId"]))
    if line["quantity"] != inst.get("quantity"):
        raise invalid(name + ".quantity", "eq=%s" % inst.get("quantity"),
                      "%s.quantity must equal the current extension count %s" % (name, inst.get("quantity")))
    if line.get("billingCycle") and inst.get("billingCycle") and line["billingCycle"] != inst["billingCycle"]:
        raise invalid(name + ".billingCycle", "eq=" + inst["billingCycle"], "a renewal cannot change the billing cycle")


def _check_switch(op, line, index, plan, inst):
    """A switch moves the device up, to a plan of a strictly higher rank (catalog.PLAN_RANKS) than its current one.

    From a paid plan (one with a rank) it keeps the device's billing cycle and extension count. A device whose current
    plan has no rank (a trial, or no plan yet) may take any ranked plan, for any count the plan allows."""
    name = "serviceList[%d]" % index
    current = catalog.find_plan(inst["productId"], inst["planId"]) if inst.get("planId") else None
    current_rank = current.get("rank") if current else None
    if plan.get("rank") is None or (current_rank is not None and plan["rank"] <= current_rank):
        raise invalid(name + ".serviceId", "gtfield=currentPlan", "%s can only move to a higher plan: %s is not above the current %s"
                      % (op, plan["name"], current["name"] if current else "(no plan)"))
    if current_rank is None:
        return
    cycle = inst.get("billingCycle")
    if line.get("billingCycle") and cycle and line["billingCycle"] != cycle:
        raise invalid(name + ".billingCycle", "eq=" + cycle,
                      "%s.billingCycle must be the device's billing cycle %s: switching up cannot change it" % (name, cycle))
    if line["quantity"] != inst.get("quantity"):
        raise invalid(name + ".quantity", "eq=%s" % inst.get("quantity"),
                      "%s.quantity must equal the current extension count %s" % (name, inst.get("quantity")))


def _customer_of(state, body):
    """(the member read, the customer's Yeastar ID or "") as the customer_member setting reads the order body."""
    setting = state.config.get("customer_member", "assignId")
    member = setting.split("_")[0]
    other = "partnerId" if member == "assignId" else "assignId"
    if setting.endswith("_strict") and other in body:
        raise invalid(other, "unknown", "Unknown field %s" % other)
    customer = body.get(member) or ""
    if setting == "assignId" and body.get("partnerId") and body["partnerId"].lower() != customer.lower():
        raise invalid("partnerId", "eqfield=assignId", "partnerId and assignId name different users")
    return member, customer


def _check_pce_request(state, request):
    """A new P-Series Cloud Edition needs orderPceSpecialRequest: pbxName, regionId, pbxSubDomainId and pbxUrl (this
    project's contract for the member the guide cuts off), the URL under one of the domain's suffixes and not taken."""
    field = "orderPceSpecialRequest"
    if request is None:
        raise invalid(field, "required", "%s is required for a new P-Series Cloud Edition" % field)
    for key in ("pbxName", "regionId", "pbxSubDomainId", "pbxUrl"):
        if not isinstance(request.get(key), str) or not request[key].strip():
            raise invalid("%s.%s" % (field, key), "required", "%s.%s is required (a string)" % (field, key))
    region = next((r for r in catalog.REGIONS if r["id"] == request["regionId"]), None)
    if region is None:
        raise not_found(field + ".regionId", "Region %s does not exist" % request["regionId"])
    domain = next((d for d in region["region"] if d["pbxSubDomainId"] == request["pbxSubDomainId"]), None)
    if domain is None:
        raise not_found(field + ".pbxSubDomainId", "Domain %s is not in region %s" % (request["pbxSubDomainId"], region["id"]))
    url = request["pbxUrl"].strip().lower()
    prefix = next((url[:-len(s) - 1] for s in domain["pbxSubDomain"] if url.endswith("." + s)), "")
    if not re.match(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", prefix):
        raise invalid(field + ".pbxUrl", "hostname", "pbxUrl must be <name>.<one of %s>" % ", ".join(domain["pbxSubDomain"]))
    if any(str(i.get("pbxUrl", "")).lower() == url for i in state.data["instances"]):
        raise invalid(field + ".pbxUrl", "unique", "The PBX URL %s is already in use" % url)
    return {"pbxName": request["pbxName"], "pbxUrl": url, "regionId": region["id"], "pbxSubDomainId": domain["pbxSubDomainId"]}


def commit_order(state, body, plan):
    """Create the order (and the product instance for new purchases/trials); returns the Create an Order result."""
    op, inst = plan["op"], plan["instance"]
    lines = body["serviceList"]
    now_ms = new_order_time(state)
    plan_line = next((line for line in lines if line["serviceType"] == "plan"), None)
    if inst is None and op in ("purchase_plan", "trial_plan", "trial_service"):
        cycle = (plan_line or lines[0]).get("billingCycle") or "annually"
        length = 30 if op.startswith("trial_") else (31 if cycle == "monthly" else 365)
        inst = {
            "instanceId": state.next_counter("instance"), "productNo": plan["productNo"] or state.new_long_id(),
            "productId": body["productId"], "partnerId": plan["assignId"] or state.data["partner"]["partnerId"],
            "planId": None, "quantity": 0, "services": {}, "trial": op.startswith("trial_"), "billingCycle": cycle,
            "createTime": now_ms, "expireTime": now_ms + length * _DAY_MS,
            "activationCode": "-".join(secrets.token_hex(2).upper() for dummy in range(4)),
            "activationStatus": "unactivated", "comment": "",
        }
        if plan["pce"]:
            inst.update(plan["pce"])
        state.data["instances"].append(inst)
    if plan_line is not None:
        if op.startswith("renew_"):
            cycles = max(1, plan_line.get("multiCycle") or 1)
            step = 31 if plan_line.get("billingCycle") == "monthly" else 365
            inst["expireTime"] = max(inst.get("expireTime", now_ms), now_ms) + cycles * step * _DAY_MS
        else:
            inst["planId"] = str(plan_line["serviceId"])
            inst["quantity"] = plan_line["quantity"]
            if op.startswith("switch"):
                inst["trial"] = False
    for line, item in zip(lines, plan["items"]):
        if line["serviceType"] == "service" and not op.startswith("renew_"):
            key = str(line["serviceId"])
            inst["services"][key] = inst["services"].get(key, 0) + line["quantity"]
            if item["name"] == "Extension Expansion":  # more extensions: a renewal is then for the larger count
                inst["quantity"] = inst.get("quantity", 0) + line["quantity"]
    pending = int(state.config.get("pending_polls", 0) or 0)
    order_id = state.next_counter("order")
    stored_lines = []
    for line, item in zip(lines, plan["items"]):
        stored_lines.append({
            "serviceType": line["serviceType"], "serviceId": str(line["serviceId"]), "serviceName": item["name"],
            "quantity": line["quantity"], "purchaseType": line["purchaseType"], "billingModel": line.get("billingModel"),
            "billingCycle": line.get("billingCycle"), "multiCycle": line.get("multiCycle"),
            "connectionPlanId": str(line["connectionPlanId"]) if line.get("connectionPlanId") is not None else None,
        })
    order = {
        "id": order_id, "orderNo": state.new_long_id("RV"), "transactionNo": state.new_long_id("MI"),
        "orderStatus": "pending" if pending > 0 else "succeed", "pendingReads": pending, "createTime": now_ms,
        "currencyCode": "USD", "invoiceNo": "INV" + order_id,
        "customReferenceNo": (body.get("poNumber") or "") if state.config.get("echo_po_number", True) else "",
        "productId": body["productId"], "productNo": inst["productNo"], "instanceId": inst["instanceId"], "operationType": op,
        "assignId": plan["assignId"], "billingId": str(body["billingId"]) if body.get("billingId") is not None else "",
        "lines": stored_lines,
    }
    if isinstance(body.get("orderPceSpecialRequest"), dict):
        order["orderPceSpecialRequest"] = copy.deepcopy(body["orderPceSpecialRequest"])
    state.insert_order(order)
    return {
        "instanceId": inst["instanceId"], "orderId": order["id"], "orderNo": order["orderNo"], "orderStatus": order["orderStatus"],
        "productNo": inst["productNo"], "transactionNo": order["transactionNo"],
    }


# ---------------------------------------------------------------------------------------------------------------------
# views

def new_order_time(state):
    """createTime for a new order: now, or the newest order's createTime when the clock is behind it (a new order is the newest)."""
    orders = state.data["orders"]
    now_ms = int(time.time() * 1000)
    return max(now_ms, orders[-1]["createTime"]) if orders else now_ms


def read_order(state, order):
    """One read of an order; returns (the status this read shows, whether the order changed).

    A pending order stays pending for `pendingReads` reads, then turns succeed; a 'stuck' one (see bulk.set_status) stays pending.
    """
    if order["orderStatus"] != "pending" or order.get("stuck"):
        return order["orderStatus"], False
    if order.get("pendingReads", 0) > 0:
        order["pendingReads"] -= 1
    else:
        order["orderStatus"] = "succeed"
    state.order_changed(order)
    return order["orderStatus"], True


def order_info(order, status, config):
    """An Order_Info row as the settings order_fields and order_id_type shape it."""
    info = {
        "id": order["id"], "orderNo": order["orderNo"], "orderStatus": status, "createTime": order["createTime"],
        "currencyCode": order["currencyCode"], "invoiceNo": order["invoiceNo"], "customReferenceNo": order["customReferenceNo"],
    }
    if config.get("order_fields") != "documented":
        info.update({
            "productId": str(order["productId"]), "productNo": order["productNo"], "operationType": order["operationType"],
            "assignId": order["assignId"],
        })
    if config.get("order_id_type") == "number":
        info["id"] = int(order["id"])
    return info


def listed_orders(state):
    """The orders the order list shows, oldest first, and whether making them changed the state (call with the lock held).

    The setting new_orders_per_read first adds that many orders someone else placed; list_lag leaves out the orders
    younger than it (their details are there at once).
    """
    config = state.config
    changed = False
    extra = config.get("new_orders_per_read", 0)
    if extra:
        now_ms = new_order_time(state)
        for dummy in range(extra):
            state.insert_order(bulk.unrelated_order(state, now_ms))
        changed = True
    orders = state.data["orders"]
    lag = config.get("list_lag", 0)
    if lag:
        # Sorted oldest first: the orders younger than the lag are the tail.
        cutoff = int(time.time() * 1000) - lag * 1000
        shown = len(orders)
        while shown and orders[shown - 1]["createTime"] > cutoff:
            shown -= 1
        orders = orders[:shown]
    return orders, changed


def order_details(state, order, status):
    """The Get Order Details result of an order whose read showed status, as the setting order_fields shapes it."""
    config = state.config
    contact = copy.deepcopy(state.find_contact(order["billingId"]) or {})
    entry = catalog.product(order["productId"]) or {"name": ""}
    basic = {
        "productId": str(order["productId"]), "productName": entry["name"], "productNo": order["productNo"],
        "instanceId": order["instanceId"], "operationType": order["operationType"], "assignId": order["assignId"],
    }
    info = order_info(order, status, config)
    if config.get("order_fields") == "documented":
        basic = {key: basic[key] for key in DOCUMENTED_BASIC_FIELDS}
    else:
        info["transactionNo"] = order["transactionNo"]
    result = {
        "basicInformation": basic,
        "billingInformation": contact,
        "orderInformation": info,
        "orderSummary": {"serviceList": copy.deepcopy(order.get("lines", bulk.LINES))},
    }
    if order.get("orderPceSpecialRequest") and config.get("order_fields") != "documented":
        result["orderSummary"]["orderPceSpecialRequest"] = copy.deepcopy(order["orderPceSpecialRequest"])
    return result
