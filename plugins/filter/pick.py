# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ``yeastar.partner.pick`` filter: the modules' own "find by id or name" for roles and playbooks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._lookup import LookupFailed, find_one


def _pick_one(items, ref, what, id_key, name_keys, quantity):
    if ref is None or to_text(ref).strip() == "":
        return {"item": None, "problem": "%s: none given." % what}
    try:
        item = find_one(items, ref, what, id_key=id_key, name_keys=tuple(name_keys))
    except LookupFailed as exc:
        return {"item": None, "problem": to_text(exc)}
    low, high = item.get("min_quantity"), item.get("max_quantity")
    if quantity is not None and ((low is not None and quantity < low) or (high is not None and quantity > high)):
        return {"item": item, "problem": "%s %r takes a quantity of %s to %s, not %s." % (
            what, to_text(ref), "-" if low is None else low, "-" if high is None else high, quantity)}
    return {"item": item, "problem": None}


def pick(items, ref, what="item", id_key="id", name_keys=("name",), quantity=None):
    """``{item, problem}`` for ``ref`` (or a list of them) among ``items``, matched like the modules match.

    ``quantity`` (a list with a list of refs) is checked against the entry's ``min_quantity``/``max_quantity``.
    """
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise AnsibleFilterError("yeastar.partner.pick: the input must be a list of dictionaries")
    if isinstance(name_keys, (str, bytes)):
        name_keys = [name_keys]
    if isinstance(ref, (list, tuple)):
        quantities = list(quantity) if isinstance(quantity, (list, tuple)) else [quantity] * len(ref)
        if len(quantities) != len(ref):
            raise AnsibleFilterError("yeastar.partner.pick: give one quantity per reference")
        return [_pick_one(items, r, what, id_key, name_keys, _quantity(q)) for r, q in zip(ref, quantities)]
    return _pick_one(items, ref, what, id_key, name_keys, _quantity(quantity))


def _quantity(value):
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise AnsibleFilterError("yeastar.partner.pick: quantity must be a whole number, got %r" % (value,))


class FilterModule:
    def filters(self):
        return {"pick": pick}
