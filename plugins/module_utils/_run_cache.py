# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every host of one run reads alike, read once per run: a product's device list, its catalogue, the billing
contacts. ``yeastar_subscription`` runs once per host (tenant); without this, each host would read every page of the
product list.

It is kept in the controller cache of the account (:class:`._cache.AccountCache`), under ``run/<name>.json``, with the
id of the run that read it (:func:`._run.current_run`). Only the same run uses it: a new run, or a module run that
cannot tell its run, reads again. The first host reads under the file's lock while the others wait, so twenty forks
read once. It is a cache of reads, never a decision: a module that is about to order reads its device again first.

In check mode nothing is written (the lock file is not created either): each host then reads for itself.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import time

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._store import StoreError

VERSION = 1
MAX_AGE = 6 * 3600.0  # a run longer than this reads again


class RunCache:
    """``read(name, function)``: ``function()`` once per run, its (JSON) value shared by the run's hosts.

    ``cache`` is the account's :class:`._cache.AccountCache` or None (nothing is shared then); ``run`` the run id
    or None; ``read_only`` (check mode) reads a shared value but never writes one."""

    def __init__(self, cache, run, read_only=False, clock=time.time):
        self.cache = cache
        self.run = run
        self.read_only = read_only
        self._clock = clock
        self.hits = []

    def _file(self, name):
        digest = hashlib.sha256(to_text(name).encode("utf-8")).hexdigest()[:16]
        return "run/%s.json" % digest

    def _valid(self, doc, name):
        return (isinstance(doc, dict) and doc.get("version") == VERSION and doc.get("run") == self.run
                and doc.get("name") == name and isinstance(doc.get("read_at"), (int, float))
                and 0 <= self._clock() - doc["read_at"] <= MAX_AGE and "value" in doc)

    def read(self, name, function):
        """The value of ``name`` this run read, or ``function()``'s (then kept for the run's other hosts)."""
        if self.cache is None or self.run is None:
            return function()
        path = self._file(name)
        doc = self.cache.read_json(path)
        if self._valid(doc, name):
            self.hits.append(name)
            return doc["value"]
        if self.read_only:
            return function()
        try:
            lock = self.cache.lock(path[:-5] + ".lock", "the shared read of %s" % name)
            with lock:
                doc = self.cache.read_json(path)
                if self._valid(doc, name):
                    self.hits.append(name)
                    return doc["value"]
                value = function()
                self.cache.write_json(path, {"version": VERSION, "run": self.run, "name": name,
                                             "read_at": self._clock(), "value": value})
                return value
        except StoreError:
            return function()
