#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: yeastar_order
short_description: Order Yeastar subscriptions through the Partner Portal, once
version_added: 1.0.0
description:
  - Creates an order with the Yeastar Partner Portal OpenAPI (C(POST /order/openapi/order/v1/save)) to buy, try, renew
    or switch a plan, or to buy, try or renew services, for the partner itself or for one of its subordinate users.
  - B(Idempotent by purchase order number.) The order carries a C(poNumber), which is O(po_number) or, when that is not
    given, a number derived from the purchase (see O(po_number)). Before ordering, the module looks the number up in the
    order ledger, an index of the account's order history kept in O(cache_dir). The history is read whole once per
    C(ansible-playbook) run and shared by every fork and host of the run, and before each decision only the orders
    newer than the index are read. An order with that number whose status is not C(failed), C(invalid), C(cancelled)
    or C(refunded) means the order was placed already; the module returns it with RV(ignore:changed=false). A status
    the module does not know counts as placed.
  - B(The number is an idempotency key.) An order that carries it but differs from the task (operation, product,
    device, customer, billing contact, plans, services, quantities, cycles) is not "already done" and never a reason to
    buy again; the module fails, names each difference, and sends nothing. Where the Partner Portal does not show a
    field of the existing order, the module warns that it could not compare it.
  - B(One order per number on a controller.) Looking for the order and ordering are one step under a lock per purchase
    order number, held across forks and across separate C(ansible-playbook) processes on the same machine. After
    ordering, the module looks for other live orders with the same number and fails loudly, naming them all, if there is
    more than one. The lock cannot cover two controllers ordering at the same moment; that check is what catches it.
  - B(Validated before sending.) Types and ranges, the operation and purchase types, the plan and service lines, and (with
    O(validate_references)) that the billing contact, the subordinate user and the plan and service ids exist for the
    product. Bad input fails with a message naming every problem, and nothing is sent.
  - B(Never ordered twice by a fault.) The order request is sent at most once per run. If its answer is lost (timeout,
    dropped connection, server error), the module looks for the order by its purchase order number. If it still cannot
    tell, it fails with RV(ignore:changed=true), says what it knows, and records the open question. Later runs on this
    controller return the order once the order list shows it, and otherwise stop until O(retry_unknown_outcome) is set.
  - In check mode nothing is ordered; the module reports whether it would order and the exact request body it would send.
author: yeastar.partner contributors (@yeastar-partner)
extends_documentation_fragment:
  - yeastar.partner.api
  - yeastar.partner.ordering
  - yeastar.partner.attributes
attributes:
  check_mode:
    support: full
    description: Reads the order list and the catalogue, sends no order, and returns the request it would send.
  diff_mode:
    support: full
    description: Shows the order found or the order request to be sent.
