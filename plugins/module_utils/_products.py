# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Product instances and Cloud Edition regions, read tolerantly (docs/api-contract.md §6 and §7).

The vendor guide documents only a few fields of an instance (``activationCode``, ``activationStatus``, ``comment``;
the serial number ``productNo`` is implied by the tutorials) and cuts the rest off. The service may name the other
fields differently, send ids and numbers as strings, nest them in sub-objects or leave them out. So every field is
read from several plausible keys, in order, the first one that holds a value winning:

* Key names are matched without regard to case, ``_`` or ``-`` (``productNo``, ``product_no`` and ``ProductNo`` are
  one key).
* A dotted key (``plan.name``) is a key of a nested object; a nested object may also be a list of one object.
* An empty string, ``null`` or a missing key is "not given"; the field is then ``None`` (``services`` is then ``[]``).

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._lookup import LookupFailed
from ansible_collections.yeastar.partner.plugins.module_utils._reader import as_bool, as_int, as_text, folded_view, id_text, member, pick

ACTIVATION_STATUSES = ("unknown", "unactivated", "activated")

# The keys each field of an instance is read from, in order of preference.
PRODUCT_NO_KEYS = ("productNo", "sn", "serialNumber", "serialNo", "deviceSn", "deviceNo", "pbxSn", "product.productNo",
                   "product.sn")
PRODUCT_ID_KEYS = ("productId", "product.productId", "product.id")
INSTANCE_ID_KEYS = ("instanceId", "instanceProductId", "id")
ACTIVATION_STATUS_KEYS = ("activationStatus", "activateStatus", "activatedStatus", "activation.status")
ACTIVATED_FLAG_KEYS = ("activated", "isActivated")
ACTIVATION_CODE_KEYS = ("activationCode", "activateCode", "activation.code")
PLAN_ID_KEYS = ("planId", "currentPlanId", "pricingPlanId", "plan.planId", "plan.id", "currentPlan.planId",
                "currentPlan.id", "planInfo.planId", "planInfo.id")
PLAN_NAME_KEYS = ("planName", "currentPlanName", "currentPlan", "plan.planName", "plan.name", "currentPlan.planName",
                  "currentPlan.name", "planInfo.planName", "planInfo.name", "plan")
EXTENSION_KEYS = ("quantity", "extensions", "extensionCount", "extensionNumber", "extensionNum", "extensionQuantity",
                  "maxExtension", "maxExtensions", "plan.quantity", "plan.extensions", "plan.extensionCount",
                  "plan.maxExtension", "currentPlan.quantity", "planInfo.quantity")
SERVICE_LIST_KEYS = ("serviceList", "services", "addOnList", "addOns", "addonList", "addons", "serviceInfoList")
SERVICE_ID_KEYS = ("serviceId", "pricingServiceId", "id")
SERVICE_NAME_KEYS = ("serviceName", "name")
SERVICE_QUANTITY_KEYS = ("quantity", "count", "num", "amount")
BILLING_CYCLE_KEYS = ("billingCycle", "cycle", "billingPeriod", "plan.billingCycle", "currentPlan.billingCycle",
                      "planInfo.billingCycle")
EXPIRE_KEYS = ("expireTime", "expiryTime", "expirationTime", "expiredTime", "expireAt", "endTime", "expireDate",
               "expiryDate", "expirationDate", "currentPlanExpireDate", "currentPlanExpireTime", "plan.expireTime",
               "plan.expireDate", "currentPlan.expireTime", "currentPlan.expireDate", "planInfo.expireTime")
OWNER_KEYS = ("partnerId", "assignId", "ownerId", "owner", "userId", "yeastarId", "ownerEmail", "owner.partnerId",
              "owner.yeastarId", "owner.email", "owner.id", "partner.partnerId", "partner.yeastarId", "partner.email",
              "user.partnerId", "user.yeastarId", "user.email")
TRIAL_KEYS = ("trial", "isTrial", "trialStatus")
COMMENT_KEYS = ("comment", "remark")

# A number below this is an expiry in epoch seconds, not milliseconds (1e11 ms is 1973; 1e11 s is the year 5138).
_SECONDS_BELOW = 10 ** 11
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*"
                   r"(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
