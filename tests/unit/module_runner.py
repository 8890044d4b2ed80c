# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Running a module in-process: module arguments in, the exit_json/fail_json result out (tests/unit/plugins/modules/
conftest.py makes the run_module fixture of it; other tests import ModuleExit and module_args from here), and in a
Python process of its own, as Ansible runs it (start_module and results, for runs at the same time)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import os
import subprocess
import sys

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


# A module run in its own Python process: the module's name and its arguments go in, the JSON result comes out on stdout.
_CHILD = """
import importlib, json, sys
from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes
module = importlib.import_module("ansible_collections.yeastar.partner.plugins.modules." + sys.argv[1])
args = json.loads(sys.argv[2])
try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:
    basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    module.main()
else:
    with patch_module_args(args):
        module.main()
"""


def start_module(name, args):
    """Start one run of the module ``name`` (e.g. ``yeastar_order``) with ``args`` in a process of its own."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.Popen([sys.executable, "-c", _CHILD, name, json.dumps(args)], env=env,  # pylint: disable=consider-using-with
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def results(children, timeout=120):
    """The module results of processes from :func:`start_module`, in their order (a process that printed none fails
    the test with its stderr)."""
    outcomes = []
    for child in children:
        out, err = child.communicate(timeout=timeout)
        assert out.strip(), err
        outcomes.append(json.loads(out.decode("utf-8").strip().splitlines()[-1]))
    return outcomes
