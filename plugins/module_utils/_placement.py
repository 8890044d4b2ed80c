# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Placing one order safely, for ``yeastar_order`` (one order per module run) and ``yeastar_order_batch`` (many).

A :class:`Placement` goes through the steps in order and returns the module result of that order as a dict:

1. :meth:`Placement.prepare`: check the input and (optionally) the references, build the request body and its
   purchase order number. Nothing is sent to the order endpoint.
2. :meth:`Placement.decide`: under the lock of the purchase order number, bring the ledger up to date, return the
   order that carries the number already (refusing one with other contents), stop on an open unknown outcome, and
   otherwise order, unless in check mode.
3. :meth:`Placement.finish`: read the order back when it was found by reconciliation, and wait for a final status.

A step that ends the order early raises :class:`Stop` with the whole result (failed or not). API errors escape as
:class:`PartnerAPIError`; :meth:`Placement.api_failure` shapes them once the caller knows whether an order was placed.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible.module_utils.basic import env_fallback

from ansible_collections.yeastar.partner.plugins.module_utils import _endpoints as api
from ansible_collections.yeastar.partner.plugins.module_utils._errors import OutcomeUncertain, PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._input import seconds, whole_number
from ansible_collections.yeastar.partner.plugins.module_utils._order import (
    BILLING_CYCLES,
    BILLING_MODELS,
    CUSTOMER_MEMBERS,
    DEAD_ORDER_STATUSES,
    FINAL_ORDER_STATUSES,
    OPERATIONS,
    PURCHASE_TYPES,
    build_body,
    compare_contents,
    contents_of_body,
    contents_of_details,
    customer_of_body,
    customer_shown,
    derive_po_number,
    is_live,
    legacy_po_number,
    order_summary,
    plan_order,
)
from ansible_collections.yeastar.partner.plugins.module_utils._pricing import order_price, read_prices
from ansible_collections.yeastar.partner.plugins.module_utils._references import References
from ansible_collections.yeastar.partner.plugins.module_utils._store import StoreError


WAIT_MAX = 86400  # a day
# A read of the order list that ended this recently (the check after the previous order of a batch) stands for the
# read before the next decision; see OrderLedger.sync.
REUSE_READ_SECONDS = 1.0


def order_argument_spec():
    """The options that describe one order (``yeastar_order``'s, and each of ``yeastar_order_batch``'s orders)."""
    return dict(
        operation=dict(type="str", default="purchase_plan", choices=list(OPERATIONS)),
        product_id=dict(type="raw", required=True),
        product_no=dict(type="str"),
        partner_id=dict(type="str"),
        billing_id=dict(type="raw"),
        po_number=dict(type="raw"),
        items=dict(type="list", elements="dict", required=True, options=dict(
            type=dict(type="str", required=True, choices=["plan", "service"]),
            id=dict(type="raw"),
            name=dict(type="str"),
            quantity=dict(type="raw"),
            connection_plan_id=dict(type="raw"),
            purchase_type=dict(type="str", choices=list(PURCHASE_TYPES)),
            billing_model=dict(type="str", choices=list(BILLING_MODELS)),
            billing_cycle=dict(type="str", choices=list(BILLING_CYCLES)),
            multi_cycle=dict(type="raw", default=0),
        ), mutually_exclusive=[["id", "name"]]),
        pce=dict(type="dict", options=dict(
            pbx_name=dict(type="str"),
            region=dict(type="raw"),
            domain=dict(type="raw"),
            pbx_url=dict(type="str"),
            extra=dict(type="dict", default={}),
        )),
    )


def handling_argument_spec():
    """The options that say how orders are placed, shared by every order of a module run."""
    return dict(
        validate_references=dict(type="bool", default=True),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="raw", default=300),
        wait_interval=dict(type="float", default=5),
        retry_unknown_outcome=dict(type="bool", default=False),
        # No default here: a default would win over the environment variable. Not set means "both".
        customer_member=dict(type="str", choices=list(CUSTOMER_MEMBERS),
                             fallback=(env_fallback, ["YEASTAR_CUSTOMER_MEMBER"])),
    )