options:
  operation:
    description:
      - The C(operationType) of the order.
      - V(purchase_plan) and V(trial_plan) take exactly one plan item and optionally services of that plan.
        V(purchase_service), V(trial_service) and V(renew_service) take service items only. V(renew_plan) takes one plan
        and optionally its services. V(switch_plan) and V(switchTrial_plan) take one plan item (the target plan).
      - V(renew_plan), V(renew_service), V(switch_plan) and V(switchTrial_plan) act on an existing device and need
        O(product_no).
    type: str
    default: purchase_plan
    choices: [purchase_plan, purchase_service, trial_plan, trial_service, renew_plan, renew_service, switch_plan, switchTrial_plan]
  product_id:
    description:
      - The product to order, for example V(14) for the P-Series Turnkey Package.
      - M(yeastar.partner.yeastar_plan_info) lists the products the account may buy.
      - A positive whole number (an integer, or a string of the digits 0-9).
    type: raw
    required: true
  product_no:
    description:
      - Serial number (SN) of the existing device the order is for, sent as C(productNo).
      - Required for renewals and plan switches, and for every order of products V(9) (Linkus Cloud Service) and V(11)
        (P-Series Appliance Edition). Leave it out to buy a new subscription.
    type: str
  partner_id:
    description:
      - The subordinate user (customer) the order is for, by its Yeastar ID (an e-mail address) as
        M(yeastar.partner.yeastar_partner_info) returns it in C(partnerId). Sent as C(assignId).
      - Leave it out to order for the partner account itself.
    type: str
  billing_id:
    description:
      - The billing contact who receives the invoice, by its C(billingContactId) from
        M(yeastar.partner.yeastar_partner_info). Sent as the 64-bit integer C(billingId).
      - Required for every operation except V(trial_plan) and V(trial_service).
      - Quote it in YAML or give it as a number; both work.
    type: raw
  po_number:
    description:
      - Purchase order number, sent as C(poNumber) and shown by the order list as C(customReferenceNo). It is the
        idempotency key of the order.
      - When not given, the module derives one from the purchase, V(ansible-) followed by the first 24 hex digits of
        the SHA-256 of the operation, the product, the device (O(product_no), empty for a new one) and the customer
        (O(partner_id) in lower case, empty for the partner itself). Plans, services, quantities, cycles and the billing
        contact are not part of it, so correcting a quantity and running again is refused as "already ordered with
        other contents" instead of buying a second time. Orders that earlier development builds placed under a number
        derived from the whole request are recognised too.
      - Because of that, a second order of the same kind for the same customer and device (next year's renewal, a second
        package, another add-on) needs its own O(po_number), for example one that carries the date or a ticket number.
      - 1 to 64 characters (letters, digits and C(.), C(_), C(:), C(/), C(#), C(-)), starting with a letter or digit.
      - It must be a string; quote a number in YAML (V("4500012345")), so that it is never changed by conversion.
    type: raw
  items:
    description:
      - The plan and service lines of the order (C(serviceList)).
      - A line's defaults fit the operation, as in the vendor's tutorials - C(purchaseType) from the operation,
        C(billingModel) V(recurring), C(billingCycle) V(annually) and C(multiCycle) V(0), except that trial lines carry
        no billing model or cycle.
    type: list
    elements: dict
    required: true
    suboptions:
      type:
        description:
          - Whether the line is a plan or a service (C(serviceType)).
        type: str
        required: true
        choices: [plan, service]
      id:
        description:
          - The C(planId) or C(serviceId), as M(yeastar.partner.yeastar_plan_info) returns it. Sent as C(serviceId), a
            64-bit integer.
          - Give O(items[].id) or O(items[].name).
        type: raw
      name:
        description:
          - The plan or service name (for example V(Enterprise Plan)), looked up in the product's catalogue, case
            insensitive. An unknown or ambiguous name fails with the names that exist.
        type: str
      quantity:
        description:
          - Extensions for a plan; minutes, extensions or connections for a service, as the product counts them.
          - Required for purchases and renewals, and checked against the item's range in the catalogue.
          - For the plan of a renewal (O(operation=renew_plan)) it may be left out; the module then reads the device's current
            extension count (the API renews exactly that many) and uses it. A quantity given there that differs from
            the device's count is refused before anything is sent.
          - A whole number from 1 to 2147483647 (an integer, or a string of the digits 0-9). Floats, exponents
            (V(1e3)), separators (V(1_000)), booleans and other digits are refused, never converted.
        type: raw
      connection_plan_id:
        description:
          - The plan a service hangs off (C(connectionPlanId)).
          - When a plan and its services are ordered together it defaults to, and must equal, the plan's id. When
            services are added to an existing subscription it is the current plan's id.
        type: raw
      purchase_type:
        description:
          - C(purchaseType). Defaults to what the operation takes (V(purchase), V(trial), V(renew) or V(switch)); any other
            value is refused.
        type: str
        choices: [purchase, trial, renew, switch]
      billing_model:
        description:
          - C(billingModel). Defaults to V(recurring), except for trials.
        type: str
        choices: [recurring]
      billing_cycle:
        description:
          - C(billingCycle). Defaults to V(annually), except for trials.
        type: str
        choices: [annually, monthly, once]
      multi_cycle:
        description:
          - C(multiCycle), the recurring billing interval, from V(0) to V(5).
        type: raw
        default: 0
  pce:
    description:
      - The details of a new P-Series Cloud Edition PBX (C(orderPceSpecialRequest)). Required when ordering one
        (O(product_id=13), O(operation=purchase_plan) or V(trial_plan), no O(product_no)); refused on any other order.
      - The region and domain suffix are checked against the region list, and the URL must be free, before anything is
        sent. A URL in use is not an error when the order found by the purchase order number is the one that took it.
      - The derived purchase order number of a new Cloud Edition includes O(pce.pbx_url), so two PBXs for one customer
        are two orders.
    type: dict
    suboptions:
      pbx_name:
        description: Required. The name that identifies the PBX (C(pbxName)); at most 64 characters.
        type: str
      region:
        description: Required. The region, by name (V(Europe (Frankfurt\))) or id (V(1)), as the region list shows it.
        type: raw
      domain:
        description:
          - The domain suffix, by suffix (V(ras.yeastar.com)) or by its C(pbxSubDomainId).
          - Defaults to the suffix of O(pce.pbx_url).
        type: raw
      pbx_url:
        description:
          - Required. The PBX's host name, C(<name>.<domain suffix>), for example V(newco.ras.yeastar.com); sent as C(pbxUrl).
          - The vendor guide cuts off the member that names the URL; C(pbxUrl) is this collection's reading. Use
            O(pce.extra) to send further members the real service wants.
        type: str
      extra:
        description:
          - Further members of C(orderPceSpecialRequest), sent as given (the guide shows only part of the object).
          - They cannot replace the members set from the options above.
        type: dict
        default: {}
notes:
  - An order with status C(pending) waits for payment in the Partner Portal (B(Pay Now)). It counts as placed, so the task
    does not order again while it is pending.
  - The module does not cancel, pay or change orders; the API has no call for that.
  - The locks and the order ledger live on the host the module runs on (usually the controller). Two controllers, or
    two machines of an AWX job split into slices, that order the same purchase order number at the same moment are not
    serialised; the module then finds both orders afterwards and fails naming them. Give every order its own number
    across controllers.
seealso:
  - module: yeastar.partner.yeastar_plan_info
  - module: yeastar.partner.yeastar_partner_info
  - module: yeastar.partner.yeastar_order_info
"""

EXAMPLES = r"""
- name: Buy a 1-year P-Series Turnkey Package, 100 extensions and 10000 recording minutes (the vendor's example)
  yeastar.partner.yeastar_order:
    client_id: "{{ yeastar_client_id }}"
    client_secret: "{{ yeastar_client_secret }}"
    operation: purchase_plan
    product_id: 14
    billing_id: "3197218168379846218"
    po_number: PO-2026-0042
    items:
      - type: plan
        id: "3048941892189077504"
        quantity: 100
      - type: service
        id: "3049032352364388352"
        quantity: 10000

- name: Buy the same package for a customer, by plan and service name, and wait for the order to succeed
  yeastar.partner.yeastar_order:
    product_id: 14
    partner_id: color123@yeastar.com
    billing_id: "3197218168379846218"
    po_number: "turnkey-{{ inventory_hostname }}-2026"
    items:
      - type: plan
        name: Enterprise Plan
        quantity: 20
      - type: service
        name: Recording Minutes
        quantity: 1000
    wait: true
  register: turnkey_order

- name: Preview an order without placing it (run with --check --diff to see the request)
  yeastar.partner.yeastar_order:
    product_id: 14
    partner_id: it@acme-telecom.example
    billing_id: "3197218168379846218"
    items:
      - type: plan
        id: "3048941892189077504"
        quantity: 50
  check_mode: true
  register: preview

- name: Set the connection options once for all yeastar.partner modules
  module_defaults:
    group/yeastar.partner.all:
      api_url: "{{ yeastar_api_url }}"
      client_id: "{{ yeastar_client_id }}"
      client_secret: "{{ yeastar_client_secret }}"
  block:
    - name: Add 1000 recording minutes to an existing Turnkey device
      yeastar.partner.yeastar_order:
        operation: purchase_service
        product_id: 14
        product_no: "3076913644890830001"
        billing_id: "3197218168379846218"
        po_number: PO-2026-0043
        items:
          - type: service
            id: "3049032352364388352"
            connection_plan_id: "3048941892189077504"
            quantity: 1000

    - name: Renew the device's plan for another year, for its current extension count (a new po_number each year)
      yeastar.partner.yeastar_order:
        operation: renew_plan
        product_id: 14
        product_no: "3076913644890830001"
        billing_id: "3197218168379846218"
        po_number: RENEW-3076913644890830001-2027
        items:
          - type: plan
            id: "3048941892189077504"
            multi_cycle: 1

- name: Start a free trial of the Turnkey Package for a customer
  yeastar.partner.yeastar_order:
    operation: trial_plan
    product_id: 14
    partner_id: ops@initech.example
    items:
      - type: plan
        name: Enterprise Plan Trial
        quantity: 10

- name: Order a new P-Series Cloud Edition PBX for a customer, at a URL that is still free
  yeastar.partner.yeastar_order:
    product_id: 13
    partner_id: admin@globex.example
    billing_id: "3197218168379846218"
    items:
      - type: plan
        name: Enterprise Plan
        quantity: 5
    pce:
      pbx_name: Globex HQ
      region: Europe (Frankfurt)
      pbx_url: globex.ras.yeastar.com
"""

RETURN = r"""
order:
  description:
    - The order placed by this run, or the one found with the same purchase order number.
    - V(null) in check mode when an order would be placed.
    - Fields the API did not give are V(null) (the order list, unlike the answer to the order request, carries no
      C(instanceId) or C(transactionNo)).
  returned: success
  type: dict
  contains:
    orderId:
      description: The order's unique id.
      type: str
      sample: "1782020"
    orderNo:
      description: The order number shown in the Partner Portal.
      type: str
      sample: RV3401167833536552960
    orderStatus:
      description: C(succeed), C(pending) (awaiting payment), C(failed), C(invalid), C(cancelled) or C(refunded).
      type: str
      sample: succeed
    instanceId:
      description: The product instance the order created or changed.
      type: str
      sample: "1948832"
    productNo:
      description: Serial number of the device or subscription the order is for.
      type: str
      sample: "3076913644890832896"
    transactionNo:
      description: The payment transaction number.
      type: str
      sample: MI3401167834610294785
po_number:
  description: The purchase order number the order carries (O(po_number), or the derived one).
  returned: always
  type: str
  sample: ansible-3f1c2a9be0d4c6a8b1e2f3a4
order_request:
  description:
    - The exact JSON body of the order request, sent or (in check mode, or when the order exists already) that would be
      sent. Ids, quantities and C(multiCycle) are integers, as the API takes them.
  returned: success
  type: dict
  sample:
    operationType: purchase_plan
    productId: 14
    billingId: 3197218168379846218
    serviceList:
      - serviceType: plan
        serviceId: 3048941892189077504
        quantity: 100
        purchaseType: purchase
        billingModel: recurring
        billingCycle: annually
        multiCycle: 0
      - connectionPlanId: 3048941892189077504
        serviceType: service
        serviceId: 3049032352364388352
        quantity: 10000
        purchaseType: purchase
        billingModel: recurring
        billingCycle: annually
        multiCycle: 0
    poNumber: PO-2026-0042
msg:
  description:
    - >-
      What happened, in one sentence (V(Ordered ...), V(Already ordered, nothing bought: ...), V(Would order ...) in
      check mode), or, on failure, what is known and what to do next.
  returned: always
  type: str
  sample: "Already ordered, nothing bought: order RV3401167833536552960 (succeed) carries poNumber PO-2026-0042."
ended_orders:
  description:
    - Orders that carry the purchase order number but ended C(failed), C(invalid), C(cancelled) or C(refunded). They
      do not count as placed, so the task orders again (and says so in RV(msg)).
  returned: when there are such orders
  type: list
  elements: dict
  sample: [{"orderNo": "RV3401167833536552960", "orderStatus": "cancelled"}]
  contains:
    orderNo:
      description: The order's number.
      type: str
    orderStatus:
      description: How it ended.
      type: str
price:
  description:
    - In check mode, when an order would be placed, what it would cost by the partner's price list
      (C(GET /pricing/openapi/purchase/v1/my_price_info)) for the customer and the billing cycle.
    - C(amount) and C(currency) when every line has a price in one currency; otherwise C(price) V(price unknown) and
      C(why). C(lines) holds each line's C(kind), C(id), C(quantity) and C(unit_price), C(amount), C(currency),
      C(unit) (or C(price) and C(why)). Amounts are decimal text. A price is never guessed, and a plan switch is always
      V(price unknown) (it is charged for the rest of the term).
  returned: check mode, when an order would be placed
  type: dict
  sample: {"amount": "1200.00", "currency": "USD", "lines": [{"kind": "plan", "id": "3048941892189077504",
           "quantity": 100, "unit_price": "12.00", "amount": "1200.00", "currency": "USD", "unit": "extension/year"}]}
reconciled:
  description:
    - V(true) when this run ordered but the answer to the order request was lost (a timeout, a dropped connection, a
      server error, an answer that was not JSON) and the module then found the order in the order list by its purchase
      order number instead of sending the request again. The order is placed exactly once either way; RV(order) then
      holds what the order list and the order details show, since the lost answer cannot be read.
    - V(false) for an order this run placed and read the answer of, for an order that existed already, and in check
      mode.
  returned: success
  type: bool
  sample: false
differences:
  description:
    - How the order that already carries the purchase order number differs from the task, when the module refused to
      order for that reason (nothing was sent).
  returned: failure
  type: list
  elements: str
  sample:
    - "quantity of plan 3048941892189077504: the order has 100, the task asks for 150"
duplicates:
  description:
    - The order numbers of all live orders that carry the purchase order number, when this run placed an order and then
      found more than one (the task fails; cancel the extra order in the Partner Portal).
  returned: failure
  type: list
  elements: str
  sample: [RV3401167833536552960, RV3401167833536552961]
problems:
  description: Every problem found in the input, when the module failed before sending anything.
  returned: failure
  type: list
  elements: str
  sample:
    - "items[0].quantity 2000 is outside the range 5 to 1000 of plan 3048941892189077504 (Enterprise Plan)."
api_error:
  description: The failed API call, when the module failed on one.
  returned: failure
  type: dict
  contains:
    method:
      description: HTTP method.
      type: str
      sample: POST
    path:
      description: API path.
      type: str
      sample: /order/openapi/order/v1/save
    status:
      description: HTTP status, or V(null) when no answer came.
      type: int
      sample: 400
    code:
      description: The API's C(code).
      type: str
      sample: parameter_validation_failed
    detail_message:
      description: The API's C(detailMessage).
      type: str
      sample: quantity is out of range
    request_id:
      description: The API's C(requestId); quote it when asking Yeastar for help.
      type: str
      sample: 16a3dfddc232a3243c210b4fa5cf21b5
    result:
      description: The API's C(result) on the error (field names and validation tags), when it is an object.
      type: dict
      sample: {"serviceList[0].quantity": "range"}
    attempts:
      description: How many times the call was tried.
      type: int
      sample: 1
"""

from ansible_collections.yeastar.partner.plugins.module_utils._module import PartnerModuleBase
from ansible_collections.yeastar.partner.plugins.module_utils._placement import (
    handling_argument_spec,
    order_argument_spec,
    place_one,
)


class YeastarOrder(PartnerModuleBase):
    """One order, through every step of :class:`Placement` (see plugins/module_utils/_placement.py)."""

    represent = "order"
    uses_store = True
    supports_check_mode = True
    doing = "Ordering"

    @staticmethod
    def argument_spec():
        spec = order_argument_spec()
        spec.update(handling_argument_spec())
        return spec

    def execute(self):
        result, dummy = place_one(self.module, self.module.params)
        self.take(result)


def main():
    YeastarOrder.main()


if __name__ == "__main__":
    main()
