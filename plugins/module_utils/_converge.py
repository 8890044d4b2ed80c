# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Desired state for ``yeastar_subscription``: what a customer should have, what the device has, and the orders between.

Nothing here calls the API. :func:`check_desired` checks the options, :func:`device_state` reads a device (an
instance as :func:`._products.normalise_instance` made it), :func:`choose_device` finds the customer's device, and
:func:`plan_actions` decides the orders, each with its reason, its purchase order number and the state it leaves.

Purchase order numbers (:func:`key_of`) are derived from the customer, the product, the device, the kind of order and
the state it moves to: ``ys-<12 hex>-new-<plan>`` buys the first device, ``-ext-<count>`` expands the extensions to
``count``, ``-svc-<service>-<quantity>`` a service to ``quantity``, ``-switch-<plan>`` switches the plan and
``-renew-<YYYYMMDD>`` renews the term that ends that day. A rerun after any fault derives the same number and finds its
own order; a term can be renewed once. The first device's number leaves the counts out on purpose: a corrected count
before the device shows in the product list finds the first order (and refuses to buy a second device) instead.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import json
import re

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._input import INT32_MAX, identifier, text, whole_number
from ansible_collections.yeastar.partner.plugins.module_utils._lookup import LookupFailed, find_one
from ansible_collections.yeastar.partner.plugins.module_utils._products import instance_extensions, matches

# The products this module knows how to converge: the plans are bought per extension, and extensions are added with
# the "Extension Expansion" service (docs/api-contract.md §4 and the Turnkey tutorials).
PRODUCTS = {14: "P-Series Turnkey Package"}
EXTENSION_SERVICE = "extension expansion"
# The order of plans, lowest first, by the words their names carry: the API gives no rank, the tutorials say a switch
# goes to a higher plan only ("Standard", "Enterprise", "Ultimate" in every product that sells plans per extension).
PLAN_RANKS = (("standard", 1), ("enterprise", 2), ("ultimate", 3))
TERM_DAYS = {"annually": 365, "monthly": 31}
BILLING_CYCLES = ("annually", "monthly")
KEY_PREFIX = "ys-"
PURCHASE, EXPAND, EXPAND_SERVICE, SWITCH, RENEW = "purchase", "expand", "expand_service", "switch", "renew"
_KIND_WORDS = {PURCHASE: "new", EXPAND: "ext", EXPAND_SERVICE: "svc", SWITCH: "switch", RENEW: "renew"}
_PARTNER_RE = re.compile(r"^\S+$")
_DAY_MS = 86400 * 1000


class ConvergeError(Exception):
    """The desired state cannot be reached by ordering, or the device cannot be read well enough to decide; nothing
    is sent. ``problems`` lists every reason."""

    def __init__(self, problems):
        problems = [problems] if isinstance(problems, str) else list(problems)
        super(ConvergeError, self).__init__(" ".join(problems))
        self.problems = problems


# ----------------------------------------------------------------------------------------------------------- input

