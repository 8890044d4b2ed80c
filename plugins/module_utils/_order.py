# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Order logic: the rules of Create an Order, the request body, and the idempotency key.

Nothing here talks HTTP, and nothing here imports the transport or the endpoints. :func:`plan_order` turns module
options into a normalised order or a list of problems; :func:`build_body` gives the exact JSON body, with the wire
types of the vendor's worked example (ids, quantities and ``multiCycle`` as JSON integers); :func:`derive_po_number`
gives the stable key used when the task names no ``po_number``. The order statuses (:func:`is_live`, the dead and the
final ones) and the purchase order number an order carries (:func:`reference_of`) are here too, and what an order
contains (:func:`contents_of_body`, :func:`contents_of_details`, :func:`compare_contents`).

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import re

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._input import INT32_MAX, identifier, text, whole_number
from ansible_collections.yeastar.partner.plugins.module_utils._lookup import LookupFailed, find_one
from ansible_collections.yeastar.partner.plugins.module_utils._reader import find_key, id_text, walk

# operationType -> what it allows and what its lines default to (docs/api-contract.md §5).
OPERATIONS = {
    "purchase_plan": dict(purchase_type="purchase", plan="one", services=True, product_no=False, billing=True),
    "purchase_service": dict(purchase_type="purchase", plan="none", services=True, product_no=False, billing=True),
    "trial_plan": dict(purchase_type="trial", plan="one", services=True, product_no=False, billing=False),
    "trial_service": dict(purchase_type="trial", plan="none", services=True, product_no=False, billing=False),
    "renew_plan": dict(purchase_type="renew", plan="one", services=True, product_no=True, billing=True),
    "renew_service": dict(purchase_type="renew", plan="none", services=True, product_no=True, billing=True),
    "switch_plan": dict(purchase_type="switch", plan="one", services=False, product_no=True, billing=True),
    "switchTrial_plan": dict(purchase_type="switch", plan="one", services=False, product_no=True, billing=True),
}
PURCHASE_TYPES = ("purchase", "trial", "renew", "switch")
BILLING_MODELS = ("recurring",)
BILLING_CYCLES = ("annually", "monthly", "once")
# Order statuses after which an order no longer counts as placed (it can be placed again).
DEAD_ORDER_STATUSES = frozenset(["failed", "invalid", "cancelled", "refunded"])
FINAL_ORDER_STATUSES = frozenset(["succeed"]) | DEAD_ORDER_STATUSES
# Products whose plans, services and orders always name the device (productNo): docs/api-contract.md §4.
PRODUCTS_NEEDING_PRODUCT_NO = {9: "Linkus Cloud Service", 11: "P-Series Plan for Appliance Edition"}
MAX_MULTI_CYCLE = 5
PO_NUMBER_MAX = 64
PRODUCT_NO_MAX = 64
PARTNER_ID_MAX = 254  # an e-mail address
NAME_MAX = 200
_PO_NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/#-]*$")
DERIVED_PREFIX = "ansible-"
PCE_PRODUCT_ID = 13  # P-Series Cloud Edition: a new one is ordered with orderPceSpecialRequest
PCE_MEMBERS = ("pbxName", "regionId", "pbxSubDomainId", "pbxUrl")
PBX_NAME_MAX = 64
# The members of Create an Order that may name the customer: the API reference has assignId, the Turnkey tutorial
# partnerId (docs/api-contract.md, "The customer of an order"). By default both are sent with the same value.
CUSTOMER_MEMBERS = ("both", "assignId", "partnerId")
_HOST_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def is_live(order):
    """Whether an order (an Order_Info) still counts as placed: any status but failed, invalid, cancelled, refunded."""
    return to_text(order.get("orderStatus") or "").lower() not in DEAD_ORDER_STATUSES


def reference_of(row):
    """The purchase order number an order carries: ``customReferenceNo`` in the order list (``poNumber`` elsewhere)."""
    return to_text(row.get("customReferenceNo") if row.get("customReferenceNo") is not None
                   else row.get("poNumber") or "").strip()


