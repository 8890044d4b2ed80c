#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: yeastar_order_batch
short_description: Place many Yeastar orders in one module run, each once
version_added: 1.0.0
description:
  - Places a list of orders, one after the other, in one run of the module, with exactly the safeguards of
    M(yeastar.partner.yeastar_order) for each of them - the purchase order number as idempotency key, the order ledger,
    the lock per number, the comparison with an order that carries the number already, the check for duplicates after
    ordering and the handling of unknown outcomes. See M(yeastar.partner.yeastar_order) for what each of those does.
  - Use it with C(run_once) to order for every tenant host of a play at once; the P(yeastar.partner.turnkey_purchase#role)
    role does. One module run for N orders costs the controller one module start instead of N, shares one access
    token and one read of the reference lists, and keeps the request count of M(yeastar.partner.yeastar_order).
  - Every order of the list is checked (types, ranges, lines, and with O(validate_references) the references) before
    any order request is sent. Options that do not fit the argument spec fail the whole task before anything is sent.
  - Orders of the list that would use the same purchase order number (given, or derived) for different orders are all
    refused before anything is ordered, each naming the others. Orders with the same number and the same contents (one
    customer listed twice) are one order, placed once.
  - An order that fails does not stop the others, with one exception. When the outcome of an order request is unknown,
    or an order left more than one live order with its number, or the order list does not show a placed order, or an
    API call fails for want of the service (no answer, HTTP 429 or 5xx, refused credentials), no further order request is
    sent; the orders not tried are in the result as failed with the reason.
  - The task fails when any order failed; RV(results) holds what happened to each order, in the order of O(orders).
author: yeastar.partner contributors (@yeastar-partner)
extends_documentation_fragment:
  - yeastar.partner.api
  - yeastar.partner.ordering
  - yeastar.partner.attributes
attributes:
  check_mode:
    support: full
    description: Reads the order list (and the references to check), sends no order, and returns each request it would send.
  diff_mode:
    support: full
    description: Shows, per order, the order found or the order request to be sent.
options:
  orders:
    description:
      - The orders, each with the options of M(yeastar.partner.yeastar_order) that describe one order, and a O(orders[].name).
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - A label of the order, unique in the list, for example the inventory host name of the tenant. It names the order
            in RV(results), in warnings and in failures; it is not sent.
        type: str
        required: true
      operation:
        description:
          - The C(operationType) of the order, as O(yeastar.partner.yeastar_order#module:operation).
        type: str
        default: purchase_plan
        choices: [purchase_plan, purchase_service, trial_plan, trial_service, renew_plan, renew_service, switch_plan, switchTrial_plan]
      product_id:
        description:
          - The product to order, for example V(14) for the P-Series Turnkey Package; a positive whole number.
        type: raw
        required: true
      product_no:
        description:
          - Serial number of the existing device the order is for, as O(yeastar.partner.yeastar_order#module:product_no).
        type: str
      partner_id:
        description:
          - The subordinate user (customer) the order is for, by its Yeastar ID. Leave it out to order for the partner
            account itself.
        type: str
      billing_id:
        description:
          - The C(billingContactId) of the billing contact, as O(yeastar.partner.yeastar_order#module:billing_id).
        type: raw
      po_number:
        description:
          - The purchase order number, the idempotency key of the order. When not given, it is derived from the operation,
            product, device and customer exactly as O(yeastar.partner.yeastar_order#module:po_number) says.
          - A string; quote a number in YAML.
        type: raw
      retry_unknown_outcome:
        description:
          - O(retry_unknown_outcome) for this order only; when not set, the module's O(retry_unknown_outcome) applies.
        type: bool
      items:
        description:
          - The plan and service lines of the order, as O(yeastar.partner.yeastar_order#module:items).
        type: list
        elements: dict
        required: true
        suboptions:
          type:
            description: V(plan) or V(service) (C(serviceType)).
            type: str
            required: true
            choices: [plan, service]
          id:
            description: The C(planId) or C(serviceId). Give O(orders[].items[].id) or O(orders[].items[].name).
            type: raw
          name:
            description: The plan or service name, looked up in the product's catalogue, case insensitive.
            type: str
          quantity:
            description: Extensions for a plan; minutes, extensions or connections for a service; a whole number from 1 to 2147483647.
            type: raw
          connection_plan_id:
            description: The plan a service hangs off (C(connectionPlanId)).
            type: raw
          purchase_type:
            description: C(purchaseType); defaults to what the operation takes.
            type: str
            choices: [purchase, trial, renew, switch]
          billing_model:
            description: C(billingModel); defaults to V(recurring), except for trials.
            type: str
            choices: [recurring]
          billing_cycle:
            description: C(billingCycle); defaults to V(annually), except for trials.
            type: str
            choices: [annually, monthly, once]
          multi_cycle:
            description: C(multiCycle), from V(0) to V(5).
            type: raw
            default: 0
      pce:
        description:
          - The details of a new P-Series Cloud Edition PBX, as O(yeastar.partner.yeastar_order#module:pce) of
            M(yeastar.partner.yeastar_order).
        type: dict
        suboptions:
          pbx_name:
            description: Required. C(pbxName).
            type: str
          region:
            description: Required. The region, by name or id.
            type: raw
          domain:
            description: The domain suffix, by suffix or id; defaults to the suffix of O(orders[].pce.pbx_url).
            type: raw
          pbx_url:
            description: Required. The PBX's host name, C(<name>.<domain suffix>).
            type: str
          extra:
            description: Further members of C(orderPceSpecialRequest), sent as given.
            type: dict
            default: {}
notes:
  - The orders are placed one after the other; the locks per purchase order number are those of
    M(yeastar.partner.yeastar_order), so a batch and single orders, forks and other C(ansible-playbook) runs on the same
    controller never order one number twice.
  - The task fails as a whole when one order failed. With C(run_once), Ansible then marks every host of the play as
    failed; to fail only the hosts whose order failed, register the result with C(failed_when) set to V(false) and fail
    per host from RV(results), as the P(yeastar.partner.turnkey_purchase#role) role does.
seealso:
  - module: yeastar.partner.yeastar_order
"""

EXAMPLES = r"""
- name: Order the P-Series Turnkey Package for every tenant host of the play, in one module run
  yeastar.partner.yeastar_order_batch:
    orders: >-
      {%- set orders = [] -%}
      {%- for host in ansible_play_hosts -%}
      {%-   set _ = orders.append({'name': host, 'product_id': 14, 'partner_id': hostvars[host].tenant_yeastar_id,
                                   'billing_id': billing_contact_id,
                                   'items': [{'type': 'plan', 'name': 'Enterprise Plan',
                                              'quantity': hostvars[host].tenant_extensions}]}) -%}
      {%- endfor -%}
      {{ orders }}
  run_once: true
  register: tenant_orders

- name: Buy the same package for two customers, and wait for both orders to succeed
  yeastar.partner.yeastar_order_batch:
    orders:
      - name: acme
        product_id: 14
        partner_id: it@acme-telecom.example
        billing_id: "3197218168379846218"
        items:
          - type: plan
            name: Enterprise Plan
            quantity: 20
      - name: globex
        product_id: 14
        partner_id: admin@globex.example
        billing_id: "3197218168379846218"
        po_number: GLOBEX-2026-11
        items:
          - type: plan
            name: Enterprise Plan
            quantity: 50
          - type: service
            name: Recording Minutes
            quantity: 1000
    wait: true
  register: batch

- name: Show what happened to each order
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.msg }}"
  loop: "{{ batch.results }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
results:
  description:
    - One entry per order of O(orders), in the same order, with the name of the order and what
      M(yeastar.partner.yeastar_order) returns for it (RV(yeastar.partner.yeastar_order#module:order),
      RV(yeastar.partner.yeastar_order#module:po_number), RV(yeastar.partner.yeastar_order#module:order_request),
      RV(yeastar.partner.yeastar_order#module:reconciled) and, on failure, RV(yeastar.partner.yeastar_order#module:problems),
      RV(yeastar.partner.yeastar_order#module:differences), RV(yeastar.partner.yeastar_order#module:duplicates) or
      RV(yeastar.partner.yeastar_order#module:api_error)), plus C(changed), C(failed) and C(msg).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The O(orders[].name) of the order.
      type: str
      sample: acme
    changed:
      description: V(true) when this run placed the order (or, in check mode, would place it).
      type: bool
      sample: true
    failed:
      description: V(true) when the order failed or was not tried.
      type: bool
      sample: false
    msg:
      description: What happened to the order, in one sentence; on failure what is known and what to do.
      type: str
      sample: Ordered RV3401167833536552960 (succeed) with poNumber ansible-3f1c2a9be0d4c6a8b1e2f3a4.
    ended_orders:
      description:
        - Orders that carry the order's purchase order number but ended C(failed), C(invalid), C(cancelled) or
          C(refunded); they do not count as placed.
      returned: when there are such orders
      type: list
      elements: dict
      sample: [{"orderNo": "RV3401167833536552960", "orderStatus": "cancelled"}]
    outcome:
      description:
        - V(ordered), V(would_order) (check mode), V(existing) (an order with the purchase order number was there
          already; nothing was bought), V(failed) or V(not_attempted) (no order request was sent because an earlier
          order of the run stopped the batch).
      type: str
      sample: ordered
    po_number:
      description: The purchase order number of the order (not there when its input was refused).
      returned: unless the order was refused for its input, or not attempted
      type: str
      sample: ansible-3f1c2a9be0d4c6a8b1e2f3a4
    order:
      description: The order placed or found, as RV(yeastar.partner.yeastar_order#module:order); V(null) when none.
      type: dict
      sample: {"orderId": "1782020", "orderNo": "RV3401167833536552960", "orderStatus": "succeed"}
    order_request:
      description: The request body sent or that would be sent, as RV(yeastar.partner.yeastar_order#module:order_request).
      returned: unless the order was refused for its input, or not attempted
      type: dict
      sample: {"operationType": "purchase_plan", "productId": 14, "poNumber": "GLOBEX-2026-11"}
    price:
      description:
        - In check mode, when the order would be placed, what it would cost by the partner's price list, as
          M(yeastar.partner.yeastar_order) returns it (RV(ignore:price)); V(price unknown) where the list gives no price.
      returned: check mode, when the order would be placed
      type: dict
    reconciled:
      description: V(true) when the answer to the order request was lost and the order was found by its number.
      returned: when the order was looked for in the order list
      type: bool
      sample: false
    problems:
      description: Every problem found in the order's input, when it was refused before anything was sent.
      returned: when the order was refused for its input (nothing was sent)
      type: list
      elements: str
      sample: ["orders[0].items[0].quantity 2000 is outside the range 5 to 1000 of plan 3048941892189077504 (Enterprise Plan)."]
    differences:
      description: How the order that carries the purchase order number already differs from this one (nothing sent).
      returned: when another order carries the purchase order number (nothing was sent)
      type: list
      elements: str
      sample: ["quantity of plan 3048941892189077504: the order has 100, the task asks for 150"]
    duplicates:
      description: The order numbers of all live orders with the purchase order number, when more than one was found.
      returned: when more than one live order carries the purchase order number after ordering
      type: list
      elements: str
      sample: [RV3401167833536552960, RV3401167833536552961]
    api_error:
      description: The failed API call, as RV(yeastar.partner.yeastar_order#module:api_error).
      returned: when an API call failed for this order
      type: dict
      sample: {"method": "POST", "path": "/order/openapi/order/v1/save", "status": 400, "code": "parameter_validation_failed"}
summary:
  description: The names of the orders by outcome.
  returned: always
  type: dict
  contains:
    ordered:
      description: Orders placed by this run.
      type: list
      elements: str
      sample: [acme]
    existing:
      description: Orders found with their purchase order number; nothing was bought.
      type: list
      elements: str
      sample: [globex]
    would_order:
      description: Orders that would be placed (check mode).
      type: list
      elements: str
      sample: []
    failed:
      description: Orders that failed.
      type: list
      elements: str
      sample: []
    not_attempted:
      description: Orders not tried because an earlier one stopped the batch.
      type: list
      elements: str
      sample: []
"""

from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._module import PartnerModuleBase
from ansible_collections.yeastar.partner.plugins.module_utils._order import compare_contents, contents_of_body
from ansible_collections.yeastar.partner.plugins.module_utils._placement import (
    Placement,
    Stop,
    describe,
    handling_argument_spec,
    order_argument_spec,
    wait_for_orders,
)
from ansible_collections.yeastar.partner.plugins.module_utils._references import References
from ansible_collections.yeastar.partner.plugins.module_utils._store import StoreError

OUTCOMES = ("ordered", "existing", "would_order", "failed", "not_attempted")


class YeastarOrderBatch(PartnerModuleBase):
    """One run of the module: every order through the steps of :class:`Placement`, then one wait for them all."""

    represent = "results"
    uses_store = True
    supports_check_mode = True
    doing = "Ordering"

    @staticmethod
    def argument_spec():
        order = order_argument_spec()
        order["name"] = dict(type="str", required=True)
        order["retry_unknown_outcome"] = dict(type="bool")
        spec = dict(orders=dict(type="list", elements="dict", required=True, options=order))
        spec.update(handling_argument_spec())
        return spec

    def __init__(self, module):
        super(YeastarOrderBatch, self).__init__(module)
        self.params = module.params
        self.handling = dict((name, self.params[name]) for name in handling_argument_spec())
        self.references = References(module)
        self.placements = []
        self.results = []
        self.stopped_by = None

    def validate(self):
        """Every order has a name of its own; the orders' input is checked by :meth:`Placement.prepare`, all of them
        before anything is ordered."""
        seen = {}
        for index, order in enumerate(self.params["orders"]):
            name = order["name"]
            if not name or not name.strip():
                self.module.fail("orders[%d].name is empty; every order needs a name." % index)
            if name in seen:
                self.module.fail("orders[%d] and orders[%d] are both named %r; every order needs its own name. Nothing was "
                                 "ordered." % (seen[name], index, name))
            seen[name] = index

    def _guarded(self, placement, step):
        """Run one step of an order; its result when the step ended the order, else None."""
        if self.stopped_by is not None:
            return placement.failure("Not attempted: no order request was sent after %s stopped the batch (see its result)."
                                     % self.stopped_by, outcome="not_attempted")
        try:
            return step()
        except Stop as stop:
            if stop.halt:
                self.stopped_by = placement.label
            return stop.result
        except PartnerAPIError as error:
            if error.service_unavailable:
                # The service or the credentials, not the order, are the problem: the next orders would fail the same.
                self.stopped_by = placement.label
            return placement.api_failure(error, doing="Ordering")
        except StoreError as error:
            self.stopped_by = placement.label
            return placement.failure("Ordering: %s" % error)
        except Exception as error:  # pylint: disable=broad-except
            # A fault of the collection: stop sending, say what is known about this order.
            self.stopped_by = placement.label
            if placement.placed:
                return placement.after_placing_failure(error)
            return placement.failure("Ordering: unexpected error %s: %s. This is a fault in the yeastar.partner "
                                     "collection; please report it." % (type(error).__name__, error))

    def refuse_shared_numbers(self):
        """Before anything is ordered: refuse every order whose purchase order number another order of the batch uses
        for a different order (different contents). Orders with the same number and the same contents stay: they are
        one order, placed once."""
        by_number = {}
        for index, placement in enumerate(self.placements):
            if self.results[index] is None:
                by_number.setdefault(placement.po_number, []).append(index)
        refused = {}
        for number, indexes in by_number.items():
            for index in indexes:
                mine = contents_of_body(self.placements[index].body)
                others = [i for i in indexes if i != index
                          and compare_contents(contents_of_body(self.placements[i].body), mine)[0]]
                if others:
                    refused[index] = (number, others, mine)
        for index, (number, others, mine) in refused.items():
            placement = self.placements[index]
            names = [self.placements[i].label for i in others]
            if placement.params.get("po_number") is not None:
                what = "purchase order number %s" % number
            else:
                what = "derived purchase order number %s (same operation, product, device and customer)" % number
            self.results[index] = placement.failure(
                "Nothing was ordered for %s: %s %s the same %s for a different order. Give each order its own "
                "po_number, or make them ask for the same order." % (
                    placement.label, ", ".join(names), "uses" if len(names) == 1 else "use", what),
                differences=compare_contents(contents_of_body(self.placements[others[0]].body), mine)[0])

    def execute(self):
        for order in self.params["orders"]:
            params = dict(order)
            params.update(self.handling)
            if order.get("retry_unknown_outcome") is not None:
                params["retry_unknown_outcome"] = order["retry_unknown_outcome"]
            placement = Placement(self.module, params, references=self.references, label=order["name"])
            self.placements.append(placement)
            # Step 1 for every order first: bad input and shared numbers are refused before anything is ordered.
            self.results.append(self._guarded(placement, placement.prepare))
        self.refuse_shared_numbers()
        to_decide = sum(1 for result in self.results if result is None)
        if to_decide:
            # Where the list has fewer pages than orders to decide, a new run reads it whole: every status at once.
            try:
                self.module.ledger.expected_lookups = to_decide
            except Exception:  # pylint: disable=broad-except
                pass  # the store or the token cannot be had: the first order's decision meets it again, and says so
        for index, placement in enumerate(self.placements):
            if self.results[index] is None:
                self.results[index] = self._guarded(placement, placement.decide)
        self.finish_placed()
        self.take(self.result())

    def finish_placed(self):
        """Read back the orders placed by this run, wait for them if asked, and fill in their results."""
        errors = {}
        for index, placement in enumerate(self.placements):
            if self.results[index] is None:
                try:
                    placement.read_back()
                except Exception as error:  # pylint: disable=broad-except
                    errors[index] = error
        if self.handling["wait"]:
            waiting = dict((i, p) for i, p in enumerate(self.placements) if self.results[i] is None and i not in errors)
            errors.update(wait_for_orders(waiting, self.handling["wait_timeout"], self.handling["wait_interval"]))
        for index, placement in enumerate(self.placements):
            if self.results[index] is None:
                self.results[index] = (placement.after_placing_failure(errors[index]) if index in errors
                                       else placement.placed_result())

    def result(self):
        results = []
        summary = dict((outcome, []) for outcome in OUTCOMES)
        diffs = []
        for placement, result in zip(self.placements, self.results):
            entry = dict(result, name=placement.label)
            diff = entry.pop("diff", None)
            if diff:
                diffs.append(dict(diff, before_header=placement.label, after_header=placement.label))
            if "outcome" not in entry:
                if entry.get("failed"):
                    entry["outcome"] = "failed"
                elif entry.get("order") is None:
                    entry["outcome"] = "would_order"
                else:
                    entry["outcome"] = "ordered" if entry.get("changed") else "existing"
            entry.setdefault("failed", False)
            entry.setdefault("changed", False)
            entry.setdefault("order", None)
            entry["msg"] = describe(entry)
            summary[entry["outcome"]].append(placement.label)
            results.append(entry)
        failed = summary["failed"] + summary["not_attempted"]
        counts = ", ".join("%d %s" % (len(summary[o]), o.replace("_", " ")) for o in OUTCOMES if summary[o])
        output = dict(changed=any(r["changed"] for r in results), results=results, summary=summary)
        if diffs:
            output["diff"] = diffs
        if failed:
            output.update(failed=True, msg="%d of %d orders failed (%s): %s. See results for each."
                          % (len(failed), len(results), counts, ", ".join(failed)))
        else:
            output["msg"] = "%d orders: %s." % (len(results), counts or "none")
        return output


def main():
    YeastarOrderBatch.main()


if __name__ == "__main__":
    main()
