# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The store seam: what the order ledger and the locks of one account keep, and the one interface they keep it
behind.

A store holds, for one Partner Portal account:

* the ledger document (:meth:`LedgerStore.load`, :meth:`LedgerStore.save`): the orders index, the contents memory
  (what each order was created with) and the unknown-outcome questions, read and written whole under
  :meth:`LedgerStore.index_lock`, with :meth:`LedgerStore.version` telling whether it changed since it was read;
* the locks (:meth:`LedgerStore.lock`): one per purchase order number, held from the ledger check to the recorded
  answer, and one per subordinate user for ``yeastar_partner``. A lock is a context manager with ``timeout`` and
  ``where`` (for messages) that raises :class:`StoreError` when it is not obtained in time, and is released when its
  holder ends, however it ends.

The order ledger (:mod:`._ledger`) decides what goes into the document and when it is read; a store only keeps it.
The files of ``cache_dir`` are the first store (:mod:`._file_store`). Check mode is the ledger's business: it takes
no lock and writes nothing, whatever the store.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Kinds of lock a store keeps (the first argument of LedgerStore.lock).
ORDER_KEY = "keys"
SUBORDINATE_USER = "users"


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
        """The lock that makes reading, changing and writing the ledger document one step."""
        raise NotImplementedError

    def version(self):
        """What identifies the ledger document as it is now (compared for equality only), or None when there is none."""
        raise NotImplementedError

    def load(self):
        """The ledger document (a dict) as it was last saved, or None when there is none or it cannot be read."""
        raise NotImplementedError

    def save(self, doc, durable=False):
        """Keep ``doc`` as the whole new ledger document. ``durable``: it is on stable storage when this returns (an
        order's record, a question); otherwise it may be lost with the machine, because it can be read again."""
        raise NotImplementedError
