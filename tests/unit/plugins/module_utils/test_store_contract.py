# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The store contract (plugins/module_utils/_store.py): what every store of the ledger and the locks must do, whatever
keeps it. Each case runs for every store in STORES; a new store is added there and must pass them all.

Locks are tried from other processes (started afresh), because that is what they are for: the forks of a play and separate
ansible-playbook runs. A holder killed with SIGKILL must release its lock.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest

from ansible_collections.yeastar.partner.plugins.module_utils._cache import AccountCache
from ansible_collections.yeastar.partner.plugins.module_utils._file_store import FileStore
from ansible_collections.yeastar.partner.plugins.module_utils._pg_store import PgStore, check_ledger_url
from ansible_collections.yeastar.partner.plugins.module_utils._store import INDEX, JOURNAL, ORDER_KEY, SUBORDINATE_USER, LedgerStore


def file_store(where, lock_timeout):
    return FileStore(AccountCache(str(where / "cache"), "https://api.example.com", client_id="contract",
                                  lock_timeout=lock_timeout))


def postgres_store(where, lock_timeout):
    """The shared store in the session's PostgreSQL server (tests/unit/conftest.py), an account of its own per test
    folder: two calls are two connections, as two controllers have."""
    ledger, problem = check_ledger_url(os.environ["YEASTAR_TEST_LEDGER_URL"])
    assert problem is None, problem
    account = hashlib.sha256(str(where).encode()).hexdigest()[:20]
    return PgStore(ledger, account, label=("https://api.example.com", "contract@example.com"), lock_timeout=lock_timeout)


# name -> factory(tmp_path, lock_timeout): two calls with the same tmp_path are two handles on the same store (two
# processes of one controller, or two controllers of one shared store).
STORES = {"file": file_store, "postgres": postgres_store}

# A child process: the store of argv[1] in folder argv[2] (this file's STORES), then argv[3]: "hold" (take the lock
# argv[4] and keep it until killed), or "try" (take it with a short timeout: exit 0 when got, 1 when refused in time,
# printing the error). The lock is "index" or KIND:KEY.
CHILD = r"""
import importlib.util, pathlib, sys, time
from ansible_collections.yeastar.partner.plugins.module_utils._store import StoreError
spec = importlib.util.spec_from_file_location("store_contract", sys.argv[5])
contract = importlib.util.module_from_spec(spec)
spec.loader.exec_module(contract)
store = contract.STORES[sys.argv[1]](pathlib.Path(sys.argv[2]), 0.3)
which = sys.argv[4]
lock = store.index_lock() if which == "index" else store.lock(*(which.split(":", 1) + [which]))
try:
    with lock:
        if sys.argv[3] == "hold":
            print("held", flush=True)
            time.sleep(60)
except StoreError as error:
    print(error, flush=True)
    sys.exit(1)
"""


@pytest.fixture(params=sorted(STORES))
def make_store(request, tmp_path):
    def make(lock_timeout=5.0):
        return STORES[request.param](tmp_path, lock_timeout)
    make.name, make.where = request.param, tmp_path
    return make


def child(make_store, mode, which):
    # The child finds the collection where this process does (as tests/unit/module_runner.py starts its children).
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.Popen([sys.executable, "-c", CHILD, make_store.name, str(make_store.where), mode, which, __file__],  # pylint: disable=consider-using-with
                            stdout=subprocess.PIPE, universal_newlines=True, env=env)


def can_lock(make_store, which):
    """Whether another process gets the lock ``which`` ("index" or KIND:KEY) within a short timeout; and what it said."""
    proc = child(make_store, "try", which)
    out, dummy = proc.communicate(timeout=60)
    assert proc.returncode in (0, 1), out
    return proc.returncode == 0, out


def test_a_store_is_a_ledger_store(make_store):
    store = make_store()
    assert isinstance(store, LedgerStore)
    assert isinstance(store.where, str) and store.where  # named in messages


def test_a_new_store_has_no_document(make_store):
    store = make_store()
    assert store.load() is None
    assert store.version() is None