def plan_order(params):
    """Check the module options and normalise them. Returns ``(order, problems)``.

    ``order`` holds ``operation``, ``product_id``, ``product_no``, ``partner_id``, ``billing_id``, ``po_number``
    and ``items`` (each with ``type``, ``id`` or ``name``, ``quantity``, ``connection_plan_id``,
    ``purchase_type``, ``billing_model``, ``billing_cycle``, ``multi_cycle``). ``problems`` lists every
    mistake found, so a person can fix them all at once; nothing has been sent when it is not empty.
    """
    problems = []
    operation = params["operation"]
    rules = OPERATIONS[operation]
    product_id = identifier(params.get("product_id"), "product_id", problems)
    if product_id is None and params.get("product_id") in (None, ""):
        problems.append("product_id is required (14 is the P-Series Turnkey Package).")
    product_no = text(params.get("product_no"), "product_no", problems, PRODUCT_NO_MAX)
    if product_no is None and params.get("product_no") is None and \
            (rules["product_no"] or product_id in PRODUCTS_NEEDING_PRODUCT_NO):
        why = "operation %s acts on an existing device" % operation if rules["product_no"] else \
            "product %s (%s) orders always name the device" % (product_id, PRODUCTS_NEEDING_PRODUCT_NO.get(product_id))
        problems.append("product_no (the device's serial number, from yeastar_plan_info or the Partner Portal) is "
                        "required: %s." % why)
    partner_id = text(params.get("partner_id"), "partner_id", problems, PARTNER_ID_MAX)
    if partner_id is not None and re.search(r"\s", partner_id):
        problems.append("partner_id must be the subordinate user's Yeastar ID (an e-mail address), got %r."
                        % params["partner_id"])
        partner_id = None
    billing_id = identifier(params.get("billing_id"), "billing_id", problems)
    if billing_id is None and params.get("billing_id") is None and rules["billing"]:
        problems.append("billing_id is required for %s: the billingContactId of the contact who gets the invoice "
                        "(yeastar.partner.yeastar_partner_info lists them)." % operation)
    po_number = text(params.get("po_number"), "po_number", problems, PO_NUMBER_MAX)
    if po_number is not None and not _PO_NUMBER_RE.match(po_number):
        problems.append("po_number must be 1 to %d characters: letters, digits and . _ : / # - (not starting with "
                        "a sign), got %r." % (PO_NUMBER_MAX, params["po_number"]))
        po_number = None

    items = []
    for index, raw in enumerate(params.get("items") or []):
        items.append(_plan_item(index, raw, rules, operation, problems))
    _check_lines(items, rules, operation, problems)
    pce = _plan_pce(params.get("pce"), operation, product_id, product_no, params.get("product_no"), problems)
    order = dict(operation=operation, product_id=product_id, product_no=product_no, partner_id=partner_id,
                 billing_id=billing_id, po_number=po_number, items=items, pce=pce, pce_request=None,
                 customer_member=params.get("customer_member") or "both")
    return order, problems


def is_new_cloud_edition(operation, product_id, product_no):
    """True for an order that creates a P-Series Cloud Edition PBX (it needs orderPceSpecialRequest)."""
    return product_id == PCE_PRODUCT_ID and operation in ("purchase_plan", "trial_plan") and not product_no


