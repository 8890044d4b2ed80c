#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: yeastar_order_info
short_description: List the orders of a Yeastar partner account and read their details
version_added: 1.0.0
description:
  - Reads the orders of a Yeastar Partner Portal account through the Partner Portal OpenAPI (C(order/v1/page)),
    every page of the list, newest first, and filters them by order number, purchase order number or status.
  - For one order (O(order_id)), or for each order found when O(details=true), also reads the order details
    (C(order/v1/get/{id})), that is the product, the billing contact, and the plans and services ordered.
  - Use it to check what an earlier run of M(yeastar.partner.yeastar_order) bought, or to wait for a pending order.
  - Never changes anything.
author: yeastar.partner contributors (@yeastar-partner)
extends_documentation_fragment:
  - yeastar.partner.api
  - yeastar.partner.attributes
  - yeastar.partner.attributes.info_module
options:
  order_id:
    description:
      - Read this one order, by its unique ID (C(id), digits) or its order number (C(orderNo), letters and digits).
      - The order and its details are read with C(order/v1/get/{id}) alone; the order list is not read, so
        RV(total) and RV(truncated) are not returned.
      - An order the API does not know (HTTP 404) is not an error; RV(orders) is then empty.
      - The other filters still apply to the order found.
    type: str
  order_no:
    description:
      - Return only the order with this order number (C(orderNo), for example V(RV3401167833536552960)).
    type: str
  po_number:
    description:
      - Return only the orders with this purchase order number, the C(poNumber) sent when the order was created
        (C(customReferenceNo) in the order list). Compared exactly.
    type: str
  status:
    description:
      - Return only the orders in one of these statuses (C(orderStatus)).
    type: list
    elements: str
    choices: [succeed, failed, pending, invalid, cancelled, refunded]
  details:
    description:
      - Also read the details of each order found, into its RV(orders[].details).
      - One request per order. Only the details of the first 50 orders found (the newest) are read; a warning says
        so when more were found. Narrow the search with the filters.
      - Always done for O(order_id).
    type: bool
    default: false
  max_pages:
    description:
      - Most pages of the order list to read, 100 orders a page.
      - When the list is longer, reading stops there, RV(truncated) is V(true) and a warning says that the list was
        cut; raise O(max_pages) to read it all.
      - A whole number from V(1) to V(100000) (an integer, or a string of the digits 0-9).
    type: raw
    default: 100
notes:
  - The order list takes no filter of its own; the module reads it and filters it on the controller.
  - All filters combine with AND.
"""

EXAMPLES = r"""
- name: Find the order placed with purchase order number PO-2026-0042
  yeastar.partner.yeastar_order_info:
    client_id: "{{ yeastar_client_id }}"
    client_secret: "{{ yeastar_client_secret }}"
    po_number: PO-2026-0042
    details: true
  delegate_to: localhost
  register: po_orders

- name: Work with the orders of the account, with the connection options set once
  module_defaults:
    group/yeastar.partner.all:
      client_id: "{{ yeastar_client_id }}"
      client_secret: "{{ yeastar_client_secret }}"
  delegate_to: localhost
  block:
    - name: Read one order and its details by its order number
      yeastar.partner.yeastar_order_info:
        order_id: RV3401160000000000001
      register: one_order

    - name: Show the plans and services of that order
      ansible.builtin.debug:
        var: one_order.orders[0].details.orderSummary
      when: one_order.orders | length == 1

    - name: Wait until no order is pending any more
      yeastar.partner.yeastar_order_info:
        status: [pending]
      register: pending_orders
      until: pending_orders.orders | length == 0
      retries: 10
      delay: 30

- name: List the orders that failed or were cancelled (credentials from YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET)
  yeastar.partner.yeastar_order_info:
    status:
      - failed
      - cancelled
    max_pages: 5
  delegate_to: localhost
  register: bad_orders
