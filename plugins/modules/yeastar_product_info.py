#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: yeastar_product_info
short_description: List the product instances of a Yeastar partner account, and read regions, models and activation codes
version_added: 1.0.0
description:
  - Reads the instances of one product (the PBXs, devices and subscriptions bought for the partner and its customers)
    through the Partner Portal OpenAPI, every page of the instance list, and filters them by owner or activation status.
  - For one instance (O(product_no)), reads its details instead of the list.
  - Each instance is returned in one shape whatever names the API gives its fields (serial number, activation status
    and code, plan, extension count, add-on services, expiry, owner), with the entry as the API sent it under
    RV(products[].raw). The vendor documents only a few of these fields; a field the API does not give is V(null).
  - On request, also reads the regions and domain suffixes a P-Series Cloud Edition can be created in (O(regions)),
    whether a Cloud Edition PBX URL is still free (O(pbx_url)), the model of an appliance (O(product_model)) and the
    online activation code of a P-Series Software Edition PBX (O(activation_code)).
  - Never changes anything.
author: yeastar.partner contributors (@yeastar-partner)
extends_documentation_fragment:
  - yeastar.partner.api
  - yeastar.partner.attributes
  - yeastar.partner.attributes.info_module
options:
  product_id:
    description:
      - The product whose instances to read, for example V(14) (P-Series Turnkey Package), V(13) (P-Series Cloud
        Edition), V(12) (P-Series Software Edition) or V(11) (P-Series Appliance Edition).
      - M(yeastar.partner.yeastar_plan_info) lists the products of the account.
      - A positive whole number (an integer, or a string of the digits 0-9).
    type: raw
    required: true
  product_no:
    description:
      - Read this one instance, by its serial number (SN, C(productNo) in the API).
      - Read with the instance details endpoint alone; the instance list is not read, so RV(total) and
        RV(truncated) are not returned.
      - An instance the API does not know (a "not found" answer) is not an error; RV(products) is then empty.
      - The other filters still apply to the instance found.
      - Quote a serial number of digits only in YAML, so that it stays text.
    type: str
  owner:
    description:
      - Return only the instances that belong to this subordinate user (customer), by its Yeastar ID (an e-mail
        address, C(partnerId) in M(yeastar.partner.yeastar_partner_info)). Compared without regard to case.
      - An instance whose owner the API does not give never matches.
    type: str
    aliases: [partner_id]
  activation_status:
    description:
      - Return only the instances in one of these activation states.
    type: list
    elements: str
    choices: [unknown, unactivated, activated]
  regions:
    description:
      - Also read the regions and the domain suffixes a new P-Series Cloud Edition PBX can be created in, into
        RV(regions).
      - Their ids are what a Cloud Edition order names as its region and domain suffix.
    type: bool
    default: false
  pbx_url:
    description:
      - Also check whether this P-Series Cloud Edition PBX URL is still free, into RV(pbx_url_free).
      - The full host name, the PBX name followed by one of the domain suffixes of RV(regions), for example
        V(newco.ras.yeastar.com); no C(https://), port or path. Compared without regard to case.
      - A URL that is taken may be one of the account's own PBXs or anybody else's; the API does not say which.
    type: str
  product_model:
    description:
      - Also read the model of the device O(product_no), into RV(product_model).
      - For appliances, such as the P-Series Appliance Edition (O(product_id=11)) and S-Series VoIP PBXs; refused for
        the Software Edition (V(12)) and the Cloud Edition (V(13)), which have no hardware.
      - Needs O(product_no).
    type: bool
    default: false
  activation_code:
    description:
      - Also read the online activation code of the P-Series Software Edition PBX O(product_no), into
        RV(activation_code). The PBX needs Internet access to activate with it.
      - Only for O(product_id=12); needs O(product_no).
    type: bool
    default: false
  max_pages:
    description:
      - Most pages of the instance list to read, 100 instances a page (or fewer when the API serves fewer).
      - When the list is longer, reading stops there, RV(truncated) is V(true) and a warning says that the list was
        cut; raise O(max_pages) to read it all.
      - At least V(1). Not used with O(product_no).
    type: int
    default: 100
notes:
  - The instance list takes no filter of its own; the module reads every page of it and filters on the controller.
    All filters combine with AND.
  - The instance list, or with O(product_no) the instance details, is always read; O(regions), O(pbx_url),
    O(product_model) and O(activation_code) each add one request.
  - O(product_model) and O(activation_code) are read only when the instance O(product_no) exists.
  - Bad input fails before anything is sent to the API.
seealso:
  - module: yeastar.partner.yeastar_order
    description: Renew, extend or switch the plan of an instance found here, or buy a new one.
  - module: yeastar.partner.yeastar_partner_info
    description: The subordinate users an instance can belong to.
"""

EXAMPLES = r"""
# The connection options come from module_defaults (group/yeastar.partner.all) or from the environment variables
# YEASTAR_API_URL, YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET.

- name: List every P-Series Turnkey Package of one customer
  yeastar.partner.yeastar_product_info:
    product_id: 14
    owner: color123@yeastar.com
  delegate_to: localhost
  register: customer_turnkeys

- name: Show serial number, plan, extensions and expiry of each
  ansible.builtin.debug:
    msg: >-
      {{ item.product_no }}: {{ item.plan_name }} for {{ item.extensions }} extensions,
      {{ item.activation_status }}, expires {{ item.expire_date }}
  loop: "{{ customer_turnkeys.products }}"
  loop_control:
    label: "{{ item.product_no }}"

- name: Read one Turnkey Package by its serial number
  yeastar.partner.yeastar_product_info:
    product_id: 14
    product_no: "3076913644890830001"
  delegate_to: localhost
  register: one_turnkey

- name: Fail when it does not exist
  ansible.builtin.assert:
    that: one_turnkey.products | length == 1
    fail_msg: "{{ one_turnkey.msg }}"

- name: Before buying a Cloud Edition PBX, read the regions and check that its URL is free
  yeastar.partner.yeastar_product_info:
    product_id: 13
    regions: true
    pbx_url: newco.ras.yeastar.com
  delegate_to: localhost
  register: cloud

- name: Stop when the URL is taken
  ansible.builtin.assert:
    that: cloud.pbx_url_free
    fail_msg: newco.ras.yeastar.com is taken; choose another PBX name.

- name: Read the model of a P-Series Appliance
  yeastar.partner.yeastar_product_info:
    product_id: 11
    product_no: "3631E3418911"
    product_model: true
  delegate_to: localhost
  register: appliance

- name: List the Software Edition PBXs that are not activated yet
  yeastar.partner.yeastar_product_info:
    product_id: 12
    activation_status: unactivated
  delegate_to: localhost
  register: waiting_pbxs

- name: Read the online activation code of each
  yeastar.partner.yeastar_product_info:
    product_id: 12
    product_no: "{{ item.product_no }}"
    activation_code: true
  loop: "{{ waiting_pbxs.products }}"
  loop_control:
    label: "{{ item.product_no }}"
  delegate_to: localhost
  register: activation_codes
"""

RETURN = r"""
msg:
  description:
    - What was found, in one sentence (V(Found 3 instances of product 14.), V(1 of the 3 instances of product 14 match the
      filters.), V(Product 14 has no instance with serial number ...)), followed by the PBX URL's state when O(pbx_url)
      is given; on failure, what the module was reading and why it failed.
  returned: always
  type: str
  sample: "Found 1 instance of product 13; PBX URL newco.ras.yeastar.com is free."
products:
  description:
    - The instances of O(product_id) that match the filters, in the order the API lists them.
    - With O(product_no), the one instance read from the instance details (its serial number and product are
      taken from the request when the details leave them out).
    - Empty when none matches, also when the API does not know O(product_no).
    - Each field is read from the key the vendor's guide names, or else from other plausible names (key names compared
      without regard to case, C(_) or C(-)), from nested objects such as C(plan) or C(owner), and from numbers sent as
      strings; a field the API does not give is V(null).
  returned: success
  type: list
  elements: dict
  sample:
    - product_no: "3076913644890830001"
      product_id: 14
      instance_id: "1948801"
      activation_status: activated
      activation_code: TK-7Q2M-9XAB-41CD
      plan_id: "3048941892189077504"
      plan_name: Enterprise Plan
      extensions: 50
      services:
        - service_id: "3049032352364388352"
          service_name: Recording Minutes
          quantity: 5000
      billing_cycle: annually
      expire_time: 1798761600000
      expire_date: "2027-01-01"
      owner: color123@yeastar.com
      trial: false
      comment: Color Tech HQ
      raw:
        instanceId: "1948801"
        productNo: "3076913644890830001"
        productId: 14
        productName: P-Series Turnkey Package
        partnerId: color123@yeastar.com
        planId: "3048941892189077504"
        planName: Enterprise Plan
        quantity: 50
        serviceList:
          - serviceId: "3049032352364388352"
            serviceName: Recording Minutes
            quantity: 5000
        trial: false
        billingCycle: annually
        activationCode: TK-7Q2M-9XAB-41CD
        activationStatus: activated
        comment: Color Tech HQ
        createTime: 1767225600000
        expireTime: 1798761600000
        currentPlan: ""
        currentPlanExpireDate: "2027-01-01"
  contains:
    product_no:
      description:
        - Serial number (SN) of the instance. Orders for this instance name it (C(productNo)).
        - Read from C(productNo), else C(sn), C(serialNumber), C(serialNo), C(deviceSn).
      type: str
      sample: "3076913644890830001"
    product_id:
      description: Product ID of the instance (C(productId)); O(product_id) when the API does not say.
      type: int
      sample: 14
    instance_id:
      description: The API's ID of the instance (C(instanceId), else C(id)).
      type: str
      sample: "1948801"
    activation_status:
      description:
        - V(unknown), V(unactivated) or V(activated), in lower case (C(activationStatus), else C(activateStatus); a
          Boolean C(activated) gives V(activated) or V(unactivated)).
      type: str
      sample: activated
    activation_code:
      description:
        - Activation code of the instance as the list or the details give it (C(activationCode)); V(null) when it has
          none. For the online activation code of a Software Edition PBX, use O(activation_code).
      type: str
      sample: TK-7Q2M-9XAB-41CD
    plan_id:
      description: ID of the instance's plan (C(planId), else C(currentPlanId) or C(plan.id)); a renewal names it.
      type: str
      sample: "3048941892189077504"
    plan_name:
      description: Name of the instance's plan (C(planName), else C(currentPlan) or C(plan.name)).
      type: str
      sample: Enterprise Plan
    extensions:
      description:
        - The instance's current extension count, the quantity of its plan (C(quantity), else C(extensions),
          C(extensionCount), C(maxExtension) or C(plan.quantity)). A renewal must order exactly this quantity.
      type: int
      sample: 50
    services:
      description:
        - The add-on services of the instance (C(serviceList), else C(services) or C(addOnList)); empty when it has
          none or the API does not list them.
      type: list
      elements: dict
      sample:
        - service_id: "3049032352364388352"
          service_name: Recording Minutes
          quantity: 5000
      contains:
        service_id:
          description: ID of the service.
          type: str
          sample: "3049032352364388352"
        service_name:
          description: Name of the service.
          type: str
          sample: Recording Minutes
        quantity:
          description: Quantity of the service.
          type: int
          sample: 5000
    billing_cycle:
      description: Billing cycle of the plan (C(billingCycle)), for example V(annually) or V(monthly).
      type: str
      sample: annually
    expire_time:
      description:
        - When the plan expires, in epoch milliseconds (C(expireTime), else C(expiryTime), C(expireDate) or
          C(currentPlanExpireDate); epoch seconds and date texts are converted).
      type: int
      sample: 1798761600000
    expire_date:
      description: The day the plan expires (YYYY-MM-DD, UTC).
      type: str
      sample: "2027-01-01"
    owner:
      description:
        - The subordinate user (customer) the instance belongs to, by its Yeastar ID; may be the partner's own ID.
        - Read from C(partnerId), else C(assignId), C(ownerId), C(owner), C(userId) or C(owner.partnerId).
      type: str
      sample: color123@yeastar.com
    trial:
      description: Whether the instance is a trial (C(trial), else C(isTrial)).
      type: bool
      sample: false
    comment:
      description: The comment on the instance (C(comment), else C(remark); V("") when it has none).
      type: str
      sample: Color Tech HQ
    raw:
      description: The instance as the API sent it, every field included.
      type: dict
      sample:
        productNo: "3076913644890830001"
        activationStatus: activated
        activationCode: TK-7Q2M-9XAB-41CD
        comment: Color Tech HQ
