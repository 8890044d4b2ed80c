# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The run_module fixture: one in-process module run (tests/unit/module_runner.py); the order fixture: one
yeastar_order (or other module) run against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.module_utils import basic

from ansible_collections.yeastar.partner.plugins.modules import yeastar_order
from ansible_collections.yeastar.partner.tests.unit.module_runner import ModuleExit, module_args


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


@pytest.fixture
def order(simulator_session, run_module, tmp_path):
    """order(check_mode=False, cache="cache", module=yeastar_order, **args) -> (failed, result) of one module run
    against the session's simulator (reset to its seed) with a cache folder of this test only (``cache`` names another
    one, a second controller). ``order.sim`` is the simulator, ``order.cache`` the default cache folder."""
    simulator_session.reset()
    sim = simulator_session

    def _run(check_mode=False, cache="cache", module=yeastar_order, **args):
        full = {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret,
                "cache_dir": str(tmp_path / cache), "_ansible_check_mode": check_mode, "_ansible_diff": True}
        full.update(args)
        return run_module(module, full)
    _run.sim = sim
    _run.cache = tmp_path / "cache"
    sim.clear_log()
    return _run
