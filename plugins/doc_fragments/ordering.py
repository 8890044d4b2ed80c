# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    # How orders are placed: the options of yeastar_order and yeastar_order_batch that are not part of an order
    # (handling_argument_spec() in plugins/module_utils/_placement.py).
    DOCUMENTATION = r"""
options:
  validate_references:
    description:
      - Before ordering, check that the billing contact (C(billing_id)) is one of the account's billing contacts, that the
        customer (C(partner_id)) is one of its subordinate users, and that each item is a plan or service of the product,
        with a quantity in range.
      - Set to V(false) to skip those three reads when the ids are known to be good. Items given by name are looked up
        all the same.
      - With several orders in one module run, each of those lists is read once and shared by the orders.
    type: bool
    default: true
  wait:
    description:
      - Wait until the order's status is final (C(succeed), C(failed), C(invalid), C(cancelled) or C(refunded)), reading
        the order details every O(wait_interval) seconds.
      - With several orders in one module run, the module places them all first, then waits for them together.
      - The module fails if the order ends in a status other than C(succeed), or is still not final after O(wait_timeout)
        seconds (the order stays placed; running the task again finds it).
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait), a whole number from 1 to 86400.
    type: raw
    default: 300
  wait_interval:
    description:
      - Seconds between two reads of the order details with O(wait), more than 0 and at most 3600.
    type: float
    default: 5
  retry_unknown_outcome:
    description:
      - After a run could not tell whether its order request created an order, later runs with the same purchase order
        number stop until the order list shows the order. Set this to V(true), once, after checking in the Partner
        Portal (B(Orders & Billing)) that no order was made, to order again.
    type: bool
    default: false
  customer_member:
    description:
      - Which member of the order request names the customer (C(partner_id)). The API reference names it C(assignId),
        the vendor's Turnkey tutorial C(partnerId); by default (V(both)) both are sent with the same value, so that the
        order is for the customer whichever member the Partner Portal reads, and a Partner Portal that refuses an
        unknown member refuses the order before anything is bought.
      - Set V(assignId) or V(partnerId) to send only that member, for a Partner Portal that refuses the other one (the
        error names it). After ordering, when the order list or the order details name the customer, the module checks
        it is the one asked for and fails loudly when it is not.
      - When neither the option nor the environment variable E(YEASTAR_CUSTOMER_MEMBER) is set, V(both).
    type: str
    choices: [both, assignId, partnerId]
"""
