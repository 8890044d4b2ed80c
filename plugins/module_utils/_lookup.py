# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Finding things by name or id, read tolerantly (docs/api-contract.md §6).

* :func:`read_catalog` takes the plans and services out of a ``purchase_product_info`` result wherever they
  sit, by their id keys (``planId``, ``serviceId``), and normalises them.
* :func:`find_one` picks one entry from a list by id or by name, and says which ones it could have meant
  when the answer is not unique.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._reader import as_int, first_given, id_text, walk


class LookupFailed(Exception):
    """A name or id that matches nothing, or more than one thing."""


def normalise_item(entry, kind):
    """One plan or service as the modules return it, with the API's own entry under ``raw``."""
    if kind == "plan":
        item_id = id_text(entry.get("planId"))
        name = first_given(entry, "planName", "name")
    else:
        item_id = id_text(entry.get("serviceId"))
        name = first_given(entry, "serviceName", "name")
    return {
        "type": kind,
        "id": item_id,
        "name": to_text(name) if name is not None else None,
        "purchase_type": first_given(entry, "purchaseType"),
        "billing_model": first_given(entry, "billingModel"),
        "billing_cycle": first_given(entry, "billingCycle"),
        "min_quantity": as_int(first_given(entry, "minQuantity", "minNum", "min")),
        "max_quantity": as_int(first_given(entry, "maxQuantity", "maxNum", "max")),
        "connection_plan_id": id_text(entry.get("connectionPlanId")) if kind == "service" else None,
        "raw": entry,
    }


def read_catalog(result):
    """``(plans, services, offering_id)`` from a purchase_product_info result, however it is nested.

    A dict with ``serviceId`` is a service, one with ``planId`` (and no ``serviceId``) a plan. The same entry
    seen twice (same id, same purchase type) is kept once.
    """
    plans, services = [], []
    seen = set()
    for entry in walk(result):
        if entry.get("serviceId") not in (None, ""):
            kind = "service"
        elif entry.get("planId") not in (None, ""):
            kind = "plan"
        else:
            continue
        item = normalise_item(entry, kind)
        key = (kind, item["id"], item["purchase_type"])
        if key in seen:
            continue
        seen.add(key)
        (plans if kind == "plan" else services).append(item)
    offering_id = None
    if isinstance(result, dict):
        offering_id = id_text(result.get("offeringId"))
    return plans, services, offering_id


def find_one(items, ref, what, id_key="id", name_keys=("name",), narrow=None):
    """The one entry of ``items`` whose id is ``ref``, or else whose name is ``ref`` (case-insensitive).

    ``narrow`` is an optional predicate used to choose among several matches (for example, the entry with
    the wanted purchase type). Raises LookupFailed with the candidates when there is none or more than one.
    """
    wanted = id_text(ref)
    if wanted is None:
        raise LookupFailed("%s: no id or name given." % what)
    by_id = [i for i in items if id_text(i.get(id_key)) == wanted]
    matches = by_id
    if not matches:
        folded = wanted.casefold()
        matches = [i for i in items
                   if any(to_text(i.get(k) or "").strip().casefold() == folded for k in name_keys)]
    if len(matches) > 1 and narrow is not None:
        narrowed = [i for i in matches if narrow(i)]
        if narrowed:
            matches = narrowed
    if len(matches) == 1 or (matches and len(set(id_text(i.get(id_key)) for i in matches)) == 1):
        # One entry, or one id offered several ways (say for purchase and for trial): the same thing.
        return matches[0]

    def describe(i):
        names = [to_text(i.get(k)) for k in name_keys if i.get(k)]
        return "%s (%s)" % (id_text(i.get(id_key)), ", ".join(names)) if names else id_text(i.get(id_key))
    if not matches:
        known = ", ".join(describe(i) for i in items[:20]) or "none"
        more = " and %d more" % (len(items) - 20) if len(items) > 20 else ""
        raise LookupFailed("%s %r not found. Known: %s%s." % (what, wanted, known, more))
    raise LookupFailed("%s %r is ambiguous; it matches %s. Use the id." % (
        what, wanted, ", ".join(describe(i) for i in matches)))