def _plan_pce(raw, operation, product_id, product_no, product_no_given, problems):
    """The checked ``pce`` option (names and URL, not yet resolved against the region list), or None."""
    new_pce = is_new_cloud_edition(operation, product_id, product_no) and product_no_given is None
    if raw is None:
        if new_pce:
            problems.append("pce is required to order a new P-Series Cloud Edition (product 13): its pbx_name, region, "
                            "and pbx_url (yeastar_product_info lists the regions and tells whether a URL is free).")
        return None
    if not new_pce:
        if product_id is not None:
            problems.append("pce is only for ordering a new P-Series Cloud Edition (product 13, operation purchase_plan "
                            "or trial_plan, no product_no); remove it from this order.")
        return None
    pce = dict(pbx_name=text(raw.get("pbx_name"), "pce.pbx_name", problems, PBX_NAME_MAX, required=True),
               region=_name_or_id(raw.get("region"), "pce.region", problems, required=True),
               domain=_name_or_id(raw.get("domain"), "pce.domain", problems, required=False),
               pbx_url=None, extra={})
    url = text(raw.get("pbx_url"), "pce.pbx_url", problems, 253, required=True)
    if url is not None:
        url = url.lower().rstrip(".")
        labels = url.split(".")
        if len(labels) < 3 or not all(_HOST_LABEL.match(label) for label in labels):
            problems.append("pce.pbx_url must be the PBX's host name, <name>.<domain suffix of the region> (for example "
                            "newco.ras.yeastar.com), without a scheme or path; got %r." % raw.get("pbx_url"))
            url = None
    pce["pbx_url"] = url
    extra = raw.get("extra") or {}
    for key in sorted(extra):
        if key in PCE_MEMBERS:
            problems.append("pce.extra.%s is set from pce's own options; remove it from extra." % key)
        elif not re.match(r"^[A-Za-z][A-Za-z0-9_]{0,63}$", to_text(key)):
            problems.append("pce.extra: %r is not a member name (letters, digits, _)." % key)
        else:
            pce["extra"][to_text(key)] = extra[key]
    return pce


def _name_or_id(value, name, problems, required):
    """A region or domain reference: a name, or an id given as a number or a string."""
    if value is None or isinstance(value, bool) or isinstance(value, (dict, list, float)):
        if value is not None:
            problems.append("%s must be a name or an id, got %r." % (name, value))
        elif required:
            problems.append("%s is required." % name)
        return None
    return text(to_text(value), name, problems, NAME_MAX, required=required)


def _plan_item(index, raw, rules, operation, problems):
    where = "items[%d]" % index
    kind = raw["type"]
    item = dict(type=kind, id=None, name=None)
    if raw.get("id") is not None:
        found = len(problems)
        item["id"] = identifier(raw["id"], "%s.id" % where, problems)
        if item["id"] is None and len(problems) == found:
            problems.append("%s.id must not be empty." % where)
    elif raw.get("name") is not None:
        item["name"] = text(raw["name"], "%s.name" % where, problems, NAME_MAX, required=True)
    else:
        problems.append("%s needs an id (or the %s's name)." % (where, kind))
    purchase_type = raw.get("purchase_type") or rules["purchase_type"]
    if purchase_type != rules["purchase_type"]:
        problems.append("%s.purchase_type %s does not fit operation %s, which takes purchase_type %s."
                        % (where, purchase_type, operation, rules["purchase_type"]))
    item["purchase_type"] = purchase_type
    trial = rules["purchase_type"] == "trial"
    item["billing_model"] = raw.get("billing_model") or (None if trial else "recurring")
    item["billing_cycle"] = raw.get("billing_cycle") or (None if trial else "annually")
    multi_cycle = whole_number(raw.get("multi_cycle"), "%s.multi_cycle" % where, problems, low=0, high=MAX_MULTI_CYCLE)
    item["multi_cycle"] = 0 if multi_cycle is None else multi_cycle
    quantity = whole_number(raw.get("quantity"), "%s.quantity" % where, problems, low=1, high=INT32_MAX)
    renewed_plan = operation == "renew_plan" and kind == "plan"  # its quantity is the device's, read before ordering
    if raw.get("quantity") is None and rules["purchase_type"] in ("purchase", "renew") and not renewed_plan:
        problems.append("%s.quantity is required for %s (extensions, minutes or connections, by %s)."
                        % (where, operation, kind))
    item["quantity"] = quantity
    item["connection_plan_id"] = identifier(raw.get("connection_plan_id"), "%s.connection_plan_id" % where, problems)
    return item


