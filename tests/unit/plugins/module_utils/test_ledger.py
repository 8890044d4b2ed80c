# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The order ledger against the simulator over loopback, with the ways a real service may differ from it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
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
from ansible_collections.yeastar.partner.plugins.module_utils._file_store import FileStore  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._ledger import (  # noqa: E402
    NEWEST_FIRST,
    OLDEST_FIRST,
    OrderLedger,
    observed_sort,
)
from ansible_collections.yeastar.partner.plugins.module_utils._run import current_run  # noqa: E402

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