def check_desired(params):
    """``(desired, problems)`` from the module options; ``problems`` names every mistake at once."""
    problems = []
    product_id = identifier(params.get("product_id"), "product_id", problems)
    if product_id is not None and product_id not in PRODUCTS:
        problems.append("product_id %s is not a product yeastar_subscription can converge; it knows %s. Order other "
                        "products with yeastar.partner.yeastar_order." % (
                            product_id, ", ".join("%d (%s)" % kv for kv in sorted(PRODUCTS.items()))))
    partner_id = text(params.get("partner_id"), "partner_id", problems, 254)
    if partner_id is not None and not _PARTNER_RE.match(partner_id):
        problems.append("partner_id must be the subordinate user's Yeastar ID (an e-mail address), got %r." % partner_id)
    product_no = text(params.get("product_no"), "product_no", problems, 64)
    plan = params.get("plan")
    if plan is None or (isinstance(plan, str) and not plan.strip()) or isinstance(plan, (bool, dict, list)):
        problems.append("plan must be the plan's name or id (yeastar_plan_info lists them), got %r." % (plan,))
        plan = None
    else:
        plan = to_text(plan).strip()
    extensions = whole_number(params.get("extensions"), "extensions", problems, low=1, high=INT32_MAX)
    if extensions is None and params.get("extensions") is None:
        problems.append("extensions is required: the number of extensions the customer should have at least.")
    billing_id = identifier(params.get("billing_id"), "billing_id", problems)
    if billing_id is None and params.get("billing_id") in (None, ""):
        problems.append("billing_id is required: the billingContactId of the contact who gets the invoices "
                        "(yeastar.partner.yeastar_partner_info lists them).")
    cycle = params.get("billing_cycle") or "annually"
    renew = whole_number(params.get("renew_within_days"), "renew_within_days", problems, low=0,
                         high=TERM_DAYS["annually"])
    if renew is not None and cycle == "monthly" and renew > TERM_DAYS["monthly"]:
        problems.append("renew_within_days %d is longer than a monthly term (%d days): the device would be renewed "
                        "again at once after each renewal." % (renew, TERM_DAYS["monthly"]))
    services = []
    for index, raw in enumerate(params.get("services") or []):
        where = "services[%d]" % index
        ref = raw.get("id") if raw.get("id") not in (None, "") else raw.get("name")
        if ref is None or (isinstance(ref, str) and not ref.strip()) or isinstance(ref, (bool, dict, list)):
            problems.append("%s needs a name or an id." % where)
            ref = None
        quantity = whole_number(raw.get("quantity"), "%s.quantity" % where, problems, low=1, high=INT32_MAX)
        if raw.get("quantity") is None:
            problems.append("%s.quantity is required: how much of the service the customer should have at least." % where)
        services.append({"ref": to_text(ref).strip() if ref is not None else None, "quantity": quantity})
    desired = dict(product_id=product_id, partner_id=partner_id, product_no=product_no, plan=plan,
                   extensions=extensions, services=services, billing_id=billing_id, billing_cycle=cycle,
                   renew_within_days=renew or 0)
    return desired, problems


def plan_rank(plan):
    """The rank of a plan (1 lowest) from the words of its name, or None when its name says none."""
    name = to_text((plan or {}).get("name") or "").casefold()
    for word, rank in PLAN_RANKS:
        if word in name:
            return rank
    return None


def resolve_desired(desired, plans, services):
    """Find the wanted plan and services in the catalogue (``_lookup.read_catalog``); sets ``desired["plan_item"]``
    and each service's ``item``. Returns the problems (an unknown or ambiguous name or id, a count outside the range)."""
    problems = []
    purchasable = [p for p in plans if (p.get("purchase_type") or "purchase") == "purchase"]
    try:
        desired["plan_item"] = find_one(purchasable, desired["plan"], "plan")
    except LookupFailed as error:
        problems.append(to_text(error))
        desired["plan_item"] = None
    plan = desired["plan_item"]
    if plan is not None and desired["extensions"] is not None:
        high = plan.get("max_quantity")
        if high is not None and desired["extensions"] > high:
            problems.append("extensions %d is above the most plan %s (%s) allows, %d." % (
                desired["extensions"], plan["id"], plan["name"], high))
    try:
        extension_item = find_one(services, EXTENSION_SERVICE, "the extension expansion service")
    except LookupFailed:
        extension_item = None
    desired["extension_item"] = extension_item
    seen = {}
    for index, wanted in enumerate(desired["services"]):
        wanted["item"] = None
        if wanted["ref"] is None:
            continue
        try:
            item = find_one(services, wanted["ref"], "services[%d]" % index)
        except LookupFailed as error:
            problems.append(to_text(error))
            continue
        if extension_item is not None and item["id"] == extension_item["id"]:
            problems.append("services[%d] names %s, the extension expansion: ask for extensions instead." % (
                index, item["name"]))
            continue
        if item["id"] in seen:
            problems.append("services[%d] names service %s (%s), which services[%d] names already." % (
                index, item["id"], item["name"], seen[item["id"]]))
            continue
        seen[item["id"]] = index
        wanted["item"] = item
    return problems