_TRIAL_WORDS = {"trial": True, "formal": False, "paid": False, "subscription": False}


def _epoch_ms(value):
    """``(epoch_ms, date_text)`` of an expiry given as epoch ms or s (number or digits) or as a date text; else None.

    A date without a time is midnight UTC of that day, and ``date_text`` is that day (not shifted by a time zone); a
    time without a zone is taken as UTC, and ``date_text`` is then None (the caller derives it from the epoch).
    """
    number = as_int(value)
    if number is not None:
        if number == 0:
            return None
        if number < _SECONDS_BELOW:
            number *= 1000
        return number, None
    if not isinstance(value, str):
        return None
    found = _DATE.match(value.strip())
    if not found:
        return None
    year, month, day, hour, minute, second, zone = found.groups()
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    offset = 0
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
    moment = moment.replace(tzinfo=datetime.timezone.utc) - datetime.timedelta(minutes=offset)
    stamp = int((moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)).total_seconds() * 1000)
    date_text = "%04d-%02d-%02d" % (int(year), int(month), int(day)) if hour is None else None
    return stamp, date_text


def date_of(epoch_ms):
    """YYYY-MM-DD (UTC) of an epoch in milliseconds, or None."""
    if epoch_ms is None:
        return None
    try:
        moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(milliseconds=epoch_ms)
    except (OverflowError, ValueError):
        return None
    return moment.strftime("%Y-%m-%d")


def _trial(value):
    """A trial flag: a Boolean (see :func:`as_bool`), or a word such as ``trial`` or ``formal``."""
    flag = as_bool(value)
    if flag is None and isinstance(value, str):
        flag = _TRIAL_WORDS.get(value.strip().lower())
    return flag


def _owner(value):
    if isinstance(value, dict):
        return pick(value, ("partnerId", "yeastarId", "email", "id"), as_text)
    return as_text(value)


def _plan_name(value):
    if isinstance(value, dict):
        return pick(value, ("planName", "name"), as_text)
    return as_text(value)


def _services(entry):
    """The services of a folded instance entry (see :func:`normalise_instance`)."""
    found = pick(entry, SERVICE_LIST_KEYS + ("plan.serviceList", "plan.services"),
                 lambda v: v if isinstance(v, (list, dict)) else None)
    services = []
    if isinstance(found, dict):
        # {serviceId: quantity}, or {serviceId: {...}}
        for key, value in found.items():
            if isinstance(value, dict):
                value = dict(value)
                value.setdefault("serviceid", key)
                found_entry = value
            else:
                found_entry = {"serviceid": key, "quantity": value}
            services.append(found_entry)
        found = services
        services = []
    for item in found or []:
        if not isinstance(item, dict):
            if as_text(item) is not None:
                services.append({"service_id": as_text(item), "service_name": None, "quantity": None})
            continue
        services.append({
            "service_id": pick(item, SERVICE_ID_KEYS, as_text),
            "service_name": pick(item, SERVICE_NAME_KEYS, as_text),
            "quantity": pick(item, SERVICE_QUANTITY_KEYS, as_int),
        })
    return services


def _activation_status(entry):
    status = pick(entry, ACTIVATION_STATUS_KEYS, as_text)
    if status is not None:
        return status.lower()
    flag = pick(entry, ACTIVATED_FLAG_KEYS, as_bool)
    if flag is not None:
        return "activated" if flag else "unactivated"
    return None


def instance_extensions(entry):
    """The instance's current extension count (the plan quantity), or None when the entry does not say.

    Takes an entry as the API sent it or one made by :func:`normalise_instance`. A renewal must order exactly this
    quantity.
    """
    if not isinstance(entry, dict):
        return None
    if "raw" in entry and "extensions" in entry and "product_no" in entry:
        return entry["extensions"]
    return pick(folded_view(entry), EXTENSION_KEYS, as_int)


