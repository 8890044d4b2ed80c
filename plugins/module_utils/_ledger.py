# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The order ledger: the one place that answers "is there already an order for this purchase order number, and is it
the same order?".

Private to the collection; not a public API.

The order list has no filter, so the answer means reading the account's order history. The ledger reads it whole once
into an index kept in the account's store (:mod:`._store`: the files of the controller cache, :mod:`._file_store`, or
the shared database of ``ledger_url``, :mod:`._pg_store`), shared by every fork and host of a run
(``ansible-playbook`` process, :mod:`._run`) and by the runs after it, and before each decision reads only what is
newer than what the index holds. What an order was created with (its id, number and ``customReferenceNo``) never
changes; its status does, so a run trusts no status another run read: the status of an order that decides is read
again (its details) unless this run read it. A run that will decide more orders than the whole list has pages
(:attr:`OrderLedger.expected_lookups`) reads the whole list again instead, which reads every status at once.

Paging is read tolerantly: ``totalPage``/``total`` decide where the list ends (a service may serve fewer rows than
asked for), rows that move while the list is read are kept once, and the sort order is observed, not assumed. The
count the service gives is the proof: when the index and the list disagree, the whole list is read again; when even
that does not add up, the ledger says so and nothing is ordered.

The store keeps the ledger as two documents: the index, written whole after a whole read of the list (and when the
journal has grown large), and a journal of the entries changed since, so that a question or an order's record writes
what changed, not the history (see "how the ledger is kept" in :class:`OrderLedger`, and docs/order-ledger.md).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import bisect
import contextlib
import os
import time

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils import _endpoints as api
from ansible_collections.yeastar.partner.plugins.module_utils._client import page_total
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._order import is_live, reference_of
from ansible_collections.yeastar.partner.plugins.module_utils._reader import as_count, id_text
from ansible_collections.yeastar.partner.plugins.module_utils._store import INDEX, JOURNAL, ORDER_KEY

# The version of the ledger's documents. 2: an index with a generation, and a journal that completes it. 1 (before the
# journal): the whole ledger in one document; still read, and replaced by an index of version 2 on the first write.
LEDGER_VERSION = 2
_READABLE_INDEX = (1, LEDGER_VERSION)
# The members of the ledger that the journal keeps entry by entry (a removed entry is kept as None, a tombstone).
_SECTIONS = ("orders", "contents", "unknown")
# The journal's member for the ledger's other members (sort, runs, readAt, readSeconds, total, perPage), each whole.
_TOP = "top"
# The index's own members, not the ledger's.
_INDEX_ONLY = ("version", "generation")
# A new index is written (compaction) when the journal holds more entries (orders, contents and questions) than the
# larger of COMPACT_ENTRIES and COMPACT_SHARE of the orders the ledger holds.
COMPACT_ENTRIES = 1000
COMPACT_SHARE = 0.1
_ABSENT = object()  # an entry the view did not hold before it changed
PAGE_SIZE = 100
NEWEST_FIRST = "newest_first"
OLDEST_FIRST = "oldest_first"
UNSORTED = "unsorted"
# An index entry: [orderNo, customReferenceNo, orderStatus, createTime, when the status was read (orders with a
# customReferenceNo only), listed (0/1)].
_NO, _REF, _STATUS, _TIME, _STATUS_AT, _LISTED = range(6)
# How many runs' first whole reads the index remembers (runs started together share it).
_RUNS_KEPT = 20


def _last_runs(runs):
    """The runs the index remembers: the newest :data:`_RUNS_KEPT`, by when each began to read."""
    return dict(sorted(runs.items(), key=lambda kv: kv[1])[-_RUNS_KEPT:])


def stored_ledger(store):
    """The ledger as ``store`` holds it now (its index with its journal applied), read afresh, as
    :attr:`OrderLedger.doc` would be; None when the store holds none. Nothing is locked or written (for tests and
    tools)."""
    return OrderLedger(None, store, read_only=True)._load()  # pylint: disable=protected-access


class Inconsistent(Exception):
    """The index and the order list disagree; the whole list must be read again."""


def _count_listed(orders):
    """How many orders of the index the list has shown, counted over the whole index (:class:`_Lookups` keeps it)."""
    return sum(1 for entry in orders.values() if entry[_LISTED])


def _local_by_no(orders):
    """Orders this controller placed that the list has not shown yet, by order number, found over the whole index
    (:class:`_Lookups` keeps them; when two carry one number, the one the index holds last)."""
    return dict((entry[_NO], ident) for ident, entry in orders.items() if not entry[_LISTED] and entry[_NO])


def _add(mapping, key, ident):
    """Put ``ident`` under ``key``: one ident is kept as itself, more as a set (most keys have one order)."""
    held = mapping.get(key)
    if held is None:
        mapping[key] = ident
    elif isinstance(held, set):
        held.add(ident)
    elif held != ident:
        mapping[key] = set((held, ident))