def _check_lines(items, rules, operation, problems):
    plans = [i for i in items if i["type"] == "plan"]
    services = [i for i in items if i["type"] == "service"]
    if not items:
        problems.append("items must name at least one plan or service to order.")
        return
    if rules["plan"] == "one" and len(plans) != 1:
        problems.append("operation %s needs exactly one item of type plan, got %d." % (operation, len(plans)))
    if rules["plan"] == "none" and plans:
        problems.append("operation %s orders services only; remove the plan item(s) or use %s."
                        % (operation, operation.replace("_service", "_plan")))
    if services and not rules["services"]:
        problems.append("operation %s takes one plan and no service items." % operation)
    problems.extend(link_services_to_plan(items))
    problems.extend(lines_named_twice(items))


def lines_named_twice(items):
    """A problem for each item that names a plan or service an earlier item names: by id, or by name in any case."""
    problems = []
    seen = {}
    for index, item in enumerate(items):
        keys = []
        if item.get("id") is not None:
            keys.append((item["type"], "id", item["id"]))
        if item.get("name"):
            keys.append((item["type"], "name", item["name"].lower()))
        earlier = [seen[key] for key in keys if key in seen]
        if earlier:
            problems.append("items[%d] names %s %s a second time (items[%d] names it already); order each plan or "
                            "service once, with its whole quantity." % (index, item["type"], item.get("id") or item["name"],
                                                                        earlier[0]))
            continue
        for key in keys:
            seen[key] = index
    return problems


def link_services_to_plan(items):
    """When one plan and its services are ordered together, every service hangs off that plan.

    A service line without ``connection_plan_id`` gets the plan's id; one with another id is a problem.
    Lines whose ids are not known yet (named, not looked up) are left alone. Returns the problems.
    """
    problems = []
    plans = [i for i in items if i["type"] == "plan"]
    if len(plans) != 1 or plans[0]["id"] is None:
        return problems
    plan_id = plans[0]["id"]
    for index, item in enumerate(items):
        if item["type"] != "service":
            continue
        if item["connection_plan_id"] is None:
            item["connection_plan_id"] = plan_id
        elif item["connection_plan_id"] != plan_id:
            problems.append("items[%d].connection_plan_id must equal the plan's id %s when a plan and its services are "
                            "ordered together, got %s." % (index, plan_id, item["connection_plan_id"]))
    return problems


def check_against_catalog(order, plans, services):
    """Resolve item names to ids and check the items against the product's catalogue. Returns the problems.

    ``plans`` and ``services`` are as :func:`read_catalog` gives them. Checks that each id is a plan or a
    service of this product, that the quantity is in the item's range, and that a service's
    ``connection_plan_id`` is a plan of this product.
    """
    problems = []
    for index, item in enumerate(order["items"]):
        where = "items[%d]" % index
        pool = plans if item["type"] == "plan" else services
        wanted = item["purchase_type"]
        ref = item["id"] if item["id"] is not None else item["name"]
        if ref is None:
            continue
        try:
            entry = find_one(pool, ref, "%s: %s" % (where, item["type"]),
                             narrow=lambda e, wanted=wanted: e.get("purchase_type") == wanted)
        except LookupFailed as exc:
            other = plans if item["type"] == "service" else services
            hint = ""
            if any(id_text(e["id"]) == id_text(ref) for e in other):
                hint = " It is a %s of this product, not a %s." % ("plan" if item["type"] == "service" else "service",
                                                                   item["type"])
            problems.append("%s%s" % (exc, hint))
            continue
        item["id"] = int(entry["id"])
        entry_type = entry.get("purchase_type")
        if wanted in ("purchase", "trial") and entry_type in ("purchase", "trial") and entry_type != wanted:
            problems.append("%s: %s %s (%s) is offered for %s, not for %s." % (
                where, item["type"], entry["id"], entry.get("name"), entry_type, wanted))
        low, high = entry.get("min_quantity"), entry.get("max_quantity")
        quantity = item.get("quantity")
        if quantity is not None and ((low is not None and quantity < low) or (high is not None and quantity > high)):
            problems.append("%s.quantity %s is outside the range %s to %s of %s %s (%s)." % (
                where, quantity, low if low is not None else "-", high if high is not None else "-",
                item["type"], entry["id"], entry.get("name")))
    problems.extend(lines_named_twice(order["items"]))
    problems.extend(link_services_to_plan(order["items"]))
    for index, item in enumerate(order["items"]):
        cpid = item.get("connection_plan_id")
        if item["type"] == "service" and cpid is not None and not any(id_text(p["id"]) == id_text(cpid) for p in plans):
            problems.append("items[%d].connection_plan_id %s is not a plan of product %s." % (
                index, cpid, order["product_id"]))
    return problems