def normalise_instance(entry):
    """One product instance (a row of the instance list or the instance details) in the collection's shape.

    The keys read, in order (see the module docstring for how they are matched):

    * ``product_no``: productNo, sn, serialNumber, serialNo, deviceSn, deviceNo, pbxSn, product.productNo (text).
    * ``product_id``: productId, product.productId, product.id (int).
    * ``instance_id``: instanceId, instanceProductId, id (text).
    * ``activation_status``: activationStatus, activateStatus, activatedStatus, activation.status (lower case), else
      a Boolean activated / isActivated (``activated`` or ``unactivated``).
    * ``activation_code``: activationCode, activateCode, activation.code.
    * ``plan_id``: planId, currentPlanId, pricingPlanId, plan.planId, plan.id, currentPlan.planId, planInfo.planId.
    * ``plan_name``: planName, currentPlanName, currentPlan, plan.planName, plan.name, planInfo.name, plan (text).
    * ``extensions``: quantity, extensions, extensionCount, extensionNumber, extensionNum, extensionQuantity,
      maxExtension(s), plan.quantity, plan.extensions, currentPlan.quantity (int).
    * ``services``: serviceList, services, addOnList, addOns, addonList, serviceInfoList (a list of objects with
      serviceId/pricingServiceId/id, serviceName/name, quantity/count/num; or an object ``{serviceId: quantity}``).
    * ``billing_cycle``: billingCycle, cycle, billingPeriod, plan.billingCycle.
    * ``expire_time`` (epoch ms) and ``expire_date`` (YYYY-MM-DD, UTC): expireTime, expiryTime, expirationTime,
      expiredTime, expireAt, endTime, expireDate, expiryDate, expirationDate, currentPlanExpireDate, plan.expireTime,
      plan.expireDate; epoch milliseconds or seconds (numbers or digits; 0 is "none") or a date text (YYYY-MM-DD,
      YYYY/MM/DD, with an optional time and zone).
    * ``owner``: partnerId, assignId, ownerId, owner, userId, yeastarId, ownerEmail, owner.partnerId, owner.email,
      partner.partnerId, user.partnerId (the subordinate's Yeastar ID, as text).
    * ``trial``: trial, isTrial, trialStatus (a Boolean, 0/1, true/false or yes/no, or the words trial / formal).
    * ``comment``: comment, remark (text; an empty comment stays ``""``).
    * ``raw``: the entry itself.
    """
    if not isinstance(entry, dict):
        entry = {}
    view = folded_view(entry)
    expire_time = expire_date = None
    expiry = pick(view, EXPIRE_KEYS, _epoch_ms)
    if expiry is not None:
        expire_time, expire_date = expiry
        expire_date = expire_date or date_of(expire_time)
    comment = None
    for key in COMMENT_KEYS:
        value = member(view, key)
        if value is not None and not isinstance(value, (dict, list)):
            comment = to_text(value)
            break
    product_id = pick(view, PRODUCT_ID_KEYS, as_int)
    return {
        "product_no": pick(view, PRODUCT_NO_KEYS, as_text),
        "product_id": product_id,
        "instance_id": pick(view, INSTANCE_ID_KEYS, as_text),
        "activation_status": _activation_status(view),
        "activation_code": pick(view, ACTIVATION_CODE_KEYS, as_text),
        "plan_id": pick(view, PLAN_ID_KEYS, as_text),
        "plan_name": pick(view, PLAN_NAME_KEYS, _plan_name),
        "extensions": pick(view, EXTENSION_KEYS, as_int),
        "services": _services(view),
        "billing_cycle": pick(view, BILLING_CYCLE_KEYS, as_text),
        "expire_time": expire_time,
        "expire_date": expire_date,
        "owner": pick(view, OWNER_KEYS, _owner),
        "trial": pick(view, TRIAL_KEYS, _trial),
        "comment": comment,
        "raw": entry,
    }


def _folded_text(value):
    return to_text(value if value is not None else "").strip().casefold()


