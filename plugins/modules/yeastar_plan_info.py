#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: yeastar_plan_info
short_description: Products, plans and services a Yeastar partner can buy
version_added: 1.0.0
description:
  - Lists the products the partner account may buy (C(product_list)).
  - For one product (O(product_id)), lists the plans and services it offers (C(purchase_product_info)), with their
    ids, names, purchase types, billing models, billing cycles and quantity limits, and picks the ones named in
    O(plans) and O(services) by name or by id.
  - With O(details), also reads the plan information (C(plan_info)) or service information (C(add_on_info)) of the
    trial, subscription or renewal variant for each selected plan and service.
  - Plans and services are found wherever the API puts them in its answer (by their C(planId) and C(serviceId) keys),
    whether ids come as numbers or strings.
  - Only reads; never changes anything.
author: yeastar.partner contributors (@yeastar-partner)
extends_documentation_fragment:
  - yeastar.partner.api
  - yeastar.partner.attributes
  - yeastar.partner.attributes.info_module
options:
  product_id:
    description:
      - Product whose plans and services to list, for example V(14) for the P-Series Turnkey Package,
        V(15) for Remote Management, V(12) for the P-Series Software Edition.
      - Without it, only RV(products) is returned.
      - A whole number from V(1) (an integer, or a string of the digits 0-9).
    type: raw
  product_no:
    description:
      - Serial number (SN) of the device or PBX the purchase is for.
      - Required for product V(9) (Linkus Cloud Service) and product V(11) (P-Series Plan for Appliance Edition),
        and when O(details=renew).
      - Needs O(product_id).
    type: str
  plans:
    description:
      - Plans to return, each by name (case-insensitive) or by id.
      - A name or id that matches no plan fails the task and lists the plans the product has; a name that matches
        several plans fails too, unless O(purchase_type) tells them apart.
      - If not set, all plans of the product are returned (those of O(purchase_type) when it is set).
      - Set to V([]) to return no plans, for example when only services are wanted.
      - Needs O(product_id).
    type: list
    elements: str
  services:
    description:
      - Services (add-ons) to return, each by name (case-insensitive) or by id.
      - A name or id that matches no service fails the task and lists the services the product has; a name that
        matches several services fails too, unless O(purchase_type) tells them apart.
      - If not set, all services of the product are returned (those of O(purchase_type) when it is set).
      - Set to V([]) to return no services.
      - Needs O(product_id).
    type: list
    elements: str
  purchase_type:
    description:
      - Purchase type of the plans and services wanted.
      - When O(plans) or O(services) is not set, only the entries of this purchase type are returned (entries for
        which the API gives no purchase type are kept).
      - When a name in O(plans) or O(services) matches several entries, the one of this purchase type is chosen.
      - Needs O(product_id).
    type: str
    choices: [purchase, trial, renew, switch]
  details:
    description:
      - Whether to read, for each returned plan and service, its plan information or service information, and of
        which variant (the trial, subscription or renewal page of the API). It is returned under C(details).
      - V(none) reads nothing more. Each other value costs one more API call per returned plan and service; narrow
        them with O(plans), O(services) or O(purchase_type).
      - V(renew) needs O(product_no). Any value other than V(none) needs O(product_id).
      - V(trial) is read for trial entries only, V(purchase) and V(renew) for purchase entries only (the API answers
        nothing else); the other entries get C(details) V(null). Naming an entry in O(plans) or O(services) that does
        not fit the variant is an error before anything is sent.
    type: str
    choices: [none, trial, purchase, renew]
    default: none
  gather_products:
    description:
      - Whether to read the list of products the account may buy and return it in RV(products).
      - If not set, the list is read when O(product_id) is not set, and not read when it is.
    type: bool
notes:
  - The product, plan and service ids are 19-digit numbers; they are returned as strings so that no tool rounds them.
seealso:
  - module: yeastar.partner.yeastar_order
  - module: yeastar.partner.yeastar_partner_info
"""

EXAMPLES = r"""
- name: List the products the account may buy
  yeastar.partner.yeastar_plan_info:
    client_id: "{{ yeastar_client_id }}"
    client_secret: "{{ yeastar_client_secret }}"
  delegate_to: localhost
  register: yeastar_products

