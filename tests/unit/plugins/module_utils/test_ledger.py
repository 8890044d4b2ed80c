# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The order ledger against the simulator over loopback, with the ways a real service may differ from it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import random
import socket
import subprocess
import sys

import pytest

pytest.importorskip("requests")

# pylint: disable=wrong-import-position
from ansible_collections.yeastar.partner.plugins.module_utils._cache import AccountCache, CacheError  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._client import PartnerClient  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import ORDER_PAGE_PATH  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils import _ledger  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._file_store import FileStore, adopt_old_ledger, file_store  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._ledger import (  # noqa: E402
    _LISTED,
    _Lookups,
    COMPACT_ENTRIES,
    LEDGER_VERSION,
    NEWEST_FIRST,
    OLDEST_FIRST,
    OrderLedger,
    observed_sort,
    stored_ledger,
)
from ansible_collections.yeastar.partner.plugins.module_utils._pg_store import PgStore, check_ledger_url  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._run import current_run  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._store import INDEX, JOURNAL, LedgerStore, StoreError  # noqa: E402

SEED_BODY = {"operationType": "purchase_plan", "productId": 14, "billingId": 3197218168379846218,
             "serviceList": [{"serviceType": "plan", "serviceId": 3048941892189077504, "quantity": 10,
                              "purchaseType": "purchase", "billingModel": "recurring", "billingCycle": "annually",
                              "multiCycle": 0}]}


def make_ledger(sim, cache_dir, run="run-1"):
    client = PartnerClient(api_url=sim.base_url, client_id=sim.client_id, client_secret=sim.client_secret, timeout=10,
                           retries=0)
    return OrderLedger(client, FileStore(AccountCache(str(cache_dir), sim.base_url, client_id=sim.client_id)), run=run,
                       recheck_delay=0.01)


def place(sim, po_number):
    answer = sim.api("POST", "/order/openapi/order/v1/save", json_body=dict(SEED_BODY, poNumber=po_number))
    assert answer.status == 200, answer
    return answer.result


def pages_read(sim):
    return sim.count("GET", ORDER_PAGE_PATH)


def state_orders(sim):
    return sim.state()["orders"]


def test_whole_history_once_then_only_what_is_new_even_for_the_next_run(simulator, tmp_path):
    simulator.bulk_orders(450)
    total = len(state_orders(simulator))
    first = make_ledger(simulator, tmp_path)
    first.sync()
    assert first.stats["full_reads"] == 1 and pages_read(simulator) == (total + 99) // 100
    placed = place(simulator, "PO-LEDGER-NEW")
    simulator.clear_log()
    again = make_ledger(simulator, tmp_path)  # another fork of the same run
    again.sync()
    assert again.stats["full_reads"] == 0 and pages_read(simulator) == 1
    found = again.orders_for(["PO-LEDGER-NEW"])
    assert [o["orderNo"] for o in found] == [placed["orderNo"]] and found[0]["fresh"]
    simulator.clear_log()
    # The next run trusts the index for what exists (the count proves it), not for statuses: the status of an order that
    # decides is read again, unless this run read it.
    placed_later = place(simulator, "PO-LEDGER-LATER")
    next_run = make_ledger(simulator, tmp_path, run="run-2")
    next_run.sync()
    assert next_run.stats["full_reads"] == 0 and pages_read(simulator) == 1
    earlier, later = next_run.orders_for(["PO-LEDGER-NEW"]), next_run.orders_for(["PO-LEDGER-LATER"])
    assert [o["orderNo"] for o in later] == [placed_later["orderNo"]] and later[0]["fresh"]
    assert [o["orderNo"] for o in earlier] == [placed["orderNo"]] and earlier[0]["fresh"], "page 1 showed it"
    deep = [entry[1] for ident, entry in next_run.doc["orders"].items() if entry[1] and ident not in next_run.fresh]
    assert deep, "orders with a customReferenceNo beyond page 1"
    assert not any(o["fresh"] for o in next_run.orders_for(deep[:1])), "read by another run only"


def test_a_new_run_reads_the_whole_list_when_that_costs_no_more_than_the_statuses(simulator, tmp_path):
    simulator.bulk_orders(450)
    pages = (len(state_orders(simulator)) + 99) // 100
    make_ledger(simulator, tmp_path).sync()
    for lookups, whole in ((pages - 1, False), (pages, True)):
        simulator.clear_log()
        ledger = make_ledger(simulator, tmp_path, run="run-%d" % lookups)
        ledger.expected_lookups = lookups
        ledger.sync()
        assert ledger.stats["full_reads"] == (1 if whole else 0)
        assert pages_read(simulator) == (pages if whole else 1)


def test_two_runs_at_once_each_read_the_history_once(simulator, tmp_path):
    simulator.bulk_orders(250)
    make_ledger(simulator, tmp_path, run="run-a").sync()
    make_ledger(simulator, tmp_path, run="run-b").sync()
    place(simulator, "PO-INTERLEAVED")
    simulator.clear_log()
    again_a = make_ledger(simulator, tmp_path, run="run-a")
    again_a.sync()
    assert again_a.stats["full_reads"] == 0 and pages_read(simulator) == 1
    found = again_a.orders_for(["PO-INTERLEAVED"])
    assert len(found) == 1 and found[0]["fresh"]


@pytest.mark.parametrize("sort", ["newest_first", "oldest_first"])
def test_silently_capped_page_size_and_either_sort_order(simulator, tmp_path, sort):
    simulator.configure(page_size_cap=7, order_sort=sort)
    target = place(simulator, "PO-DEEP-1")
    for n in range(40):
        place(simulator, "PO-OTHER-%d" % n)
    simulator.bulk_orders(60)
    ledger = make_ledger(simulator, tmp_path)
    ledger.sync()
    assert ledger.doc["sort"] == sort
    assert len(ledger.doc["orders"]) == len(state_orders(simulator))
    assert [o["orderNo"] for o in ledger.orders_for(["PO-DEEP-1"])] == [target["orderNo"]]
    newer = place(simulator, "PO-DEEP-2")
    simulator.clear_log()
    again = make_ledger(simulator, tmp_path)
    again.sync()
    assert again.stats["full_reads"] == 0
    assert pages_read(simulator) <= 2, "only the page(s) with the new order are read"
    assert [o["orderNo"] for o in again.orders_for(["PO-DEEP-2"])] == [newer["orderNo"]]