total:
  description: How many instances of the product the whole list holds, as the API says (before the filters).
  returned: when O(product_no) is not given
  type: int
  sample: 1
truncated:
  description: Whether reading the instance list stopped at O(max_pages) before its end.
  returned: when O(product_no) is not given
  type: bool
  sample: false
regions:
  description: The regions a P-Series Cloud Edition PBX can be created in, each with its domain suffixes.
  returned: when O(regions=true)
  type: list
  elements: dict
  sample:
    - id: "1"
      name: Europe (Frankfurt)
      domains:
        - id: "11"
          suffixes:
            - ras.yeastar.com
            - eu.ras.yeastar.com
    - id: "2"
      name: United States (Virginia)
      domains:
        - id: "21"
          suffixes:
            - us.ras.yeastar.com
  contains:
    id:
      description: ID of the region; a Cloud Edition order names it as its region (C(regionId)).
      type: str
      sample: "1"
    name:
      description: Name of the region.
      type: str
      sample: Europe (Frankfurt)
    domains:
      description: The domain suffixes of the region, grouped as the API groups them.
      type: list
      elements: dict
      contains:
        id:
          description: ID of the group of suffixes; a Cloud Edition order names it (C(pbxSubDomainId)).
          type: str
          sample: "11"
        suffixes:
          description: The domain suffixes (lower case, without a leading dot); a PBX URL is its name, a dot and one of them.
          type: list
          elements: str
          sample:
            - ras.yeastar.com
            - eu.ras.yeastar.com
