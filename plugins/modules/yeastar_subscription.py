#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: yeastar_subscription
short_description: Make a customer's Yeastar subscription at least what it should be, buying only what is missing
version_added: 1.0.0
description:
  - B(Desired state.) Says what a customer (or the partner's own account) should have of a product (a plan, at least
    O(extensions) extensions, at least the quantities of O(services), and a term that does not end within
    O(renew_within_days)) and places the orders that get there. A customer that has all of it gets nothing.
  - B(Reads the state.) The customer's device of the product from the product list (every page, once per
    C(ansible-playbook) run for all hosts; see RV(reads)), with its plan, extension count, services, billing cycle,
    term and status. A field the list does not carry is read from the device's details. A field the decision needs
    that neither carries stops the module, naming the field, and nothing is ordered. A customer with several devices
    of the product needs O(product_no).
  - 'B(Decides), each order with its reason (RV(actions)): no device: C(purchase_plan), the plan and the services
    together. Fewer extensions or less of a service than asked for: C(purchase_service) with the difference, on the
    current plan. A higher plan asked for: C(switch_plan), for the current extension count and billing cycle; a lower
    one is refused (a plan is only switched up). The term ends within O(renew_within_days): C(renew_plan), for the
    current extension count and cycle. A device with more than asked for is left as it is, and RV(notes) says so.'
  - B(Orders like yeastar.partner.yeastar_order.) Every order goes through the same lock per purchase order number, the
    same order ledger and the same handling of a lost answer. Its purchase order number is derived from the customer,
    the product, the device, the kind of order and the state it moves to (for a renewal, the term it renews). A rerun
    after any fault finds its own orders, and a term is never renewed twice. Before each order the device is read again,
    and the order is decided again on what that read shows.
  - B(What it costs.) Each action carries RV(actions[].price), read from the partner's price list
    (C(GET /pricing/openapi/purchase/v1/my_price_info)). Where the list gives no price for a line, or the charge
    depends on what the list cannot say (a plan switch in the middle of a term), it says C(price unknown); a price is
    never guessed. RV(spend) sums the priced lines per currency.
  - In check mode nothing is ordered, and RV(actions) are the orders a real run would place.
  - It knows the P-Series Turnkey Package (product V(14)), whose plans are bought per extension and grown with the
    Extension Expansion service. Order other products with M(yeastar.partner.yeastar_order).
author: yeastar.partner contributors (@yeastar-partner)
extends_documentation_fragment:
  - yeastar.partner.api
  - yeastar.partner.ordering
  - yeastar.partner.attributes
attributes:
  check_mode:
    support: full
    description: Reads the device, the catalogue, the prices and the order ledger; orders nothing; returns the same
      RV(actions) a real run would place, with their prices.
  diff_mode:
    support: full
    description: Shows the device's state before and after (predicted, in check mode).
options:
  partner_id:
    description:
      - The customer, by the Yeastar ID (an e-mail address) of the subordinate user. Leave it out for the partner's own
        account.
    type: str
  product_id:
    description:
      - The product. V(14) (P-Series Turnkey Package) is the one this module knows how to converge.
    type: raw
    default: 14
  product_no:
    description:
      - The serial number of the customer's device to converge, when the customer has several devices of the product.
      - Without it, a customer with one device gets that one, and one without a device gets a new one.
    type: str
  plan:
    description:
      - The plan the device should have, by name (V(Enterprise Plan), case-insensitive) or id.
      - A higher plan than the device's is switched to; a lower one is refused.
    type: raw
    required: true
  extensions:
    description:
      - The number of extensions the device should have at least. A whole number.
    type: raw
    required: true
  services:
    description:
      - Add-on services the device should have at least, each with a quantity.
      - The extension count is O(extensions), not a service here.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The service's name (case-insensitive), or leave it out and give O(services[].id).
        type: str
      id:
        description: The service's id.
        type: raw
      quantity:
        description: How much of the service the device should have at least. A whole number.
        type: raw
        required: true
  billing_id:
    description:
      - The billing contact who gets the invoices, by its C(billingContactId)
        (M(yeastar.partner.yeastar_partner_info) lists them).
    type: raw
    required: true
  billing_cycle:
    description:
      - The billing cycle of a new device. An existing device keeps its own (a switch or a renewal cannot change it).
    type: str
    choices: [annually, monthly]
    default: annually
  renew_within_days:
    description:
      - Renew the plan when its term ends within this many days (or has ended). V(0) never renews.
      - A whole number from V(0) to the length of the term (365 days for an annual term, 31 for a monthly one).
    type: raw
    default: 0
  prices:
    description:
      - Read the price list and give each action its price. V(false) reads no prices (RV(actions[].price) then says
        C(price unknown)).
    type: bool
    default: true
notes:
  - The product list is read once per run and shared by the run's hosts through O(cache_dir) (files under C(run/)); in
    check mode nothing is written there, and each host reads for itself.
  - The purchase order numbers start with C(ys-); do not give other orders such numbers.
seealso:
  - module: yeastar.partner.yeastar_order
  - module: yeastar.partner.yeastar_product_info
"""

EXAMPLES = r"""
- name: Color Tech should have the Enterprise Plan, 100 extensions and 10000 recording minutes, renewed a month ahead
  yeastar.partner.yeastar_subscription:
    partner_id: color123@yeastar.com
    product_id: 14
    plan: Enterprise Plan
    extensions: 100
    services:
      - name: Recording Minutes
        quantity: 10000
    billing_id: "3197218168379846218"
    renew_within_days: 30
  register: subscription

