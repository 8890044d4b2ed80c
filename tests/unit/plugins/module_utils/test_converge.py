# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""_converge: the decisions and their purchase order numbers on devices as other services might show them (other
nesting, ids as numbers, fields missing), and the run cache shared by the processes of one run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import multiprocessing

import pytest

from ansible_collections.yeastar.partner.plugins.module_utils._cache import AccountCache
from ansible_collections.yeastar.partner.plugins.module_utils._converge import (
    ConvergeError,
    check_desired,
    choose_device,
    device_state,
    key_of,
    key_prefix,
    plan_actions,
    resolve_desired,
    stale_orders,
)
from ansible_collections.yeastar.partner.plugins.module_utils._lookup import read_catalog
from ansible_collections.yeastar.partner.plugins.module_utils._products import normalise_instance
from ansible_collections.yeastar.partner.plugins.module_utils._run_cache import RunCache

DAY = 86400 * 1000
NOW = 1796256000000  # 2026-12-03
CATALOG = {"planList": [
    {"planId": 1001, "planName": "Standard Plan", "purchaseType": "purchase", "minQuantity": 5, "maxQuantity": 1000},
    {"planId": "1002", "planName": "Enterprise Plan", "purchaseType": "purchase", "minQuantity": 5, "maxQuantity": 1000},
    {"planId": "1003", "name": "Ultimate Plan", "purchaseType": "purchase", "minQuantity": 5, "maxQuantity": 1000},
    {"planId": "1009", "planName": "Enterprise Plan Trial", "purchaseType": "trial"}],
    "serviceList": [
    {"serviceId": "2001", "serviceName": "Extension Expansion", "minQuantity": 1, "maxQuantity": 1000},
    {"serviceId": 2002, "serviceName": "Recording Minutes", "minQuantity": 1000, "maxQuantity": 1000000}]}


def desired(**extra):
    params = {"product_id": 14, "partner_id": "c@example.com", "plan": "Enterprise Plan", "extensions": 50,
              "billing_id": "1", "services": [], "renew_within_days": 0}
    params.update(extra)
    wanted, problems = check_desired(params)
    assert problems == []
    plans, services, dummy = read_catalog(CATALOG)
    assert resolve_desired(wanted, plans, services) == []
    return wanted, plans, services


def decide(raw, **extra):
    wanted, plans, services = desired(**extra)
    return plan_actions(wanted, device_state(normalise_instance(raw)), plans, services, NOW)


FLAT = {"productNo": "SN1", "partnerId": "c@example.com", "planId": "1002", "planName": "Enterprise Plan",
        "quantity": 20, "billingCycle": "annually", "expireTime": NOW + 200 * DAY,
        "serviceList": [{"serviceId": "2002", "serviceName": "Recording Minutes", "quantity": 1000}]}
NESTED = {"sn": "SN1", "owner": {"email": "C@Example.com"},
          "plan": {"id": 1002, "name": "Enterprise Plan", "extensionCount": "20", "billingCycle": "annually",
                   "expireDate": "2027-06-21"},
          "addOns": {"2002": 1000}}