pbx_url_free:
  description: Whether the PBX URL O(pbx_url) is still free (V(false) when a PBX uses it).
  returned: when O(pbx_url) is given
  type: bool
  sample: true
product_model:
  description: The model of the device O(product_no); V(null) when the instance does not exist.
  returned: when O(product_model=true)
  type: str
  sample: P560
activation_code:
  description:
    - The online activation code of the Software Edition PBX O(product_no); V(null) when the instance does not exist.
  returned: when O(activation_code=true)
  type: str
  sample: 9F3A-71C2-0B4E-D8A6
api_error:
  description: The failed API call, when the module failed on one.
  returned: failure
  type: dict
  contains:
    method:
      description: HTTP method.
      type: str
      sample: GET
    path:
      description: API path.
      type: str
      sample: /product/openapi/instance_product/v1/client/instance_product_list
    status:
      description: HTTP status, or V(null) when no answer came.
      type: int
      sample: 500
    code:
      description: The API's C(code).
      type: str
      sample: internal_error
    detail_message:
      description: The API's C(detailMessage).
      type: str
      sample: "Injected fault: internal_error"
    request_id:
      description: The API's C(requestId); quote it when asking Yeastar for help.
      type: str
      sample: 68de770e350b4626bdff681247e55fc7
    result:
      description: The API's C(result) on the error (field names and validation tags), when it is an object.
      type: dict
      sample: {"productNo": "not_found"}
    attempts:
      description: How many times the call was tried.
      type: int
      sample: 1
