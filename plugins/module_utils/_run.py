# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which Ansible run a module belongs to: the ``ansible-playbook`` (or ``ansible``) process above it, read from
``/proc``. The order ledger reads the whole order history once per run and the statuses that decide once per run;
this tells it when a new run has begun.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import socket

from ansible.module_utils.common.text.converters import to_text

RUN_ID_ENV = "YEASTAR_RUN_ID"
_ANSIBLE_COMMANDS = frozenset(["ansible-playbook", "ansible", "ansible-console", "ansible-pull"])


def _proc(pid):
    """``(parent pid, start time, argv)`` of a process, from /proc (Linux); None elsewhere."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as handle:
            stat = to_text(handle.read(), errors="surrogate_or_replace")
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            argv = [to_text(a, errors="surrogate_or_replace") for a in handle.read().split(b"\0") if a]
    except (IOError, OSError):
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    try:
        return int(fields[1]), fields[19], argv
    except (IndexError, ValueError):
        return None


def _is_ansible(argv):
    return any(os.path.basename(arg) in _ANSIBLE_COMMANDS for arg in argv[:2])


def current_run():
    """An id of the Ansible run this module belongs to: the ``ansible-playbook`` (or ``ansible``) process.

    Ansible forks a worker per task and host, and the module runs under it, so the run is the topmost of the
    consecutive Ansible processes above this one. ``YEASTAR_RUN_ID`` in the environment wins. None when it cannot
    be told (no /proc, or not run by Ansible): the ledger then reads a matching order's status fresh every time.
    """
    if os.environ.get(RUN_ID_ENV):
        return "env:%s" % os.environ[RUN_ID_ENV]
    pid, found = os.getpid(), None
    for dummy in range(40):
        info = _proc(pid)
        if info is None:
            break
        parent, started, argv = info
        if _is_ansible(argv):
            # The host name too: with a shared ledger, runs on other machines and containers meet in one index, where
            # a process id and start time alone may repeat.
            found = "%s:%d:%s" % (socket.gethostname(), pid, started)
        elif found is not None:
            break
        if parent <= 1:
            break
        pid = parent
    return found
