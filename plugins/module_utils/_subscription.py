# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``yeastar_subscription``'s run: read the device, decide (:mod:`._converge`), price (:mod:`._pricing`), and place
each order through :class:`._placement.Placement`, the same steps as ``yeastar_order``.

A :class:`Convergence` reads what every host of a run reads alike (the catalogue, the billing contacts, the customers,
the product's device list) once per run (:mod:`._run_cache`). Before each order it reads the device's details again and
decides again on them, so a list another host read a minute ago never decides an order. It stops at the first order
that fails or is left open, and says what was ordered before it.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.yeastar.partner.plugins.module_utils import _endpoints as api
from ansible_collections.yeastar.partner.plugins.module_utils._converge import (
    BILLING_CYCLES,
    EXPAND,
    EXPAND_SERVICE,
    PURCHASE,
    RENEW,
    SWITCH,
    ConvergeError,
    check_desired,
    choose_device,
    device_state,
    key_prefix,
    new_device_actions,
    order_params,
    plan_actions,
    resolve_desired,
    shown_state,
    stale_orders,
    target_of_key,
)
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._identity import token_user
from ansible_collections.yeastar.partner.plugins.module_utils._lookup import LookupFailed, find_one, read_catalog
from ansible_collections.yeastar.partner.plugins.module_utils._order import build_body, is_live, order_summary, plan_order
from ansible_collections.yeastar.partner.plugins.module_utils._placement import (
    handling_argument_spec,
    handling_problems,
    place_one,
)
from ansible_collections.yeastar.partner.plugins.module_utils._pricing import order_price, read_prices, totals_by_currency
from ansible_collections.yeastar.partner.plugins.module_utils._products import normalise_instance
from ansible_collections.yeastar.partner.plugins.module_utils._references import References
from ansible_collections.yeastar.partner.plugins.module_utils._run import current_run
from ansible_collections.yeastar.partner.plugins.module_utils._run_cache import RunCache
from ansible_collections.yeastar.partner.plugins.module_utils._store import StoreError

OUTCOMES = ((PURCHASE, "bought"), (SWITCH, "switched"), (EXPAND, "expanded"), (EXPAND_SERVICE, "expanded"),
            (RENEW, "renewed"))
NOTHING = "nothing to do"
# At most this many orders per module run: a switch, an expansion, one per service, a renewal, and a purchase.
MAX_ROUNDS = 12


def subscription_argument_spec():
    spec = dict(
        partner_id=dict(type="str"),
        product_id=dict(type="raw", default=14),
        product_no=dict(type="str"),
        plan=dict(type="raw", required=True),
        extensions=dict(type="raw", required=True),
        services=dict(type="list", elements="dict", default=[], options=dict(
            name=dict(type="str"),
            id=dict(type="raw"),
            quantity=dict(type="raw", required=True),
        ), mutually_exclusive=[["id", "name"]]),
        billing_id=dict(type="raw", required=True),
        billing_cycle=dict(type="str", default="annually", choices=list(BILLING_CYCLES)),
        renew_within_days=dict(type="raw", default=0),
        prices=dict(type="bool", default=True),
    )
    spec.update(handling_argument_spec())
    return spec


def _strip_raw(instance):
    return dict((k, v) for k, v in instance.items() if k != "raw")


def outcome_of(actions):
    """The word for the play's summary: the first kind of order that was placed (or, in check mode, would be)."""
    kinds = set(a["kind"] for a in actions if a.get("status") in ("ordered", "would order") or a.get("changed"))
    for kind, word in OUTCOMES:
        if kind in kinds:
            return word
    return NOTHING


class Convergence:
    """One module run of ``yeastar_subscription``: ``module`` is the :class:`._module.ModuleRuntime`."""

    def __init__(self, module, clock=time.time):
        self.module = module
        self.params = module.params
        self.desired = None
        self.references = References(module)
        self.runs = None
        self.reads = "api"
        self.notes = []
        self._clock = clock

    # -- input ---------------------------------------------------------------------------------------------------

    def validate(self):
        desired, problems = check_desired(self.params)
        problems.extend(handling_problems(self.params))
        if problems:
            self.module.fail("Nothing was ordered. %s" % " ".join(problems), problems=problems)
        self.desired = desired

    def _fail(self, problems, **result):
        problems = [problems] if isinstance(problems, str) else list(problems)
        self.module.fail("Nothing was ordered. %s" % " ".join(problems), problems=problems, changed=False, **result)

    def _shared(self, name, function):
        if self.runs is None:
            try:
                cache = self.module.cache
            except StoreError:
                cache = None
            self.runs = RunCache(cache, current_run(), read_only=self.module.check_mode)
        return self.runs.read(name, function)

    def _read(self, doing, function, *args, **kwargs):
        try:
            return function(self.module.client, *args, **kwargs)
        except PartnerAPIError as error:
            self.module.fail_api(error, doing=doing, then="Nothing was ordered.")
        return None

    # -- references --------------------------------------------------------------------------------------------

    def _check_references(self):
        desired = self.desired
        pid = desired["product_id"]
        catalog = self._shared("catalog:%d" % pid, lambda: self._read(
            "Reading the plans and services of product %d" % pid, api.purchase_product_info, pid))
        plans, services, offering_id = read_catalog(catalog)
        self.offering_id = offering_id
        problems = resolve_desired(desired, plans, services)
        if self.params["validate_references"]:
            contacts = self._shared("billing_contacts", lambda: self._read(
                "Reading the billing contacts", api.list_billing_contacts))
            try:
                find_one(contacts or [], desired["billing_id"], "billing_id", id_key="billingContactId", name_keys=())
            except LookupFailed:
                problems.append("billing_id %s is not a billing contact of this account (yeastar_partner_info lists "
                                "them)." % desired["billing_id"])
            if desired["partner_id"] and not self._is_customer(desired["partner_id"]):
                problems.append("partner_id %s is not a subordinate user of this account (see yeastar_partner_info)."
                                % desired["partner_id"])
        if problems:
            self._fail(problems)
        return plans, services

    def _is_customer(self, partner_id):
        users = self._shared("partners", lambda: self._read("Reading the subordinate users", api.list_partners))
        wanted = partner_id.casefold()
        known = [(u.get("partner_id") or u.get("partnerId") or "").casefold() for u in users or [] if isinstance(u, dict)]
        if wanted in known:
            return True
        try:  # a customer made after the list was read (earlier in the same run)
            return bool(self.references.partner(partner_id))
        except PartnerAPIError as error:
            self.module.fail_api(error, doing="Looking up subordinate user %s" % partner_id, then="Nothing was ordered.")
        return False

    # -- the device ----------------------------------------------------------------------------------------------

    def _devices(self):
        pid = self.desired["product_id"]
        name = "devices:%d" % pid

        def read():
            rows, dummy = self._read("Reading the devices of product %d" % pid, api.list_instances, pid)
            return [_strip_raw(normalise_instance(row)) for row in rows]
        devices = self._shared(name, read)
        if self.runs is not None and name in self.runs.hits:
            self.reads = "run"
        return devices

    def _own_id(self):
        try:
            return token_user(self.module.client.access_token())
        except PartnerAPIError:
            return None

    def _details(self, product_no):
        """The device's state from its details (read now), or None when the API says there is no such device."""
        pid = self.desired["product_id"]
        try:
            raw = api.get_instance(self.module.client, pid, product_no)
        except PartnerAPIError as error:
            if error.not_found:
                return None, None
            raise
        return device_state(normalise_instance(raw)), raw

    def _first_state(self, plans):
        desired = self.desired
        try:
            device = choose_device(self._devices(), desired["partner_id"], desired["product_no"], self._own_id())
        except ConvergeError as error:
            self._fail(error.problems)
        if device is None:
            return None
        state = device_state(device)
        if self._decide(state, plans, self._services, quiet=True) is None:
            # The list does not carry what the decision needs: the device's details may.
            try:
                detailed, dummy = self._details(state["product_no"])
            except PartnerAPIError as error:
                self.module.fail_api(error, doing="Reading device %s" % state["product_no"], then="Nothing was ordered.")
            if detailed is not None:
                for key, value in detailed.items():
                    if state.get(key) in (None, {}) and value not in (None, {}):
                        state[key] = value
        return state

    def _decide(self, state, plans, services, quiet=False, done=None):
        """``(actions, after, notes)`` for ``state`` (None: no device); with ``quiet``, None instead of failing on a
        missing field. ``done``: the actions this run placed already (a failure then says so)."""
        try:
            if state is None:
                actions, after = new_device_actions(self.desired)
                return actions, after, []
            return plan_actions(self.desired, state, plans, services, int(self._clock() * 1000))
        except ConvergeError as error:
            if quiet and any("does not carry" in p for p in error.problems):
                return None
            if done:
                self.module.fail("The device no longer fits the desired state after %s: %s" % (
                    done[-1]["operation"], " ".join(error.problems)), problems=error.problems,
                    **self._partial(done, state))
            self._fail(error.problems, before=shown_state(state))
        return None

    # -- prices --------------------------------------------------------------------------------------------------

    def _prices(self, cycle):
        if not self.params["prices"]:
            return None, "prices: false"
        try:
            answer = api.price_list(self.module.client, self.desired["product_id"], self.desired["partner_id"],
                                    cycle, self.offering_id)
        except PartnerAPIError as error:
            return None, "the price list could not be read (%s)" % self.module.scrub(str(error))
        return read_prices(answer), None

    def _price_actions(self, actions, cycle):
        """Give each action its price (:func:`._pricing.order_price`); returns the sum per currency of the actions to
        be placed (not those found ordered already) and how many of their lines have no price."""
        prices, why = self._prices(cycle) if actions else (None, None)
        lines = []
        for action in actions:
            action["price"] = order_price(prices, action["order_request"], why)
            if action.get("status") != "already ordered":
                lines.extend(action["price"]["lines"])
        return totals_by_currency(lines)

    # -- ordering ------------------------------------------------------------------------------------------------

    def _handling(self):
        return dict((k, self.params[k]) for k in handling_argument_spec())

    def _request_of(self, action):
        order, dummy = plan_order(order_params(self.desired, action, self._handling()))
        body = build_body(order)
        body["poNumber"] = action["po_number"]
        return body

    def _stale(self, action, state):
        """Live orders of this device (or first device) of the action's kind, not shown by ``state``: stop on them."""
        desired = self.desired
        prefix = key_prefix(desired["partner_id"], desired["product_id"], action["product_no"], action["kind"])
        ledger = self.module.ledger
        ledger.sync(reuse=1.0)
        found = []
        for order in ledger.orders_with_prefix(prefix):
            po_number = order["customReferenceNo"] or order["sentAs"]
            if not order["fresh"]:
                details = api.get_order(self.module.client, order["id"])
                order["orderStatus"] = order_summary(listed=order, details=details)["orderStatus"]
                ledger.set_status(order["id"], order["orderStatus"])
            if is_live(order):
                found.append({"po_number": po_number, "target": target_of_key(po_number, prefix),
                              "orderNo": order["orderNo"], "orderStatus": order["orderStatus"]})
        for po_number in ledger.questions_with_prefix(prefix):
            if po_number != action["po_number"]:
                # Another count or plan of the same kind whose answer was lost: it may have bought what this one would.
                found.append({"po_number": po_number, "target": target_of_key(po_number, prefix), "orderNo": None,
                              "orderStatus": "outcome unknown", "unknown": True})
        return [o for o in found if o.get("unknown")] + stale_orders(action, [o for o in found if not o.get("unknown")],
                                                                     state or {})

    def _refuse_stale(self, action, state, actions):
        try:
            stale = self._stale(action, state)
        except PartnerAPIError as error:
            self.module.fail_api(error, doing="Reading the order ledger before %s" % action["operation"],
                                 then="Nothing more was ordered.", **self._partial(actions, state))
        unknown = [o["po_number"] for o in stale if o.get("unknown")]
        if unknown:
            self.module.fail("%s was not sent: the outcome of an earlier order request of this kind for this device, "
                             "poNumber %s, is unknown, and it may have bought what this order would. Run the task as it "
                             "was then (the same count or plan), which finds that order or, with retry_unknown_outcome "
                             "once you know it was not placed, places it; then ask for more." % (
                                 action["operation"], ", ".join(unknown)),
                             stale_orders=stale, **self._partial(actions, state))
        if stale:
            shown = ", ".join("%s (%s, poNumber %s)" % (o["orderNo"], o["orderStatus"], o["po_number"]) for o in stale)
            what = "shows no device" if state is None else "does not show what they ordered"
            self.module.fail("%s was not sent: earlier orders of this kind, %s, are live, but the Partner Portal %s yet. "
                             "Ordering on this state could buy twice. Run again once the product list shows them, or "
                             "check them in the Partner Portal." % (action["operation"], shown, what),
                             stale_orders=stale, **self._partial(actions, state))

    def _partial(self, actions, state):
        done = [a for a in actions if a.get("status") in ("ordered", "already ordered") or a.get("changed")]
        return dict(changed=any(a.get("status") == "ordered" or a.get("changed") for a in done),
                    actions=[self._public(a) for a in done],
                    before=shown_state(self.before), after=shown_state(state))

    def _place(self, action, actions):
        """Place one action; returns the placement's result (a failure ends the module)."""
        params = order_params(self.desired, action, self._handling())
        label = "%s %s" % (action["operation"], action["po_number"])
        try:
            result, dummy = place_one(self.module, params, references=self.references, label=label)
        except PartnerAPIError as error:
            self.module.fail_api(error, doing="Ordering %s (poNumber %s)" % (action["operation"], action["po_number"]),
                                 then="Nothing was sent for it.", **self._partial(actions, None))
        return result

    def _record(self, action, result):
        action["order"] = result.get("order")
        action["reconciled"] = bool(result.get("reconciled"))
        action["order_request"] = result.get("order_request") or action.get("order_request")
        # A failure after the order was sent (read back, waiting, a list that does not show it) still placed it.
        action["changed"] = bool(result.get("changed")) and not self.module.check_mode
        if result.get("failed"):
            action["status"] = "failed"
        elif self.module.check_mode and result.get("order") is None:
            action["status"] = "would order"
        else:
            action["status"] = "ordered" if result.get("changed") else "already ordered"

    # -- the run -------------------------------------------------------------------------------------------------

    def run(self):
        plans, services = self._check_references()
        self._services = services
        state = self._first_state(plans)
        self.before = state
        actions, after, notes = self._decide(state, plans, services)
        self.notes = notes
        for action in actions:
            action["order_request"] = self._request_of(action)
        if self.module.check_mode:
            return self._check_run(actions, state, after)
        return self._real_run(actions, state, plans, services)

    def _public(self, action):
        shown = dict((k, action.get(k)) for k in ("operation", "reason", "po_number", "order_request", "status",
                                                  "order", "reconciled", "price"))
        return shown

    def _result(self, actions, state, after, failed_result=None):
        cycle = (state or {}).get("billing_cycle") or self.desired["billing_cycle"]
        spend, unknown = self._price_actions(actions, cycle)
        ordered = [a for a in actions if a.get("status") == "ordered" or a.get("changed")]
        result = dict(
            changed=bool(ordered) or (self.module.check_mode and any(a.get("status") == "would order" for a in actions)),
            actions=[self._public(a) for a in actions], before=shown_state(state), after=shown_state(after),
            outcome=outcome_of(actions), spend=spend, prices_unknown=unknown, notes=list(self.notes), reads=self.reads,
            diff={"before": shown_state(state) or {}, "after": shown_state(after) or {}},
        )
        result["msg"] = self._message(actions, state, after)
        if failed_result is not None:
            result.update(failed=True, msg="%s %s" % (result["msg"], failed_result.get("msg")))
            for key in ("api_error", "differences", "duplicates", "problems"):
                if key in failed_result:
                    result[key] = failed_result[key]
        return result

    def _message(self, actions, state, after):
        device = (after or {}).get("product_no") or (state or {}).get("product_no")
        where = ("device %s" % device) if device else "a new device"
        who = self.desired["partner_id"] or "the partner's own account"
        if not actions:
            extra = " %s" % " ".join(self.notes) if self.notes else ""
            return "Nothing to do: %s of %s has everything asked for.%s" % (where, who, extra)
        verb = {"ordered": "Ordered", "already ordered": "Found already ordered", "would order": "Would order",
                "failed": "Failed"}
        parts = ["%s %s (poNumber %s)" % (verb.get(a.get("status"), "Did not send"), a["operation"], a["po_number"])
                 for a in actions]
        tail = " (check mode: nothing was sent)" if self.module.check_mode else ""
        return "%s for %s of %s%s." % ("; ".join(parts), where, who, tail)

    def _check_run(self, actions, state, after):
        for action in actions:
            self._refuse_stale(action, state, [])
            self._before_placing(action)
            result, dummy = place_one(self.module, order_params(self.desired, action, self._handling()),
                                      references=self.references, label=action["po_number"])
            if result.get("failed"):
                return self._result(actions, state, after, failed_result=result)
            self._record(action, result)
        return self._result(actions, state, after)

    def _real_run(self, actions, state, plans, services):
        """Read the device again, decide again, place the first order; until nothing is left."""
        done = []
        current = state
        planned = actions
        for dummy in range(MAX_ROUNDS):
            if not planned and not done:
                break  # nothing is missing by the list: a device's counts only grow, so a fresh read could only agree
            if current is not None:
                current = self._read_again(current.get("product_no"), done, current)
                planned, dummy_after, self.notes = self._decide(current, plans, services, done=done)
            if not planned:
                break
            action = planned[0]
            if any(a["po_number"] == action["po_number"] for a in done):
                return self._result(done, state, current, failed_result={"msg": (
                    "%s (poNumber %s) was placed, but the device does not show it yet, so the orders after it were not "
                    "sent. Run again once the Partner Portal shows it." % (action["operation"], action["po_number"]))})
            self._refuse_stale(action, current, done)
            action["order_request"] = self._request_of(action)
            self._before_placing(action)
            result = self._place(action, done)
            self._record(action, result)
            done.append(action)
            if result.get("failed"):
                return self._result(done, state, current, failed_result=result)
            if current is None:
                product_no = (action.get("order") or {}).get("productNo")
                current = self._read_again(product_no, done, None) if product_no else None
                if current is None:
                    return self._result(done, state, None, failed_result={"msg": (
                        "The new device does not show in the Partner Portal yet (the order gave %s); run again to "
                        "complete the rest of the desired state." % (product_no or "no productNo"))})
                planned = None
        else:
            return self._result(done, state, current, failed_result={"msg": "Stopped after %d orders." % MAX_ROUNDS})
        return self._result(done, state, current)

    def _before_placing(self, action):
        """A renewal is checked against the device's extension count: the one just read (or, in check mode, predicted)."""
        if action["kind"] == RENEW:
            plan_line = action["items"][0]
            self.references.remember_instance(self.desired["product_id"], action["product_no"],
                                              {"productNo": action["product_no"], "quantity": plan_line["quantity"]})

    def _read_again(self, product_no, done, current):
        """The device's state read now from its details (the list another host read decides nothing)."""
        try:
            state, dummy = self._details(product_no)
        except PartnerAPIError as error:
            then = "The orders placed stay placed; running the task again finds them." if done else "Nothing was ordered."
            self.module.fail_api(error, doing="Reading device %s" % product_no, then=then, **self._partial(done, current))
        if state is None:
            self.module.fail("Device %s is not in the Partner Portal any more (its details answer: not found)." % product_no,
                             **self._partial(done, current))
        return state