def test_rows_that_move_while_the_list_is_read(simulator, tmp_path):
    for n in range(30):
        place(simulator, "PO-MOVE-%d" % n)
    simulator.configure(new_orders_per_read=2, page_size_cap=10)
    ledger = make_ledger(simulator, tmp_path)
    ledger.sync()
    listed = set(o["id"] for o in state_orders(simulator))
    assert set(ledger.doc["orders"]) <= listed
    assert len(ledger.orders_for(["PO-MOVE-%d" % n for n in range(30)])) == 30
    assert ledger.stats["full_reads"] == 1


def test_a_list_that_grows_faster_than_it_can_be_read_stops(simulator, tmp_path):
    for n in range(30):
        place(simulator, "PO-FAST-%d" % n)
    simulator.configure(new_orders_per_read=4, page_size_cap=5)
    with pytest.raises(PartnerAPIError) as err:
        make_ledger(simulator, tmp_path).sync()
    assert "nothing is ordered" in str(err.value)


def test_numeric_ids_and_only_the_documented_fields(simulator, tmp_path):
    simulator.configure(order_fields="documented", order_id_type="number")
    placed = place(simulator, "PO-DOC-1")
    row = simulator.api("GET", ORDER_PAGE_PATH, params={"pageNo": 1, "pageSize": 5}).result["results"][0]
    assert isinstance(row["id"], int) and "productId" not in row and "assignId" not in row
    ledger = make_ledger(simulator, tmp_path)
    ledger.sync()
    found = ledger.orders_for(["PO-DOC-1"])
    assert found[0]["id"] == str(row["id"]) and found[0]["orderNo"] == placed["orderNo"]


def test_an_index_the_list_contradicts_is_read_again(simulator, tmp_path):
    place(simulator, "PO-BEFORE-RESET")
    make_ledger(simulator, tmp_path).sync()
    simulator.reset()  # the same ids now belong to other orders
    place(simulator, "PO-AFTER-RESET")
    ledger = make_ledger(simulator, tmp_path)
    ledger.sync()
    assert ledger.stats["full_reads"] == 1
    assert ledger.orders_for(["PO-BEFORE-RESET"]) == []
    assert len(ledger.orders_for(["PO-AFTER-RESET"])) == 1


def test_an_order_placed_here_counts_before_the_list_shows_it(simulator, tmp_path):
    ledger = make_ledger(simulator, tmp_path)
    ledger.sync()
    ledger.record_order({"orderId": "999999", "orderNo": "RV-NOT-LISTED", "orderStatus": "pending"}, "PO-LOCAL", {})
    other = make_ledger(simulator, tmp_path)
    other.sync()
    found = other.orders_for(["PO-LOCAL"])
    assert [o["orderNo"] for o in found] == ["RV-NOT-LISTED"] and found[0]["listed"] is False
    other_run = make_ledger(simulator, tmp_path, run="run-2")
    other_run.sync()
    assert [o["orderNo"] for o in other_run.orders_for(["PO-LOCAL"])] == ["RV-NOT-LISTED"]


def test_a_cancelled_order_does_not_count(simulator, tmp_path):
    placed = place(simulator, "PO-CANCEL-1")
    simulator.set_order_status(placed["orderId"], "cancelled")
    ledger = make_ledger(simulator, tmp_path)
    assert ledger.look_for("PO-CANCEL-1") == []
    assert [o["orderStatus"] for o in ledger.orders_for(["PO-CANCEL-1"])] == ["cancelled"]


def test_an_unknown_status_counts_as_placed(simulator, tmp_path):
    placed = place(simulator, "PO-CON-1")
    ledger = make_ledger(simulator, tmp_path)
    ledger.sync()
    ledger.set_status(placed["orderId"], "confirming")
    assert [o["orderNo"] for o in ledger.look_for("PO-CON-1")] == [placed["orderNo"]]


class ListedPages:
    """A client whose order list is given page by page: for answers the simulator cannot give (a total that lies)."""

    def __init__(self, pages):
        self.pages = pages
        self.calls = 0

    def get(self, path, params=None):
        assert path == ORDER_PAGE_PATH
        self.calls += 1
        return self.pages[params["pageNo"] - 1] if params["pageNo"] <= len(self.pages) else {"results": []}


def test_a_list_that_does_not_add_up_stops_everything(tmp_path):
    rows = [{"id": str(n), "orderNo": "RV%d" % n, "createTime": 1000 - n, "customReferenceNo": ""} for n in range(3)]
    client = ListedPages([{"results": rows, "total": 5, "totalPage": 1}])
    ledger = OrderLedger(client, FileStore(AccountCache(str(tmp_path), "https://example.invalid", client_id="x")), run="r")
    with pytest.raises(PartnerAPIError) as err:
        ledger.sync()
    assert "says it holds 5 orders" in str(err.value) and "nothing is ordered" in str(err.value)


def test_a_short_page_is_not_the_last_when_the_total_says_more(tmp_path):
    pages = [{"results": [{"id": str(n), "orderNo": "RV%d" % n, "createTime": 100 - n} for n in range(p * 2, p * 2 + 2)],
              "total": 6} for p in range(3)]
    client = ListedPages(pages)
    ledger = OrderLedger(client, FileStore(AccountCache(str(tmp_path), "https://example.invalid", client_id="x")), run="r")
    ledger.sync()
    assert len(ledger.doc["orders"]) == 6 and client.calls == 3 and ledger.doc["sort"] == NEWEST_FIRST


def test_observed_sort():
    assert observed_sort([(3, 0), (2, 0), (2, 0), (1, 0)]) == NEWEST_FIRST
    assert observed_sort([(1, 5), (1, 6), (2, 0)]) == OLDEST_FIRST
    assert observed_sort([(1, 0), (3, 0), (2, 0)]) == "unsorted"
    assert observed_sort([(1, 0)]) is None


_MODULE = ("import sys; sys.path[:0] = %r\n"
           "from ansible_collections.yeastar.partner.plugins.module_utils._run import current_run\n"
           "print(current_run())\n")
