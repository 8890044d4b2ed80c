# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The tolerant reader's helpers: reading values out of Partner Portal answers whatever their nesting, spelling or
type (docs/api-contract.md §6). Ids as numbers or strings, lists bare or wrapped, keys in camelCase or snake_case,
counts as numbers or numeric strings, Booleans as words: each is read here, once.

* :func:`id_text`, :func:`as_count`, :func:`as_int`, :func:`as_bool`, :func:`as_text`: one value, or None;
* :func:`as_list`: a list, bare or under a known key;
* :func:`walk` and :func:`find_key`: every object inside an answer, and the first value of a key anywhere in it;
* :func:`first_given`: the first given value among a few keys of one object;
* :func:`folded_view` and :func:`pick`: keys compared without case, ``_`` or ``-``, dotted paths into nested objects.

Nothing here talks HTTP or knows an endpoint. This is private to the collection: not a public API, it may change at
any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.module_utils.common.text.converters import to_text

_DIGITS = re.compile(r"^\s*\d+\s*$")
_TRUE = ("true", "yes", "y", "1", "on")
_FALSE = ("false", "no", "n", "0", "off")
_FOLDED_KEYS = {}


def id_text(value):
    """An id as text, whether the API sent it as a number or a string; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return to_text(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_text(value).strip()


def as_count(value):
    """A non-negative count from a paging field (a number or a numeric string), else None."""
    if isinstance(value, bool):
        return None
    try:
        count = int(value)
    except (TypeError, ValueError):
        return None
    return count if count >= 0 else None


def as_int(value):
    """A non-negative whole number from an int, an integral float or a string of digits; else None (bools too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and _DIGITS.match(value):
        return int(value)
    return None


def as_text(value):
    """A scalar as stripped text; dicts and lists are not text (None)."""
    if isinstance(value, (dict, list)):
        return None
    return id_text(value)


def as_bool(value):
    """True/False from a Boolean, 0/1 or a word (true/false, yes/no); else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def as_list(result, *keys):
    """A list from a result that may be the list itself or an object holding it under one of ``keys``."""
    if isinstance(result, list):
        return result
    if isinstance(result, dict):
        for key in keys + ("results", "list", "records"):
            value = result.get(key)
            if isinstance(value, list):
                return value
    return []


def walk(node, depth=0):
    """Every dict inside a JSON value, depth first, parents before children (at most 8 levels deep)."""
    if depth > 8:
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value, depth + 1)


def find_key(node, key):
    """The first value of ``key`` in a nested JSON value (in :func:`walk` order), or None."""
    for entry in walk(node):
        if entry.get(key) not in (None, ""):
            return entry[key]
    return None


def first_given(entry, *keys):
    """The first value of ``keys`` in ``entry`` that is neither None nor empty, or None."""
    for key in keys:
        if entry.get(key) not in (None, ""):
            return entry.get(key)
    return None


def _fold(key):
    folded = _FOLDED_KEYS.get(key)
    if folded is None:
        folded = _FOLDED_KEYS[key] = to_text(key).replace("_", "").replace("-", "").lower()
    return folded


def folded_view(node, depth=0):
    """A copy of a JSON value whose dict keys are folded (no case, ``_`` or ``-``), for the lookups of :func:`pick`.

    When two keys fold alike, the first one wins. Deeper than 8 levels, values are left as they are.
    """
    if depth > 8:
        return node
    if isinstance(node, dict):
        view = {}
        for key, value in node.items():
            view.setdefault(_fold(key), folded_view(value, depth + 1))
        return view
    if isinstance(node, list):
        return [folded_view(value, depth + 1) for value in node]
    return node


def member(view, key):
    """``view[key]`` of a folded view; a list of one dict counts as the dict."""
    if isinstance(view, list) and len(view) == 1:
        view = view[0]
    if not isinstance(view, dict):
        return None
    return view.get(_fold(key))


def _given(value):
    return value is not None and not (isinstance(value, str) and not value.strip())


def pick(view, keys, accept=None):
    """The first value given under one of ``keys`` in a :func:`folded_view`, or None. A dotted key (``plan.name``)
    reaches into nested objects.

    ``accept`` (optional) turns a raw value into the wanted one or None; a value it refuses does not count.
    """
    for key in keys:
        node = view
        for part in key.split("."):
            node = member(node, part)
            if node is None:
                break
        if not _given(node):
            continue
        if accept is not None:
            node = accept(node)
            if node is None:
                continue
        return node
    return None