- name: Find the P-Series Turnkey Package plan and the Recording Minutes service by name (connection options set once)
  module_defaults:
    group/yeastar.partner.all:
      client_id: "{{ yeastar_client_id }}"
      client_secret: "{{ yeastar_client_secret }}"
  delegate_to: localhost
  block:
    - name: Look up the turnkey plan and service ids of product 14
      yeastar.partner.yeastar_plan_info:
        product_id: 14
        plans:
          - Enterprise Plan
        services:
          - Recording Minutes
        purchase_type: purchase
      register: turnkey

    - name: Show the ids to order with
      ansible.builtin.debug:
        msg: >-
          plan {{ turnkey.plans[0].id }} (e.g. 3048941892189077504),
          service {{ turnkey.services[0].id }} (e.g. 3049032352364388352)

- name: Check that the ids of the seed tutorial exist, and read their subscription details
  yeastar.partner.yeastar_plan_info:
    product_id: 14
    plans:
      - "3048941892189077504"
    services:
      - "3049032352364388352"
    details: purchase
  delegate_to: localhost
  register: turnkey_details

- name: The trial plans of Remote Management, without services
  yeastar.partner.yeastar_plan_info:
    product_id: 15
    purchase_type: trial
    services: []
  delegate_to: localhost
  register: rm_trial

- name: Renewal information of a P-Series Appliance Edition plan (needs the PBX serial number)
  yeastar.partner.yeastar_plan_info:
    product_id: 11
    product_no: 3631E3418911
    plans:
      - Enterprise Plan
    details: renew
  delegate_to: localhost
  register: pae_renew
"""

RETURN = r"""
products:
  description:
    - The products the account may buy, as the product list gives them.
    - Empty when the list was not read (see O(gather_products)).
  returned: always
  type: list
  elements: dict
  sample:
    - product_id: 14
      name: P-Series Turnkey Package
      raw: {"name": "P-Series Turnkey Package", "productId": 14}
  contains:
    product_id:
      description: Product id (an integer; as text if the API sent something that is not a number).
      type: raw
      sample: 14
    name:
      description: Product name.
      type: str
      sample: P-Series Turnkey Package
    raw:
      description: The API's entry as it came.
      type: dict
      sample: {"name": "P-Series Turnkey Package", "productId": 14}
product_id:
  description: The product whose plans and services are returned; V(null) without O(product_id).
  returned: always
  type: int
  sample: 14
offering_id:
  description: Offering id of the product as the API gives it (C(offeringId)); V(null) without O(product_id) or when the API gives none.
  returned: always
  type: str
  sample: "3048941600000000014"
plans:
  description:
    - The selected plans of the product, in the order of O(plans), else in the API's order.
    - Empty without O(product_id).
  returned: always
  type: list
  elements: dict
  sample:
    - type: plan
      id: "3048941892189077504"
      name: Enterprise Plan
      purchase_type: purchase
      billing_model: recurring
      billing_cycle: annually
      min_quantity: 5
      max_quantity: 1000
      connection_plan_id: null
      raw: {"planId": "3048941892189077504", "planName": "Enterprise Plan", "purchaseType": "purchase"}
  contains:
    type:
      description: V(plan) or V(service).
      type: str
      sample: plan
    id:
      description: Plan id (C(planId)), as text. Use it as C(serviceId) (and C(connectionPlanId)) of an order line.
      type: str
      sample: "3048941892189077504"
    name:
      description: Name (C(planName) or C(name)).
      type: str
      sample: Enterprise Plan
    purchase_type:
      description: Purchase type (C(purchaseType)), for example V(purchase) or V(trial).
      type: str
      sample: purchase
    billing_model:
      description: Billing model (C(billingModel)), if given.
      type: str
      sample: recurring
    billing_cycle:
      description: Billing cycle (C(billingCycle)), if given.
      type: str
      sample: annually
    min_quantity:
      description: Smallest quantity that can be ordered, if given.
      type: int
      sample: 5
    max_quantity:
      description: Largest quantity that can be ordered, if given.
      type: int
      sample: 1000
    connection_plan_id:
      description: Always V(null) for a plan.
      type: str
      sample: null
    raw:
      description: The API's entry as it came.
      type: dict
      sample: {"planId": "3048941892189077504", "planName": "Enterprise Plan"}
    details:
      description:
        - The C(result) of the plan information call (C(plan_info)) of the O(details) variant.
      returned: when O(details) is not V(none)
      type: raw
      sample: {"planId": "3048941892189077504", "billingCycles": ["annually"], "minQuantity": 5, "maxQuantity": 1000}