# Stands for ansible-playbook: forks a worker, and the worker starts the module in a process of its own.
_PLAYBOOK = ("import os, subprocess, sys\n"
             "pid = os.fork()\n"
             "if pid == 0:\n"
             "    out = subprocess.run([sys.argv[1], '-c', sys.argv[2]], capture_output=True, text=True).stdout\n"
             "    print(os.getppid(), out.strip()); sys.stdout.flush(); os._exit(0)\n"
             "os.waitpid(pid, 0)\n")


def test_the_run_is_the_ansible_process(monkeypatch):
    monkeypatch.setenv("YEASTAR_RUN_ID", "job-42")
    assert current_run() == "env:job-42"
    monkeypatch.delenv("YEASTAR_RUN_ID")
    if not os.path.exists("/proc/self/stat"):
        pytest.skip("needs /proc")
    assert current_run() is None  # pytest is not an Ansible run
    runs = []
    for dummy in range(2):
        proc = subprocess.run(["bash", "-c", 'exec -a ansible-playbook "$0" -c "$1" "$0" "$2"', sys.executable, _PLAYBOOK,
                               _MODULE % sys.path], capture_output=True, text=True, check=True)
        main_pid, run = proc.stdout.split()
        assert run.startswith("%s:%s:" % (socket.gethostname(), main_pid)), proc.stdout  # runs of other hosts differ
        runs.append(run)
    assert runs[0] != runs[1]


def test_a_cache_folder_others_may_write_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(str(shared), 0o777)
    with pytest.raises(CacheError) as err:
        AccountCache(str(shared), "https://example.invalid", client_id="x")
    assert "can be written by other users" in str(err.value)


# ---------------------------------------------------------------------------------------------- the index and the journal
#
# The ledger is kept as two documents of its store (plugins/module_utils/_ledger.py, "how the ledger is kept"): the
# index, written after a whole read and on compaction, and the journal of what changed since. These tests run for both
# stores, with a list served from memory (histories of 20,000 orders are read in a moment).