- name: Show what was ordered and why
  ansible.builtin.debug:
    msg: "{{ subscription.actions | map(attribute='reason') | list }}"

- name: What would it cost? (check mode orders nothing)
  yeastar.partner.yeastar_subscription:
    partner_id: ops@initech.example
    plan: Enterprise Plan
    extensions: 20
    billing_id: "3197218168379846218"
  check_mode: true
  register: preview

- name: Show the price per currency
  ansible.builtin.debug:
    var: preview.spend
"""

RETURN = r"""
actions:
  description:
    - The orders placed (or, in check mode, that would be placed), in order. Empty when nothing is missing.
  returned: success
  type: list
  elements: dict
  contains:
    operation:
      description: The C(operationType), one of C(purchase_plan), C(purchase_service), C(switch_plan), C(renew_plan).
      type: str
      sample: purchase_service
    reason:
      description: Why the order is needed, in one sentence.
      type: str
      sample: "Device 3076913644890830001 has 50 extensions, 100 are asked for: add 50."
    po_number:
      description: The purchase order number the order carries (derived, see the description).
      type: str
      sample: ys-5b0c1d2e3f4a-ext-100
    order_request:
      description: The exact JSON body of the order request.
      type: dict
    status:
      description:
        - V(ordered) (placed by this run), V(already ordered) (an order with the number exists; nothing was bought), or
          V(would order) (check mode).
      type: str
      sample: ordered
    order:
      description: The order placed or found (as M(yeastar.partner.yeastar_order) returns it); V(null) in check mode.
      type: dict
    reconciled:
      description: The answer to the order request was lost and the order was found by its purchase order number.
      type: bool
    price:
      description:
        - What the order costs by the price list, C(amount), C(currency) and C(lines) (each with C(unit_price),
          C(amount), C(currency), C(unit)), or C(price) V(price unknown) and C(why) when a line has no price.
      type: dict
      sample: {"amount": "600.00", "currency": "USD", "lines": [{"unit_price": "12.00", "amount": "600.00",
               "currency": "USD", "unit": "extension/year"}]}
before:
  description: The device's state before, V(null) when the customer had none.
  returned: success
  type: dict
  contains:
    product_no:
      description: The device's serial number.
      type: str
    plan_id:
      description: Its plan's id.
      type: str
    plan_name:
      description: Its plan's name.
      type: str
    extensions:
      description: Its extension count.
      type: int
    services:
      description: Its services (C(id), C(name), C(quantity)).
      type: list
      elements: dict
    billing_cycle:
      description: C(annually) or C(monthly).
      type: str
    expire_date:
      description: The end of its term, YYYY-MM-DD (UTC).
      type: str
    activation_status:
      description: C(activated), C(unactivated) or C(unknown).
      type: str
    trial:
      description: Whether the device is on a trial plan.
      type: bool
    owner:
      description: The customer the device belongs to.
      type: str
after:
  description:
    - The device's state after the orders, read again from the Partner Portal (in check mode, as predicted). The same
      keys as RV(before).
  returned: success
  type: dict
outcome:
  description:
    - One word for the play's summary, V(bought) (a new device), V(switched), V(expanded), V(renewed) (the first of
      these that applies), V(nothing to do), or, in check mode, the same words for what would be done.
  returned: success
  type: str
  sample: expanded
spend:
  description: What the actions cost by the price list, per currency (decimal text), without the unknown prices.
  returned: success
  type: dict
  sample: {"USD": "1450.00"}
prices_unknown:
  description: How many order lines of the actions have no price.
  returned: success
  type: int
  sample: 0
notes:
  description: What was left as it is, and why (more extensions than asked for, for example).
  returned: success
  type: list
  elements: str
reads:
  description: Where the device list came from, V(api) (read by this host) or V(run) (read by another host of the run).
  returned: success
  type: str
  sample: run
stale_orders:
  description:
    - When the module refused to order because earlier orders of the same kind for the device are live (or their
      outcome is unknown) but the Partner Portal does not show what they ordered yet, those orders (C(po_number),
      C(orderNo), C(orderStatus)).
  returned: failure
  type: list
  elements: dict
problems:
  description: Every problem found, when the module failed before ordering anything.
  returned: failure
  type: list
  elements: str
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "Ordered 1 of 1: purchase_service (poNumber ys-5b0c1d2e3f4a-ext-100) for device 3076913644890830001."
"""

from ansible_collections.yeastar.partner.plugins.module_utils._module import PartnerModuleBase
from ansible_collections.yeastar.partner.plugins.module_utils._subscription import Convergence, subscription_argument_spec


class YeastarSubscription(PartnerModuleBase):
    """The desired state of one customer's device (see plugins/module_utils/_subscription.py)."""

    represent = "actions"
    uses_store = True
    supports_check_mode = True
    doing = "Converging the subscription"

    @staticmethod
    def argument_spec():
        return subscription_argument_spec()

    def validate(self):
        self.convergence = Convergence(self.module)
        self.convergence.validate()

    def execute(self):
        self.take(self.convergence.run())


def main():
    YeastarSubscription.main()


if __name__ == "__main__":
    main()
