# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data the admin API makes in bulk or by force: historical orders, subordinate users, unrelated orders, order statuses,
devices (product instances) in bulk and a device's fields.

Orders made here need no product instance: their instanceId is "" and their productNo a made-up device SN. They do not
store serviceList lines (a stored line costs a quarter of an order's size in a state of 100,000 orders): their details
show LINES.
"""

import math
import re
import secrets
import time

from yeastar_sim import catalog

PRODUCT_ID = 14
BILLING_ID = catalog.BILLING_CONTACTS[0]["billingContactId"]
# What the details of an order without stored lines show as orderSummary.serviceList.
LINES = [
    {"serviceType": "plan", "serviceId": catalog.TURNKEY_ENTERPRISE_PLAN, "serviceName": "Enterprise Plan", "quantity": 10,
     "purchaseType": "purchase", "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0, "connectionPlanId": None},
]
# Time between two historical orders, counted back from the oldest order there is.
HISTORY_STEP_MS = 10 * 60 * 1000
MAX_BULK = 1000000
# At most this many devices per POST /_sim/instances/bulk.
MAX_BULK_INSTANCES = 100000
DAY_MS = 86400 * 1000
# The fields POST /_sim/instances/<productNo> may set.
INSTANCE_FIELDS = ("expire_in_days", "expireTime", "quantity", "planId", "services", "billingCycle", "activationStatus", "trial")
INSTANCE_CYCLES = ("annually", "monthly")
# The status of historical order number n, when no status is asked for, is HISTORY_MIX[n % 20]: mostly succeed, one in
# twenty each cancelled, failed, refunded and pending (pending for ever).
HISTORY_MIX = ("succeed",) * 4 + ("cancelled",) + ("succeed",) * 4 + ("failed",) + ("succeed",) * 4 + ("refunded",) + \
    ("succeed",) * 4 + ("pending",)
_PREFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def _whole(value, name, maximum):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValueError("%s must be a whole number from 0 to %d" % (name, maximum))
    return value


def _check_keys(body, allowed):
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise ValueError("unknown field(s): %s (known: %s)" % (", ".join(unknown), ", ".join(allowed)))


def _check_status(status):
    if status not in catalog.ORDER_STATUSES:
        raise ValueError("status must be one of %s" % ", ".join(catalog.ORDER_STATUSES))
    return status


def set_status(order, status):
    """Give an order a status for good: pending stays pending (the order is 'stuck'), any other status is final.

    For an order already stored, call state.order_changed(order) afterwards."""
    order["orderStatus"] = _check_status(status)
    order["pendingReads"] = 0
    if status == "pending":
        order["stuck"] = True
    else:
        order.pop("stuck", None)


def _order(order_id, order_no, transaction_no, product_no, create_time, status, po_number):
    order = {
        "id": str(order_id), "orderNo": order_no, "transactionNo": transaction_no, "orderStatus": status, "pendingReads": 0,
        "createTime": create_time, "currencyCode": "USD", "invoiceNo": "INV%s" % order_id, "customReferenceNo": po_number,
        "productId": PRODUCT_ID, "productNo": product_no, "instanceId": "", "operationType": "purchase_plan", "assignId": "",
        "billingId": BILLING_ID,
    }
    if status == "pending":
        order["stuck"] = True
    return order


def unrelated_order(state, now_ms):
    """A new succeed order someone else placed (customReferenceNo OTHER-<hex>); the caller inserts it."""
    order_id = state.next_counter("order")
    return _order(order_id, state.new_long_id("RV"), state.new_long_id("MI"), state.new_long_id(), now_ms, "succeed",
                  "OTHER-" + secrets.token_hex(4))


def history_orders(state, body):
    """POST /_sim/orders/bulk: add `count` orders older than every order there is; returns {"created", "total"}.

    Historical order number n (counted over all bulk calls of this state, 1 = the newest of the first call, higher = older)
    gets id (lowest order id there is) - k, orderNo RV1<n, 18 digits>, transactionNo MI1<...>, productNo 2<...> (random ids
    start with 3, so these never clash), customReferenceNo po_prefix + n (no po_prefix: "HIST-<n>" for odd n, "" for even n)
    and the status asked for, else HISTORY_MIX[n % 20]. Raises ValueError on bad input.
    """
    _check_keys(body, ("count", "po_prefix", "status"))
    count = _whole(body.get("count"), "count", MAX_BULK)
    prefix = body.get("po_prefix")
    if prefix is not None and not isinstance(prefix, str):
        raise ValueError("po_prefix must be a string")
    status = body.get("status")
    if status is not None:
        _check_status(status)
    with state.lock:
        orders = state.data["orders"]
        oldest = orders[0]["createTime"] if orders else catalog.SEED_ORDERS[0]["createTime"]
        lowest = min(int(order["id"]) for order in orders) if orders else int(catalog.SEED_ORDERS[0]["id"])
        if lowest - count < 1:
            raise ValueError("only %d more historical orders fit below order id %d" % (lowest - 1, lowest))
        counters = state.data.setdefault("counters", {})
        done = counters.get("history", 0)
        rows = []
        for back in range(count, 0, -1):
            number = done + back
            if prefix:
                po_number = prefix + str(number)
            else:
                po_number = "HIST-%d" % number if number % 2 else ""
            rows.append(_order(lowest - back, "RV1%018d" % number, "MI1%018d" % number, "2%018d" % number,
                               oldest - back * HISTORY_STEP_MS, status or HISTORY_MIX[number % len(HISTORY_MIX)], po_number))
        counters["history"] = done + count
        state.prepend_orders(rows)
        state.save()
        return {"created": count, "total": len(orders)}


def subordinates(state, body):
    """POST /_sim/subordinates/bulk: add users <prefix>-0001@bench.example .. (skipping those there are); returns their partnerIds."""
    _check_keys(body, ("count", "prefix"))
    count = _whole(body.get("count"), "count", MAX_BULK)
    prefix = body.get("prefix", "tenant")
    if not isinstance(prefix, str) or not _PREFIX.match(prefix):
        raise ValueError("prefix must be 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit")
    name = prefix[0].upper() + prefix[1:]
    created = []
    with state.lock:
        users = state.data["subordinates"]
        there = {user["partnerId"] for user in users}
        for number in range(1, count + 1):
            digits = "%04d" % number
            partner_id = "%s-%s@bench.example" % (prefix, digits)
            if partner_id in there:
                continue
            users.append({
                "city": "London", "company": "%s %s Ltd" % (name, digits), "country": "United Kingdom", "email": partner_id,
                "firstName": name, "lastName": digits, "partnerId": partner_id, "phoneNumber": "", "remark": "",
                "stateProvince": "", "street": "", "taxNum": "", "userType": "Enduser", "zipCode": "",
            })
            created.append(partner_id)
        if created:
            state.save()
    return created


def force_status(state, ident, body):
    """POST /_sim/orders/<id or orderNo>/status: set the order's status; returns {"id", "orderNo", "orderStatus"}.

    Raises KeyError when there is no such order, ValueError on a bad body."""
    _check_keys(body, ("status",))
    status = _check_status(body.get("status"))
    with state.lock:
        order = state.find_order(ident)
        if order is None:
            raise KeyError(ident)
        set_status(order, status)
        state.order_changed(order)
        state.save()
        return {"id": order["id"], "orderNo": order["orderNo"], "orderStatus": order["orderStatus"]}


# ---------------------------------------------------------------------------------------------------------------------
# devices

def _days(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or abs(value) > 100000:
        raise ValueError("%s must be a number of days (may be negative or fractional, at most 100000 either way)" % name)
    return int(time.time() * 1000 + value * DAY_MS)


def _count(value, name):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("%s must be a whole number >= 0" % name)
    return value


def _plan_of(product_id, plan_id):
    if not isinstance(plan_id, str) or catalog.find_plan(product_id, plan_id) is None:
        raise ValueError("planId must be the id (a string) of a plan of product %d: %s" % (
            product_id, ", ".join(p["id"] for p in catalog.PRODUCTS[product_id]["plans"]) or "it has none"))
    return plan_id


def _services_of(product_id, services):
    if not isinstance(services, dict):
        raise ValueError("services must be an object of serviceId -> quantity")
    for service_id, quantity in services.items():
        if catalog.find_service(product_id, service_id) is None:
            raise ValueError("services: %s is not a service of product %d" % (service_id, product_id))
        _count(quantity, "services[%s]" % service_id)
    return dict(services)


def _cycle(value):
    if value not in INSTANCE_CYCLES:
        raise ValueError("billingCycle must be one of %s" % ", ".join(INSTANCE_CYCLES))
    return value


def set_instance(state, product_no, body):
    """POST /_sim/instances/<productNo>: set some fields of the device with this productNo; returns the device (a dict).

    Checks everything before it changes anything. Raises KeyError when there is no such device, ValueError on a bad body."""
    _check_keys(body, INSTANCE_FIELDS)
    if "expire_in_days" in body and "expireTime" in body:
        raise ValueError("give expire_in_days or expireTime, not both")
    with state.lock:
        inst = next((i for i in state.data["instances"] if i["productNo"] == product_no), None)
        if inst is None:
            raise KeyError(product_no)
        product_id = inst["productId"]
        changes = {}
        for key, value in body.items():
            if key == "expire_in_days":
                changes["expireTime"] = _days(value, key)
            elif key == "expireTime":
                changes[key] = _count(value, "expireTime (epoch milliseconds)")
            elif key == "quantity":
                changes[key] = _count(value, key)
            elif key == "planId":
                changes[key] = _plan_of(product_id, value)
            elif key == "services":
                changes[key] = _services_of(product_id, value)
            elif key == "billingCycle":
                changes[key] = _cycle(value)
            elif key == "activationStatus":
                if not isinstance(value, str) or not value:
                    raise ValueError("activationStatus must be a non-empty string (e.g. activated, unactivated)")
                changes[key] = value
            else:  # trial
                if not isinstance(value, bool):
                    raise ValueError("trial must be true or false")
                changes[key] = value
        inst.update(changes)
        if changes:
            state.save()
        return dict(inst, services=dict(inst.get("services", {})))


def bulk_instances(state, body):
    """POST /_sim/instances/bulk: one new device per partner id (each an existing subordinate); returns
    {"created": [{"partnerId", "productNo"}, ...]}. Nothing is made when a value or a partner id is refused (ValueError)."""
    _check_keys(body, ("partner_ids", "productId", "planId", "quantity", "services", "billingCycle", "expire_in_days"))
    partner_ids = body.get("partner_ids")
    if not isinstance(partner_ids, list) or not all(isinstance(p, str) for p in partner_ids):
        raise ValueError("partner_ids must be a list of partner ids (strings)")
    if len(partner_ids) > MAX_BULK_INSTANCES:
        raise ValueError("at most %d partner_ids per call" % MAX_BULK_INSTANCES)
    product_id = body.get("productId", PRODUCT_ID)
    if isinstance(product_id, bool) or not isinstance(product_id, int) or catalog.product(product_id) is None:
        raise ValueError("productId must be one of %s" % ", ".join(str(p) for p in sorted(catalog.PRODUCTS)))
    if "planId" in body:
        plan_id = _plan_of(product_id, body["planId"])
    else:
        plans = catalog.PRODUCTS[product_id]["plans"]
        default = next((p for p in plans if p["name"] == "Enterprise Plan"), plans[0] if plans else None)
        if default is None:
            raise ValueError("product %d has no plans" % product_id)
        plan_id = default["id"]
    quantity = _count(body.get("quantity", 10), "quantity")
    services = _services_of(product_id, body.get("services", {}))
    cycle = _cycle(body.get("billingCycle", "annually"))
    with state.lock:
        expire = _days(body.get("expire_in_days", 365), "expire_in_days")
        known = {user["partnerId"] for user in state.data["subordinates"]}
        unknown = [p for p in partner_ids if p not in known]
        if unknown:
            raise ValueError("not a subordinate user: %s%s" % (", ".join(unknown[:5]), " and %d more" % (len(unknown) - 5) if len(unknown) > 5 else ""))
        now_ms = int(time.time() * 1000)
        created = []
        for partner_id in partner_ids:
            inst = {
                "instanceId": state.next_counter("instance"), "productNo": state.new_long_id(), "productId": product_id,
                "partnerId": partner_id, "planId": plan_id, "quantity": quantity, "services": dict(services), "trial": False,
                "billingCycle": cycle, "createTime": now_ms, "expireTime": expire,
                "activationCode": "-".join(secrets.token_hex(2).upper() for dummy in range(4)),
                "activationStatus": "unactivated", "comment": "",
            }
            state.data["instances"].append(inst)
            created.append({"partnerId": partner_id, "productNo": inst["productNo"]})
        if created:
            state.save()
        return {"created": created}
