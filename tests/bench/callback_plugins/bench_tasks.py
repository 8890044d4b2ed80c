# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where the time of a playbook goes, task by task, for ``make bench`` (tests/bench/bench.py); not part of the collection."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bench_tasks
type: aggregate
short_description: Write when each task started, how many hosts it ran for and whether it ran once, as JSON
description:
  - For the benchmark of the collection (C(make bench), C(tests/bench/bench.py)), which enables it through
    E(ANSIBLE_CALLBACK_PLUGINS) and E(ANSIBLE_CALLBACKS_ENABLED) and leaves the stdout callback as it is.
  - Records for every task (and handler) its name, its action, whether it ran once for the play (C(run_once)), the
    hosts it returned a result for, and the time it started, as epoch seconds (C(start)) and on the system's monotonic
    clock (C(start_monotonic), comparable with other processes of the machine and not moved by clock adjustments); a
    task's time is from its start to the start of the next task (or play, or the end of the playbook).
  - At the end of the playbook it writes one JSON document to O(output); without O(output) it writes nothing.
requirements:
  - enabled with E(ANSIBLE_CALLBACKS_ENABLED=bench_tasks)
options:
  output:
    description: The file the JSON document is written to.
    type: path
    env:
      - name: BENCH_TASKS_JSON
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


def _now():
    """(epoch seconds, monotonic seconds): CLOCK_MONOTONIC is one clock for every process of the machine."""
    return time.time(), time.monotonic()


def _truth(value):
    """run_once as the task has it: a boolean, or text where the play was not templated yet."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    return str(value).strip().lower() in ("1", "true", "yes", "on", "y", "t")


class CallbackModule(CallbackBase):
    """Task start times, hosts per task and run_once, written as JSON when the playbook ends."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_tasks"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._started = _now()
        self._playbook_start = None
        self._plays = []
        self._tasks = []
        self._by_uuid = {}
        self._current = None

    # records ------------------------------------------------------------------------------------------------------
    def _close(self, now):
        if self._current is not None:
            self._current["end"], self._current["end_monotonic"] = now
            self._current = None

    def _task_start(self, task, handler):
        now = _now()
        self._close(now)
        record = {
            "name": task.get_name(),
            "action": task.action,
            "run_once": _truth(task.run_once),
            "handler": handler,
            "play": self._plays[-1]["name"] if self._plays else None,
            "start": now[0],
            "start_monotonic": now[1],
            "end": None,
            "end_monotonic": None,
            "hosts": [],
        }
        self._tasks.append(record)
        self._by_uuid.setdefault(task._uuid, []).append(record)  # pylint: disable=protected-access
        self._current = record

    def _result(self, result):
        records = self._by_uuid.get(result._task._uuid)  # pylint: disable=protected-access
        if not records:
            return
        name = result._host.get_name()  # pylint: disable=protected-access
        if name not in records[-1]["hosts"]:
            records[-1]["hosts"].append(name)

    # playbook events ----------------------------------------------------------------------------------------------
    def v2_playbook_on_start(self, playbook):
        self._playbook_start = _now()

    def v2_playbook_on_play_start(self, play):
        now = _now()
        self._close(now)
        self._plays.append({"name": play.get_name(), "start": now[0], "start_monotonic": now[1]})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task_start(task, handler=False)

    def v2_playbook_on_handler_task_start(self, task):
        self._task_start(task, handler=True)

    def v2_runner_on_ok(self, result):
        self._result(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result(result)

    def v2_runner_on_skipped(self, result):
        self._result(result)

    def v2_runner_on_unreachable(self, result):
        self._result(result)

    def v2_playbook_on_stats(self, stats):
        now = _now()
        self._close(now)
        path = self.get_option("output")
        if not path:
            return
        tasks = []
        for record in self._tasks:
            item = dict(record)
            item["hosts"] = len(record["hosts"])
            item["seconds"] = round(record["end_monotonic"] - record["start_monotonic"], 3) if record["end"] is not None else None
            tasks.append(item)
        document = {"plugin_loaded": self._started[0], "plugin_loaded_monotonic": self._started[1],
                    "playbook_start": self._playbook_start[0] if self._playbook_start else None,
                    "playbook_start_monotonic": self._playbook_start[1] if self._playbook_start else None,
                    "plays": self._plays, "tasks": tasks, "end": now[0], "end_monotonic": now[1], "pid": os.getpid()}
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            os.makedirs(folder)
        temp = "%s.%d.tmp" % (path, os.getpid())
        with open(temp, "w") as handle:
            json.dump(document, handle, indent=1, sort_keys=True)
            handle.write("\n")
        os.rename(temp, path)
