# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Keeping secrets out of text: every form a secret may take in a message, a result or an error (raw, stripped,
escaped as Python and JSON show it, URL-encoded) is replaced by asterisks.

Used by the transport for what it puts into errors, by the modules for their results, and by the inventory plugin.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six.moves.urllib.parse import quote, quote_plus

REDACTED = "********"


def secret_forms(secrets):
    """Each secret as it may appear in text: raw and stripped, escaped as Python repr and JSON show it, and URL-encoded;
    longest first, so that a longer form is replaced before a part of it."""
    forms = set()
    for secret in secrets:
        if not secret:
            continue
        secret = to_text(secret, errors="surrogate_or_replace")
        for value in (secret, secret.strip()):
            if len(value) < 4:
                continue  # too short to be a secret worth hiding; replacing it would mangle ordinary text
            forms.add(value)
            forms.add(repr(value)[1:-1])
            forms.add(value.encode("unicode_escape").decode("ascii"))
            forms.add(json.dumps(value)[1:-1])
            forms.add(quote(value, safe=""))
            forms.add(quote_plus(value, safe=""))
    return sorted(forms, key=len, reverse=True)


def scrub_text(text, secrets):
    """``text`` with every form of every secret replaced by asterisks."""
    text = to_text(text, errors="surrogate_or_replace")
    for form in secret_forms(secrets):
        text = text.replace(form, REDACTED)
    return text


def scrub_value(value, secrets):
    """A copy of a module result (dicts, lists, strings) with every form of every secret replaced, keys included."""
    forms = secret_forms(secrets)
    if not forms:
        return value

    def clean(node):
        if isinstance(node, dict):
            return dict((clean(k), clean(v)) for k, v in node.items())
        if isinstance(node, (list, tuple)):
            return [clean(v) for v in node]
        if isinstance(node, (bytes, str)):
            out = to_text(node, errors="surrogate_or_replace")
            for form in forms:
                out = out.replace(form, REDACTED)
            return out
        return node
    return clean(value)