def matches(instance, product_no=None, owner=None, activation_status=None):
    """Whether a normalised instance passes the filters; a filter that is None is not applied.

    ``product_no`` is one serial number or a list of them, compared without case (an appliance SN such as
    ``3631E3418911`` holds hex letters the Portal shows in upper case; a user may type them in lower case).
    ``owner`` (the subordinate's Yeastar ID, an e-mail address) is compared without case. ``activation_status`` is one
    status or a list of them, compared without case.
    """
    if product_no is not None:
        wanted = [product_no] if isinstance(product_no, str) else list(product_no)
        if _folded_text(instance.get("product_no")) not in set(_folded_text(w) for w in wanted):
            return False
    if owner is not None and _folded_text(instance.get("owner")) != _folded_text(owner):
        return False
    if activation_status is not None:
        wanted = [activation_status] if isinstance(activation_status, str) else list(activation_status)
        if _folded_text(instance.get("activation_status")) not in set(_folded_text(w) for w in wanted):
            return False
    return True


# ---------------------------------------------------------------------------------------------------------- regions

REGION_LIST_KEYS = ("regions", "regionList", "regionInfoList", "list", "results", "records", "data", "region")
REGION_ID_KEYS = ("id", "regionId")
REGION_NAME_KEYS = ("name", "regionName")
DOMAIN_LIST_KEYS = ("region", "domains", "domainList", "domainInfoList", "pbxSubDomainList", "subDomains",
                    "subDomainList", "regionDomains")
DOMAIN_ID_KEYS = ("pbxSubDomainId", "subDomainId", "domainId", "id")
SUFFIX_KEYS = ("pbxSubDomain", "pbxSubDomains", "suffixes", "suffix", "subDomain", "subDomains", "domains", "domain")


def _suffix(value):
    text = as_text(value)
    if text is None:
        return None
    text = text.strip().strip(".").lower()
    return text or None


def _suffixes(value):
    """Suffix texts from a list, or from one text (comma or space separated)."""
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        items = re.split(r"[,\s]+", value)
    else:
        items = [value]
    found = []
    for item in items:
        suffix = _suffix(item)
        if suffix and suffix not in found:
            found.append(suffix)
    return found


def _domain(entry):
    if not isinstance(entry, dict):
        suffixes = _suffixes(entry)
        return {"id": None, "suffixes": suffixes} if suffixes else None
    suffixes = pick(entry, SUFFIX_KEYS, lambda v: _suffixes(v) or None) or []
    return {"id": pick(entry, DOMAIN_ID_KEYS, as_text), "suffixes": suffixes}


def _looks_like_region(entry):
    return isinstance(entry, dict) and (pick(entry, REGION_ID_KEYS + REGION_NAME_KEYS, as_text) is not None)


def _region_entries(result, depth=0):
    if isinstance(result, list):
        return result
    if not isinstance(result, dict) or depth > 3:
        return []
    if _looks_like_region(result):
        return [result]
    for key in REGION_LIST_KEYS:
        value = member(result, key)
        if isinstance(value, (list, dict)):
            entries = _region_entries(value, depth + 1)
            if entries:
                return entries
    return []


def normalise_regions(result):
    """The Cloud Edition regions as ``[{"id", "name", "domains": [{"id", "suffixes": [...]}]}]``.

    ``result`` is the region list's ``result`` (a list of regions, or an object holding it under regions, regionList,
    list, results, data or region) or the list itself. A region's id is read from id/regionId (as text), its name
    from name/regionName, its domains from region, domains, domainList, pbxSubDomainList or subDomains; a domain's id
    from pbxSubDomainId/subDomainId/domainId/id and its suffixes from pbxSubDomain, suffixes, suffix or domains (a
    list or one text; lower case, without a leading dot). A region that carries pbxSubDomain itself is one domain.
    """
    regions = []
    for entry in _region_entries(folded_view(result)):
        if not isinstance(entry, dict):
            continue
        domains = []
        listed = pick(entry, DOMAIN_LIST_KEYS, lambda v: v if isinstance(v, (list, dict)) else None)
        if isinstance(listed, dict):
            listed = [listed]
        for item in listed or []:
            domain = _domain(item)
            if domain is not None and (domain["id"] is not None or domain["suffixes"]):
                domains.append(domain)
        if not domains:
            flat = pick(entry, ("pbxSubDomain", "pbxSubDomains", "suffixes"), lambda v: _suffixes(v) or None)
            if flat:
                domains.append({"id": pick(entry, ("pbxSubDomainId", "subDomainId", "domainId"), as_text),
                                "suffixes": flat})
        regions.append({
            "id": pick(entry, REGION_ID_KEYS, as_text),
            "name": pick(entry, REGION_NAME_KEYS, as_text),
            "domains": domains,
        })
    return regions


