#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: yeastar_partner_info
short_description: List the subordinate users and billing contacts of a Yeastar partner account
version_added: 1.0.0
description:
  - Reads the subordinate users (the partner's customers) and the billing contacts of a Yeastar Partner Portal
    account through the Partner Portal OpenAPI, optionally filtered.
  - The C(partnerId) of a subordinate user is what an order is assigned to (C(assignId) in the API), and the
    C(billingContactId) of a billing contact is the C(billingId) of an order.
  - Subordinate users come from the C(partner_list) endpoint, or from C(subordinate_user/{partnerId}) when
    O(partner_id) is given. Billing contacts come from the C(billing_contact_list) endpoint.
  - Never changes anything.
author: yeastar.partner contributors (@yeastar-partner)
extends_documentation_fragment:
  - yeastar.partner.api
  - yeastar.partner.attributes
  - yeastar.partner.attributes.info_module
options:
  gather:
    description:
      - What to read. Leave one out to save its API call.
      - The result holds RV(partners) only when V(partners) is listed, and RV(billing_contacts) only when
        V(billing_contacts) is listed.
    type: list
    elements: str
    choices: [partners, billing_contacts]
    default: [partners, billing_contacts]
  partner_id:
    description:
      - Return only the subordinate user with this ID (its Yeastar ID, an e-mail address; C(partnerId) in the API).
      - Read with the C(subordinate_user/{partnerId}) endpoint instead of the whole list.
      - An ID the API does not know (HTTP 404) is not an error; RV(partners) is then empty.
    type: str
  email:
    description:
      - Return only the subordinate users whose C(email) is this address (case-insensitive, exact).
    type: str
  company:
    description:
      - Return only the subordinate users whose C(company) is this name (case-insensitive, exact).
    type: str
  billing_contact_id:
    description:
      - Return only the billing contact with this C(billingContactId) (digits only).
      - Quote it in YAML (V("3197218168379846218")); the ID is too long to be handled safely as a number.
    type: str
  billing_email:
    description:
      - Return only the billing contacts whose C(emailAddress) is this address (case-insensitive, exact).
    type: str
notes:
  - Filters narrow the answer on the controller; the list endpoints take no filter of their own.
  - Filters of the same kind combine with AND. A filter for subordinate users needs V(partners) in O(gather), and a
    filter for billing contacts needs V(billing_contacts) in O(gather).
"""

EXAMPLES = r"""
- name: List all subordinate users and billing contacts
  yeastar.partner.yeastar_partner_info:
    client_id: "{{ yeastar_client_id }}"
    client_secret: "{{ yeastar_client_secret }}"
  delegate_to: localhost
  register: partner_info

- name: Find the tenant and the billing contact of an order, with the connection options set once
  module_defaults:
    group/yeastar.partner.all:
      client_id: "{{ yeastar_client_id }}"
      client_secret: "{{ yeastar_client_secret }}"
  delegate_to: localhost
  block:
    - name: Look up the subordinate user by its Yeastar ID
      yeastar.partner.yeastar_partner_info:
        partner_id: color123@yeastar.com
        gather: [partners]
      register: tenant

    - name: Look up the billing contact that receives the invoices
      yeastar.partner.yeastar_partner_info:
        billing_email: billing@partner.example
        gather: [billing_contacts]
      register: billing

    - name: Fail early when either is missing
      ansible.builtin.assert:
        that:
          - tenant.partners | length == 1
          - billing.billing_contacts | length == 1
        fail_msg: The tenant or the billing contact does not exist in the Partner Portal.

    - name: Show what an order would use
      ansible.builtin.debug:
        msg: >-
          assignId {{ tenant.partners[0].partnerId }},
          billingId {{ billing.billing_contacts[0].billingContactId }}

- name: Find the subordinate users of one company (credentials from YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET)
  yeastar.partner.yeastar_partner_info:
    company: Acme Telecom Ltd
    gather:
      - partners
  delegate_to: localhost
  register: acme
"""

RETURN = r"""
partners:
  description:
    - The subordinate users that match the filters, each as the API sent it (User_Info).
    - Empty when none matches, also when the API does not know O(partner_id).
  returned: when O(gather) contains V(partners)
  type: list
  elements: dict
  sample:
    - partnerId: color123@yeastar.com
      email: color123@yeastar.com
      company: Color Tech
      firstName: Color
      lastName: Lee
      country: China
      stateProvince: Fujian
      city: Xiamen
      street: No. 1 Software Park
      zipCode: "361000"
      phoneNumber: +86 592 5503301
      taxNum: ""
      remark: ""
      userType: Enduser
  contains:
    partnerId:
      description: Unique ID of the subordinate user, its Yeastar ID (an e-mail address). Use it as C(assignId) of an order.
      type: str
      sample: color123@yeastar.com
    email:
      description: E-mail address.
      type: str
      sample: color123@yeastar.com
    company:
      description: Company name.
      type: str
      sample: Color Tech
    firstName:
      description: First name.
      type: str
      sample: Color
    lastName:
      description: Last name.
      type: str
      sample: Lee
    country:
      description: Country name.
      type: str
      sample: China
    userType:
      description: User type.
      type: str
      sample: Enduser
    stateProvince:
      description: State or province.
      type: str
      sample: ""
    city:
      description: City.
      type: str
      sample: Xiamen
    street:
      description: Street.
      type: str
      sample: No. 1 Software Park
    zipCode:
      description: ZIP or postcode.
      type: str
      sample: "361000"
    phoneNumber:
      description: Phone number.
      type: str
      sample: "+86 592 5503301"
    taxNum:
      description: Tax ID number.
      type: str
      sample: ""
    remark:
      description: Remark.
      type: str
      sample: ""
billing_contacts:
  description:
    - The billing contacts that match the filters, each as the API sent it (Contact_Info).
    - Empty when none matches.
  returned: when O(gather) contains V(billing_contacts)
  type: list
  elements: dict
  sample:
    - billingContactId: "3197218168379846218"
      emailAddress: billing@partner.example
      company: Example Partner Ltd
      firstName: Jane
      lastName: Doe
      country: United Kingdom
      stateProvince: ""
      city: Manchester
      street: 10 Deansgate
      zipCode: M3 1AZ
      phoneNumber: +44 161 496 0000
      taxNum: GB987654321
      remark: default
  contains:
    billingContactId:
      description: Billing contact ID, a string of digits. Use it as C(billingId) of an order.
      type: str
      sample: "3197218168379846218"
    emailAddress:
      description: Where the invoice of a paid order that uses this contact is sent.
      type: str
      sample: billing@partner.example
    company:
      description: Company name.
      type: str
      sample: Example Partner Ltd
    firstName:
      description: First name.
      type: str
      sample: Jane
    lastName:
      description: Last name.
      type: str
      sample: Doe
    country:
      description: Country name.
      type: str
      sample: United Kingdom
    stateProvince:
      description: State or province.
      type: str
      sample: ""
    city:
      description: City.
      type: str
      sample: Manchester
    street:
      description: Street.
      type: str
      sample: 10 Deansgate
    zipCode:
      description: ZIP or postcode.
      type: str
      sample: M3 1AZ
    phoneNumber:
      description: Phone number.
      type: str
      sample: "+44 161 496 0000"
    taxNum:
      description: Tax ID number.
      type: str
      sample: ""
    remark:
      description: Remark.
      type: str
      sample: ""
"""

import re

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import (
    get_partner,
    list_billing_contacts,
    list_partners,
)
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._lookup import id_text
from ansible_collections.yeastar.partner.plugins.module_utils._module import PartnerModuleBase

GATHER_CHOICES = ["partners", "billing_contacts"]
PARTNER_FILTERS = ("partner_id", "email", "company")
BILLING_FILTERS = ("billing_contact_id", "billing_email")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_DIGITS = re.compile(r"^[0-9]+$")


def _folded(value):
    return to_text(value if value is not None else "").strip().casefold()


def _matches(entry, wanted, pairs):
    """True when every filter in ``pairs`` ((option, API field, exact?)) that was given matches ``entry``."""
    for option, field, exact in pairs:
        if option not in wanted:
            continue
        if exact:
            if id_text(entry.get(field)) != wanted[option]:
                return False
        elif _folded(entry.get(field)) != wanted[option].casefold():
            return False
    return True


def read_partners(client, wanted):
    if "partner_id" in wanted:
        try:
            entry = get_partner(client, wanted["partner_id"])
        except PartnerAPIError as error:
            if not error.not_found:
                raise
            entry = {}
        entries = [entry] if entry else []
    else:
        entries = [e for e in list_partners(client) if isinstance(e, dict)]
    return [e for e in entries if _matches(e, wanted, (("email", "email", False), ("company", "company", False)))]


def read_billing_contacts(client, wanted):
    entries = [e for e in list_billing_contacts(client) if isinstance(e, dict)]
    pairs = (("billing_contact_id", "billingContactId", True), ("billing_email", "emailAddress", False))
    return [e for e in entries if _matches(e, wanted, pairs)]


class YeastarPartnerInfo(PartnerModuleBase):
    """Subordinate users (customers) and billing contacts, filtered."""

    represent = "partners"
    supports_check_mode = True

    @staticmethod
    def argument_spec():
        return dict(
            gather=dict(type="list", elements="str", choices=GATHER_CHOICES, default=list(GATHER_CHOICES)),
            partner_id=dict(type="str"),
            email=dict(type="str"),
            company=dict(type="str"),
            billing_contact_id=dict(type="str"),
            billing_email=dict(type="str"),
        )

    def __init__(self, module):
        super(YeastarPartnerInfo, self).__init__(module)
        self.wanted = None
        self.gather = None

    def validate(self):
        """The filters as they are compared (:attr:`wanted`) and what to read (:attr:`gather`), or a failure before
        anything is sent."""
        module = self.module
        p = module.params
        wanted = {}
        for name in PARTNER_FILTERS + BILLING_FILTERS:
            value = p[name]
            if value is None:
                continue
            value = value.strip()
            if not value:
                module.fail("%s must not be empty; leave it out to not filter on it." % name)
            wanted[name] = value
        for name in ("email", "billing_email"):
            if name in wanted and not _EMAIL.match(wanted[name]):
                module.fail("%s must be an e-mail address (name@domain), got %r." % (name, wanted[name]))
        if "partner_id" in wanted and re.search(r"[\s/]", wanted["partner_id"]):
            module.fail("partner_id must be the subordinate user's Yeastar ID (an e-mail address), without spaces or "
                        "slashes; got %r." % wanted["partner_id"])
        if "billing_contact_id" in wanted and not _DIGITS.match(wanted["billing_contact_id"]):
            module.fail("billing_contact_id must be digits only (the billingContactId, for example 3197218168379846218), "
                        "got %r." % wanted["billing_contact_id"])
        gather = p["gather"]
        if not gather:
            module.fail("gather must name at least one of: %s." % ", ".join(GATHER_CHOICES))
        for kind, names in (("partners", PARTNER_FILTERS), ("billing_contacts", BILLING_FILTERS)):
            used = [n for n in names if n in wanted]
            if used and kind not in gather:
                module.fail("%s %s for %s, but gather does not include %s." % (
                    " and ".join(used), "are filters" if len(used) > 1 else "is a filter", kind, kind))
        self.wanted, self.gather = wanted, gather

    def execute(self):
        wanted, gather = self.wanted, self.gather
        found = []
        if "partners" in gather:
            self.value = self.read("Reading the subordinate users", read_partners, wanted)
            found.append("%d subordinate user%s" % (len(self.value), "" if len(self.value) == 1 else "s"))
        if "billing_contacts" in gather:
            contacts = self.read("Reading the billing contacts", read_billing_contacts, wanted)
            self.extra["billing_contacts"] = contacts
            found.append("%d billing contact%s" % (len(contacts), "" if len(contacts) == 1 else "s"))
        self.msg = "Found %s." % " and ".join(found)


def main():
    YeastarPartnerInfo.main()


if __name__ == "__main__":
    main()