def test_what_is_saved_is_loaded_whole_by_another_handle(make_store):
    doc = {"version": 1, "orders": {"7": ["SO-7", "PO-7", "pending", 1.0, 2.0, 1]}, "contents": {"7": {"lines": {}}},
           "unknown": {"PO-8": {"at": "now", "reason": "lost"}}}
    make_store().save(doc, durable=True)
    assert make_store().load() == doc
    doc["orders"].clear()
    make_store().save(doc)
    assert make_store().load() == dict(doc, orders={})


def test_the_version_tells_a_change_and_only_a_change(make_store):
    store = make_store()
    store.save({"version": 1, "orders": {}})
    first = store.version()
    assert first is not None and make_store().version() == first
    time.sleep(0.01)
    make_store().save({"version": 1, "orders": {"1": ["SO-1", "", "succeed", 1.0, None, 1]}})
    assert store.version() != first


def test_a_new_store_has_neither_document(make_store):
    store = make_store()
    assert store.versions() == (None, None)
    assert store.load(INDEX) is None and store.load(JOURNAL) is None
    assert store.version(JOURNAL) is None


def test_the_index_and_the_journal_are_two_documents(make_store):
    index = {"version": 2, "generation": "g1", "orders": {"7": ["SO-7", "PO-7", "pending", 1.0, 2.0, 1]}}
    journal = {"version": 2, "generation": "g1", "orders": {"8": ["SO-8", "PO-8", "pending", 3.0, 4.0, 0]},
               "unknown": {"PO-9": None}}
    store = make_store()
    saved_index = store.save(index, durable=True, part=INDEX)
    assert saved_index is not None and store.version(INDEX) == saved_index
    assert store.load(JOURNAL) is None and store.versions() == (saved_index, None)
    saved_journal = store.save(journal, durable=True, part=JOURNAL)
    assert saved_journal is not None and store.version(JOURNAL) == saved_journal
    other = make_store()  # another process, or another controller
    assert other.load(INDEX) == index and other.load(JOURNAL) == journal and other.load() == index
    assert other.versions() == (saved_index, saved_journal)


def test_the_two_versions_change_independently(make_store):
    store = make_store()
    store.save({"version": 2, "orders": {}}, part=INDEX)
    store.save({"version": 2, "orders": {}}, part=JOURNAL)
    first = store.versions()
    time.sleep(0.01)
    journal = make_store().save({"version": 2, "orders": {"1": None}}, durable=True, part=JOURNAL)
    second = store.versions()
    assert second[0] == first[0] and second[1] != first[1] and second[1] == journal
    assert store.load(INDEX) == {"version": 2, "orders": {}}
    time.sleep(0.01)
    index = make_store().save({"version": 2, "orders": {"2": ["SO-2", "", "succeed", 1.0, None, 1]}}, part=INDEX)
    third = store.versions()
    assert third[0] != second[0] and third[0] == index and third[1] == second[1]
    assert store.load(JOURNAL) == {"version": 2, "orders": {"1": None}}


def test_the_index_lock_excludes_other_processes_and_is_released(make_store):
    store = make_store()
    with store.index_lock():
        assert not can_lock(make_store, "index")[0]
    assert can_lock(make_store, "index")[0]


def test_a_lock_not_obtained_in_time_says_what_it_waited_for(make_store):
    store = make_store()
    with store.lock(ORDER_KEY, "PO-1", "%s:PO-1" % ORDER_KEY):
        got, said = can_lock(make_store, "%s:PO-1" % ORDER_KEY)
    assert not got and "%s:PO-1" % ORDER_KEY in said


def test_locks_are_per_kind_and_per_key(make_store):
    store = make_store()
    with store.lock(ORDER_KEY, "PO-1", "order PO-1"):
        assert not can_lock(make_store, "%s:PO-1" % ORDER_KEY)[0]
        assert can_lock(make_store, "%s:PO-2" % ORDER_KEY)[0]
        assert can_lock(make_store, "%s:PO-1" % SUBORDINATE_USER)[0]
        assert can_lock(make_store, "index")[0]


def test_a_lock_ends_with_a_holder_that_is_killed(make_store):
    holder = child(make_store, "hold", "%s:PO-K" % ORDER_KEY)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert not can_lock(make_store, "%s:PO-K" % ORDER_KEY)[0]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        holder.stdout.close()
    assert can_lock(make_store, "%s:PO-K" % ORDER_KEY)[0]