# ---------------------------------------------------------------------------------------------------------- device

def device_state(instance):
    """The state of a device that decides, from a normalised instance: ``product_no``, ``plan_id``, ``plan_name``,
    ``extensions``, ``services`` ({service id: quantity}), ``billing_cycle``, ``expire_date``, ``expire_time``,
    ``activation_status``, ``trial``, ``owner``. A field the answer does not carry is None."""
    services = {}
    for service in instance.get("services") or []:
        if service.get("service_id") is not None:
            services[service["service_id"]] = service.get("quantity")
    return {
        "product_no": instance.get("product_no"),
        "plan_id": instance.get("plan_id"),
        "plan_name": instance.get("plan_name"),
        "extensions": instance_extensions(instance),
        "services": services,
        "service_names": dict((s["service_id"], s.get("service_name")) for s in instance.get("services") or []
                              if s.get("service_id") is not None),
        "billing_cycle": (instance.get("billing_cycle") or "").lower() or None,
        "expire_date": instance.get("expire_date"),
        "expire_time": instance.get("expire_time"),
        "activation_status": instance.get("activation_status"),
        "trial": instance.get("trial"),
        "owner": instance.get("owner"),
    }


def shown_state(state):
    """A device state as the module returns it (``before``/``after``); None for no device."""
    if state is None:
        return None
    shown = dict((k, v) for k, v in state.items() if k not in ("service_names", "expire_time"))
    shown["services"] = [{"id": ident, "name": state.get("service_names", {}).get(ident), "quantity": quantity}
                         for ident, quantity in sorted(state.get("services", {}).items())]
    return shown


def choose_device(instances, partner_id, product_no, own_id=None):
    """The customer's device among normalised ``instances`` (every device of the product), or None when the customer
    has none. ``partner_id`` None is the partner's own account: its devices are those without an owner, or owned by
    ``own_id``. Raises ConvergeError naming the devices when there are several and no ``product_no`` chooses, or when
    ``product_no`` names a device that is not the customer's."""
    def owned(instance):
        owner = (instance.get("owner") or "").strip().casefold()
        if partner_id is not None:
            return owner == partner_id.casefold()
        return owner in ("", (own_id or "").casefold())
    mine = [i for i in instances if owned(i)]
    who = "customer %s" % partner_id if partner_id else "the partner's own account"
    if product_no is not None:
        found = [i for i in mine if matches(i, product_no=product_no)]
        if not found:
            elsewhere = [i for i in instances if matches(i, product_no=product_no)]
            if elsewhere:
                raise ConvergeError("product_no %s is a device of %s, not of %s." % (
                    product_no, elsewhere[0].get("owner") or "the partner's own account", who))
            raise ConvergeError("product_no %s is not a device of %s (the product list does not show it)." % (
                product_no, who))
        return found[0]
    if len(mine) > 1:
        listed = ", ".join("%s (%s, %s extensions, expires %s)" % (
            i.get("product_no"), i.get("plan_name") or i.get("plan_id"), instance_extensions(i), i.get("expire_date"))
            for i in mine[:20])
        raise ConvergeError("%s has %d devices of this product: %s. Name one with product_no." % (
            who[0].upper() + who[1:], len(mine), listed))
    return mine[0] if mine else None


def missing_fields(state, desired):
    """The fields of a device state the decision needs and the answer did not carry."""
    missing = []
    if state.get("product_no") is None:
        missing.append("productNo (the serial number)")
    if state.get("plan_id") is None and state.get("plan_name") is None:
        missing.append("the current plan (planId or planName)")
    if state.get("extensions") is None:
        missing.append("the extension count (quantity)")
    if state.get("billing_cycle") is None:
        missing.append("the billing cycle (billingCycle)")
    if desired["renew_within_days"] and state.get("expire_time") is None:
        missing.append("the end of the term (expireTime)")
    for wanted in desired["services"]:
        if wanted.get("item") is not None and wanted["item"]["id"] in state["services"] and \
                state["services"][wanted["item"]["id"]] is None:
            missing.append("the quantity of service %s" % wanted["item"]["id"])
    return missing


