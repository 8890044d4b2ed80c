# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The store of the ledger and the locks in ``cache_dir`` (:class:`FileStore`): one controller's memory.

The ledger's documents are files in the account's folder of the controller cache (:mod:`._cache`), each written
whole and renamed into place: the index is ``ledger.json``, the journal ``ledger-journal.json`` beside it. A version
is the file's inode, size and modification time. The locks are ``flock`` locks on files beside them
(``keys/<digest>.lock`` per purchase order number, ``users/<digest>.lock`` per subordinate user, ``ledger.lock`` for
the documents). They hold across the forks of a play and across ``ansible-playbook`` processes on one machine, and
nowhere else.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib

from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.yeastar.partner.plugins.module_utils._store import INDEX, JOURNAL, LedgerStore

LEDGER_FILE = "ledger.json"
JOURNAL_FILE = "ledger-journal.json"
LEDGER_LOCK = "ledger.lock"
# The file of each document.
FILES = {INDEX: LEDGER_FILE, JOURNAL: JOURNAL_FILE}


class FileStore(LedgerStore):
    """The ledger and the locks of one account in its folder of the controller cache (an :class:`AccountCache`)."""

    def __init__(self, cache):
        self.cache = cache
        self.where = cache.path

    def lock(self, kind, key, what):
        name = "%s/%s.lock" % (kind, hashlib.sha256(to_bytes(key)).hexdigest()[:40])
        return self.cache.lock(name, what)

    def index_lock(self):
        return self.cache.lock(LEDGER_LOCK, "the order ledger")

    def version(self, part=INDEX):
        return self.cache.stat(FILES[part])

    def load(self, part=INDEX):
        doc = self.cache.read_json(FILES[part])
        return doc if isinstance(doc, dict) else None

    def save(self, doc, durable=False, part=INDEX):
        self.cache.write_json(FILES[part], doc, durable=durable)
        return self.cache.stat(FILES[part])


def file_store(credentials, token, read_only=False):
    """The file store of the account ``token`` names, in the cache folder of ``credentials`` (an :class:`AccountCache`
    keyed by the credential), and whether it must first take over the ledger the credentials' own folder held before
    ledgers were kept per account (:func:`adopt_old_ledger`, under the store's index lock).

    One folder serves every credential of the account (client credentials, a handed-in token, every spelling of the
    API URL); a token that names no user leaves the store in the credentials' folder. A check mode run (``read_only``)
    reads an old ledger where it is and moves nothing.
    """
    cache = credentials.for_token(token)
    adopt = cache is not credentials and cache.stat(LEDGER_FILE) is None and credentials.stat(LEDGER_FILE) is not None
    if adopt and read_only:
        cache, adopt = credentials, False  # a preview reads the old ledger; the first real run copies it over
    return FileStore(cache), (credentials if adopt else None)


def adopt_old_ledger(store, old):
    """Copy the ledger of the credentials' folder ``old`` into ``store`` when it has none (the caller holds
    ``store.index_lock()``), so that its unknown outcomes still hold: its journal, then its index.

    The journal is read before the index: a writer that compacts in between leaves a new index that holds the journal
    read (and a journal of another generation, which the ledger ignores), never an index older than the journal. The
    journal is written first and the index last, so an interrupted copy is made again whole by the next run (no index
    yet), over whatever journal the folder held."""
    if old is store.cache or store.cache.stat(LEDGER_FILE) is not None:
        return
    journal = old.read_json(JOURNAL_FILE)
    doc = old.read_json(LEDGER_FILE)
    if doc is None:
        return
    if journal is not None:
        store.cache.write_json(JOURNAL_FILE, journal, durable=True)
    store.cache.write_json(LEDGER_FILE, doc, durable=True)