def build_body(order):
    """The exact JSON body of Create an Order, key order and wire types as in the vendor's example."""
    body = {"operationType": order["operation"], "productId": int(order["product_id"])}
    if order.get("product_no"):
        body["productNo"] = to_text(order["product_no"])
    if order.get("partner_id"):
        member = order.get("customer_member") or "both"
        if member in ("both", "assignId"):
            body["assignId"] = to_text(order["partner_id"])
        if member in ("both", "partnerId"):
            body["partnerId"] = to_text(order["partner_id"])
    if order.get("billing_id") is not None:
        body["billingId"] = int(order["billing_id"])
    lines = []
    for item in order["items"]:
        line = {}
        if item["type"] == "service" and item.get("connection_plan_id") is not None:
            line["connectionPlanId"] = int(item["connection_plan_id"])
        line["serviceType"] = item["type"]
        line["serviceId"] = int(item["id"])
        if item.get("quantity") is not None:
            line["quantity"] = int(item["quantity"])
        line["purchaseType"] = item["purchase_type"]
        if item.get("billing_model"):
            line["billingModel"] = item["billing_model"]
        if item.get("billing_cycle"):
            line["billingCycle"] = item["billing_cycle"]
        line["multiCycle"] = int(item["multi_cycle"])
        lines.append(line)
    body["serviceList"] = lines
    if order.get("pce_request"):
        body["orderPceSpecialRequest"] = dict(order["pce_request"])
    if order.get("po_number"):
        body["poNumber"] = to_text(order["po_number"])
    return body


# What the derived purchase order number is made of: the purchase, not its quantities (see derive_po_number).
KEY_FIELDS = ("operationType", "productId", "productNo", "assignId")


def customer_of_body(body):
    """The customer an order request names (``assignId``, else ``partnerId``), or "" for the partner's own account."""
    return to_text(body.get("assignId") or body.get("partnerId") or "")


def derive_po_number(body):
    """The stable purchase order number of an order that names none.

    It identifies the purchase, not its details: ``ansible-`` and the first 24 hex digits of the SHA-256 of the
    operation, the product, the device (``productNo``, empty for a new one) and the customer (``assignId`` in lower
    case, empty for the partner itself). Plans, services, quantities, cycles and the billing contact are left out on purpose: a task
    whose quantity was corrected after it ran keeps its number, so the run finds the order it placed and refuses to
    buy again with other quantities, instead of placing a second order.
    """
    canonical = [to_text(body.get(key) if body.get(key) is not None else "") for key in KEY_FIELDS]
    canonical[3] = customer_of_body(body).lower()  # a Yeastar ID is an e-mail address: its case does not matter
    pce_url = (body.get("orderPceSpecialRequest") or {}).get("pbxUrl")
    if pce_url:
        canonical.append(to_text(pce_url).lower())  # a new Cloud Edition PBX is the purchase of its URL
    text = json.dumps(canonical, separators=(",", ":"))
    return DERIVED_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def legacy_po_number(body):
    """The number earlier development builds derived from the whole request body; orders carrying it are this purchase too."""
    # Those builds sent the customer under assignId alone.
    canonical = dict((k, v) for k, v in body.items() if k not in ("poNumber", "partnerId"))
    if customer_of_body(body):
        canonical["assignId"] = customer_of_body(body)
    canonical["serviceList"] = sorted(canonical.get("serviceList") or [],
                                      key=lambda line: (line.get("serviceType"), line.get("serviceId")))
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return DERIVED_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