"""

import re

from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import (
    activation_code,
    get_instance,
    list_instances,
    pbx_url_taken,
    product_model,
    region_list,
)
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._input import identifier, text
from ansible_collections.yeastar.partner.plugins.module_utils._module import PartnerModuleBase
from ansible_collections.yeastar.partner.plugins.module_utils._products import (
    ACTIVATION_STATUSES,
    folded_view,
    matches,
    normalise_instance,
    normalise_regions,
    pick,
)

PRODUCT_NO_MAX = 64
OWNER_MAX = 254  # an e-mail address
HOST_MAX = 253
SOFTWARE_EDITION = 12
# Products without hardware, whose serial numbers have no model.
NO_MODEL = {12: "P-Series Software Edition", 13: "P-Series Cloud Edition"}

_PRODUCT_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def plural(count, word):
    return "%d %s%s" % (count, word, "" if count == 1 else "s")


class YeastarProductInfo(PartnerModuleBase):
    """The instances of one product, and on request the Cloud Edition regions, a PBX URL check, a device's model and a
    Software Edition PBX's activation code."""

    represent = "products"
    doing = "Reading product instances"

    @staticmethod
    def argument_spec():
        return dict(
            product_id=dict(type="raw", required=True),
            product_no=dict(type="str"),
            owner=dict(type="str", aliases=["partner_id"]),
            activation_status=dict(type="list", elements="str", choices=list(ACTIVATION_STATUSES)),
            regions=dict(type="bool", default=False),
            pbx_url=dict(type="str"),
            product_model=dict(type="bool", default=False),
            activation_code=dict(type="bool", default=False),
            max_pages=dict(type="int", default=100),
        )

    # ------------------------------------------------------------------------------------------------------ input

    def __init__(self, module):
        super(YeastarProductInfo, self).__init__(module)
        self.wanted = None

    def validate(self):
        """The input as it is used, into :attr:`wanted`, or a failure naming every problem before anything is sent."""
        p = self.module.params
        problems = []
        product_id = identifier(p["product_id"], "product_id", problems)
        if product_id is None and p["product_id"] in (None, ""):
            problems.append("product_id is required (14 is the P-Series Turnkey Package).")
        product_no = text(p["product_no"], "product_no", problems, PRODUCT_NO_MAX)
        if product_no is not None and not _PRODUCT_NO.match(product_no):
            problems.append("product_no must be a serial number (letters, digits, '.', '_' or '-'), got %r."
                            % p["product_no"])
            product_no = None
        owner = text(p["owner"], "owner", problems, OWNER_MAX)
        if owner is not None and re.search(r"[\s/]", owner):
            problems.append("owner must be the subordinate user's Yeastar ID (an e-mail address), without spaces or "
                            "slashes; got %r." % p["owner"])
        statuses = p["activation_status"]
        if statuses is not None and not statuses:
            problems.append("activation_status must list at least one of: %s; leave it out to get instances of any "
                            "status." % ", ".join(ACTIVATION_STATUSES))
        pbx_url = self.check_pbx_url(p["pbx_url"], problems)
        if p["max_pages"] is None or p["max_pages"] < 1:
            problems.append("max_pages must be at least 1, got %r." % p["max_pages"])
        for option in ("product_model", "activation_code"):
            if p[option] and p["product_no"] is None:
                problems.append("%s=true needs product_no, the serial number of the %s." % (
                    option, "device" if option == "product_model" else "Software Edition PBX"))
        if product_id is not None:
            if p["activation_code"] and product_id != SOFTWARE_EDITION:
                problems.append("activation_code=true is only for the P-Series Software Edition (product_id %d), not "
                                "product %d." % (SOFTWARE_EDITION, product_id))
            if p["product_model"] and product_id in NO_MODEL:
                problems.append("product_model=true is for appliances (such as product 11, the P-Series Appliance "
                                "Edition); product %d (%s) has no hardware model." % (product_id, NO_MODEL[product_id]))
        if problems:
            self.module.fail(" ".join(problems))
        self.wanted = dict(product_id=product_id, product_no=product_no, owner=owner,
                           activation_status=list(statuses) if statuses else None, pbx_url=pbx_url)

    @staticmethod
    def check_pbx_url(value, problems):
        url = text(value, "pbx_url", problems, HOST_MAX)
        if url is None:
            return None
        url = url.lower()
        labels = url.split(".")
        if len(labels) < 3 or not all(_LABEL.match(label) for label in labels):
            problems.append("pbx_url must be the PBX's host name alone, its name followed by a domain suffix (for "
                            "example newco.ras.yeastar.com), without https://, port or path; got %r." % value)
            return None
        return url

    # ------------------------------------------------------------------------------------------------------- reads

    def read_one(self, wanted):
        """The instance ``product_no`` as a normalised entry, or None when the API does not know it.

        "Not found" is the API's own answer (``resource_not_found``); a bare 404 from a proxy, or a wrong api_url, is a
        failure (docs/api-contract.md §3).
        """
        product_id, product_no = wanted["product_id"], wanted["product_no"]
        try:
            detail = get_instance(self.module.client, product_id, product_no)
        except PartnerAPIError as error:
            if error.not_found:
                return None
            self.module.fail_api(error, doing="Reading instance %s of product %d" % (product_no, product_id))
            return None  # not reached: fail_api exits
        if not detail:
            return None
        instance = normalise_instance(detail)
        if instance["product_no"] is None:
            instance["product_no"] = product_no
        if instance["product_id"] is None:
            instance["product_id"] = product_id
        return instance

    def read_all(self, wanted):
        """Every instance of the product (up to the page cap), normalised, each one once."""
        product_id = wanted["product_id"]
        max_pages = self.module.params["max_pages"]
        rows, info = self.read("Reading the instances of product %d" % product_id, list_instances, product_id,
                               max_pages=max_pages)
        instances, seen = [], set()
        for row in rows:
            instance = normalise_instance(row)
            key = ("id", instance["instance_id"]) if instance["instance_id"] else ("sn", instance["product_no"])
            if key[1] is not None:
                if key in seen:
                    continue  # the list moved while it was read
                seen.add(key)
            if instance["product_id"] is None:
                instance["product_id"] = product_id
            instances.append(instance)
        truncated = bool(info.get("truncated"))
        self.extra.update(total=info.get("total"), truncated=truncated)
        if truncated:
            self.module.warn("The instance list of product %d was cut after max_pages=%d pages; instances beyond them "
                             "were not searched. Raise max_pages to read the whole list." % (product_id, max_pages))
        return instances

    # ----------------------------------------------------------------------------------------------------- execute

    def execute(self):
        wanted = self.wanted
        p = self.module.params
        product_id, product_no = wanted["product_id"], wanted["product_no"]
        filters = dict(owner=wanted["owner"], activation_status=wanted["activation_status"])
        if product_no is not None:
            instance = self.read_one(wanted)
            self.value = [instance] if instance is not None and matches(instance, **filters) else []
            if instance is None:
                self.msg = "Product %d has no instance with serial number %s" % (product_id, product_no)
            elif self.value:
                self.msg = "Found instance %s of product %d" % (product_no, product_id)
            else:
                self.msg = "Instance %s of product %d does not match the filters" % (product_no, product_id)
            self.read_device_extras(wanted, found=instance is not None)
        else:
            instances = self.read_all(wanted)
            self.value = [i for i in instances if matches(i, **filters)]
            if any(v is not None for v in filters.values()):
                self.msg = "%d of the %s of product %d match the filters" % (
                    len(self.value), plural(len(instances), "instance"), product_id)
            else:
                self.msg = "Found %s of product %d" % (plural(len(self.value), "instance"), product_id)
            if self.extra["truncated"]:
                self.msg += " (the list was cut at max_pages=%d)" % p["max_pages"]
        if p["regions"]:
            self.extra["regions"] = normalise_regions(self.read("Reading the Cloud Edition regions", region_list))
        if wanted["pbx_url"] is not None:
            taken = self.read("Checking the PBX URL %s" % wanted["pbx_url"], pbx_url_taken, wanted["pbx_url"])
            self.extra["pbx_url_free"] = not taken
            self.msg += "; PBX URL %s is %s" % (wanted["pbx_url"], "taken" if taken else "free")
        self.msg += "."

    def read_device_extras(self, wanted, found):
        """The model and the activation code of the instance, when asked for; None when the instance does not exist."""
        p = self.module.params
        product_id, product_no = wanted["product_id"], wanted["product_no"]
        if p["product_model"]:
            model = None
            if found:
                answer = self.read("Reading the model of %s" % product_no, product_model, product_id, product_no)
                model = pick(folded_view(answer), ("productModel", "model", "deviceModel"), _scalar_text)
            self.extra["product_model"] = model
        if p["activation_code"]:
            code = None
            if found:
                answer = self.read("Reading the activation code of %s" % product_no, activation_code, product_no,
                                   product_id=product_id)
                code = pick(folded_view(answer), ("code", "activationCode", "activateCode"), _scalar_text)
            self.extra["activation_code"] = code


def _scalar_text(value):
    if isinstance(value, (dict, list, bool)):
        return None
    return ("%s" % value).strip() or None


def main():
    YeastarProductInfo.main()


if __name__ == "__main__":
    main()