class OrderList:
    """A client whose order list is served from memory, newest first; :meth:`place` puts an order on top."""

    def __init__(self, count):
        self.rows = [self.row(n) for n in range(count, 0, -1)]
        self.pages = 0
        self.miscount = 0  # how many orders more than it shows the list counts

    @staticmethod
    def row(n, reference=None, status="succeed"):
        return {"id": str(n), "orderNo": "RV%07d" % n, "orderStatus": status, "createTime": 1700000000000 + n,
                "customReferenceNo": reference if reference is not None else ("OLD-%d" % n if n % 2 else "")}

    def place(self, reference):
        row = self.row(len(self.rows) + 1, reference, status="pending")
        self.rows.insert(0, row)
        return {"orderId": row["id"], "orderNo": row["orderNo"], "orderStatus": "pending"}

    def get(self, path, params=None):
        assert path == ORDER_PAGE_PATH
        self.pages += 1
        size, start = params["pageSize"], (params["pageNo"] - 1) * params["pageSize"]
        return {"results": self.rows[start:start + size], "total": len(self.rows) + self.miscount,
                "totalPage": (len(self.rows) + size - 1) // size}


class Watched(LedgerStore):
    """A store that counts what the ledger asks of it: the documents loaded, and the bytes each save receives."""

    def __init__(self, store):
        self.store = store
        self.where = store.where
        self.loads = []
        self.saves = []  # (part, bytes, durable)
        self.fail_on = None  # a part whose save raises (a crash before it is written)

    def lock(self, kind, key, what):
        return self.store.lock(kind, key, what)

    def index_lock(self):
        return self.store.index_lock()

    def version(self, part=INDEX):
        return self.store.version(part)

    def versions(self):
        return self.store.versions()

    def load(self, part=INDEX):
        self.loads.append(part)
        return self.store.load(part)

    def save(self, doc, durable=False, part=INDEX):
        if part == self.fail_on:
            raise StoreError("the machine went down before the %s was written" % part)
        self.saves.append((part, len(json.dumps(doc, separators=(",", ":"))), durable))
        return self.store.save(doc, durable=durable, part=part)

    def written(self, part=None):
        return [size for what, size, dummy in self.saves if part in (None, what)]


def _file_store(where, read_only=False):  # pylint: disable=unused-argument
    return FileStore(AccountCache(str(where / "cache"), "https://api.example.com", client_id="ledger"))


def _postgres_store(where, read_only=False):
    """The session's PostgreSQL server (tests/unit/conftest.py), an account of its own per test."""
    ledger, problem = check_ledger_url(os.environ["YEASTAR_TEST_LEDGER_URL"])
    assert problem is None, problem
    return PgStore(ledger, hashlib.sha256(str(where).encode()).hexdigest()[:20], read_only=read_only)


@pytest.fixture(params=["file", "postgres"])
def make_store(request, tmp_path):
    """``make_store(read_only=False)``: a handle on this test's store (two calls: two processes, or controllers)."""
    factory = {"file": _file_store, "postgres": _postgres_store}[request.param]

    def make(read_only=False):
        return Watched(factory(tmp_path, read_only))
    make.name = request.param
    return make


def ledger_over(orders, store, run="run-1", read_only=False):
    return OrderLedger(orders, store, run=run, recheck_delay=0.0, sleep=lambda seconds: None, read_only=read_only)


def contents_for(key):
    return {"operationType": "purchase_plan", "productId": 14, "poNumber": key,
            "lines": {"plan:3048941892189077504": {"serviceType": "plan", "quantity": 10, "billingCycle": "annually"}},
            "summary": {"orderNo": "RV-" + key, "orderStatus": "pending"}}


def question(reason="timeout"):
    return {"at": "2026-12-01 10:00:00 UTC", "requestId": None, "reason": reason}


def without_generation(index):
    return dict((name, value) for name, value in index.items() if name != "generation")


def test_after_a_whole_read_a_change_writes_the_journal_and_leaves_the_index(make_store):
    orders = OrderList(250)
    store = make_store()
    ledger = ledger_over(orders, store)
    ledger.sync()
    index_version, dummy = store.versions()
    index = store.load(INDEX)
    assert index["version"] == LEDGER_VERSION and index["generation"] and len(index["orders"]) == 250
    assert store.load(JOURNAL) == {"version": LEDGER_VERSION, "generation": index["generation"], "orders": {},
                                   "contents": {}, "unknown": {}, "top": {}}
    ledger.set_question("PO-J-1", question())
    placed = orders.place("PO-J-1")
    ident = ledger.record_order(placed, "PO-J-1", contents_for("PO-J-1"))
    ledger.remember_contents("250", contents_for("OLD-250"))
    ledger.set_question("PO-J-2", question("a dropped connection"))
    assert store.versions()[0] == index_version, "the index is untouched"
    journal = store.load(JOURNAL)
    assert journal["generation"] == index["generation"]
    assert journal["orders"] == {ident: ledger.doc["orders"][ident]} and journal["orders"][ident][:3] == \
        [placed["orderNo"], "PO-J-1", "pending"]
    assert journal["contents"] == {ident: contents_for("PO-J-1"), "250": contents_for("OLD-250")}
    assert journal["unknown"] == {"PO-J-1": None, "PO-J-2": question("a dropped connection")}  # None: closed
    # Another process (another controller, with the shared store) sees every change.
    other = ledger_over(orders, make_store())
    other.sync()
    assert [o["orderNo"] for o in other.orders_for(["PO-J-1"])] == [placed["orderNo"]]
    assert other.contents("250") == contents_for("OLD-250") and other.contents(ident) == contents_for("PO-J-1")
    assert other.open_question("PO-J-1") is None and other.open_question("PO-J-2") == question("a dropped connection")
    assert other.doc == stored_ledger(make_store())  # with the order listed now, which other's read wrote
    ledger.sync()
    assert ledger.doc == other.doc and store.versions()[0] == index_version


def test_the_journal_names_every_kind_of_change(make_store):
    orders = OrderList(120)
    store = make_store()
    ledger = ledger_over(orders, store)
    ledger.sync()
    index_version = store.versions()[0]
    # An order placed here under its order number, listed later under its id: moved, with its contents.
    placed = orders.place("PO-MOVED")
    ledger.record_order({"orderNo": placed["orderNo"], "orderStatus": "pending"}, "PO-MOVED", contents_for("PO-MOVED"))
    assert placed["orderNo"] in store.load(JOURNAL)["orders"]
    ledger.set_status("7", "refunded")  # kept with the next save
    ledger.sync()
    journal = store.load(JOURNAL)
    assert journal["orders"][placed["orderNo"]] is None and journal["contents"][placed["orderNo"]] is None
    assert journal["orders"][placed["orderId"]][_LISTED] == 1
    assert journal["contents"][placed["orderId"]] == contents_for("PO-MOVED")
    assert journal["orders"]["7"][2] == "refunded"
    # The next run: its start in the runs, a top member.
    next_run = ledger_over(orders, make_store(), run="run-2")
    next_run.sync()
    assert next_run.stats["full_reads"] == 0 and store.versions()[0] == index_version
    assert set(store.load(JOURNAL)["top"]["runs"]) == {"run-1", "run-2"}
    assert stored_ledger(make_store()) == next_run.doc
    assert [o["id"] for o in next_run.orders_for(["PO-MOVED"])] == [placed["orderId"]]


def test_a_process_whose_store_changed_only_in_the_journal_reads_the_journal_alone(make_store):
    orders = OrderList(300)
    first_store, second_store = make_store(), make_store()
    first, second = ledger_over(orders, first_store), ledger_over(orders, second_store)
    first.sync()
    second.sync()
    assert second.stats["full_reads"] == 0
    for n in range(3):
        second_store.loads[:] = []
        key = "PO-TURN-%d" % n
        ident = first.record_order(orders.place(key), key, contents_for(key))
        second.set_question("PO-OTHER-%d" % n, question())  # reads what first wrote, then writes
        assert second_store.loads == [JOURNAL], "the index it holds is the store's"
        assert [o["id"] for o in second.orders_for([key])] == [ident]
        first_store.loads[:] = []
        first.remember_contents(ident, dict(contents_for(key), customer="someone@example.com"))
        assert first_store.loads == [JOURNAL] and first.open_question("PO-OTHER-%d" % n) == question()
    assert first.doc == stored_ledger(make_store())
    second.set_question("PO-LAST", question())
    assert second.doc == stored_ledger(make_store()) and second.doc["contents"] == first.doc["contents"]
    assert first.stats["index_writes"] == 1 and second.stats["index_writes"] == 0


def test_what_changed_here_unsaved_is_dropped_when_another_process_wrote(make_store):
    """As before the journal: a status read here (set_status) is kept with this process's next save, unless another
    process wrote the ledger first; then the ledger is what the store holds."""
    orders = OrderList(100)
    store = make_store()
    here, there = ledger_over(orders, store), ledger_over(orders, make_store())
    here.sync()
    there.sync()
    here.set_status("9", "cancelled")
    here.set_status("10", "cancelled")
    there.set_status("10", "refunded")
    there.set_question("PO-THERE", question())  # saves its own status of 10
    here.set_question("PO-HERE", question())
    stored = stored_ledger(make_store())
    assert here.doc == stored
    assert stored["orders"]["9"][2] == "succeed" and stored["orders"]["10"][2] == "refunded"
    here.set_status("9", "cancelled")
    here.set_question("PO-HERE-2", question())  # nobody wrote in between: the status goes with it
    assert stored_ledger(make_store())["orders"]["9"][2] == "cancelled"


def test_the_journal_is_compacted_past_the_threshold(make_store):
    orders = OrderList(300)  # 10% of the index is 30 entries, less than COMPACT_ENTRIES: the threshold is 1000
    store = make_store()
    ledger = ledger_over(orders, store)
    ledger.sync()
    first = store.load(INDEX)
    index_version = store.versions()[0]
    for n in range(COMPACT_ENTRIES):
        ledger.remember_contents("c-%d" % n, {"n": n})
    assert store.versions()[0] == index_version and len(store.load(JOURNAL)["contents"]) == COMPACT_ENTRIES
    before = stored_ledger(make_store())
    ledger.remember_contents("c-last", {"n": "last"})  # entry 1001
    index = store.load(INDEX)
    assert store.versions()[0] != index_version and index["generation"] != first["generation"]
    assert store.load(JOURNAL) == {"version": LEDGER_VERSION, "generation": index["generation"], "orders": {},
                                   "contents": {}, "unknown": {}, "top": {}}
    before["contents"]["c-last"] = {"n": "last"}
    assert without_generation(index) == before == ledger.doc == stored_ledger(make_store())
    assert ledger.stats["index_writes"] == 2


def test_the_threshold_is_a_share_of_a_large_index(monkeypatch, tmp_path):
    orders = OrderList(2000)
    store = Watched(_file_store(tmp_path))
    ledger = ledger_over(orders, store)
    ledger.sync()
    monkeypatch.setattr(_ledger, "COMPACT_ENTRIES", 10)
    for n in range(200):  # 10% of 2000
        ledger.set_question("PO-Q-%d" % n, question())
    assert ledger.stats["index_writes"] == 1 and len(store.load(JOURNAL)["unknown"]) == 200
    ledger.set_question("PO-Q-200", question())
    assert ledger.stats["index_writes"] == 2 and store.load(JOURNAL)["unknown"] == {}
    assert len(store.load(INDEX)["unknown"]) == 201


def test_a_journal_of_another_generation_is_ignored(make_store):
    orders = OrderList(50)
    store = make_store()
    ledger = ledger_over(orders, store)
    ledger.sync()
    ledger.set_question("PO-KEPT", question())
    index = store.load(INDEX)
    stale = {"version": LEDGER_VERSION, "generation": "an-older-index", "orders": {"50": None},
             "contents": {"1": {"n": 1}}, "unknown": {"PO-KEPT": None, "PO-STALE": question()}, "top": {"sort": "oldest_first"}}
    store.save(stale, part=JOURNAL)
    fresh = stored_ledger(make_store())
    assert fresh == without_generation(index)
    assert "PO-STALE" not in fresh["unknown"] and "PO-KEPT" not in fresh["unknown"], "the index alone (it was written first)"
    assert "50" in fresh["orders"] and fresh["sort"] == NEWEST_FIRST and "1" not in fresh["contents"]
    other = ledger_over(orders, make_store())
    other.sync()
    assert other.open_question("PO-STALE") is None and other.stats["full_reads"] == 0


def test_a_crash_between_the_new_index_and_the_empty_journal(make_store, monkeypatch):
    orders = OrderList(100)
    store = make_store()
    ledger = ledger_over(orders, store)
    ledger.sync()
    ledger.set_question("PO-OPEN", question())
    ledger.record_order(orders.place("PO-DONE"), "PO-DONE", contents_for("PO-DONE"))
    old_journal = store.load(JOURNAL)
    assert old_journal["unknown"] and old_journal["orders"]
    monkeypatch.setattr(_ledger, "COMPACT_ENTRIES", 0)
    monkeypatch.setattr(_ledger, "COMPACT_SHARE", 0.0)
    store.fail_on = JOURNAL  # the new index is written, and the machine goes down before the journal is reset
    with pytest.raises(StoreError):
        ledger.set_question("PO-OPEN", None)
    assert store.load(JOURNAL) == old_journal, "the old journal is left"
    index = store.load(INDEX)
    assert index["generation"] != old_journal["generation"]
    fresh = stored_ledger(make_store())
    assert fresh == without_generation(index) == ledger.doc
    assert "PO-OPEN" not in fresh["unknown"], "the old journal's question is not put back"
    assert [entry[1] for entry in fresh["orders"].values()].count("PO-DONE") == 1
    # The next process carries on from there, journalling against the new index.
    store.fail_on = None
    monkeypatch.undo()
    other = ledger_over(orders, make_store())
    other.sync()
    other.set_question("PO-LATER", question())
    assert store.load(JOURNAL)["generation"] == index["generation"]
    assert stored_ledger(make_store()) == other.doc and other.open_question("PO-OPEN") is None


def test_a_version_1_ledger_is_read_and_its_questions_survive(make_store):
    orders = OrderList(250)
    old_rows = dict((row["id"], [row["orderNo"], row["customReferenceNo"], "succeed", float(row["createTime"]), None, 1])
                    for row in orders.rows)
    old_rows["999"] = ["RV-LOCAL", "PO-LOCAL", "pending", 1800000000000.0, 1.0, 0]  # placed here, not listed yet
    v1 = {"version": 1, "orders": old_rows, "contents": {"999": contents_for("PO-LOCAL")},
          "unknown": {"PO-V1": question("written by the release before")}, "sort": NEWEST_FIRST, "runs": {},
          "readAt": 1.0, "readSeconds": 0.1, "total": 250, "perPage": 100}
    store = make_store()
    store.save(v1, durable=True)
    store.save({"version": LEDGER_VERSION, "generation": "left-by-a-downgrade", "orders": {},
                "unknown": {"PO-V1": None}}, part=JOURNAL)
    view = stored_ledger(make_store())
    assert view == dict(v1, version=LEDGER_VERSION)
    ledger = ledger_over(orders, store)
    ledger.sync()
    assert ledger.stats["full_reads"] == 0 and orders.pages == 1, "the index is used, not thrown away"
    assert ledger.open_question("PO-V1") == question("written by the release before")
    assert [o["orderNo"] for o in ledger.orders_for(["PO-LOCAL"])] == ["RV-LOCAL"]
    # Its first write (the sync's: the new run) is an index of version 2, which keeps the question: a journal for a
    # version-1 index would be missed by the release before.
    index = store.load(INDEX)
    assert index["version"] == LEDGER_VERSION and index["generation"] and ledger.stats["index_writes"] == 1
    assert index["unknown"] == {"PO-V1": question("written by the release before")} and "999" in index["orders"]
    assert store.load(JOURNAL)["generation"] == index["generation"]
    ledger.set_question("PO-NEW", question())
    assert store.load(JOURNAL)["unknown"] == {"PO-NEW": question()} and ledger.stats["index_writes"] == 1
    assert stored_ledger(make_store()) == ledger.doc
    assert sorted(ledger.doc["unknown"]) == ["PO-NEW", "PO-V1"]


def test_check_mode_writes_nothing(make_store, tmp_path):
    orders = OrderList(150)
    store = make_store(read_only=True)
    ledger = ledger_over(orders, store, read_only=True)
    ledger.sync()
    ledger.set_question("PO-CHECK", question())
    ledger.record_order(orders.place("PO-CHECK"), "PO-CHECK", contents_for("PO-CHECK"))
    ledger.remember_contents("3", contents_for("OLD-3"))
    ledger.set_status("5", "cancelled")
    assert ledger.look_for("PO-CHECK")
    assert store.saves == [] and store.versions() == (None, None)
    if make_store.name == "file":
        assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []  # no document, no lock file
    # Over a ledger that exists: it is read, and left as it is.
    writer = ledger_over(orders, make_store())
    writer.sync()
    before = make_store().versions()
    preview = ledger_over(orders, make_store(read_only=True), run="run-2", read_only=True)
    preview.sync()
    preview.set_question("PO-CHECK-3", question())
    preview.record_order(orders.place("PO-CHECK-2"), "PO-CHECK-2", contents_for("PO-CHECK-2"))
    assert preview.open_question("PO-CHECK-3") == question() and preview.orders_for(["PO-CHECK-2"])
    assert make_store().versions() == before and stored_ledger(make_store()) == writer.doc


def test_an_order_record_writes_a_few_kilobytes_whatever_the_history(tmp_path):
    """The measurement: what the store's save receives per change, with an index of 20,000 orders (about 1.4 MB),
    counted in bytes, not seconds. A batch's journal grows by its orders (each a few hundred bytes), not by the
    history."""
    orders = OrderList(20000)
    store = Watched(_file_store(tmp_path))
    ledger = ledger_over(orders, store)
    ledger.expected_lookups = 200
    ledger.sync()
    assert store.written(INDEX)[0] > 1000000
    store.saves[:] = []
    ledger.set_question("PO-M-0", question())
    ledger.record_order(orders.place("PO-M-0"), "PO-M-0", contents_for("PO-M-0"))
    ledger.look_for("PO-M-0")
    assert [(part, durable) for part, dummy, durable in store.saves] == [(JOURNAL, True), (JOURNAL, True), (JOURNAL, False)]
    assert max(store.written()) < 2048, store.saves
    for n in range(1, 20):
        key = "PO-M-%d" % n
        with ledger.key_lock(key):
            ledger.sync(reuse=1.0)
            ledger.set_question(key, question())
            ledger.record_order(orders.place(key), key, contents_for(key))
            ledger.look_for(key)
    assert store.written(INDEX) == [] and len(store.written()) == 60
    assert all(size < 1024 * (n // 3 + 2) for n, size in enumerate(store.written())), store.written()
    assert stored_ledger(store) == ledger.doc


def test_a_read_of_the_list_that_fails_half_way_leaves_nothing_to_reuse(tmp_path):
    orders = OrderList(450)
    store = Watched(_file_store(tmp_path))
    ledger = ledger_over(orders, store)
    ledger.sync()
    ledger.record_order(orders.place("PO-HERE"), "PO-HERE", contents_for("PO-HERE"))
    orders.miscount = 5  # the list counts orders it never shows: no read adds up
    good = stored_ledger(store)
    with pytest.raises(PartnerAPIError):
        ledger.sync()  # the whole read does not add up either
    assert ledger.doc is None, "the half-read index is dropped"
    assert stored_ledger(store) == good, "and never written"
    with pytest.raises(PartnerAPIError):
        ledger.sync(reuse=60.0)  # not taken for a read of the list
    assert ledger.stats["reused"] == 0


def test_an_old_ledger_of_the_credentials_is_adopted_with_its_journal(tmp_path):
    credentials = AccountCache(str(tmp_path / "cache"), "https://api.example.com", client_id="old")
    orders = OrderList(40)
    old = ledger_over(orders, FileStore(credentials))
    old.sync()
    old.set_question("PO-HELD", question())  # in the journal only
    account = AccountCache(str(tmp_path / "cache"), "https://api.example.com", _key="account")
    store, dummy = file_store(credentials, None)  # a token that names nobody: the credentials' own store
    assert store.cache is credentials
    mine = FileStore(account)
    with mine.index_lock():
        adopt_old_ledger(mine, credentials)
    adopted = ledger_over(orders, mine)
    adopted.sync()
    assert adopted.open_question("PO-HELD") == question() and adopted.stats["full_reads"] == 0
    assert adopted.doc == old.doc


# ---------------------------------------------------------------------------------------------- the lookups
#
# The questions of every decision (orders_for, orders_with_prefix, the listed count, the orders placed here that the list
# does not show yet) are answered from lookups kept beside the index (_Lookups), never by reading the whole index. These
# tests hold them to what reading the whole index gives, and count what a question reads.


def brute_orders_for(ledger, keys):
    """orders_for as it was, over every entry of ledger.doc."""
    found = []
    contents = ledger.doc.get("contents", {})
    for ident, entry in ledger.doc["orders"].items():
        sent = (contents.get(ident) or {}).get("poNumber")
        if (entry[1] and entry[1] in keys) or (sent and sent in keys):
            found.append({"id": ident, "orderNo": entry[0], "orderStatus": entry[2], "customReferenceNo": entry[1],
                          "createTime": entry[3], "sentAs": sent, "listed": bool(entry[_LISTED]),
                          "fresh": ident in ledger.fresh or ledger._is_fresh(entry[4])})  # pylint: disable=protected-access
    found.sort(key=lambda o: (o["createTime"] or 0, o["id"]), reverse=True)
    return found


def brute_keys(doc):
    """Every purchase order number the orders of doc are found by."""
    contents = doc.get("contents", {})
    keys = set()
    for ident, entry in doc["orders"].items():
        keys.update(key for key in (entry[1], (contents.get(ident) or {}).get("poNumber")) if key)
    return keys


def brute_orders_with_prefix(ledger, prefix):
    keys = set(key for key in brute_keys(ledger.doc) if key.startswith(prefix))
    return brute_orders_for(ledger, keys) if keys else []


def brute_listed(doc):
    return sum(1 for entry in doc["orders"].values() if entry[_LISTED])


def brute_local_by_no(doc):
    return dict((entry[0], ident) for ident, entry in doc["orders"].items() if not entry[_LISTED] and entry[0])


def check_view(ledger, rng, seen):
    """The answers of ``ledger`` (one process's view) against reading its whole doc, and its lookups against lookups made
    afresh from it."""
    doc = ledger.doc
    if doc is None:
        return
    made = _Lookups(doc)
    one_by_one = _Lookups({"orders": {}})  # the same, entry by entry as the changes keep them
    one_by_one.doc, one_by_one.orders, one_by_one.contents = doc, doc["orders"], doc.get("contents")
    for ident in doc["orders"]:
        one_by_one.update(ident)
    kept = ledger._lookups_of_doc  # pylint: disable=protected-access
    for other in (one_by_one, kept) if kept is not None and kept.holds(doc) else (one_by_one,):
        assert (other.by_key, other.keys_of, other.unlisted, other.by_no) == (made.by_key, made.keys_of, made.unlisted, made.by_no)
        if other.sorted_keys is not None:
            assert other.sorted_keys == sorted(made.by_key)
    keys = brute_keys(doc)
    seen.update(keys)
    probes = rng.sample(sorted(seen), min(25, len(seen))) + ["PO-NONE", ""]
    for key in probes:
        assert ledger.orders_for([key]) == brute_orders_for(ledger, [key]), key
    for dummy in range(3):
        pair = rng.sample(sorted(seen), min(2, len(seen))) + ["PO-NONE"]
        assert ledger.orders_for(pair) == brute_orders_for(ledger, pair), pair
    prefixes = ["", "PO-", "PO-P-1", "PO-S-", "OLD-1", "OLD-", "SENT-", "Z"]
    prefixes += [key[:rng.randint(1, len(key))] for key in rng.sample(sorted(keys), min(4, len(keys)))]
    for prefix in prefixes:
        assert ledger.orders_with_prefix(prefix) == brute_orders_with_prefix(ledger, prefix), prefix
    lookups = ledger._lookups()  # pylint: disable=protected-access
    assert lookups.listed() == brute_listed(doc)
    assert lookups.local_by_no() == brute_local_by_no(doc)


class ShiftingList(OrderList):
    """The order list in memory, newest first, where an order may be placed before the list shows it
    (:meth:`place_hidden`, :meth:`reveal`), and rows may change (status, customReferenceNo)."""

    def __init__(self, count):
        super().__init__(count)
        self.last = count
        self.hidden = []

    def place(self, reference):
        self.last += 1
        row = self.row(self.last, reference, status="pending")
        self.rows.insert(0, row)
        return {"orderId": row["id"], "orderNo": row["orderNo"], "orderStatus": "pending"}

    def place_hidden(self, reference):
        self.last += 1
        row = self.row(self.last, reference, status="pending")
        self.hidden.append(row)
        return {"orderId": row["id"], "orderNo": row["orderNo"], "orderStatus": "pending"}

    def reveal(self):
        self.rows.extend(self.hidden)
        self.hidden = []
        self.rows.sort(key=lambda row: row["createTime"], reverse=True)


def _random_steps(rng, orders, make_store, steps):
    """Drive ``steps`` random changes through three views of one ledger (two processes that write, one in check
    mode), checking every view after each."""
    views = [ledger_over(orders, make_store()), ledger_over(orders, make_store()),
             ledger_over(orders, make_store(read_only=True), read_only=True)]
    views[0].sync()
    seen, runs, placed = set(), [0], []

    def some_key():
        return rng.choice(["PO-P-%d" % rng.randint(0, 30), "PO-S-%d" % rng.randint(0, 5), "OLD-%d" % (2 * rng.randint(0, 40) + 1),
                           "SENT-%d" % rng.randint(0, 10), ""])

    def some_ident(ledger):
        if ledger.doc is None or not ledger.doc["orders"]:
            return "nothing"
        return rng.choice(sorted(ledger.doc["orders"]) + ["c-%d" % rng.randint(0, 5)])

    def new_rows(ledger):
        for dummy in range(rng.randint(1, 4)):
            orders.place(some_key())
        ledger.sync(reuse=rng.choice([0.0, 60.0]))

    def status_in_list(ledger):
        row = rng.choice(orders.rows[:30])
        row["orderStatus"] = rng.choice(["cancelled", "refunded", "succeed", "confirming"])
        ledger.sync()

    def reference_changed(ledger):  # the index and the list disagree: the whole list is read again
        row = rng.choice(orders.rows[:10])
        row["customReferenceNo"] = some_key()
        ledger.sync()

    def set_status(ledger):
        if ledger.doc is not None:
            ledger.set_status(some_ident(ledger), rng.choice(["cancelled", "pending", "succeed"]))

    def placed_here(ledger):
        key = some_key() or "PO-P-0"
        order = orders.place_hidden(key)
        placed.append(order)
        if rng.random() < 0.5:  # under its order number: listed later under its id (re-keyed)
            order = {"orderNo": order["orderNo"], "orderStatus": "pending"}
        contents = contents_for(rng.choice([key, key, "SENT-%d" % rng.randint(0, 10)]))
        ledger.record_order(order, key, contents)

    def recorded_twice(ledger):  # one order under its number and under its id, both not listed yet (or listed)
        order = rng.choice(placed) if placed and rng.random() < 0.3 else orders.place_hidden("PO-S-9")
        placed.append(order)
        twice = [{"orderNo": order["orderNo"]}, order]
        rng.shuffle(twice)
        for each in twice:
            ledger.record_order(each, "PO-S-9", rng.choice([contents_for("PO-S-9"), {"n": 1}]))

    def reveal(ledger):
        orders.reveal()
        ledger.sync()

    def remember(ledger):
        ident = some_ident(ledger)
        contents = rng.choice([contents_for(some_key() or "SENT-0"), {"n": 1}, contents_for("SENT-%d" % rng.randint(0, 10))])
        ledger.remember_contents(ident, contents)

    def question(ledger):
        ledger.set_question("PO-Q-%d" % rng.randint(0, 9), rng.choice([None, {"reason": "timeout"}]))

    def new_run(ledger):  # reads the whole list again, a new index
        runs[0] += 1
        ledger.run = "run-random-%d" % runs[0]
        ledger.expected_lookups = rng.choice([1, 1000])
        ledger.sync()

    def look_for(ledger):
        ledger.look_for(some_key() or "PO-P-1")

    actions = [new_rows, new_rows, status_in_list, reference_changed, set_status, set_status, placed_here, placed_here,
               placed_here, recorded_twice, reveal, reveal, remember, remember, question, question, new_run, look_for]
    for step in range(steps):
        action = rng.choice(actions)
        ledger = rng.choice(views)
        action(ledger)
        for view in views:
            check_view(view, rng, seen)
    return views


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_lookups_answer_as_reading_the_whole_index_would(make_store, monkeypatch, seed):
    """A random sequence of changes (rows listed, statuses, orders placed here and listed under their id later,
    contents, questions, journals of another process, whole reads, compaction), with every view's answers checked
    against its whole doc after each step."""
    monkeypatch.setattr(_ledger, "COMPACT_ENTRIES", 12)  # compaction every few steps
    monkeypatch.setattr(_ledger, "COMPACT_SHARE", 0.0)
    rng = random.Random(seed)
    orders = ShiftingList(150)
    views = _random_steps(rng, orders, make_store, 70)
    assert all(view.stats["index_writes"] + view.stats["journal_writes"] for view in views[:2])
    writers = views[:2]
    assert sum(view.stats["index_writes"] for view in writers) > sum(view.stats["full_reads"] for view in writers) + 1, \
        "compacted"


class CountingOrders(dict):
    """The orders of an index that count how often they are read whole, and how many entries are read one by one."""

    def __init__(self, *args):
        super().__init__(*args)
        self.scans = self.reads = 0

    def __iter__(self):
        self.scans += 1
        return super().__iter__()

    def items(self):
        self.scans += 1
        return super().items()

    def values(self):
        self.scans += 1
        return super().values()

    def keys(self):
        self.scans += 1
        return super().keys()

    def __getitem__(self, key):
        self.reads += 1
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.reads += 1
        return super().get(key, default)

    def __contains__(self, key):
        self.reads += 1
        return super().__contains__(key)


def test_a_decision_reads_entries_by_what_it_asks_not_the_whole_index(tmp_path, monkeypatch):
    """With an index of 20,000 orders: orders_for and orders_with_prefix read about the entries they return, and a
    whole decision of a batch (the read of what is new, the question, the order's record, the look for it) reads none
    of the index whole. Counted, not timed."""
    orders = OrderList(20000)
    store = Watched(_file_store(tmp_path))
    ledger = ledger_over(orders, store)
    ledger.expected_lookups = 200
    ledger.sync()
    assert ledger.orders_for(["OLD-19999"]) and ledger.stats["lookups_built"] == 1
    counting = ledger.doc["orders"] = CountingOrders(ledger.doc["orders"])
    assert ledger.orders_for(["OLD-19999"])  # the lookups are made again for these orders: once
    assert counting.scans == 1 and ledger.stats["lookups_built"] == 2

    def whole(*args):
        raise AssertionError("the whole index was read")
    monkeypatch.setattr(_ledger, "_count_listed", whole)
    monkeypatch.setattr(_ledger, "_local_by_no", whole)
    monkeypatch.setattr(_ledger, "_Lookups", whole)
    counting.scans = counting.reads = 0
    found = ledger.orders_for(["OLD-1", "OLD-3", "OLD-19999", "PO-NONE", ""])
    assert [o["id"] for o in found] == ["19999", "3", "1"]
    assert counting.scans == 0 and counting.reads <= 2 * len(found), counting.reads
    counting.reads = 0
    assert [o["id"] for o in ledger.orders_with_prefix("OLD-1999")] == ["19999", "19997", "19995", "19993", "19991", "1999"]
    assert counting.scans == 0 and counting.reads <= 12, counting.reads
    for n in range(5):
        key = "PO-COUNT-%d" % n
        counting.reads = 0
        with ledger.key_lock(key):
            ledger.sync(reuse=1.0 if n % 2 else 0.0)
            assert ledger.orders_for([key, "ansible-" + key]) == []
            ledger.set_question(key, question())
            ident = ledger.record_order(orders.place(key), key, contents_for(key))
            assert [o["id"] for o in ledger.look_for(key)] == [ident]
            ledger.set_status(ident, "succeed")
        # One page of the list (100 rows) read against the index, twice, and the entries of this order.
        assert counting.scans == 0 and counting.reads < 3 * ledger.page_size, counting.reads
    assert ledger.doc["orders"] is counting and ledger.stats["lookups_built"] == 2
    assert ledger.stats["full_reads"] == 1 and ledger.stats["index_writes"] == 1


def test_the_lookups_are_made_once_per_load_and_kept_through_another_process_s_journal(make_store):
    orders = ShiftingList(300)
    here, there = ledger_over(orders, make_store()), ledger_over(orders, make_store())
    here.sync()
    there.sync()
    assert here.orders_for(["OLD-1"]) and here.stats["lookups_built"] == 1
    # Another process writes the journal: this one applies it to what it holds, and keeps its lookups up to date.
    placed = orders.place_hidden("PO-THERE")
    there.record_order({"orderNo": placed["orderNo"]}, "PO-THERE", contents_for("PO-THERE"))
    there.remember_contents("1", contents_for("SENT-1"))
    here.set_question("PO-HERE", question())
    assert [o["id"] for o in here.orders_for(["PO-THERE"])] == [placed["orderNo"]]
    assert [o["id"] for o in here.orders_for(["SENT-1"])] == [o["id"] for o in here.orders_for(["OLD-1"])] == ["1"]
    assert here.orders_with_prefix("SENT-") == here.orders_for(["SENT-1"])
    assert here.stats["lookups_built"] == 1
    # The list shows it under its id now: here re-keys it, there reads the journal and follows.
    orders.reveal()
    here.sync()
    assert [o["id"] for o in here.orders_for(["PO-THERE"])] == [placed["orderId"]]
    there.set_question("PO-THERE-2", question())
    assert [(o["id"], o["listed"]) for o in there.orders_for(["PO-THERE"])] == [(placed["orderId"], True)]
    assert there.orders_with_prefix("PO-THERE") == there.orders_for(["PO-THERE"]) == brute_orders_for(there, ["PO-THERE"])
    assert here.stats["lookups_built"] == 1 and there.stats["lookups_built"] == 1
    # A new index (another run's whole read) is read whole: the lookups are made again, once.
    third = ledger_over(orders, make_store(), run="run-2")
    third.expected_lookups = 1000
    third.sync()
    assert third.stats["full_reads"] == 1
    here.sync()
    assert here.orders_for(["PO-THERE"]) == brute_orders_for(here, ["PO-THERE"])
    assert here.orders_for(["OLD-3"]) and here.stats["lookups_built"] == 2