def _remove(mapping, key, ident):
    """Take ``ident`` from under ``key`` (see :func:`_add`). Returns True when nothing is left under ``key``."""
    held = mapping.get(key)
    if isinstance(held, set):
        held.discard(ident)
        if len(held) == 1:
            mapping[key] = next(iter(held))
        return False
    if held == ident:
        del mapping[key]
        return True
    return held is None


def _held(mapping, key):
    """The idents under ``key`` (see :func:`_add`), as a tuple or a set."""
    held = mapping.get(key)
    if held is None:
        return ()
    return held if isinstance(held, set) else (held,)


class _Lookups:
    """What the decisions ask of the ledger, kept beside :attr:`OrderLedger.doc` so that no question reads the whole
    index (see "the lookups" in :class:`OrderLedger`).

    ``by_key``: for each purchase order number, the orders that carry it as their ``customReferenceNo`` or were sent
    with it (``poNumber`` of their contents). ``unlisted``: every order the list has not shown yet, with its order
    number (the listed ones are the others). ``by_no``: those with an order number, by number. ``sorted_keys``: the
    numbers of ``by_key`` in order, for prefixes; made by the first prefix lookup. Built from the doc once, then kept
    by :meth:`update` for every order or contents entry that changes.
    """

    def __init__(self, doc):
        self.doc, self.orders, self.contents = doc, doc["orders"], doc.get("contents")
        self.by_key = {}
        self.keys_of = {}  # ident -> the key it is held under in by_key, or a tuple of two
        self.unlisted = {}
        self.by_no = {}
        self.sorted_keys = None
        contents = self.contents or {}
        by_key, keys_of = self.by_key, self.keys_of
        for ident, entry in self.orders.items():
            # As update() would, in one pass: most orders carry no contents, and one number or none.
            if not entry[_LISTED]:
                self.unlisted[ident] = entry[_NO]
                if entry[_NO]:
                    _add(self.by_no, entry[_NO], ident)
            if ident in contents:
                keys = self._keys(ident)
                for key in keys:
                    _add(by_key, key, ident)
                if keys:
                    keys_of[ident] = keys[0] if len(keys) == 1 else keys
                continue
            key = entry[_REF]
            if key and not isinstance(key, (list, dict)):
                if key in by_key:
                    _add(by_key, key, ident)
                else:
                    by_key[key] = ident
                keys_of[ident] = key

    def holds(self, doc):
        """Whether these lookups are of ``doc`` (the very documents, not a copy)."""
        return doc is self.doc and doc["orders"] is self.orders and doc.get("contents") is self.contents

    def _keys(self, ident):
        """The purchase order numbers ``ident`` is found by: its customReferenceNo and the number it was sent with."""
        entry = self.orders.get(ident)
        if entry is None:
            return ()
        contents = (self.contents or {}).get(ident)
        sent = contents.get("poNumber") if isinstance(contents, dict) else None
        keys = tuple(key for key in (entry[_REF], sent) if key and not isinstance(key, (list, dict)))
        if len(keys) == 2 and keys[0] == keys[1]:
            keys = keys[:1]
        return keys

    def update(self, ident):
        """Hold ``ident`` as the orders and contents now have it (also when it is gone from them)."""
        keys = self._keys(ident)
        held = self.keys_of.get(ident, ())
        before = held if isinstance(held, tuple) else (held,)
        if before != keys:
            for key in before:
                if key not in keys and _remove(self.by_key, key, ident) and self.sorted_keys is not None:
                    self._unsort(key)
            for key in keys:
                if key not in before:
                    if key not in self.by_key and self.sorted_keys is not None and isinstance(key, str):
                        bisect.insort(self.sorted_keys, key)
                    _add(self.by_key, key, ident)
            if keys:
                self.keys_of[ident] = keys[0] if len(keys) == 1 else keys
            else:
                del self.keys_of[ident]
        entry = self.orders.get(ident)
        number = entry[_NO] if entry is not None and not entry[_LISTED] else _ABSENT
        was = self.unlisted.get(ident, _ABSENT)
        if was is not number and was != number:
            if was is not _ABSENT:
                del self.unlisted[ident]
                if was:
                    _remove(self.by_no, was, ident)
            if number is not _ABSENT:
                self.unlisted[ident] = number
                if number:
                    _add(self.by_no, number, ident)

    def _unsort(self, key):
        if isinstance(key, str):
            where = bisect.bisect_left(self.sorted_keys, key)
            if where < len(self.sorted_keys) and self.sorted_keys[where] == key:
                del self.sorted_keys[where]

    def idents_for(self, keys):
        """The orders found by any of ``keys``, each once."""
        found = set()
        for key in keys:
            if not isinstance(key, (list, dict, set)):
                found.update(_held(self.by_key, key))
        return found

    def keys_with_prefix(self, prefix):
        """The purchase order numbers of ``by_key`` that start with ``prefix``."""
        if self.sorted_keys is None:
            self.sorted_keys = sorted(key for key in self.by_key if isinstance(key, str))
        keys, where = [], bisect.bisect_left(self.sorted_keys, prefix)
        while where < len(self.sorted_keys) and self.sorted_keys[where].startswith(prefix):
            keys.append(self.sorted_keys[where])
            where += 1
        return keys

    def listed(self):
        """How many orders of the index the list has shown."""
        return len(self.orders) - len(self.unlisted)

    def local_by_no(self):
        """As :func:`_local_by_no`: a new dict, of the orders not listed yet only."""
        local = {}
        for number, held in self.by_no.items():
            if isinstance(held, set):
                # Two orders not listed yet with one number (the same order recorded under two idents): which one
                # counts is where the index holds them, which only the index can tell.
                return _local_by_no(self.orders)
            local[number] = held
        return local


