# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Running a module in-process: module arguments in, the exit_json/fail_json result out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes


class ModuleExit(SystemExit):
    """Raised in place of exit_json/fail_json; carries whether the module failed and its result."""

    def __init__(self, failed, result):
        super(ModuleExit, self).__init__(result.get("msg"))
        self.failed = failed
        self.result = result


@contextlib.contextmanager
def module_args(args):
    """Hand ``args`` to the next AnsibleModule, the way the running ansible-core expects them."""
    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core 2.19 and later
    except ImportError:
        old = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = old
    else:
        with patch_module_args(args):
            yield


@pytest.fixture
def run_module(monkeypatch):
    """run_module(module, args) -> (failed, result) of one run of ``module.main()``.

    ``result["warnings"]`` holds what the module passed to ``warn()`` during the run, as in Ansible only when there
    was any.
    """
    warnings = []

    def exit_json(self, **kwargs):
        if warnings:
            kwargs["warnings"] = list(warnings)
        raise ModuleExit(False, kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs["msg"] = msg
        if warnings:
            kwargs["warnings"] = list(warnings)
        raise ModuleExit(True, kwargs)

    def warn(self, warning):
        warnings.append(warning)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", warn)

    def run(module, args):
        del warnings[:]
        with module_args(args):
            with pytest.raises(ModuleExit) as info:
                module.main()
        return info.value.failed, info.value.result
    return run