def _describe_region(region):
    return "%s (%s)" % (region["id"], region["name"]) if region.get("name") else "%s" % region["id"]


def _describe_domain(domain):
    return "%s [%s]" % (domain["id"], ", ".join(domain["suffixes"]) or "no suffix")


def _with_suffix(region, domain):
    suffixes = domain.get("suffixes") or []
    return region, domain, suffixes[0] if len(suffixes) == 1 else None


def find_region(regions, region, domain_suffix=None):
    """``(region, domain, suffix)`` from normalised ``regions``.

    ``region`` is a region id or a region name (case-insensitive; an id wins over a name); None searches every
    region for ``domain_suffix``. ``domain_suffix`` is a suffix text (``ras.yeastar.com``; case-insensitive, a leading
    dot ignored) or a domain id (``pbxSubDomainId``); without it, the region must have exactly one domain.

    ``suffix`` is the suffix named, or the domain's only suffix; it is None when the domain was chosen by its id (or
    as the region's only domain) and offers several suffixes, or none. Raises LookupFailed naming the candidates when
    no region or domain matches, or more than one does.
    """
    regions = [r for r in regions or [] if isinstance(r, dict)]
    if region is None and domain_suffix is None:
        raise LookupFailed("Cloud Edition region: no region or domain suffix given.")
    if region is not None:
        wanted = id_text(region)
        if not wanted:
            raise LookupFailed("Cloud Edition region: an empty region was given.")
        found = [r for r in regions if r.get("id") is not None and r["id"] == wanted]
        if not found:
            found = [r for r in regions if _folded_text(r.get("name")) == wanted.casefold()]
        if not found:
            raise LookupFailed("Cloud Edition region %r not found. Known: %s." % (
                wanted, ", ".join(_describe_region(r) for r in regions) or "none"))
        if len(found) > 1:
            raise LookupFailed("Cloud Edition region %r is ambiguous; it matches %s. Use the region id." % (
                wanted, ", ".join(_describe_region(r) for r in found)))
        candidates = found
    else:
        candidates = regions
    pairs = [(r, d) for r in candidates for d in r.get("domains") or []]
    where = "region %s" % _describe_region(candidates[0]) if region is not None else "any region"
    if domain_suffix is None:
        if len(pairs) == 1:
            return _with_suffix(*pairs[0])
        if not pairs:
            raise LookupFailed("Cloud Edition %s offers no domain suffix." % where)
        raise LookupFailed("Cloud Edition %s has several domains; choose a suffix or a domain id of %s." % (
            where, ", ".join(_describe_domain(d) for dummy, d in pairs)))
    wanted_suffix = _suffix(domain_suffix)
    by_suffix = [(r, d, wanted_suffix) for r, d in pairs if wanted_suffix in (d.get("suffixes") or [])]
    by_id = [(r, d) for r, d in pairs if d.get("id") is not None and d["id"] == id_text(domain_suffix)]
    if by_suffix:
        if len(set((r.get("id"), d.get("id")) for r, d, dummy in by_suffix)) > 1:
            raise LookupFailed("Domain suffix %r is offered in several places: %s. Name the region or the domain id." % (
                wanted_suffix, ", ".join("%s domain %s" % (_describe_region(r), d["id"]) for r, d, dummy in by_suffix)))
        return by_suffix[0]
    if by_id:
        if len(by_id) > 1:
            raise LookupFailed("Domain id %r is ambiguous: %s. Name the region." % (
                id_text(domain_suffix), ", ".join("%s domain %s" % (_describe_region(r), d["id"]) for r, d in by_id)))
        return _with_suffix(*by_id[0])
    raise LookupFailed("Domain suffix %r is not offered in %s. Known: %s." % (
        to_text(domain_suffix), where,
        ", ".join("%s: %s" % (_describe_region(r), _describe_domain(d)) for r, d in pairs) or "none"))