def _sort_key(row):
    """Where a row stands in time: ``(createTime, numeric id)``; None when the row gives neither."""
    try:
        created = float(row.get("createTime"))
    except (TypeError, ValueError):
        created = None
    ident = id_text(row.get("id"))
    number = int(ident) if ident is not None and ident.isdigit() else None
    if created is None and number is None:
        return None
    return (created if created is not None else 0.0, number if number is not None else 0)


def observed_sort(keys):
    """The order of a list from the sort keys of its rows, in list order."""
    keys = [k for k in keys if k is not None]
    if len(keys) < 2:
        return None
    pairs = list(zip(keys, keys[1:]))
    if all(a >= b for a, b in pairs):
        return NEWEST_FIRST
    if all(a <= b for a, b in pairs):
        return OLDEST_FIRST
    return UNSORTED


def _identity(row):
    """An order's identity in the index: its id, else its order number."""
    return id_text(row.get("id")) or id_text(row.get("orderNo"))


def _new_doc():
    """An empty ledger."""
    return {"version": LEDGER_VERSION, "orders": {}, "contents": {}, "unknown": {}}


def _empty_journal():
    return dict((part, {}) for part in _SECTIONS + (_TOP,))


def _new_generation():
    """A new index's generation: random, never the same twice."""
    return to_text(os.urandom(12).hex())


def _journal_of(doc, generation):
    """The parts of the journal document ``doc`` when it completes the index of ``generation``, else None."""
    if not generation or not isinstance(doc, dict) or doc.get("version") != LEDGER_VERSION or doc.get("generation") != generation:
        return None
    journal = _empty_journal()
    for part in journal:
        if part in doc:
            if not isinstance(doc[part], dict):
                return None
            journal[part] = doc[part]
    return journal


def _apply(doc, journal):
    """Apply the journal's parts to the ledger ``doc``: each entry as it is in the journal, None removes it."""
    for section in _SECTIONS:
        entries = doc[section]
        for key, value in journal[section].items():
            if value is None:
                entries.pop(key, None)
            else:
                entries[key] = value
    for name, value in journal[_TOP].items():
        if name not in _SECTIONS and name not in _INDEX_ONLY:
            doc[name] = value