def handling_problems(params):
    """What is wrong with the shared options (an empty list when nothing is); normalises them in ``params``."""
    problems = []
    params["wait_timeout"] = whole_number(params["wait_timeout"], "wait_timeout", problems, low=1, high=WAIT_MAX)
    params["wait_interval"] = seconds(params["wait_interval"], "wait_interval", problems, high=3600)
    return problems


class Stop(Exception):
    """The order's result is known before the end of the steps: ``result`` is the whole module result of the order
    (``failed`` set when it failed). ``halt`` says that no further order of the module run should be sent: this one's
    outcome is unknown, or it left more than one live order, or the order list does not show it."""

    def __init__(self, result, halt=False):
        super(Stop, self).__init__(result.get("msg") or "stopped")
        self.result = result
        self.halt = halt


class OrderOutcomeUnknown(PartnerAPIError):
    """The order request may or may not have created an order, and the order list could not tell (see
    :func:`send_order`). Its fields are those of the error that left the outcome open."""


def send_order(client, body, look_for):
    """Send Create an Order once; returns ``(result, reconciled)``.

    When the outcome of the request is uncertain (:class:`OutcomeUncertain`: the answer was lost, cut off, a 5xx, a
    2xx that does not say success), the order is looked for by its purchase order number: ``look_for(po_number)``
    (the ledger's :meth:`OrderLedger.look_for`) returns the live orders that carry it, newest first, and raises
    PartnerAPIError when it cannot tell. ``reconciled`` is True when the order was found that way (``result`` is then
    that order-list row). When neither the answer nor the order list can tell, :class:`OrderOutcomeUnknown` is raised.
    An error known to come before the request was written, or the API's refusal, escapes as it is: nothing was ordered.
    The request is never sent again.
    """
    try:
        return api.create_order(client, body), False
    except OutcomeUncertain as uncertain:
        return _reconcile(body.get("poNumber"), uncertain.cause, look_for), True


def _reconcile(po_number, cause, look_for):
    """After an uncertain order request: the order found by poNumber, or OrderOutcomeUnknown saying what is known."""
    method, path = cause.method, cause.path
    what = dict(status=cause.status, code=cause.code, detail=cause.detail, request_id=cause.request_id,
                reason=cause.reason)
    if not po_number:
        raise OrderOutcomeUnknown(method, path,
                                  hint="The request carried no poNumber, so the order list cannot tell whether an "
                                       "order was created. Check the Partner Portal before running again.", **what)
    try:
        live = look_for(po_number)
    except PartnerAPIError as exc:
        raise OrderOutcomeUnknown(method, path, hint=(
            "The order request was sent and its answer was lost; the order list could not be read either (%s). "
            "The order may exist, or the Partner Portal may still create it. Nothing was sent again."
            % exc.message), **what)
    if live:
        return live[0]
    raise OrderOutcomeUnknown(method, path, hint=(
        "The order request was sent and its answer was lost; the order list, read to its end twice, shows no live "
        "order with poNumber %s. The Partner Portal may still create the order (a slow service can commit after "
        "the client gave up), so the request is not safely over. Nothing was sent again." % po_number), **what)