services:
  description:
    - The selected services (add-ons) of the product, in the order of O(services), else in the API's order.
    - Empty without O(product_id).
  returned: always
  type: list
  elements: dict
  sample:
    - type: service
      id: "3049032352364388352"
      name: Recording Minutes
      purchase_type: purchase
      billing_model: recurring
      billing_cycle: annually
      min_quantity: 1000
      max_quantity: 1000000
      connection_plan_id: "3048941892189077504"
      raw: {"serviceId": "3049032352364388352", "serviceName": "Recording Minutes", "connectionPlanId": "3048941892189077504"}
  contains:
    type:
      description: V(plan) or V(service).
      type: str
      sample: service
    id:
      description: Service id (C(serviceId)), as text. Use it as C(serviceId) of an order line.
      type: str
      sample: "3049032352364388352"
    name:
      description: Name (C(serviceName) or C(name)).
      type: str
      sample: Recording Minutes
    purchase_type:
      description: Purchase type (C(purchaseType)), for example V(purchase) or V(trial).
      type: str
      sample: purchase
    billing_model:
      description: Billing model (C(billingModel)), if given.
      type: str
      sample: recurring
    billing_cycle:
      description: Billing cycle (C(billingCycle)), if given.
      type: str
      sample: annually
    min_quantity:
      description: Smallest quantity that can be ordered, if given.
      type: int
      sample: 1000
    max_quantity:
      description: Largest quantity that can be ordered, if given.
      type: int
      sample: 1000000
    connection_plan_id:
      description: Id of the plan the service depends on (C(connectionPlanId)), if any. Use it as C(connectionPlanId) of an order line.
      type: str
      sample: "3048941892189077504"
    raw:
      description: The API's entry as it came.
      type: dict
      sample: {"serviceId": "3049032352364388352", "serviceName": "Recording Minutes"}
    details:
      description:
        - The C(result) of the service information call (C(add_on_info)) of the O(details) variant.
      returned: when O(details) is not V(none)
      type: raw
      sample: {"serviceId": "3049032352364388352", "minQuantity": 1000, "maxQuantity": 1000000}