LINE_FIELDS = ("serviceType", "quantity", "connectionPlanId", "purchaseType", "billingModel", "billingCycle", "multiCycle")
_FIELD_NAMES = {
    "operation": "operation", "product": "product", "device": "device (productNo)", "customer": "customer (assignId)",
    "billing": "billing contact", "serviceType": "type", "quantity": "quantity", "connectionPlanId": "connection plan",
    "purchaseType": "purchase type", "billingModel": "billing model", "billingCycle": "billing cycle",
    "multiCycle": "multiCycle", "pbxName": "PBX name (pce.pbx_name)", "regionId": "PBX region (pce.region)",
    "pbxSubDomainId": "PBX domain (pce.domain)", "pbxUrl": "PBX URL (pce.pbx_url)",
}


def _text_or_none(value):
    return None if value is None else id_text(value) or ""


def _pce_contents(request):
    """The PBX request of a new Cloud Edition as compared: every member as text (the URL and host names in lower case)."""
    if not isinstance(request, dict):
        return None
    pce = {}
    for key, value in request.items():
        value = _text_or_none(value) if not isinstance(value, (dict, list)) else json.dumps(value, sort_keys=True)
        pce[to_text(key)] = value.lower() if key == "pbxUrl" and value else value
    return pce


def contents_of_body(body):
    """What an order request asks for, in the shape :func:`compare_contents` takes (all strings, ids as digits).

    Every member that changes what is bought is here: the operation, product, device, customer, billing contact, each
    line, and the PBX request of a new Cloud Edition (``pce``, None when there is none).
    """
    lines = {}
    for line in body.get("serviceList") or []:
        lines[id_text(line.get("serviceId"))] = dict((field, _text_or_none(line.get(field))) for field in LINE_FIELDS)
    return {
        "pce": _pce_contents(body.get("orderPceSpecialRequest")),
        # The request is all there is: a PBX member it lacks was not asked for (details may just not show one).
        "pce_whole": True,
        "operation": _text_or_none(body.get("operationType")),
        "product": _text_or_none(body.get("productId")),
        # A new purchase names no device; the order gets a new one, so there is nothing to compare.
        "device": _text_or_none(body.get("productNo")) if body.get("productNo") else None,
        "customer": customer_of_body(body).lower(),
        "billing": _text_or_none(body.get("billingId") or ""),
        "lines": lines,
    }


def customer_shown(row):
    """The customer an order-list row names (lower case; "" for the partner's own account), or None when the row has
    no customer member."""
    if not isinstance(row, dict):
        return None
    for key in ("assignId", "partnerId", "yeastarId"):
        if key in row and not isinstance(row[key], (dict, list)):
            return to_text(row[key] or "").strip().lower()
    return None


def contents_of_details(details):
    """What an existing order was created with, read tolerantly from Get Order Details (None where it does not say).

    The vendor guide does not show the fields of ``orderSummary``: lines are taken from any object with a
    ``serviceId`` (or ``planId``) anywhere in the answer, the rest from the first object that carries the field.
    """
    def first(*keys):
        for node in walk(details):
            for key in keys:
                if node.get(key) not in (None, ""):
                    return _text_or_none(node[key])
        return None

    lines = {}
    for node in walk(details):
        line_id = node.get("serviceId", node.get("planId"))
        if line_id in (None, "") or not any(node.get(f) is not None for f in ("quantity", "purchaseType", "serviceType")):
            continue
        entry = dict((field, _text_or_none(node.get(field))) for field in LINE_FIELDS)
        if entry["serviceType"] is None and node.get("planId") not in (None, "") and node.get("serviceId") in (None, ""):
            entry["serviceType"] = "plan"
        lines[id_text(line_id)] = entry
    customer = next((_text_or_none(node["assignId"] or "") for node in walk(details) if "assignId" in node), None)
    if customer is None:
        customer = first("partnerId", "yeastarId")
    customer = customer.lower() if customer is not None else None
    billing = first("billingId", "billingContactId")
    # Only the request member itself: a device's pbxUrl elsewhere in the answer is not what the order asked for.
    pce = next((node["orderPceSpecialRequest"] for node in walk(details) if isinstance(node.get("orderPceSpecialRequest"), dict)),
               None)
    return {
        "pce": _pce_contents(pce),
        "operation": first("operationType"),
        "product": first("productId"),
        "device": first("productNo"),
        "customer": customer,
        "billing": billing,
        "lines": lines or None,
    }