class Placement:
    """One order: ``params`` holds its options (:func:`order_argument_spec`) and the shared ones
    (:func:`handling_argument_spec`); ``module`` is the :class:`ModuleRuntime` (client, ledger, check mode, warnings).
    ``label`` names the order in warnings when a module run places several."""

    def __init__(self, module, params, references=None, label=None):
        self.module = module
        self.params = params
        self.references = references or References(module)
        self.label = label
        self.body = None
        self.po_number = None
        self.keys = None
        self.placed = None  # (summary, created, listed, reconciled) once this run has ordered
        # Problems that stop a new order but not the finding of an existing one (a renewal's count that no longer
        # matches the device: the renewal carrying the number may have been placed before an expansion).
        self.deferred = []
        self.ended = []  # orders with this purchase order number that failed, were cancelled, refunded or invalid

    # -- results -------------------------------------------------------------------------------------------------

    def warn(self, msg):
        self.module.warn("%s: %s" % (self.label, msg) if self.label else msg)

    def _base(self):
        result = {}
        if self.po_number is not None:
            result.update(po_number=self.po_number, order_request=self.body)
        if self.ended:
            result["ended_orders"] = list(self.ended)
        return result

    def failure(self, msg, **result):
        """A failed result of this order (the message scrubbed of secrets)."""
        base = self._base()
        base.update(result)
        base.update(failed=True, msg=self.module.scrub(msg))
        base.setdefault("changed", False)
        return base

    def api_failure(self, error, doing=None, then=None, **result):
        """A failed result for an API error: what was being done, the call and the API's answer, what to do next."""
        return self.failure(self.module.api_error_message(error, doing, then), api_error=error.to_dict(), **result)

    def after_placing_failure(self, error):
        """The result when something failed after this run placed the order (reading it back, waiting)."""
        summary, dummy, dummy, reconciled = self.placed
        doing = "Order %s (poNumber %s) was placed, but reading it back failed" % (summary.get("orderNo"), self.po_number)
        if isinstance(error, PartnerAPIError):
            return self.api_failure(error, doing=doing, changed=True, order=summary, reconciled=reconciled)
        return self.failure("%s: unexpected error %s: %s. The order stays placed; running the task again finds it."
                            % (doing, type(error).__name__, error), changed=True, order=summary, reconciled=reconciled)

    def _diff(self, before, after):
        return {"diff": {"before": before, "after": after}} if self.module.diff_mode else {}

    # -- step 1 ----------------------------------------------------------------------------------------------------

    def prepare(self):
        """Check the input (and, with validate_references, the references) and build the body. Raises :class:`Stop`
        with every problem found; nothing is sent to the order endpoint."""
        order, problems = plan_order(self.params)
        problems.extend(handling_problems(self.params))
        if not problems:
            problems = self.references.problems(order, self.params["validate_references"], self.deferred)
        if problems:
            raise Stop(self.failure("The order was not sent. %s" % " ".join(problems), problems=problems))
        self.body = build_body(order)
        self.po_number = order["po_number"] or derive_po_number(self.body)
        self.body["poNumber"] = self.po_number
        self.keys = [self.po_number] if order["po_number"] else [self.po_number, legacy_po_number(self.body)]

    # -- step 2 ----------------------------------------------------------------------------------------------------

    def decide(self):
        """Return the order's result when it exists already or in check mode; otherwise order (``self.placed``)
        and return None. Everything from looking to recording the order holds the purchase order number's lock."""
        ledger = self.module.ledger
        result = dict(self._base(), reconciled=False)
        with ledger.key_lock(self.po_number):
            ledger.sync(reuse=REUSE_READ_SECONDS)
            existing = self._existing_order()
            if existing is not None:
                if (existing.get("orderStatus") or "").lower() == "pending":
                    self.warn("Order %s with poNumber %s is pending: it waits for payment in the Partner Portal."
                              % (existing.get("orderNo"), self.po_number))
                state = {"po_number": self.po_number, "order": existing}
                result.update(changed=False, order=existing, msg=describe(dict(result, changed=False, order=existing)),
                              **self._diff(state, state))
                return result
            if self.deferred:
                raise Stop(self.failure("The order was not sent. %s" % " ".join(self.deferred), problems=list(self.deferred)))
            self._stop_on_open_question()
            self._stop_on_taken_url()
            if self.module.check_mode:
                before = {"po_number": self.po_number, "order": None}
                after = {"po_number": self.po_number, "order_request": self.body}
                if self.params.get("preview_price", True):  # yeastar_subscription prices its actions itself
                    result["price"] = self.price()
                result.update(changed=True, order=None, msg=describe(dict(result, changed=True, order=None)),
                              **self._diff(before, after))
                return result
            self.placed = self._place()
        return None

    def price(self):
        """What the order would cost by the partner's price list (:func:`._pricing.order_price`), for check mode. A
        price list that cannot be read makes the price unknown, never the task fail."""
        body = self.body
        cycle = next((line.get("billingCycle") for line in body.get("serviceList") or [] if line.get("billingCycle")), None)
        try:
            prices = read_prices(api.price_list(self.module.client, body["productId"], customer_of_body(body) or None,
                                                cycle))
        except PartnerAPIError as error:
            return order_price(None, body, "the price list could not be read (%s)" % self.module.scrub(str(error)))
        return order_price(prices, body)

    def _existing_order(self):
        """The live order carrying one of the keys (the purchase order number first), as a summary, or None.

        A matching order's status is read fresh unless this run read it already; an order that carries the key with
        other contents is refused, naming each difference.
        """
        ledger = self.module.ledger
        found = ledger.orders_for(self.keys)
        details = {}
        for order in found:
            if not order["fresh"]:
                details[order["id"]] = api.get_order(self.module.client, order["id"])
                status = order_summary(listed=order, details=details[order["id"]])["orderStatus"]
                order["orderStatus"] = status
                ledger.set_status(order["id"], status)
        live = [o for o in found if is_live(o)]
        dead = [o for o in found if not is_live(o)]
        self.ended = [{"orderNo": o["orderNo"], "orderStatus": o["orderStatus"]} for o in dead]
        if not live:
            return None
        if len(live) > 1:
            self.warn("%d live orders carry poNumber %s (%s); returning the newest. Check them in the Partner Portal: "
                      "the API cannot cancel an order." % (len(live), self.po_number,
                                                           ", ".join(str(o["orderNo"]) for o in live)))
        target = live[0]
        contents = ledger.contents(target["id"])
        if contents is None:
            if target["id"] not in details:
                details[target["id"]] = api.get_order(self.module.client, target["id"])
            contents = contents_of_details(details[target["id"]])
            contents["summary"] = order_summary(listed=target, details=details[target["id"]])
            ledger.remember_contents(target["id"], contents)
        self._refuse_other_contents(target, contents)
        if ledger.open_question(self.po_number):
            ledger.set_question(self.po_number, None)  # in check mode the ledger is read-only: nothing is written
        summary = dict(contents.get("summary") or order_summary(listed=target))
        summary.update(orderId=target["id"], orderNo=target["orderNo"] or summary.get("orderNo"),
                       orderStatus=target["orderStatus"])
        return summary

    def _wanted_contents(self):
        """What this task asks for, as compared with an existing order. A renewal is for the device's extension count
        at the time it was placed (the API's rule): an expansion since changes the count, not the renewal, so a
        renewal's plan quantity is not compared."""
        wanted = contents_of_body(self.body)
        if self.body.get("operationType") == "renew_plan":
            for line in (wanted.get("lines") or {}).values():
                if line.get("serviceType") == "plan":
                    line["quantity"] = None
        return wanted

    def _refuse_other_contents(self, listed, contents):
        """Refuse a purchase order number that an order with other contents carries already; nothing is sent."""
        differences, not_compared = compare_contents(contents, self._wanted_contents())
        if differences:
            if (self.body.get("operationType") or "").startswith("renew_"):
                then = ("That order renews this device already, so no other renewal is placed with this number. If that "
                        "renewal is the one you wanted, make the task match it; a renewal for the next term takes the "
                        "next term's reference.")
            else:
                then = ("If that order is the one you want, make the task match it; to buy this as another order, give "
                        "it its own po_number.")
            raise Stop(self.failure(
                "poNumber %s already belongs to order %s (%s), which differs from this task: %s. Nothing was ordered. %s"
                % (self.po_number, listed.get("orderNo"), listed.get("orderStatus"), "; ".join(differences), then),
                differences=differences))
        if not_compared:
            self.warn("Order %s carries poNumber %s; the Partner Portal does not show its %s, so they could not be "
                      "compared with this task." % (listed.get("orderNo"), self.po_number, ", ".join(not_compared)))

    def _stop_on_open_question(self):
        """Stop when an earlier request with this key had an unknown outcome and no order has shown up since."""
        question = self.module.ledger.open_question(self.po_number)
        if not question:
            return
        if self.params["retry_unknown_outcome"]:
            if self.module.check_mode:
                # Check mode changes nothing: the question stays open for the runs that come after this preview.
                self.warn("An earlier order request with poNumber %s had an unknown outcome (%s); a real run with "
                          "retry_unknown_outcome=true would order again. This preview left that record as it is."
                          % (self.po_number, question.get("at")))
            return
        raise Stop(self.failure(
            "An order request with poNumber %s was sent at %s and its outcome was never known (%s). The order list still "
            "shows no order with that number, but the Partner Portal may yet create it, so nothing was ordered now. "
            "Check Orders & Billing in the Partner Portal: if the order is there, wait until the order list shows it and "
            "run again; if you are sure no order was made, run again with retry_unknown_outcome=true."
            % (self.po_number, question.get("at"), question.get("reason"))))

    def _stop_on_taken_url(self):
        """A new Cloud Edition PBX needs a free URL: one in use (and not by an order with this number, found above)
        stops the order before it is sent."""
        url = (self.body.get("orderPceSpecialRequest") or {}).get("pbxUrl")
        if url and api.pbx_url_taken(self.module.client, url):
            raise Stop(self.failure("The PBX URL %s is already in use, and no order with poNumber %s was found; nothing "
                                    "was ordered. Choose another pce.pbx_url (yeastar_product_info with pbx_url tells "
                                    "whether one is free)." % (url, self.po_number)))

    def _remember_question(self, request_id, reason):
        self.module.ledger.set_question(self.po_number, {
            "at": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "requestId": request_id, "reason": reason})

    def _place(self):
        """Send the order once, record it, and check that it is the only live order with its key.

        The question "was this order placed?" is written before the request goes out and cleared when its answer is
        recorded: a run killed in between leaves the number held for every later run until the order list shows the
        order or a person says there is none (retry_unknown_outcome). When it cannot be written, nothing is sent."""
        ledger = self.module.ledger
        try:
            self._remember_question(None, "the order request was being sent; the run ended before its answer was recorded")
        except Exception as error:  # pylint: disable=broad-except
            raise Stop(self.failure(
                "The order was not sent: the order ledger could not record that an order request with poNumber %s is "
                "going out (%s: %s), and no order is sent that the ledger cannot account for. Fix the ledger (cache_dir, or "
                "the database of ledger_url) and run again." % (self.po_number, type(error).__name__, error)))
        ledger.watch(self.po_number)
        try:
            answer, reconciled = send_order(self.module.client, self.body, ledger.look_for)
        except OrderOutcomeUnknown as error:
            try:
                self._remember_question(error.request_id, error.reason or "HTTP %s %s" % (error.status, error.code or ""))
            except Exception:  # pylint: disable=broad-except
                pass  # the question written before the request went out stays, and holds the number just the same
            raise Stop(self.api_failure(
                error, doing="Whether the order was placed is unknown", changed=True,
                then="Check Orders & Billing in the Partner Portal for poNumber %s before anything else. Running this "
                     "task again on this controller will not order while the outcome is open: it returns the order "
                     "once the order list shows it, and otherwise stops until you set retry_unknown_outcome=true."
                     % self.po_number), halt=True)
        except PartnerAPIError:
            # A definite refusal, or an error known to come before the request was written: nothing was ordered.
            try:
                ledger.set_question(self.po_number, None)
            except Exception:  # pylint: disable=broad-except
                pass  # the question stays: a later run stops on it, which is safe
            raise
        except Exception as error:  # pylint: disable=broad-except
            # Not an answer of the service: whether the request went out and was acted on is not known.
            reason = "%s: %s" % (type(error).__name__, error)
            try:
                self._remember_question(None, reason)
            except Exception:  # pylint: disable=broad-except
                pass
            raise Stop(self.failure(
                "Whether the order was placed is unknown: sending the order request with poNumber %s failed with %s. "
                "Check Orders & Billing in the Partner Portal for that number before anything else."
                % (self.po_number, reason), changed=True), halt=True)
        created, listed = (None, answer) if reconciled else (answer, None)
        summary = order_summary(created=created, listed=listed)
        contents = contents_of_body(self.body)
        contents.update(summary=summary, poNumber=self.po_number)
        try:
            ident = ledger.record_order(dict(summary, id=(listed or {}).get("id")), self.po_number, contents)
            live = ledger.look_for(self.po_number)
        except Exception as error:  # pylint: disable=broad-except
            # Whatever goes wrong now, the order exists: report it as placed.
            doing = ("Order %s (poNumber %s) was placed, but looking for other orders with its number failed"
                     % (summary.get("orderNo"), self.po_number))
            then = "Check in the Partner Portal that it is the only order with that number."
            if isinstance(error, StoreError):
                raise Stop(self.failure(
                    "Order %s (poNumber %s) was placed, but the order ledger could not record it: %s The question written "
                    "before the order was sent stays in the ledger, so no run orders this number again until the order "
                    "list shows the order. %s" % (summary.get("orderNo"), self.po_number, error.what, then),
                    changed=True, order=summary, reconciled=reconciled), halt=True)
            if isinstance(error, PartnerAPIError):
                raise Stop(self.api_failure(error, doing=doing, then=then, changed=True, order=summary,
                                            reconciled=reconciled), halt=True)
            raise Stop(self.failure("%s: %s. %s" % (doing, error, then), changed=True, order=summary,
                                    reconciled=reconciled), halt=True)
        mine = [o for o in live if o["id"] == ident or (o["orderNo"] and o["orderNo"] == summary.get("orderNo"))]
        if not mine:
            raise Stop(self.failure(
                "Order %s was placed, but the order list does not show it under poNumber %s (customReferenceNo). This "
                "controller remembers it, but another controller, or this one after its cache is lost, could not "
                "recognise it and would buy again. Do not run it again before checking the order in the Partner Portal."
                % (summary.get("orderNo"), self.po_number), changed=True, order=summary, reconciled=reconciled), halt=True)
        self._check_customer(mine[0]["id"], summary, ledger.row(mine[0]["id"]), contents, reconciled)
        if len(live) > 1:
            raise Stop(self.failure(
                "DUPLICATE ORDERS: %d live orders now carry poNumber %s: %s. This run placed %s. Something else (another "
                "controller, or the Partner Portal) ordered with the same purchase order number at the same time. The "
                "API cannot cancel an order: cancel the extra one in the Partner Portal."
                % (len(live), self.po_number, ", ".join("%s (%s)" % (o["orderNo"], o["orderStatus"]) for o in live),
                   summary.get("orderNo")),
                changed=True, order=summary, reconciled=reconciled, duplicates=[o["orderNo"] for o in live]), halt=True)
        return summary, created, listed, reconciled

    def _check_customer(self, ident, summary, row, contents, reconciled):
        """After ordering: when the order list (or, when it does not say, the order details) names the order's
        customer, it must be the one asked for. An order on another account fails loudly, and the ledger remembers
        whose it is, so that a rerun does not take it for this task's order."""
        asked = customer_of_body(self.body).lower()
        shown = customer_shown(row)
        if shown is None and asked:
            ref = summary.get("orderId") or summary.get("orderNo")
            if ref:
                try:
                    shown = contents_of_details(api.get_order(self.module.client, ref)).get("customer")
                except PartnerAPIError as error:
                    self.warn("Order %s was placed; reading its details to check its customer failed (%s). Check in the "
                              "Partner Portal that it is for %s." % (summary.get("orderNo"), error.message, asked))
                    return
        if shown is None or shown == asked:
            return
        try:
            self.module.ledger.remember_contents(ident, dict(contents, customer=shown))
        except Exception:  # pylint: disable=broad-except
            pass
        whose = "the customer %s" % shown if shown else "your own partner account"
        raise Stop(self.failure(
            "ORDER FOR ANOTHER ACCOUNT: order %s (poNumber %s) was placed, but the Partner Portal shows it for %s, not "
            "for %s as asked. The Partner Portal may read the customer from another member of the order request than "
            "the one sent (customer_member is %s; YEASTAR_CUSTOMER_MEMBER sets it). The API cannot cancel an order: "
            "cancel or reassign it in the Partner Portal before running anything again."
            % (summary.get("orderNo"), self.po_number, whose, asked or "your own partner account",
               self.params.get("customer_member") or "both"),
            changed=True, order=summary, reconciled=reconciled), halt=True)

    # -- step 3 ----------------------------------------------------------------------------------------------------

    def read_back(self):
        """Read the order placed by this run back when it was found by reconciliation (the order list lacks fields)."""
        summary, created, listed, reconciled = self.placed
        if reconciled:
            summary = self._with_details(summary, listed=listed)
            self.placed = (summary, created, listed, reconciled)

    def poll(self):
        """Read the placed order's status once; True when it is final."""
        summary, created, listed, reconciled = self.placed
        if self.is_final():
            return True
        self.placed = (self._with_details(summary, created=created, listed=listed), created, listed, reconciled)
        return self.is_final()

    def is_final(self):
        return (self.placed[0].get("orderStatus") or "").lower() in FINAL_ORDER_STATUSES

    def _with_details(self, summary, listed=None, created=None):
        ref = summary.get("orderId") or summary.get("orderNo")
        if not ref:
            return summary
        details = api.get_order(self.module.client, ref)
        return order_summary(created=created, listed=listed, details=details)

    def placed_result(self):
        """The result of the order this run placed (after :meth:`read_back` and any waiting)."""
        summary, dummy, dummy, reconciled = self.placed
        status = (summary.get("orderStatus") or "").lower()
        if status in DEAD_ORDER_STATUSES:
            return self.failure("Order %s (poNumber %s) ended %s. Nothing is bought; running the task again places a new "
                                "order." % (summary.get("orderNo"), self.po_number, status),
                                changed=True, order=summary, reconciled=reconciled)
        if self.params["wait"] and not self.is_final():
            return self.failure("Order %s (poNumber %s) was placed but is still %s after %s s. It stays placed; running the "
                                "task again finds it and does not order again."
                                % (summary.get("orderNo"), self.po_number, summary.get("orderStatus"),
                                   self.params["wait_timeout"]),
                                changed=True, order=summary, reconciled=reconciled)
        before = {"po_number": self.po_number, "order": None}
        after = {"po_number": self.po_number, "order": summary, "order_request": self.body}
        result = dict(self._base(), changed=True, order=summary, reconciled=reconciled, **self._diff(before, after))
        result["msg"] = describe(result)
        return result