"""

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils import _endpoints as api
from ansible_collections.yeastar.partner.plugins.module_utils._lookup import LookupFailed, find_one, id_text, read_catalog
from ansible_collections.yeastar.partner.plugins.module_utils._input import identifier
from ansible_collections.yeastar.partner.plugins.module_utils._module import PartnerModuleBase
from ansible_collections.yeastar.partner.plugins.module_utils._order import PRODUCTS_NEEDING_PRODUCT_NO, PURCHASE_TYPES


def normalise_product(entry):
    product_id = entry.get("productId")
    text = id_text(product_id)
    if text is not None and text.isdigit():
        product_id = int(text)
    else:
        product_id = text
    name = entry.get("name") or entry.get("productName")
    return {"product_id": product_id, "name": to_text(name) if name is not None else None, "raw": entry}


def select(module, product_id, items, refs, what, purchase_type):
    """The entries named in ``refs`` (all, or those of ``purchase_type``, when ``refs`` is None)."""
    def same_type(item):
        return to_text(item.get("purchase_type") or "").strip().lower() == purchase_type

    if refs is None:
        if purchase_type is None:
            return list(items)
        return [i for i in items if i.get("purchase_type") in (None, "") or same_type(i)]
    chosen, seen = [], set()
    for ref in refs:
        try:
            item = find_one(items, to_text(ref).strip(), what, narrow=same_type if purchase_type else None)
        except LookupFailed as exc:
            msg = "Product %d: %s" % (product_id, to_text(exc))
            if purchase_type is None and "ambiguous" in msg:
                msg += " Or set purchase_type to choose between entries of different purchase types."
            module.fail(msg)
        key = (item["id"], item["purchase_type"])
        if key not in seen:
            seen.add(key)
            chosen.append(item)
    return chosen


class YeastarPlanInfo(PartnerModuleBase):
    """The products, and one product's plans and services (with their trial, purchase or renewal details)."""

    represent = "plans"
    supports_check_mode = True

    @staticmethod
    def argument_spec():
        return dict(
            product_id=dict(type="raw"),
            product_no=dict(type="str"),
            plans=dict(type="list", elements="str"),
            services=dict(type="list", elements="str"),
            purchase_type=dict(type="str", choices=list(PURCHASE_TYPES)),
            details=dict(type="str", default="none", choices=["none"] + list(api.INFO_VARIANTS)),
            gather_products=dict(type="bool"),
        )

    def validate(self):
        """Reject bad input before anything is sent; product_id and product_no are normalised in the params."""
        module = self.module
        p = module.params
        problems = []
        p["product_id"] = identifier(p["product_id"], "product_id", problems)
        if problems:
            module.fail(" ".join(problems))
        if p["product_no"] is not None:
            p["product_no"] = p["product_no"].strip()
            if not p["product_no"]:
                module.fail("product_no must not be empty; leave it out or give the serial number of the device.")
        product_id = p["product_id"]
        if product_id is None:
            needing = [name for name in ("product_no", "plans", "services", "purchase_type") if p[name] is not None]
            if p["details"] != "none":
                needing.append("details")
            if needing:
                module.fail("%s only make%s sense for one product: set product_id too (for example 14 for the P-Series "
                            "Turnkey Package)." % (", ".join(needing), "s" if len(needing) == 1 else ""))
            return
        if product_id in PRODUCTS_NEEDING_PRODUCT_NO and not p["product_no"]:
            module.fail("product %d (%s) needs product_no, the serial number of the device, to list its plans and services."
                        % (product_id, PRODUCTS_NEEDING_PRODUCT_NO[product_id]))
        if p["details"] == "renew" and not p["product_no"]:
            module.fail("details=renew needs product_no, the serial number of the device or PBX whose subscription is renewed.")
        for option in ("plans", "services"):
            for index, ref in enumerate(p[option] or []):
                if ref is None or not to_text(ref).strip():
                    module.fail("%s[%d] is empty; give a name or an id." % (option, index))

    def execute(self):
        module = self.module
        p = module.params
        product_id = p["product_id"]
        gather = p["gather_products"]
        if gather is None:
            gather = product_id is None
        self.value = []
        self.extra = dict(products=[], product_id=product_id, offering_id=None, services=[])
        if gather:
            listed = self.read("Reading the product list", api.product_list)
            self.extra["products"] = [normalise_product(e) for e in listed if isinstance(e, dict)]
        if product_id is None:
            self.msg = "Found %d products." % len(self.extra["products"])
            return
        catalog = self.read("Reading the plans and services of product %d" % product_id, api.purchase_product_info,
                            product_id, p["product_no"])
        plans, services, offering_id = read_catalog(catalog)
        self.extra["offering_id"] = offering_id
        self.value = select(module, product_id, plans, p["plans"], "Plan", p["purchase_type"])
        self.extra["services"] = select(module, product_id, services, p["services"], "Service", p["purchase_type"])
        variant = p["details"]
        if variant != "none":
            self._check_variant(variant)
            for plan in self.value:
                if not fits_variant(plan, variant):
                    plan["details"] = None
                    continue
                plan["details"] = self.read("Reading the %s information of plan %s (%s)" % (variant, plan["id"], plan["name"]),
                                            api.plan_info, variant, plan["id"], product_id, p["product_no"])
            for service in self.extra["services"]:
                if not fits_variant(service, variant):
                    service["details"] = None
                    continue
                connection = service["connection_plan_id"]
                if connection is not None and not connection.isdigit():
                    connection = None
                service["details"] = self.read("Reading the %s information of service %s (%s)"
                                               % (variant, service["id"], service["name"]),
                                               api.add_on_info, variant, service["id"], product_id, p["product_no"],
                                               connection_plan_id=connection)
        self.msg = "Product %d: %d plan%s and %d service%s." % (
            product_id, len(self.value), "" if len(self.value) == 1 else "s",
            len(self.extra["services"]), "" if len(self.extra["services"]) == 1 else "s")

    def _check_variant(self, variant):
        """Entries named in plans or services must fit the details variant."""
        for option, entries in (("plans", self.value), ("services", self.extra["services"])):
            if self.module.params[option] is None:
                continue
            wrong = ["%s (%s, %s)" % (e["id"], e["name"], e.get("purchase_type")) for e in entries if not fits_variant(e, variant)]
            if wrong:
                self.module.fail("details=%s reads %s entries only, but %s names %s; set purchase_type or name other "
                                 "entries." % (variant, "trial" if variant == "trial" else "purchase", option, ", ".join(wrong)))


def fits_variant(entry, variant):
    """Whether the API answers ``variant`` information for this plan or service: trial for trial entries, purchase and
    renew for the others (an entry of unknown type is asked)."""
    purchase_type = to_text(entry.get("purchase_type") or "").strip().lower()
    if not purchase_type:
        return True
    return (purchase_type == "trial") == (variant == "trial")


def main():
    YeastarPlanInfo.main()


if __name__ == "__main__":
    main()