def compare_contents(existing, wanted):
    """``(differences, not_compared)`` between what an order was created with and what a task asks for.

    Both are :func:`contents_of_body` / :func:`contents_of_details` shapes. ``differences`` are sentences; a field the
    existing order does not show is named in ``not_compared`` instead.
    """
    differences, not_compared = [], []

    def show(value):
        return "(none)" if value in (None, "") else value

    for field in ("operation", "product", "device", "customer", "billing"):
        want = wanted.get(field)
        if want is None:
            continue
        have = existing.get(field)
        if have is None:
            not_compared.append(_FIELD_NAMES[field])
        elif have != want:
            differences.append("%s: the order has %s, the task asks for %s" % (_FIELD_NAMES[field], show(have), show(want)))
    want_pce, have_pce = wanted.get("pce"), existing.get("pce")
    if want_pce is not None or have_pce is not None:
        if have_pce is None:
            not_compared.append("PBX request (pce)")
        elif want_pce is None:
            differences.append("PBX request: the order is for a new Cloud Edition PBX %s, the task asks for none"
                               % show(have_pce.get("pbxUrl")))
        else:
            for key in sorted(set(want_pce) | set(have_pce)):
                if key not in have_pce and not existing.get("pce_whole"):
                    not_compared.append(_FIELD_NAMES.get(key, "pce.extra.%s" % key))
                elif have_pce.get(key) != want_pce.get(key):
                    differences.append("%s: the order has %s, the task asks for %s" % (
                        _FIELD_NAMES.get(key, "pce.extra.%s" % key), show(have_pce.get(key)), show(want_pce.get(key))))
    have_lines, want_lines = existing.get("lines"), wanted.get("lines") or {}
    if have_lines is None:
        not_compared.append("plans and services")
        return differences, not_compared
    for line_id in sorted(set(want_lines) | set(have_lines)):
        want, have = want_lines.get(line_id), have_lines.get(line_id)
        kind = (want or have).get("serviceType") or "line"
        if have is None:
            differences.append("%s %s: not in the order, the task asks for it" % (kind, line_id))
            continue
        if want is None:
            differences.append("%s %s: in the order, not in the task" % (kind, line_id))
            continue
        for field in LINE_FIELDS:
            if want.get(field) is None:
                continue
            if have.get(field) is None:
                not_compared.append("%s of %s %s" % (_FIELD_NAMES[field], kind, line_id))
            elif have[field] != want[field]:
                differences.append("%s of %s %s: the order has %s, the task asks for %s"
                                   % (_FIELD_NAMES[field], kind, line_id, show(have[field]), show(want[field])))
    return differences, not_compared


def order_summary(created=None, listed=None, details=None):
    """One shape for an order, from the create answer, an order-list entry and/or order details.

    The details are read last, so they speak first: a status there is newer than in the other two.
    """
    sources = [s for s in (details, created, listed) if isinstance(s, dict)]

    def pick(*keys):
        for source in sources:
            for key in keys:
                value = find_key(source, key)
                if value not in (None, ""):
                    return to_text(value)
        return None

    order_id = None
    for source in sources:
        if source is created and source.get("orderId") not in (None, ""):
            order_id = to_text(source["orderId"])
            break
        if source is listed and source.get("id") not in (None, ""):
            order_id = to_text(source["id"])
            break
    if order_id is None:
        order_id = pick("orderId")
    return {
        "orderId": order_id,
        "orderNo": pick("orderNo"),
        "orderStatus": pick("orderStatus"),
        "instanceId": pick("instanceId"),
        "productNo": pick("productNo"),
        "transactionNo": pick("transactionNo"),
    }