def describe(result):
    """One sentence saying what happened to an order: ordered, found the existing order, or would order; and which
    earlier orders with its number ended without counting."""
    if result.get("failed"):
        return result.get("msg")
    msg = _describe(result)
    ended = result.get("ended_orders")
    if ended and result.get("changed"):
        msg += " Earlier order%s with this number ended %s and do%s not count as placed." % (
            "s " + ", ".join(o["orderNo"] for o in ended) if len(ended) > 1 else " " + str(ended[0]["orderNo"]),
            ", ".join(sorted(set(str(o["orderStatus"]) for o in ended))), "" if len(ended) > 1 else "es")
    return msg


def _describe(result):
    order = result.get("order") or {}
    if not order:
        return "Would order with poNumber %s (check mode: nothing was sent)." % result.get("po_number")
    if not result.get("changed"):
        msg = "Already ordered, nothing bought: order %s (%s) carries poNumber %s." % (
            order.get("orderNo"), order.get("orderStatus"), result.get("po_number"))
        if (order.get("orderStatus") or "").lower() == "pending":
            msg += " It waits for payment in the Partner Portal."
        return msg
    msg = "Ordered %s (%s) with poNumber %s." % (order.get("orderNo"), order.get("orderStatus"), result.get("po_number"))
    if result.get("reconciled"):
        msg += (" The answer to the order request was lost; the order was found in the order list by its purchase "
                "order number (reconciled).")
    return msg


