# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ``yeastar.partner.input_problems`` filter: a role's argument spec checked for every host at once."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.text.converters import to_text


def _plain(value):
    """``value`` as plain dictionaries, lists, strings and numbers.

    What a filter is given may be the template engine's own containers and tagged strings, and the validator reads
    and copies every value many times over: once plain, it costs a fraction of a millisecond per entry.
    """
    if isinstance(value, dict):
        return dict((_plain(k), _plain(v)) for k, v in value.items())
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return "" + to_text(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if is_sequence(value) and not isinstance(value, bytes):
        return [_plain(v) for v in value]
    return value


def input_problems(inputs, argument_spec, prefix="", common=None):
    """``{name: message}`` for each entry of ``inputs`` (name -> arguments) that ``argument_spec`` refuses.

    Each entry's keys are the argument names without ``prefix``; ``common`` (the same keys) is checked with every
    entry, the entry's own value first. The entries that pass are left out, so an empty dictionary means every entry
    passed. The message is Ansible's own, as the role's own check would give it.
    """
    if not isinstance(inputs, dict) or not all(isinstance(v, dict) for v in inputs.values()):
        raise AnsibleFilterError("yeastar.partner.input_problems: the input must be a dictionary of dictionaries")
    if not isinstance(argument_spec, dict):
        raise AnsibleFilterError("yeastar.partner.input_problems: the argument spec must be a dictionary")
    if common is not None and not isinstance(common, dict):
        raise AnsibleFilterError("yeastar.partner.input_problems: common must be a dictionary")
    prefix = to_text(prefix)
    validator = ArgumentSpecValidator(_plain(argument_spec))
    common = _plain(common or {})
    problems = {}
    for name, given in _plain(inputs).items():
        # The spec's defaults fill what is missing, so a value left out (or null, not given) passes as it would in
        # Ansible's own check of the role's arguments.
        merged = dict(common)
        merged.update(given)
        arguments = dict((prefix + to_text(key), value) for key, value in merged.items() if value is not None)
        result = validator.validate(arguments)
        if result.error_messages:
            problems[name] = "Validation of arguments failed: %s" % " ".join(to_text(m) for m in result.error_messages)
    return problems


class FilterModule:
    def filters(self):
        return {"input_problems": input_problems}