# ---------------------------------------------------------------------------------------------------------- orders

def customer_digest(partner_id, product_id, product_no):
    canonical = json.dumps([(partner_id or "").casefold(), int(product_id), product_no or ""], separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def key_prefix(partner_id, product_id, product_no, kind):
    """The start of the purchase order numbers of one kind of order for one device (or the first device)."""
    return "%s%s-%s-" % (KEY_PREFIX, customer_digest(partner_id, product_id, product_no), _KIND_WORDS[kind])


def key_of(partner_id, product_id, product_no, kind, target):
    """The purchase order number of an order: see the module docstring."""
    return key_prefix(partner_id, product_id, product_no, kind) + to_text(target)


def target_of_key(key, prefix):
    """What an order's purchase order number says it moves to (the text after the prefix), or None."""
    if not key or not key.startswith(prefix):
        return None
    return key[len(prefix):]


def _plan_of(state, plans):
    """The catalogue entry of the device's current plan (by id, else by name), or None."""
    for plan in plans:
        if state.get("plan_id") is not None and plan.get("id") == state["plan_id"]:
            return plan
    for plan in plans:
        if state.get("plan_name") and (plan.get("name") or "").casefold() == state["plan_name"].casefold():
            return plan
    return None


def _line(kind, item, quantity, cycle, connection=None):
    line = {"type": kind, "id": item["id"], "quantity": quantity, "billing_cycle": cycle, "multi_cycle": 0}
    if connection is not None:
        line["connection_plan_id"] = connection
    return line


def _check_range(item, quantity, what, problems):
    low, high = item.get("min_quantity"), item.get("max_quantity")
    if low is not None and quantity < low:
        problems.append("%s: %d is below the least %s (%s) can be ordered in, %d; ask for at least %d more, or as much "
                        "as there is now." % (what, quantity, item["id"], item["name"], low, low))
    elif high is not None and quantity > high:
        problems.append("%s: %d is above the most %s (%s) can be ordered at once, %d." % (
            what, quantity, item["id"], item["name"], high))


def new_device_actions(desired):
    """The one purchase of a customer without a device: the plan and the wanted services together."""
    plan = desired["plan_item"]
    cycle = desired["billing_cycle"]
    items = [_line("plan", plan, desired["extensions"], cycle)]
    problems = []
    _check_range(plan, desired["extensions"], "extensions", problems)
    after_services = {}
    for wanted in desired["services"]:
        item = wanted["item"]
        items.append(_line("service", item, wanted["quantity"], cycle, connection=plan["id"]))
        _check_range(item, wanted["quantity"], "services %s" % item["name"], problems)
        after_services[item["id"]] = wanted["quantity"]
    if problems:
        raise ConvergeError(problems)
    what = ", ".join(["%d extensions" % desired["extensions"]] + [
        "%d %s" % (w["quantity"], w["item"]["name"]) for w in desired["services"]])
    after = {"product_no": None, "plan_id": plan["id"], "plan_name": plan["name"], "extensions": desired["extensions"],
             "services": after_services, "service_names": dict((w["item"]["id"], w["item"]["name"])
                                                               for w in desired["services"]),
             "billing_cycle": cycle, "expire_date": None, "expire_time": None, "activation_status": None,
             "trial": False, "owner": desired["partner_id"]}
    action = {
        "operation": "purchase_plan", "kind": PURCHASE,
        "reason": "The customer has no device of product %d: buy %s (%s) with %s." % (
            desired["product_id"], plan["name"], plan["id"], what),
        "items": items, "product_no": None,
        "po_number": key_of(desired["partner_id"], desired["product_id"], None, PURCHASE, plan["id"]),
        "after": after,
    }
    return [action], after


def plan_actions(desired, state, plans, services, now_ms):
    """``(actions, after, notes)`` for an existing device: the orders that bring ``state`` (see :func:`device_state`)
    to the desired state, in the order they must be placed (a switch, then the expansions, then the renewal, each on
    the state the one before leaves), the state predicted after them, and notes on what is left alone (a device with
    more than asked for). Raises ConvergeError when the desired state cannot be reached by ordering."""
    missing = missing_fields(state, desired)
    if missing:
        raise ConvergeError("Device %s: the Partner Portal's answer does not carry %s, which the decision needs. Check "
                            "the device in the Partner Portal, or order with yeastar_order." % (
                                state.get("product_no") or "?", ", ".join(missing)))
    if state.get("trial"):
        raise ConvergeError("Device %s is on a trial plan; yeastar_subscription does not convert trials (switchTrial_plan). "
                            "Convert it in the Partner Portal or with yeastar_order." % state["product_no"])
    product_id, partner_id, product_no = desired["product_id"], desired["partner_id"], state["product_no"]
    current = _plan_of(state, plans)
    wanted = desired["plan_item"]
    cycle = state["billing_cycle"]
    after = dict(state, services=dict(state["services"]), service_names=dict(state.get("service_names") or {}))
    actions, notes, problems = [], [], []
    if current is None:
        raise ConvergeError("Device %s has plan %s, which the product's catalogue does not list." % (
            product_no, state.get("plan_name") or state.get("plan_id")))
    if cycle not in TERM_DAYS:
        raise ConvergeError("Device %s is billed %s; yeastar_subscription knows annual and monthly terms only." % (
            product_no, cycle))
    if desired["renew_within_days"] > TERM_DAYS[cycle]:
        problems.append("renew_within_days %d is longer than the device's %s term (%d days)." % (
            desired["renew_within_days"], cycle, TERM_DAYS[cycle]))
    # 1. the plan
    if current["id"] != wanted["id"]:
        have, want = plan_rank(current), plan_rank(wanted)
        if have is None or want is None:
            problems.append("Device %s has %s (%s); the plan asked for is %s (%s), and which of the two is higher cannot "
                            "be told from their names. Switch in the Partner Portal." % (
                                product_no, current["name"], current["id"], wanted["name"], wanted["id"]))
        elif want < have:
            problems.append("Device %s has %s (%s), above the plan asked for, %s (%s): a plan can only be switched to a "
                            "higher one (the Partner Portal's rule). Ask for %s, or move the device down in the Partner "
                            "Portal at the end of its term." % (
                                product_no, current["name"], current["id"], wanted["name"], wanted["id"],
                                current["name"]))
        else:
            actions.append({
                "operation": "switch_plan", "kind": SWITCH,
                "reason": "Device %s has %s; %s is asked for: switch up (for its %d extensions, billed %s)." % (
                    product_no, current["name"], wanted["name"], after["extensions"], cycle),
                "items": [_line("plan", wanted, after["extensions"], cycle)], "product_no": product_no,
                "po_number": key_of(partner_id, product_id, product_no, SWITCH, wanted["id"]),
            })
            after["plan_id"], after["plan_name"] = wanted["id"], wanted["name"]
    plan_now = wanted if actions else current
    # 2. the extensions
    if after["extensions"] < desired["extensions"]:
        extra = desired["extensions"] - after["extensions"]
        item = desired.get("extension_item")
        if item is None:
            problems.append("Device %s has %d extensions, %d are asked for, and the catalogue offers no extension "
                            "expansion service to add them." % (product_no, after["extensions"], desired["extensions"]))
        else:
            _check_range(item, extra, "extensions %d of device %s" % (desired["extensions"], product_no), problems)
            actions.append({
                "operation": "purchase_service", "kind": EXPAND,
                "reason": "Device %s has %d extensions, %d are asked for: add %d." % (
                    product_no, after["extensions"], desired["extensions"], extra),
                "items": [_line("service", item, extra, cycle, connection=plan_now["id"])], "product_no": product_no,
                "po_number": key_of(partner_id, product_id, product_no, EXPAND, desired["extensions"]),
            })
            after["extensions"] = desired["extensions"]
    elif after["extensions"] > desired["extensions"]:
        notes.append("Device %s has %d extensions, more than the %d asked for; left as it is (extensions are never "
                     "removed)." % (product_no, after["extensions"], desired["extensions"]))
    # 3. the services
    for wanted_service in desired["services"]:
        item = wanted_service["item"]
        have = after["services"].get(item["id"]) or 0
        if have < wanted_service["quantity"]:
            extra = wanted_service["quantity"] - have
            _check_range(item, extra, "services %s of device %s" % (item["name"], product_no), problems)
            actions.append({
                "operation": "purchase_service", "kind": EXPAND_SERVICE,
                "reason": "Device %s has %d %s, %d are asked for: add %d." % (
                    product_no, have, item["name"], wanted_service["quantity"], extra),
                "items": [_line("service", item, extra, cycle, connection=plan_now["id"])], "product_no": product_no,
                "po_number": key_of(partner_id, product_id, product_no, EXPAND_SERVICE,
                                    "%s-%d" % (item["id"], wanted_service["quantity"])),
            })
            after["services"][item["id"]] = wanted_service["quantity"]
            after["service_names"][item["id"]] = item["name"]
        elif have > wanted_service["quantity"]:
            notes.append("Device %s has %d %s, more than the %d asked for; left as it is." % (
                product_no, have, item["name"], wanted_service["quantity"]))
    # 4. the term
    days = desired["renew_within_days"]
    if days and state["expire_time"] is not None and state["expire_time"] - now_ms <= days * _DAY_MS:
        term = (state["expire_date"] or "").replace("-", "")
        left = (state["expire_time"] - now_ms) / float(_DAY_MS)
        actions.append({
            "operation": "renew_plan", "kind": RENEW,
            "reason": "The term of device %s ends on %s (%s), within renew_within_days %d: renew %s for its %d extensions, "
                      "billed %s." % (product_no, state["expire_date"], "in %.0f days" % left if left >= 0 else
                                      "%.0f days ago" % -left, days, plan_now["name"], after["extensions"], cycle),
            "items": [_line("plan", plan_now, after["extensions"], cycle)], "product_no": product_no,
            "po_number": key_of(partner_id, product_id, product_no, RENEW, term),
        })
        step = TERM_DAYS[cycle] * _DAY_MS
        after["expire_time"] = max(state["expire_time"], now_ms) + step
        after["expire_date"] = _date(after["expire_time"])
    if problems:
        raise ConvergeError(problems)
    for action in actions:
        action["after"] = None
    return actions, after, notes


def _date(epoch_ms):
    moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=epoch_ms)
    return moment.strftime("%Y-%m-%d")