"""

RETURN = r"""
orders:
  description:
    - The orders that match the filters, newest first, each as the order list sent it (Order_Info).
    - For O(order_id), the C(orderInformation) of the order details.
    - Empty when none matches, also when the API does not know O(order_id).
  returned: success
  type: list
  elements: dict
  sample:
    - id: "1782020"
      orderNo: RV3401167833536552960
      orderStatus: succeed
      customReferenceNo: PO-2026-0042
      createTime: 1767225600000
      currencyCode: USD
      invoiceNo: INV1782020
      productId: "14"
      productNo: "3076913644890832896"
      details:
        basicInformation:
          productId: "14"
          productName: P-Series Turnkey Package
          productNo: "3076913644890832896"
        billingInformation:
          billingContactId: "3197218168379846218"
          emailAddress: billing@partner.example
        orderInformation:
          id: "1782020"
          orderNo: RV3401167833536552960
          orderStatus: succeed
        orderSummary:
          serviceList:
            - serviceType: plan
              serviceId: "3048941892189077504"
              quantity: 100
  contains:
    id:
      description: Unique ID of the order.
      type: str
      sample: "1782020"
    orderNo:
      description: Order number, also shown in the Partner Portal under B(Orders & Billing > Orders).
      type: str
      sample: RV3401167833536552960
    orderStatus:
      description: Status of the order, for example V(succeed), V(pending), V(failed), V(invalid), V(cancelled), V(refunded).
      type: str
      sample: succeed
    customReferenceNo:
      description: The purchase order number (C(poNumber)) the order was created with.
      type: str
      sample: PO-2026-0042
    createTime:
      description: When the order was created (epoch milliseconds).
      type: int
      sample: 1767225600000
    currencyCode:
      description: Currency of the order.
      type: str
      sample: USD
    invoiceNo:
      description: Invoice number.
      type: str
      sample: INV1782020
    productId:
      description: Product ID of the order, as a string. Not in the vendor's Order_Info table; present when the API gives it.
      returned: when the API gives it
      type: str
      sample: "14"
    productNo:
      description: Serial number of the device or subscription the order is for; present when the API gives it.
      returned: when the API gives it
      type: str
      sample: "3076913644890832896"
    operationType:
      description: The C(operationType) the order was created with; present when the API gives it.
      returned: when the API gives it
      type: str
      sample: purchase_plan
    assignId:
      description: The subordinate user the order was placed for (empty for the partner itself); present when the API gives it.
      returned: when the API gives it
      type: str
      sample: color123@yeastar.com
    transactionNo:
      description: Payment transaction number; present when the API gives it (the order details carry it).
      returned: when the API gives it
      type: str
      sample: MI3401167834610294785
    details:
      description:
        - The order details as the API sent them (C(basicInformation), C(billingInformation), C(orderInformation),
          C(orderSummary)).
      returned: when O(order_id) is given, or O(details=true) (for the first 50 orders found)
      type: dict
      sample:
        basicInformation:
          productId: "14"
          productName: P-Series Turnkey Package
        orderSummary:
          serviceList: []
total:
  description: How many orders the whole order list holds, as the API says (before the filters).
  returned: when O(order_id) is not given
  type: int
  sample: 117
truncated:
  description: Whether reading the order list stopped at O(max_pages) before its end.
  returned: when O(order_id) is not given
  type: bool
  sample: false