def wait_for_orders(placements, timeout, interval, sleep=time.sleep, clock=time.time):
    """Poll the placed orders of ``placements`` ({index: Placement}) until each status is final or ``timeout`` seconds
    have passed (the caller reports the orders that are not final). An API error while polling an order ends the wait
    for that order only: returns {index: the exception}."""
    deadline = clock() + timeout
    errors = {}
    waiting = sorted(i for i, p in placements.items() if p.placed and not p.is_final())
    while waiting and clock() < deadline:
        sleep(interval)
        still = []
        for index in waiting:
            try:
                if not placements[index].poll():
                    still.append(index)
            except Exception as error:  # pylint: disable=broad-except
                errors[index] = error
        waiting = still
    return errors


def place_one(module, params, references=None, label=None):
    """Every step for one order; returns ``(result, placement)``. An API error before anything was ordered escapes
    as :class:`PartnerAPIError`; every other end of the order, failures included, is in the result."""
    placement = Placement(module, params, references=references, label=label)
    try:
        placement.prepare()
        result = placement.decide()
        if result is not None:
            return result, placement
    except Stop as stop:
        return stop.result, placement
    try:
        placement.read_back()
        if params["wait"]:
            errors = wait_for_orders({0: placement}, params["wait_timeout"], params["wait_interval"])
            if errors:
                return placement.after_placing_failure(errors[0]), placement
        return placement.placed_result(), placement
    except Exception as error:  # pylint: disable=broad-except
        # The order exists whatever failed after it: report it as placed (changed), never as a module crash.
        return placement.after_placing_failure(error), placement