def order_params(desired, action, handling):
    """The options of one order (``_placement.order_argument_spec``) for :class:`._placement.Placement`."""
    params = dict(handling)
    params.update(operation=action["operation"], product_id=desired["product_id"], product_no=action["product_no"],
                  partner_id=desired["partner_id"], billing_id=desired["billing_id"], po_number=action["po_number"],
                  pce=None, validate_references=False, preview_price=False)
    params["items"] = [dict(type=line["type"], id=line["id"], name=None, quantity=line["quantity"],
                            connection_plan_id=line.get("connection_plan_id"), purchase_type=None, billing_model=None,
                            billing_cycle=line["billing_cycle"], multi_cycle=line["multi_cycle"])
                       for line in action["items"]]
    return params


def stale_orders(action, orders, state):
    """The live orders of ``orders`` (ledger entries whose purchase order number has the action's prefix) that moved
    the device further than ``state`` shows: the product list does not show them yet, or they did not take. Ordering
    again on such a state could buy twice."""
    stale = []
    kind = action["kind"]
    for order in orders:
        target = order["target"]
        if target is None or order["po_number"] == action["po_number"]:
            continue
        if kind == EXPAND:
            if target.isdigit() and int(target) > (state.get("extensions") or 0):
                stale.append(order)
        elif kind == EXPAND_SERVICE:
            service, dummy, quantity = target.rpartition("-")
            wanted_service = action["items"][0]["id"]
            if service == to_text(wanted_service) and quantity.isdigit() and \
                    int(quantity) > (state.get("services", {}).get(service) or 0):
                stale.append(order)
        elif kind == PURCHASE:
            stale.append(order)
    return stale
