# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: --lazy-save (for make bench) saves what API requests change at most once a second and on exit, instead of
before each answer; without it an order POST is in the state file before it is answered."""

import json
import os
import time

from yeastar_sim import catalog, state as state_module, tokens
from yeastar_sim.api import Api
from yeastar_sim.control import SimulatorProcess
from yeastar_sim.state import State

SAVE = "/order/openapi/order/v1/save"
PAGE = "/order/openapi/order/v1/page"

with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seed_order_request.json"), encoding="utf-8") as _seed:
    SEED_BODY = json.load(_seed)


def _stored_po_numbers(path):
    with open(path, encoding="utf-8") as handle:
        return [order["customReferenceNo"] for order in json.load(handle)["orders"]]


def _order(api, token, po_number):
    headers = {"User-Agent": "OpenAPI", "Authorization": "Bearer " + token, "Content-Type": "application/json"}
    status, answer = api.handle("POST", SAVE, {}, headers, json.dumps(dict(SEED_BODY, poNumber=po_number)).encode("utf-8"))
    assert status == 200, answer
    return answer["result"]


def _in_process(tmp_path, lazy_save):
    state = State(str(tmp_path / "state.json"), str(tmp_path / "state.log.jsonl"), lazy_save=lazy_save)
    api = Api(state, catalog.DEFAULT_CLIENT_ID, catalog.DEFAULT_CLIENT_SECRET)
    return state, api, tokens.issue_pair(state, catalog.DEFAULT_CLIENT_ID)["token"]


def test_without_lazy_save_an_order_is_saved_before_its_answer(tmp_path, monkeypatch):
    monkeypatch.setattr(state_module, "LAZY_SAVE_SECONDS", 3600.0)
    state, api, token = _in_process(tmp_path, lazy_save=False)
    assert state.lazy_save is False
    _order(api, token, "PO-AT-ONCE")
    assert "PO-AT-ONCE" in _stored_po_numbers(state.path)


def test_lazy_save_coalesces_commits_until_the_timer_or_a_save(tmp_path, monkeypatch):
    # A second save within LAZY_SAVE_SECONDS of the last one waits for the timer; an hour here, so nothing is written
    # by the timer while the test looks.
    monkeypatch.setattr(state_module, "LAZY_SAVE_SECONDS", 3600.0)
    state, api, token = _in_process(tmp_path, lazy_save=True)
    state.save()
    saved = os.stat(state.path).st_mtime_ns
    for number in range(5):
        _order(api, token, "PO-LAZY-%d" % number)
    assert os.stat(state.path).st_mtime_ns == saved
    assert not any(po.startswith("PO-LAZY-") for po in _stored_po_numbers(state.path))
    assert sum(1 for order in state.data["orders"] if order["customReferenceNo"].startswith("PO-LAZY-")) == 5
    # What the timer (or the save at exit) does: one save writes every order since.
    state._flush()  # pylint: disable=protected-access
    assert ["PO-LAZY-%d" % n for n in range(5)] == [po for po in _stored_po_numbers(state.path) if po.startswith("PO-LAZY-")]


def test_lazy_save_process_saves_within_a_second_and_on_exit(tmp_path):
    sim = SimulatorProcess(tmp_path / "state.json", extra_args=("--lazy-save",))
    sim.start()
    try:
        results = [sim.api("POST", SAVE, json_body=dict(SEED_BODY, poNumber="PO-PROC-%d" % n)).result for n in range(10)]
        assert len({result["orderNo"] for result in results}) == 10
        # The API answers from memory at once.
        page = sim.api("GET", PAGE, params={"pageNo": 1, "pageSize": 25}).result
        assert sum(1 for row in page["results"] if row["customReferenceNo"].startswith("PO-PROC-")) == 10
        deadline = time.time() + 10
        while sum(1 for po in _stored_po_numbers(sim.state_path) if po.startswith("PO-PROC-")) < 10:
            assert time.time() < deadline, "the orders were not saved within 10 s"
            time.sleep(0.1)
        last = sim.api("POST", SAVE, json_body=dict(SEED_BODY, poNumber="PO-PROC-LAST")).result
    finally:
        sim.stop()
    assert "PO-PROC-LAST" in _stored_po_numbers(sim.state_path)  # saved on exit (SIGTERM)
    sim.start()
    try:
        page = sim.api("GET", PAGE, params={"pageNo": 1, "pageSize": 25}).result
        assert page["results"][0]["orderNo"] == last["orderNo"]
    finally:
        sim.stop()