"""

import re

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import get_order, list_orders
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._input import whole_number
from ansible_collections.yeastar.partner.plugins.module_utils._lookup import id_text
from ansible_collections.yeastar.partner.plugins.module_utils._module import PartnerModuleBase
from ansible_collections.yeastar.partner.plugins.module_utils._order import reference_of

STATUS_CHOICES = ["succeed", "failed", "pending", "invalid", "cancelled", "refunded"]
DETAILS_LIMIT = 50
MAX_PAGES = 100000

_ORDER_REF = re.compile(r"^[A-Za-z0-9]+$")


def matches(order, wanted):
    if "order_no" in wanted and id_text(order.get("orderNo")) != wanted["order_no"]:
        return False
    if "po_number" in wanted and reference_of(order) != wanted["po_number"].strip():
        return False
    if "status" in wanted and to_text(order.get("orderStatus") or "").strip().lower() not in wanted["status"]:
        return False
    return True


def read_details(client, ref):
    """The order details, or None when the API does not know the order."""
    try:
        return get_order(client, ref)
    except PartnerAPIError as error:
        if error.not_found:
            return None
        raise


def one_order(client, wanted):
    details = read_details(client, wanted["order_id"])
    if not details:
        return []
    info = details.get("orderInformation")
    order = dict(info) if isinstance(info, dict) else {}
    order["details"] = details
    return [order] if matches(order, wanted) else []


class YeastarOrderInfo(PartnerModuleBase):
    """Orders from the order list (every page) or one order by id, filtered, with their details when asked."""

    represent = "orders"
    supports_check_mode = True

    @staticmethod
    def argument_spec():
        return dict(
            order_id=dict(type="str"),
            order_no=dict(type="str"),
            po_number=dict(type="str"),
            status=dict(type="list", elements="str", choices=STATUS_CHOICES),
            details=dict(type="bool", default=False),
            max_pages=dict(type="raw", default=100),
        )

    def __init__(self, module):
        super(YeastarOrderInfo, self).__init__(module)
        self.wanted = None

    def validate(self):
        """The filters as they are compared, into :attr:`wanted`, or a failure before anything is sent."""
        module = self.module
        p = module.params
        wanted = {}
        for name in ("order_id", "order_no"):
            if p[name] is None:
                continue
            value = p[name].strip()
            if not value:
                module.fail("%s must not be empty; leave it out to not filter on it." % name)
            if not _ORDER_REF.match(value):
                module.fail("%s must be an order ID (digits) or an order number (letters and digits, for example "
                            "RV3401167833536552960), got %r." % (name, value))
            wanted[name] = value
        if p["po_number"] is not None:
            if not p["po_number"].strip():
                module.fail("po_number must not be empty; leave it out to not filter on it.")
            wanted["po_number"] = p["po_number"]
        if p["status"] is not None:
            if not p["status"]:
                module.fail("status must list at least one of: %s; leave it out to get orders of any status."
                            % ", ".join(STATUS_CHOICES))
            wanted["status"] = set(p["status"])
        problems = []
        p["max_pages"] = whole_number(p["max_pages"], "max_pages", problems, low=1, high=MAX_PAGES)
        if problems:
            module.fail(" ".join(problems))
        self.wanted = wanted

    def execute(self):
        wanted = self.wanted
        if "order_id" in wanted:
            self.value = self.read("Reading order %s" % wanted["order_id"], one_order, wanted)
        else:
            self.read("Reading the order list", self.find_all, wanted)
        self.msg = "Found %d order%s." % (len(self.value), "" if len(self.value) == 1 else "s")

    def find_all(self, client, wanted):
        module = self.module
        rows, info = list_orders(client, max_pages=module.params["max_pages"])
        self.value = [dict(row) for row in rows if matches(row, wanted)]
        self.extra.update(total=info.get("total"), truncated=bool(info.get("truncated")))
        if info.get("truncated"):
            module.warn("The order list was cut after max_pages=%d pages; orders beyond them were not searched. "
                        "Raise max_pages to read the whole list." % module.params["max_pages"])
        if not module.params["details"]:
            return
        if len(self.value) > DETAILS_LIMIT:
            module.warn("%d orders were found; the details of only the first (newest) %d were read. Narrow the "
                        "search with order_no, po_number or status." % (len(self.value), DETAILS_LIMIT))
        for order in self.value[:DETAILS_LIMIT]:
            ref = id_text(order.get("id")) or id_text(order.get("orderNo"))
            details = read_details(client, ref) if ref else None
            if details is None:
                module.warn("The details of order %s could not be read: the API does not know it (any more)." % ref)
                details = {}
            order["details"] = details


def main():
    YeastarOrderInfo.main()


if __name__ == "__main__":
    main()