SECONDS = dict(FLAT, expireTime=(NOW + 200 * DAY) // 1000, planId=1002, quantity="20")


@pytest.mark.parametrize("raw", [FLAT, NESTED, SECONDS], ids=["flat", "nested", "seconds-and-numbers"])
def test_one_expansion_whatever_the_shape(raw):
    actions, after, notes = decide(raw, services=[{"name": "recording minutes", "quantity": 3000}])
    assert [a["operation"] for a in actions] == ["purchase_service", "purchase_service"]
    assert actions[0]["items"][0]["quantity"] == 30 and actions[0]["items"][0]["connection_plan_id"] == "1002"
    assert actions[1]["items"][0] == {"type": "service", "id": "2002", "quantity": 2000, "billing_cycle": "annually",
                                      "multi_cycle": 0, "connection_plan_id": "1002"}
    assert after["extensions"] == 50 and after["services"]["2002"] == 3000 and notes == []
    assert actions[0]["po_number"] == key_of("c@example.com", 14, "SN1", "expand", 50)


def test_the_key_names_the_target_and_ignores_the_case_of_the_customer():
    assert key_of("C@Example.com", 14, "SN1", "expand", 50) == key_of("c@example.com", 14, "SN1", "expand", 50)
    assert key_of("c@example.com", 14, "SN1", "expand", 50) != key_of("c@example.com", 14, "SN2", "expand", 50)
    assert key_of("c@example.com", 14, "SN1", "expand", 50).endswith("-ext-50")
    assert len(key_of("c@example.com", 14, "SN1", "expand_service", "3049032352364388352-1000000")) <= 64


def test_a_renewal_is_keyed_by_the_term_it_renews_and_uses_the_count_after_the_expansion():
    raw = dict(FLAT, expireTime=NOW + 10 * DAY)
    actions, after, dummy = decide(raw, renew_within_days=30)
    assert [a["operation"] for a in actions] == ["purchase_service", "renew_plan"]
    renewal = actions[1]
    assert renewal["items"][0]["quantity"] == 50 and renewal["items"][0]["id"] == "1002"
    end = device_state(normalise_instance(raw))["expire_date"].replace("-", "")
    assert renewal["po_number"].endswith("-renew-" + end)
    assert after["expire_time"] == NOW + 10 * DAY + 365 * DAY
    actions, dummy, dummy = decide(raw, renew_within_days=5)
    assert [a["operation"] for a in actions] == ["purchase_service"]


def test_an_ended_term_is_renewed_from_now():
    actions, after, dummy = decide(dict(FLAT, expireTime=NOW - 3 * DAY), extensions=20, renew_within_days=1)
    assert [a["operation"] for a in actions] == ["renew_plan"] and "3 days ago" in actions[0]["reason"]
    assert after["expire_time"] == NOW + 365 * DAY


def test_a_switch_keeps_count_and_cycle_and_comes_first():
    actions, after, dummy = decide(dict(FLAT, billingCycle="monthly"), plan="Ultimate Plan", extensions=30)
    assert [a["operation"] for a in actions] == ["switch_plan", "purchase_service"]
    assert actions[0]["items"][0] == {"type": "plan", "id": "1003", "quantity": 20, "billing_cycle": "monthly",
                                      "multi_cycle": 0}
    assert actions[1]["items"][0]["connection_plan_id"] == "1003"


def test_refusals_name_the_rule():
    with pytest.raises(ConvergeError, match="only be switched to a higher one"):
        decide(FLAT, plan="Standard Plan")
    with pytest.raises(ConvergeError, match="is on a trial"):
        decide(dict(FLAT, trial=True))
    with pytest.raises(ConvergeError, match="below the least"):
        decide(FLAT, services=[{"name": "Recording Minutes", "quantity": 1500}])
    with pytest.raises(ConvergeError, match="longer than the device's monthly term"):
        decide(dict(FLAT, billingCycle="monthly"), renew_within_days=40)


@pytest.mark.parametrize("missing, named", [
    ("quantity", "the extension count"), ("billingCycle", "the billing cycle"), ("planId", None),
])
def test_a_field_the_decision_needs_and_the_answer_lacks_is_named(missing, named):
    raw = dict((k, v) for k, v in FLAT.items() if k != missing)
    if named is None:  # the plan's name still tells the plan
        actions, dummy, dummy = decide(raw)
        assert [a["operation"] for a in actions] == ["purchase_service"]
        return
    with pytest.raises(ConvergeError, match=named):
        decide(raw)


def test_the_term_is_needed_only_to_renew():
    raw = dict((k, v) for k, v in FLAT.items() if k != "expireTime")
    decide(raw)
    with pytest.raises(ConvergeError, match="the end of the term"):
        decide(raw, renew_within_days=30)


def test_more_than_asked_is_left_alone():
    actions, dummy, notes = decide(dict(FLAT, quantity=80), extensions=50)
    assert actions == [] and "more than the 50 asked for" in notes[0]


def test_choosing_the_device():
    rows = (FLAT, dict(FLAT, productNo="SN2"), dict(FLAT, productNo="SN3", partnerId="other@example.com"))
    devices = [normalise_instance(r) for r in rows]
    with pytest.raises(ConvergeError, match="has 2 devices of this product: SN1 .*SN2"):
        choose_device(devices, "c@example.com", None)
    assert choose_device(devices, "C@EXAMPLE.COM", "sn2")["product_no"] == "SN2"
    with pytest.raises(ConvergeError, match="is a device of other@example.com"):
        choose_device(devices, "c@example.com", "SN3")
    assert choose_device(devices, "new@example.com", None) is None
    own = [normalise_instance(dict(FLAT, partnerId="me@partner.example"))]
    assert choose_device(own, None, None, own_id="me@partner.example")["product_no"] == "SN1"


def test_stale_orders_are_live_orders_further_than_the_device_shows():
    state = device_state(normalise_instance(FLAT))
    actions, dummy, dummy = decide(FLAT, extensions=60)
    prefix = key_prefix("c@example.com", 14, "SN1", "expand")
    orders = [{"po_number": prefix + "50", "target": "50"}, {"po_number": prefix + "15", "target": "15"},
              {"po_number": prefix + "60", "target": "60"}]
    assert [o["target"] for o in stale_orders(actions[0], orders, state)] == ["50"]


def _read_in_child(folder, counter, lock, queue):
    cache = AccountCache(folder, "http://127.0.0.1:1", client_id="id")

    def read():
        with lock:
            counter.value += 1
        return {"devices": [1, 2, 3]}
    queue.put(RunCache(cache, "run-1").read("devices:14", read))


def test_the_run_cache_is_read_once_by_many_processes(tmp_path):
    context = multiprocessing.get_context("spawn")
    counter, lock, queue = context.Value("i", 0), context.Lock(), context.Queue()
    children = [context.Process(target=_read_in_child, args=(str(tmp_path), counter, lock, queue)) for dummy in range(12)]
    for child in children:
        child.start()
    values = [queue.get(timeout=30) for dummy in children]
    for child in children:
        child.join(30)
    assert counter.value == 1 and values == [{"devices": [1, 2, 3]}] * 12


def test_the_run_cache_serves_only_its_run_and_check_mode_writes_nothing(tmp_path):
    cache = AccountCache(str(tmp_path), "http://127.0.0.1:1", client_id="id")
    calls = []

    def read():
        calls.append(1)
        return len(calls)
    assert RunCache(cache, "run-1", read_only=True).read("x", read) == 1
    assert not list(tmp_path.rglob("run"))
    assert RunCache(cache, "run-1").read("x", read) == 2
    assert RunCache(cache, "run-1", read_only=True).read("x", read) == 2
    assert RunCache(cache, "run-2").read("x", read) == 3
    assert RunCache(cache, None).read("x", read) == 4
    assert RunCache(cache, "run-2", clock=lambda: 10 ** 12).read("x", read) == 5
