# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The store seam: what the order ledger and the locks of one account keep, and the one interface they keep it
behind.

A store holds, for one Partner Portal account:

* the ledger, as two documents (dicts), each read and written whole under :meth:`LedgerStore.index_lock`, each with
  a version of its own that tells whether it changed since it was read (:meth:`LedgerStore.version`,
  :meth:`LedgerStore.versions` for both at once):

  - the **index** (:data:`INDEX`): the orders index, the contents memory (what each order was created with), the
    unknown-outcome questions and a few members of the whole read (its sort order, the runs, when it was read),
    written after a whole read of the order list and on compaction;
  - the **journal** (:data:`JOURNAL`): the entries changed since the index was written, small, written on every other
    change;

  which document holds what, and how the two make one ledger, is the order ledger's business (:mod:`._ledger`);
* the locks (:meth:`LedgerStore.lock`): one per purchase order number, held from the ledger check to the recorded
  answer, and one per subordinate user for ``yeastar_partner``. A lock is a context manager with ``timeout`` and
  ``where`` (for messages) that raises :class:`StoreError` when it is not obtained in time, and is released when its
  holder ends, however it ends.

The order ledger (:mod:`._ledger`) decides what goes into the documents and when they are read; a store only keeps
them. The files of ``cache_dir`` are the first store (:mod:`._file_store`), PostgreSQL the second (:mod:`._pg_store`).
Check mode is the ledger's business: it takes no lock and writes nothing, whatever the store.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Kinds of lock a store keeps (the first argument of LedgerStore.lock).
ORDER_KEY = "keys"
SUBORDINATE_USER = "users"

# The documents of the ledger (the ``part`` of LedgerStore.version, load and save).
INDEX = "index"
JOURNAL = "journal"
PARTS = (INDEX, JOURNAL)


class StoreError(Exception):
    """The store cannot be used safely: it cannot be reached or read, a lock was not obtained in time, a file or a
    record is broken. The message says which store and what to do; :attr:`what` says only what went wrong (for a
    message about an order already sent, where "nothing is ordered" is no longer the advice)."""

    def __init__(self, msg, what=None):
        super(StoreError, self).__init__(msg)
        self.what = what or msg


class LedgerStore:
    """What a store of the ledger and the locks provides. Subclasses implement every method."""

    #: What the store is, for messages (a folder, a database), without any secret.
    where = None

    def lock(self, kind, key, what):
        """An exclusive lock of ``kind`` (:data:`ORDER_KEY`, :data:`SUBORDINATE_USER`) for ``key``; ``what`` names it in
        the message of a lock not obtained in time."""
        raise NotImplementedError

    def index_lock(self):
        """The lock that makes reading, changing and writing the ledger's documents one step."""
        raise NotImplementedError

    def version(self, part=INDEX):
        """What identifies the document ``part`` (:data:`INDEX`, :data:`JOURNAL`) as it is now (compared for equality
        only), or None when there is none. The two documents' versions change independently: saving one leaves the
        other's as it was."""
        raise NotImplementedError

    def versions(self):
        """``(version of the index, version of the journal)``, as :meth:`version` gives them, read at once (one query
        for a database)."""
        return tuple(self.version(part) for part in PARTS)

    def load(self, part=INDEX):
        """The document ``part`` (a dict) as it was last saved, or None when there is none or it cannot be read."""
        raise NotImplementedError

    def save(self, doc, durable=False, part=INDEX):
        """Keep ``doc`` as the whole new document ``part``, and return its new version (what :meth:`version` now says
        for it). ``durable``: it is on stable storage when this returns (an order's record, a question); otherwise it
        may be lost with the machine, because it can be read again. The other document is left as it is."""
        raise NotImplementedError