class OrderLedger:
    """The order history of one account, as this controller knows it.

    :param client: the :class:`PartnerClient`
    :param store: the :class:`LedgerStore` of the account (where the index and the locks are kept)
    :param run: :func:`._run.current_run` (None: statuses of matches are read fresh every time)
    :param read_only: check mode: what is read is kept in this process only; nothing is written to the store (not
        the index, not the contents memory, not a question) and no lock is taken (no lock file is created)
    """

    def __init__(self, client, store, run=None, page_size=PAGE_SIZE, sleep=time.sleep, recheck_delay=2.0, read_only=False):
        self.client = client
        self.read_only = read_only
        self.watched = set()
        self._rows = {}
        self.store = store
        self.run = run
        self.page_size = page_size
        self._sleep = sleep
        self.recheck_delay = recheck_delay
        #: The ledger: the index with the journal applied (see "How the ledger is kept" below).
        self.doc = None
        self.fresh = set()
        self.stats = {"full_reads": 0, "pages": 0, "seconds": 0.0, "reused": 0, "index_writes": 0, "journal_writes": 0,
                      "lookups_built": 0}
        self._lookups_of_doc = None  # the _Lookups of self.doc (see "the lookups" below); None: made on first use
        self._read_at = None  # time.monotonic() when this process last finished reading the list
        # The versions of (index, journal) that self.doc was read from or written as; (None, None): none.
        self._version = (None, None)
        self._generation = None  # the generation of the index under self.doc; None: the next write is a new index
        self._journal = _empty_journal()  # the journal as the store holds it, for self._generation
        self._changed = {}  # (section, key) -> its value before it changed, for what changed since read or written
        self._whole = True  # self.doc is not the index and journal read: only a new index can keep it
        self.last_total = None
        self.listed = 0
        self.dirty = False
        #: How many orders this process will look for (a batch sets it): when the whole list has no more pages than
        #: that, a new run reads it whole (every status at once) rather than one order's details per decision.
        self.expected_lookups = 1

    # ------------------------------------------------------------------ how the ledger is kept
    #
    # The store keeps two documents (:data:`._store.INDEX`, :data:`._store.JOURNAL`). The index is the whole ledger as
    # it was when it was written (after a whole read of the list, or on compaction), with a random ``generation``. The
    # journal names the generation it completes and holds, as absolute values, every entry of ``orders``,
    # ``contents`` and ``unknown`` that changed since (None where one was removed) and the other members (``top``).
    # self.doc, the ledger everything else reads, is the index with the journal applied. A journal of another
    # generation is ignored: a new index is written before the journal is emptied, so it holds that journal already.
    #
    # Each change notes its entry (:meth:`_touch`); a save writes the journal with the noted entries, or a new index
    # (and an empty journal) after a whole read, over an index of version 1 or none, or when the journal has grown
    # past :data:`COMPACT_ENTRIES` entries and :data:`COMPACT_SHARE` of the index. Nothing diffs the whole index.

    def _touch(self, section, key):
        """Note that the entry ``key`` of ``section`` (of self.doc itself for :data:`_TOP`) is about to change. Entries are
        replaced, never changed in place: the journal and a view read earlier may hold the old value."""
        if self._whole or (section, key) in self._changed:
            return
        where = self.doc if section == _TOP else self.doc[section]
        self._changed[(section, key)] = where.get(key, _ABSENT)

    def _load(self):
        """The ledger as the store holds it (the lock is held), as self.doc; None when the store holds no index this code
        reads.

        When neither document changed since this process read or wrote them, self.doc as it is (with what changed in
        it since, unsaved); when only the journal changed, self.doc as read with the journal read again applied; else
        both documents read again. Either way, what changed in self.doc unsaved is gone, as when the store is read."""
        versions = tuple(self.store.versions())
        if self.doc is not None and versions == self._version and (versions[0] is not None or self.read_only):
            return self.doc
        if (self.doc is not None and not self._whole and self._generation is not None and versions[0] is not None
                and versions[0] == self._version[0] and self._reapply(self.store.load(JOURNAL))):
            self._version = versions
            return self.doc
        index = self.store.load(INDEX)
        if (not isinstance(index, dict) or index.get("version") not in _READABLE_INDEX
                or not isinstance(index.get("orders"), dict)):
            self._whole, self._generation = True, None  # whatever is kept next must be a whole new index
            return None
        generation = index.get("generation") if index.get("version") == LEDGER_VERSION else None
        doc = dict((name, value) for name, value in index.items() if name not in _INDEX_ONLY)
        doc["version"] = LEDGER_VERSION
        for section in _SECTIONS:
            if not isinstance(doc.get(section), dict):
                doc[section] = {}
        journal = self.store.load(JOURNAL) if generation else None
        journal = _journal_of(journal, generation) or _empty_journal()
        _apply(doc, journal)
        self.doc, self._version, self._generation, self._journal = doc, versions, generation, journal
        self._changed, self._whole, self._lookups_of_doc = {}, False, None
        return doc

    def _reapply(self, journal):
        """Bring self.doc to the index it was read from and ``journal``, a later state of the journal it was read
        with. False (nothing changed) when ``journal`` is not that: another generation, or one that dropped entries."""
        journal = _journal_of(journal, self._generation)
        if journal is None or any(not set(self._journal[part]) <= set(journal[part]) for part in self._journal):
            return False
        touched = set(key for section, key in self._changed if section in ("orders", "contents"))
        for (section, key), before in self._changed.items():
            where = self.doc if section == _TOP else self.doc[section]
            if before is _ABSENT:
                where.pop(key, None)
            else:
                where[key] = before
        _apply(self.doc, journal)
        touched.update(journal["orders"])
        touched.update(journal["contents"])
        self._reindex(*touched)
        self._journal, self._changed = journal, {}
        return True

    def _current(self):
        """The ledger to change and save (the lock is held): as the store holds it, else as this process holds it,
        else a new one."""
        doc = self._load()
        if doc is None:
            if self.doc is None:
                self.doc = _new_doc()
            doc = self.doc
        return doc

    def _save(self, durable=False):
        """Keep self.doc: its changed entries in the journal, or the whole as a new index (see above). ``durable``:
        on stable storage when this returns. In check mode nothing is written: self.doc is kept in this process."""
        if self.read_only:
            return
        if self._whole or self._generation is None:
            self._write_index()
            return
        if not self._changed:
            return  # the store holds self.doc already
        journal = dict((part, dict(entries)) for part, entries in self._journal.items())
        for section, key in self._changed:
            if section == _TOP:
                journal[_TOP][key] = self.doc.get(key)
            else:
                journal[section][key] = self.doc[section].get(key)
        entries = sum(len(journal[section]) for section in _SECTIONS)
        if entries > max(COMPACT_ENTRIES, COMPACT_SHARE * len(self.doc["orders"])):
            self._write_index()
            return
        version = self.store.save(dict(journal, version=LEDGER_VERSION, generation=self._generation), durable=durable,
                                  part=JOURNAL)
        self.stats["journal_writes"] += 1
        self._journal, self._changed, self._version = journal, {}, (self._version[0], version)

    def _write_index(self):
        """Write self.doc as a new index, then an empty journal for it. The index is always durable: a durable journal
        is worth no more than the index it names. A crash between the two leaves the old journal, of another
        generation, which is ignored: the new index holds it."""
        generation = _new_generation()
        index = dict(self.doc, version=LEDGER_VERSION, generation=generation)
        version = self.store.save(index, durable=True, part=INDEX)
        self.stats["index_writes"] += 1
        self._generation, self._journal, self._changed, self._whole = generation, _empty_journal(), {}, False
        self._version = (version, self._version[1])
        version = self.store.save(dict(_empty_journal(), version=LEDGER_VERSION, generation=generation), part=JOURNAL)
        self._version = (self._version[0], version)

    def _forget(self):
        """Drop what this process holds of the ledger (a read of the list failed half-way): the next use reads the
        store again, and no half-read index stands for a read of the list or is written."""
        self.doc, self._version, self._generation, self._journal = None, (None, None), None, _empty_journal()
        self._changed, self._whole, self._read_at = {}, True, None
        self._lookups_of_doc = None

    # ------------------------------------------------------------------ the lookups
    #
    # A batch asks the ledger several questions per order (the orders of a purchase order number, of a prefix, how
    # many orders are listed, which orders placed here are not listed yet), and none of them may read the whole index:
    # with 100,000 orders that would be most of a batch's time. They are answered from a _Lookups of self.doc, made
    # from it on the first question after self.doc is replaced (a whole read, a store read again, a new ledger), once
    # per load, and kept exact by every change to an entry of orders or contents: each calls _reindex with the idents
    # it changed, after the change (_take, its re-keying of an order placed here included; the orders placed here that
    # a whole read keeps; record_order; remember_contents; set_status; a journal applied again in _reapply). A
    # _Lookups knows the very documents it was made from; when self.doc is not them any more, it is made again.
    # Change self.doc only through these methods.

    def _lookups(self):
        """The lookups of self.doc, made from it when there are none for it."""
        lookups = self._lookups_of_doc
        if lookups is None or not lookups.holds(self.doc):
            self._lookups_of_doc = None  # not two of them at once
            lookups = self._lookups_of_doc = _Lookups(self.doc)
            self.stats["lookups_built"] += 1
        return lookups

    def _reindex(self, *idents):
        """Bring the lookups up to date with the entries of ``idents`` (orders and contents), just changed in self.doc.
        Nothing to do when there are none for self.doc: they are made from it when asked."""
        lookups = self._lookups_of_doc
        if lookups is not None and self.doc is not None and lookups.holds(self.doc):
            for ident in idents:
                lookups.update(ident)

    def _is_fresh(self, read_at):
        """Whether a status read at ``read_at`` was read during this run (after the run's first whole read began)."""
        if self.run is None or read_at is None or self.doc is None:
            return False
        started = (self.doc.get("runs") or {}).get(self.run)
        return started is not None and read_at >= started

    # ------------------------------------------------------------------ locks

    def key_lock(self, key):
        """The lock that makes "look for the order, then order" one step for a purchase order number."""
        if self.read_only:
            return contextlib.nullcontext()  # check mode writes nothing, so it needs no lock (and makes no lock file)
        return self.store.lock(ORDER_KEY, key, "the order lock of poNumber %s" % key)

    def index_lock(self):
        """The store's lock of the index (none in check mode)."""
        if self.read_only:
            return contextlib.nullcontext()
        return self.store.index_lock()

    def watch(self, key):
        """Keep the rows the list shows for ``key`` from now on (:meth:`row`), for checks of an order just placed."""
        self.watched.add(key)

    def row(self, ident):
        """The order-list row of a watched order as the service gave it, or None."""
        return self._rows.get(ident)

    # ------------------------------------------------------------------ reading the list

    def _page(self, page_no):
        result = api.order_page(self.client, page_no, self.page_size)
        self.stats["pages"] += 1
        if page_total(result) is not None:
            self.last_total = page_total(result)
        rows = [row for row in (result.get("results") or []) if isinstance(row, dict) and _identity(row)]
        return rows, result

    def _take(self, orders, row, local_by_no=None):
        """Put a listed row into the index, checking it against what the index holds. Returns True when it is new."""
        ident = _identity(row)
        if self.watched and reference_of(row) in self.watched:
            self._rows[ident] = row
        entry = orders.get(ident)
        order_no = id_text(row.get("orderNo")) or ""
        if entry is None and local_by_no is not None and order_no in local_by_no:
            # An order this controller placed, listed now under its id (the create answer may name it otherwise).
            old = local_by_no.pop(order_no)
            self._touch("orders", old)
            self._touch("orders", ident)
            entry = orders.pop(old)
            orders[ident] = entry
            contents = self.doc["contents"]
            if old in contents:
                self._touch("contents", old)
                self._touch("contents", ident)
                contents[ident] = contents.pop(old)
            self._reindex(old, ident)
            self.dirty = True
        status = to_text(row.get("orderStatus") or "")
        created = _sort_key(row)
        if entry is not None:
            if (entry[_NO] and order_no and entry[_NO] != order_no) or (entry[_LISTED] and entry[_REF] != reference_of(row)):
                raise Inconsistent("order %s is %s/%r in the index but %s/%r in the list"
                                   % (ident, entry[_NO], entry[_REF], order_no, reference_of(row)))
            is_new = not entry[_LISTED]
            read_at = entry[_STATUS_AT]
            if reference_of(row) and (status != entry[_STATUS] or not self._is_fresh(read_at)):
                read_at = time.time()
            updated = [order_no or entry[_NO], reference_of(row), status, created[0] if created else entry[_TIME],
                       read_at if reference_of(row) else None, 1]
            if updated != entry:
                self._touch("orders", ident)
                orders[ident] = updated
                self._reindex(ident)
                self.dirty = True
        else:
            self._touch("orders", ident)
            orders[ident] = [order_no, reference_of(row), status, created[0] if created else None,
                             time.time() if reference_of(row) else None, 1]
            self._reindex(ident)
            is_new = self.dirty = True
        self.fresh.add(ident)
        if is_new:
            self.listed += 1
        return is_new

    def _full_read(self, doc):
        """Read the whole order list into a new index. The count the service gives must add up."""
        started = time.time()
        old = doc or {}
        self.doc = new = {"version": LEDGER_VERSION, "orders": {}, "contents": {}, "unknown": old.get("unknown", {})}
        self._whole, self._changed, self._lookups_of_doc = True, {}, None  # a new index
        orders = new["orders"]
        local = {}
        self.fresh = set()
        self.listed = 0
        keys = []
        page_no, total, limit = 1, None, None
        per_page = 0
        while True:
            rows, result = self._page(page_no)
            per_page = max(per_page, len(rows))
            total = page_total(result) if page_total(result) is not None else total
            for row in rows:
                if self._take(orders, row, local):
                    keys.append(_sort_key(row))
            listed = self.listed
            total_page = as_count(result.get("totalPage"))
            if not rows:
                break
            if total is not None and listed >= total and (total_page is None or page_no >= total_page):
                break
            if total is None and total_page is None and len(rows) < self.page_size:
                break
            if total is None and total_page is not None and page_no >= total_page:
                break
            # With a total, a page past totalPage is read when the rows do not add up yet (a miscounted totalPage).
            if limit is None:
                limit = 2 * ((total or 0) // len(rows) + (total_page or 0)) + 10
            page_no += 1
            if page_no > limit:
                break
        sort = observed_sort(keys) or old.get("sort") or NEWEST_FIRST
        new["sort"] = sort
        if total is not None and self.listed < total and sort == NEWEST_FIRST:
            # Orders created while the list was read went in at the top, after page 1 was read.
            try:
                total = self._read_top(orders, local)
            except Inconsistent:
                total = self.last_total  # the count check below says what is wrong
        if total is not None and self.listed != total:
            raise PartnerAPIError("GET", api.ORDER_PAGE_PATH, reason="the order list says it holds %d orders, but reading it "
                                  "page by page gave %d different ones" % (total, self.listed),
                                  hint="Without the whole history nothing can tell whether an order with this purchase "
                                       "order number exists, so nothing is ordered. Run again later.")
        old_contents = old.get("contents") or {}
        by_no = dict((entry[_NO], ident) for ident, entry in orders.items() if entry[_NO])
        for ident, entry in (old.get("orders") or {}).items():
            listed_as = ident if ident in orders and orders[ident][_NO] == entry[_NO] else by_no.get(entry[_NO])
            if listed_as is not None:
                if ident in old_contents:
                    new["contents"][listed_as] = old_contents[ident]
                    self._reindex(listed_as)
            elif not entry[_LISTED] and ident not in orders:
                # Placed by this controller, not listed yet (the list may lag behind): keep it known.
                orders[ident] = entry
                if ident in old_contents:
                    new["contents"][ident] = old_contents[ident]
                self._reindex(ident)
        runs = dict(old.get("runs") or {})
        if self.run is not None:
            runs[self.run] = started
        new.update(runs=_last_runs(runs), readAt=time.time(), readSeconds=round(time.time() - started, 3), total=total,
                   perPage=per_page or None)
        self.dirty = True
        self.stats["full_reads"] += 1

    def _read_top(self, orders, local, first=None, passes=20):
        """Newest first: read pages from the top until the index holds as many listed orders as the list counts.

        Returns the list's total. A page that brings nothing new ends a pass; orders created meanwhile are on top
        again, so the next pass starts at page 1. Raises Inconsistent when ``passes`` passes do not add up.
        """
        total, budget = None, None
        for dummy in range(passes):
            page_no, limit = 1, None
            while True:
                if budget is not None:
                    budget -= 1
                    if budget < 0:
                        raise Inconsistent("the list grows faster than it can be read")
                rows, result = first if (page_no == 1 and first is not None) else self._page(page_no)
                first = None
                total = page_total(result) if page_total(result) is not None else total
                if total is None:
                    raise Inconsistent("the list gives no total")
                new_here = sum(1 for row in rows if self._take(orders, row, local))
                listed = self.listed
                if listed == total:
                    return total
                if listed > total:
                    raise Inconsistent("the index holds more orders than the list counts")
                if new_here == 0 and page_no == 1:
                    raise Inconsistent("the orders the index lacks are not at the top of the list")
                if limit is None and rows:
                    limit = total // len(rows) + 2
                if budget is None and rows:
                    budget = 3 * limit + 10
                if not rows or new_here == 0 or page_no >= limit:
                    break
                page_no += 1
        raise Inconsistent("the newest orders do not account for the ones the index lacks")

    def _read_new(self, doc):
        """Read only what the list holds beyond the index. Raises Inconsistent when that cannot be done exactly."""
        self.doc = doc
        orders = doc["orders"]
        sort = doc.get("sort")
        if sort not in (NEWEST_FIRST, OLDEST_FIRST):
            raise Inconsistent("the list has no order to read it by")
        lookups = self._lookups()
        local = lookups.local_by_no()  # a copy: _take takes from it the orders it finds listed
        self.listed = listed_before = lookups.listed()
        first = self._page(1)
        rows, result = first
        total = page_total(result)
        if total is None or total < listed_before:
            raise Inconsistent("the list gives no total, or fewer orders than the index holds")
        if sort == NEWEST_FIRST:
            self._read_top(orders, local, first=first)
            return
        # Oldest first: the new orders are on the last pages.
        for row in rows:
            self._take(orders, row, local)
        per_page = len(rows) or self.page_size
        page_no = max(2, listed_before // per_page + 1)
        while self.listed < total and page_no <= listed_before // per_page + total // per_page + 3:
            rows, result = self._page(page_no)
            if not rows:
                break
            for row in rows:
                self._take(orders, row, local)
            total = page_total(result) or total
            page_no += 1
        if self.listed != total:
            raise Inconsistent("the oldest-first list does not add up")

    def sync(self, reuse=0.0):
        """Bring the index up to date with the order list, under the ledger lock, and save it.

        The whole list is read when there is no index, when it was read by another run, or when the index and the
        list disagree; otherwise only what is new. With ``reuse`` (seconds), a read of the list that this process
        finished less than ``reuse`` seconds ago stands for this one: the index is taken from disk again (orders that
        other processes on this controller recorded meanwhile are in it) and the list is not read. A batch of orders
        uses it for the read right after its previous order's check, which was such a read.

        A read that fails (the list does not add up, the store cannot be written) drops what this process holds of the
        ledger: what was read half-way is neither used nor written, and the next use reads the store again.
        """
        started = time.time()
        if reuse and self.doc is not None and self._read_at is not None and time.monotonic() - self._read_at < reuse:
            with self.index_lock():
                doc = self._load()
                if doc is not None:
                    self.doc = doc
                    self.stats["reused"] += 1
                    return
        with self.index_lock():
            try:
                self._sync(started)
            except BaseException:
                self._forget()  # the index may be half read: nothing may use it, or write it
                raise
            self._read_at = time.monotonic()
        self.stats["seconds"] += time.time() - started

    def _sync(self, started):
        doc = self._load()
        self.fresh = set()
        self.dirty = False
        try:
            if doc is None or (self._new_run(doc) and self._whole_read_is_cheaper(doc)):
                self._full_read(doc)
            else:
                if self._new_run(doc):
                    # Statuses this run reads from now on are fresh for every process of the run; the ones in the
                    # index are not.
                    self._touch(_TOP, "runs")
                    doc["runs"] = _last_runs(dict(doc.get("runs") or {}, **{self.run: started}))
                    self.dirty = True
                try:
                    self._read_new(doc)
                except Inconsistent:
                    self._full_read(doc)
        except Inconsistent as exc:
            raise PartnerAPIError("GET", api.ORDER_PAGE_PATH, reason="the order list changed under the reader: %s" % exc,
                                  hint="Nothing is ordered without a consistent history. Run again.")
        if self.dirty:
            self._save()

    def _new_run(self, doc):
        """Whether this run has not read the list yet (the index was written by other runs only)."""
        return self.run is not None and self.run not in (doc.get("runs") or {})

    def _whole_read_is_cheaper(self, doc):
        """Whether reading the whole list costs no more requests than reading the status of each order this process
        will look for (:attr:`expected_lookups`)."""
        per_page = as_count(doc.get("perPage")) or self.page_size
        listed = self._lookups().listed() if doc is self.doc else _count_listed(doc["orders"])
        pages = (listed + per_page - 1) // per_page
        return pages <= max(1, self.expected_lookups)

    # ------------------------------------------------------------------ answers

    def orders_for(self, keys):
        """Index entries whose ``customReferenceNo`` is one of ``keys``, newest first, as Order_Info-like dicts."""
        found = []
        contents = self.doc.get("contents", {})
        orders = self.doc["orders"]
        # The list's customReferenceNo, or the number this controller sent the order with (if the list drops it).
        for ident in self._lookups().idents_for(keys):
            entry = orders[ident]
            sent = (contents.get(ident) or {}).get("poNumber")
            found.append({"id": ident, "orderNo": entry[_NO], "orderStatus": entry[_STATUS],
                          "customReferenceNo": entry[_REF], "createTime": entry[_TIME], "sentAs": sent,
                          "listed": bool(entry[_LISTED]),
                          "fresh": ident in self.fresh or self._is_fresh(entry[_STATUS_AT])})
        found.sort(key=lambda o: (o["createTime"] or 0, o["id"]), reverse=True)
        return found

    def orders_with_prefix(self, prefix):
        """Index entries whose purchase order number starts with ``prefix`` (as :meth:`orders_for` shows them), newest
        first: the orders of one kind that ``yeastar_subscription`` placed for one device."""
        keys = self._lookups().keys_with_prefix(prefix)
        return self.orders_for(keys) if keys else []

    def contents(self, ident):
        return self.doc.get("contents", {}).get(ident)

    def remember_contents(self, ident, contents):
        """Keep what an order was created with (it never changes), so later runs need not read its details."""
        with self.index_lock():
            doc = self._current()
            self._touch("contents", ident)
            doc["contents"][ident] = contents
            self._reindex(ident)
            self._save()

    def set_status(self, ident, status):
        """The status of an order just read (its details): kept in this process, and with the next save."""
        entry = self.doc["orders"].get(ident)
        if entry is not None:
            updated = list(entry)
            updated[_STATUS] = status
            updated[_STATUS_AT] = time.time()
            self._touch("orders", ident)
            self.doc["orders"][ident] = updated
            self._reindex(ident)
            self.fresh.add(ident)

    def record_order(self, order, key, contents):
        """Put an order this run just placed into the index at once, before the list shows it."""
        ident = id_text(order.get("orderId")) or id_text(order.get("id")) or id_text(order.get("orderNo"))
        with self.index_lock():
            doc = self._current()
            orders = doc["orders"]
            if ident not in orders:
                self._touch("orders", ident)
                orders[ident] = [id_text(order.get("orderNo")) or "", key, to_text(order.get("orderStatus") or "pending"),
                                 time.time() * 1000.0, time.time(), 0]
            self._touch("contents", ident)
            doc["contents"][ident] = contents
            self._reindex(ident)
            if key in doc["unknown"]:
                self._touch("unknown", key)
                del doc["unknown"][key]
            self._save(durable=True)
        self.fresh.add(ident)
        return ident

    # ------------------------------------------------------------------ unknown outcomes

    def open_question(self, key):
        """The record of an order request with this key whose outcome was never known, or None."""
        return (self.doc or {}).get("unknown", {}).get(key)

    def set_question(self, key, record):
        """Open (``record``) or close (None) the question of an order request with this key; durable."""
        with self.index_lock():
            unknown = self._current()["unknown"]
            if record is not None or key in unknown:
                self._touch("unknown", key)
                if record is None:
                    del unknown[key]
                else:
                    unknown[key] = record
            self._save(durable=True)

    def questions_with_prefix(self, prefix):
        """The purchase order numbers starting with ``prefix`` whose order request's outcome was never known."""
        return sorted(key for key in (self.doc or {}).get("unknown", {}) if key.startswith(prefix))

    def look_for(self, key):
        """Live orders carrying ``key`` right after an order request: the list now, and again a moment later."""
        for attempt in range(2):
            if attempt:
                self._sleep(self.recheck_delay)
            self.sync()
            live = [o for o in self.orders_for([key]) if o["listed"] and o["customReferenceNo"] == key and is_live(o)]
            if live:
                return live
        return []
