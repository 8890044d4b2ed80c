# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Strict readers of module input: whole numbers, ids, seconds and texts, each within its wire type.

Ansible's own ``int`` type turns ``"1e3"``, ``"1_000"``, ``1.0e+3`` and ``true`` into numbers; an order must never be
for a quantity nobody wrote. So the options that become money take ``raw`` values and are read here: a number is a
YAML/JSON integer or a string of ASCII digits, nothing else. Each reader returns the value, or None after adding a
sentence to ``problems``, so that a module can name every problem at once before anything is sent.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import re

INT32_MAX = 2147483647
INT64_MAX = 9223372036854775807
_ASCII_DIGITS = re.compile(r"^[0-9]+$")


def _shown(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def whole_number(value, what, problems, low=1, high=INT32_MAX):
    """An integer from ``low`` to ``high``: an int (not a bool) or a string of ASCII digits. None stays None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        kind = "a boolean" if isinstance(value, bool) else "a %s" % type(value).__name__
        problems.append("%s must be a whole number, got %s (%s)." % (what, _shown(value), kind))
        return None
    if isinstance(value, str):
        text = value.strip()
        if not _ASCII_DIGITS.match(text):
            problems.append("%s must be a whole number written with the digits 0-9 only (no sign, decimal point, "
                            "exponent or separator), got %s." % (what, _shown(value)))
            return None
        value = int(text)
    else:
        value = int(value)
    if not low <= value <= high:
        problems.append("%s must be between %d and %d, got %d." % (what, low, high, value))
        return None
    return value


def identifier(value, what, problems):
    """A 64-bit positive id (the API's ``Long``): an int or a string of ASCII digits. None and "" are None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    found = []
    number = whole_number(value, what, found, low=1, high=INT64_MAX)
    if found:
        problems.append("%s must be a positive whole number of at most 19 digits (the API's 64-bit id), written with the "
                        "digits 0-9 only, got %s." % (what, _shown(value)))
    return number


def seconds(value, what, problems, low=0.0, high=86400.0, low_inclusive=False):
    """A finite number of seconds above ``low`` (or at it when ``low_inclusive``) and at most ``high``."""
    if value is None:
        return None
    if isinstance(value, bool):
        problems.append("%s must be a number of seconds, got %s." % (what, _shown(value)))
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        problems.append("%s must be a number of seconds, got %s." % (what, _shown(value)))
        return None
    if math.isnan(number) or math.isinf(number):
        problems.append("%s must be a finite number of seconds, got %s." % (what, _shown(value)))
        return None
    if number < low or (number == low and not low_inclusive) or number > high:
        problems.append("%s must be %s %s and at most %s seconds, got %s." % (
            what, "at least" if low_inclusive else "more than", _num(low), _num(high), _num(number)))
        return None
    return number


def _num(value):
    return ("%d" % value) if float(value).is_integer() else ("%s" % value)


def text(value, what, problems, max_length, required=False):
    """A string of at most ``max_length`` characters, stripped. None is None (a problem when ``required``); a blank
    string is a problem, never taken for "not given"."""
    if value is None:
        if required:
            problems.append("%s is required." % what)
        return None
    if not isinstance(value, str):
        problems.append("%s must be a string, got %s (a %s); quote it in YAML." % (what, _shown(value), type(value).__name__))
        return None
    stripped = value.strip()
    if not stripped:
        problems.append("%s must not be empty; leave it out instead." % what if not required else "%s must not be empty." % what)
        return None
    if len(stripped) > max_length:
        problems.append("%s must be at most %d characters, got %d." % (what, max_length, len(stripped)))
        return None
    return stripped
