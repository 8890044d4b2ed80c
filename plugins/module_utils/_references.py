# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The references of an order, checked before it is sent: the billing contact, the subordinate user, the plan and
service ids of the catalogue, a renewal's device and its extension count, a new Cloud Edition's region, domain and URL.

:class:`References` reads each of them once per module run (the orders of a batch share it) and says what is wrong
with an order's references (:meth:`References.problems`); :mod:`._placement` stops the order on any problem.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils import _endpoints as api
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._lookup import LookupFailed, find_one, read_catalog
from ansible_collections.yeastar.partner.plugins.module_utils._order import check_against_catalog
from ansible_collections.yeastar.partner.plugins.module_utils._products import find_region, instance_extensions, normalise_regions


class References:
    """What the references of orders are checked against, read once per module run and shared by its orders."""

    def __init__(self, module):
        self.module = module
        self._contacts = None
        self._partners = {}
        self._catalogs = {}
        self._regions = None
        self._instances = {}

    def billing_contacts(self):
        if self._contacts is None:
            self._contacts = api.list_billing_contacts(self.module.client)
        return self._contacts

    def partner(self, partner_id):
        if partner_id not in self._partners:
            try:
                self._partners[partner_id] = api.get_partner(self.module.client, partner_id)
            except PartnerAPIError as error:
                if not error.not_found:
                    raise
                self._partners[partner_id] = None
        return self._partners[partner_id]

    def regions(self):
        """The regions a Cloud Edition PBX can be created in (read once per module run)."""
        if self._regions is None:
            self._regions = normalise_regions(api.region_list(self.module.client))
        return self._regions

    def instance(self, product_id, product_no):
        """A device of this account by serial number, as the API shows it, or None when the API says there is none."""
        key = (product_id, product_no)
        if key not in self._instances:
            try:
                self._instances[key] = api.get_instance(self.module.client, product_id, product_no) or None
            except PartnerAPIError as error:
                if not error.not_found:
                    raise
                self._instances[key] = None
        return self._instances[key]

    def remember_instance(self, product_id, product_no, instance):
        """Use ``instance`` (as the API shows a device, read just now by the caller) instead of reading it again."""
        self._instances[(product_id, product_no)] = instance

    def catalog(self, product_id, product_no):
        key = (product_id, product_no)
        if key not in self._catalogs:
            self._catalogs[key] = read_catalog(api.purchase_product_info(self.module.client, product_id, product_no))
        return self._catalogs[key]

    def problems(self, order, checking, deferred):
        """What is wrong with the references of ``order`` (a :func:`._order.plan_order` order), as a list.

        With ``checking`` (validate_references), the billing contact, the subordinate user and the catalogue items are
        looked up; a renewal's device and a new Cloud Edition's region and URL always are. Problems that stop a new
        order but not the finding of an existing one go to ``deferred``."""
        problems = []
        if checking and order["billing_id"] is not None:
            contacts = self.billing_contacts()
            try:
                find_one(contacts, order["billing_id"], "billing_id", id_key="billingContactId", name_keys=())
            except LookupFailed:
                known = ", ".join("%s (%s)" % (c.get("billingContactId"), c.get("emailAddress") or c.get("company") or "")
                                  for c in contacts[:20]) or "none"
                problems.append("billing_id %s is not a billing contact of this account. Known: %s." % (order["billing_id"], known))
        if checking and order["partner_id"] and not self.partner(order["partner_id"]):
            problems.append("partner_id %s is not a subordinate user of this account (see yeastar_partner_info)."
                            % order["partner_id"])
        if order["operation"] == "renew_plan":
            problems.extend(self._renewal_problems(order, deferred))
        if order["pce"]:
            problems.extend(self._pce_problems(order))
        if checking or any(item["id"] is None for item in order["items"]):
            plans, services, dummy = self.catalog(order["product_id"], order["product_no"])
            problems.extend(check_against_catalog(order, plans, services))
        return problems

    def _renewal_problems(self, order, deferred):
        """A renewal is for the device's current extension count (the API's rule): take it from the device when the
        plan item gives no quantity, refuse another one before anything is sent."""
        device = self.instance(order["product_id"], order["product_no"])
        if device is None:
            return ["product_no %s is not a device (instance) of product %s on this account; yeastar_product_info lists "
                    "them." % (order["product_no"], order["product_id"])]
        current = instance_extensions(device)
        problems = []
        for index, item in enumerate(order["items"]):
            if item["type"] != "plan":
                continue
            if item["quantity"] is None:
                if current is None:
                    problems.append("items[%d].quantity is required: the Partner Portal does not show the current "
                                    "extension count of device %s, and a renewal must be for exactly that count."
                                    % (index, order["product_no"]))
                item["quantity"] = current
            elif current is not None and item["quantity"] != current:
                deferred.append("items[%d].quantity %s differs from the %s extensions device %s has now; a renewal is "
                                "for the current extension count (leave quantity out to take it from the device, or "
                                "expand first with purchase_service)." % (index, item["quantity"], current,
                                                                          order["product_no"]))
        return problems

    def _pce_problems(self, order):
        """Resolve the Cloud Edition region and domain (by name or id) from the region list, and check that the URL is
        ``<name>.<one of the domain's suffixes>``; sets ``order["pce_request"]``."""
        pce = order["pce"]
        if pce["pbx_url"] is None or pce["region"] is None:
            return []
        regions = self.regions()
        url_suffix = pce["pbx_url"].split(".", 1)[1]
        try:
            region, domain, dummy = find_region(regions, pce["region"], url_suffix)
        except LookupFailed as exc:
            if pce["domain"] is None:
                return ["pce: %s" % exc]
            try:
                region, domain, dummy = find_region(regions, pce["region"], pce["domain"])
            except LookupFailed as exc_domain:
                return ["pce: %s" % exc_domain]
            return ["pce.pbx_url %s is not under the domain suffix%s %s of region %s (%s)." % (
                pce["pbx_url"], "es" if len(domain["suffixes"]) > 1 else "", ", ".join(domain["suffixes"]) or "(none)",
                region["id"], region["name"])]
        wanted = to_text(pce["domain"]).lower().lstrip(".") if pce["domain"] is not None else None
        if wanted is not None and wanted not in [to_text(domain["id"]).lower()] + list(domain["suffixes"]):
            return ["pce.domain %s does not fit pce.pbx_url %s, whose suffix is domain %s [%s] of region %s (%s)." % (
                pce["domain"], pce["pbx_url"], domain["id"], ", ".join(domain["suffixes"]), region["id"], region["name"])]
        request = {"pbxName": pce["pbx_name"], "regionId": to_text(region["id"]),
                   "pbxSubDomainId": to_text(domain["id"]), "pbxUrl": pce["pbx_url"]}
        request.update(pce["extra"])
        order["pce_request"] = request
        return []
