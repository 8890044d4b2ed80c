# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""yeastar_subscription in-process against the real simulator over loopback: each decision, its rerun, check mode,
prices, and the refusals that send nothing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.yeastar.partner.plugins.modules import yeastar_subscription
from ansible_collections.yeastar.partner.tests.unit.module_runner import results, start_module

SAVE = "/order/openapi/order/v1/save"
DETAIL = "/product/openapi/instance_product/v1/detail"
LIST = "/product/openapi/instance_product/v1/client/instance_product_list"
BILLING = "3197218168379846218"
DEVICE = "3076913644890830001"  # seed: color123@yeastar.com, Enterprise Plan, 50 extensions, 5000 recording minutes
COLOR = "color123@yeastar.com"
INITECH = "ops@initech.example"  # no device of product 14
RECORDING = "3049032352364388352"
ULTIMATE = "3048942210566111232"


@pytest.fixture
def converge(order):
    def run(check_mode=False, **args):
        full = {"product_id": 14, "plan": "Enterprise Plan", "billing_id": BILLING}
        full.update(args)
        return order(check_mode=check_mode, module=yeastar_subscription, **full)
    run.sim = order.sim
    return run


def device(sim, product_no=DEVICE):
    return sim.api("GET", DETAIL, params={"productId": 14, "productNo": product_no}).result


def test_a_customer_without_a_device_check_buys_once_then_nothing(converge):
    failed, preview = converge(check_mode=True, partner_id=INITECH, extensions=20,
                               services=[{"name": "Recording Minutes", "quantity": 2000}])
    assert not failed, preview["msg"]
    assert converge.sim.count("POST", SAVE) == 0
    assert preview["changed"] is True and preview["outcome"] == "bought"
    assert [a["operation"] for a in preview["actions"]] == ["purchase_plan"]
    action = preview["actions"][0]
    assert action["status"] == "would order" and action["order"] is None
    assert action["order_request"]["serviceList"][0]["quantity"] == 20
    assert action["order_request"]["serviceList"][1]["connectionPlanId"] == action["order_request"]["serviceList"][0]["serviceId"]
    assert action["price"]["currency"] == "USD" and preview["spend"] == {"USD": action["price"]["amount"]}
    failed, result = converge(partner_id=INITECH, extensions=20, services=[{"name": "Recording Minutes", "quantity": 2000}])
    assert not failed, result["msg"]
    assert converge.sim.count("POST", SAVE) == 1
    assert result["changed"] is True and result["outcome"] == "bought"
    assert [a["operation"] for a in result["actions"]] == ["purchase_plan"]
    assert result["actions"][0]["po_number"] == action["po_number"]
    assert result["before"] is None
    assert result["after"]["extensions"] == 20 and result["after"]["owner"] == INITECH
    assert result["after"]["services"] == [{"id": RECORDING, "name": "Recording Minutes", "quantity": 2000}]
    failed, again = converge(partner_id=INITECH, extensions=20, services=[{"name": "Recording Minutes", "quantity": 2000}])
    assert not failed, again["msg"]
    assert again["changed"] is False and again["actions"] == [] and again["outcome"] == "nothing to do"
    assert converge.sim.count("POST", SAVE) == 1


def test_more_extensions_places_one_expansion_then_nothing(converge):
    failed, result = converge(partner_id=COLOR, extensions=100)
    assert not failed, result["msg"]
    assert converge.sim.count("POST", SAVE) == 1 and result["outcome"] == "expanded"
    action = result["actions"][0]
    assert action["operation"] == "purchase_service" and action["po_number"].endswith("-ext-100")
    line = action["order_request"]["serviceList"][0]
    assert line["quantity"] == 50 and line["connectionPlanId"] == 3048941892189077504
    assert result["before"]["extensions"] == 50 and result["after"]["extensions"] == 100
    assert device(converge.sim)["quantity"] == 100
    failed, again = converge(partner_id=COLOR, extensions=100)
    assert not failed and again["changed"] is False and again["actions"] == []
    assert converge.sim.count("POST", SAVE) == 1


def test_less_than_the_device_has_is_left_alone_and_said_so(converge):
    failed, result = converge(partner_id=COLOR, extensions=10, services=[{"name": "Recording Minutes", "quantity": 1000}])
    assert not failed, result["msg"]
    assert result["changed"] is False and result["actions"] == []
    assert any("more than the 10 asked for" in n for n in result["notes"])
    assert any("Recording Minutes, more than the 1000 asked for" in n for n in result["notes"])
    assert converge.sim.count("POST", SAVE) == 0


def test_a_service_short_of_its_quantity_is_expanded_by_the_difference(converge):
    failed, result = converge(partner_id=COLOR, extensions=50, services=[{"name": "Recording Minutes", "quantity": 10000}])
    assert not failed, result["msg"]
    line = result["actions"][0]["order_request"]["serviceList"][0]
    assert line["serviceId"] == int(RECORDING) and line["quantity"] == 5000
    assert device(converge.sim)["serviceList"] == [{"serviceId": RECORDING, "serviceName": "Recording Minutes", "quantity": 10000}]
    failed, again = converge(partner_id=COLOR, extensions=50, services=[{"name": "Recording Minutes", "quantity": 10000}])
    assert not failed and again["actions"] == [] and converge.sim.count("POST", SAVE) == 1


def test_a_higher_plan_is_switched_to_and_a_lower_one_refused(converge):
    failed, result = converge(partner_id=COLOR, extensions=50, plan="Standard Plan")
    assert failed and converge.sim.count("POST", SAVE) == 0
    assert "only be switched to a higher one" in result["msg"] and result["problems"]
    failed, result = converge(partner_id=COLOR, extensions=50, plan="Ultimate Plan")
    assert not failed, result["msg"]
    assert [a["operation"] for a in result["actions"]] == ["switch_plan"] and result["outcome"] == "switched"
    assert result["actions"][0]["price"]["price"] == "price unknown"
    assert device(converge.sim)["planId"] == ULTIMATE
    failed, again = converge(partner_id=COLOR, extensions=50, plan="Ultimate Plan")
    assert not failed and again["actions"] == [] and converge.sim.count("POST", SAVE) == 1


def test_a_term_ending_within_the_window_is_renewed_once(converge):
    before = device(converge.sim)["expireTime"]
    failed, result = converge(partner_id=COLOR, extensions=50, renew_within_days=365)
    assert not failed, result["msg"]
    assert [a["operation"] for a in result["actions"]] == ["renew_plan"] and result["outcome"] == "renewed"
    assert result["actions"][0]["po_number"].endswith("-renew-" + result["before"]["expire_date"].replace("-", ""))
    assert result["actions"][0]["order_request"]["serviceList"][0]["quantity"] == 50
    assert device(converge.sim)["expireTime"] > before
    failed, again = converge(partner_id=COLOR, extensions=50, renew_within_days=365)
    assert not failed, again["msg"]
    # The new term ends in more than a year, outside the window: nothing more.
    assert again["actions"] == [] and converge.sim.count("POST", SAVE) == 1


def test_switch_expand_and_renew_in_one_run_in_order(converge):
    args = dict(partner_id=COLOR, extensions=80, plan="Ultimate Plan", renew_within_days=365,
                services=[{"name": "Recording Minutes", "quantity": 6000}])
    failed, preview = converge(check_mode=True, **args)
    assert not failed, preview["msg"]
    operations = [a["operation"] for a in preview["actions"]]
    assert operations == ["switch_plan", "purchase_service", "purchase_service", "renew_plan"]
    assert preview["actions"][3]["order_request"]["serviceList"][0]["quantity"] == 80
    assert converge.sim.count("POST", SAVE) == 0
    failed, result = converge(**args)
    assert not failed, result["msg"]
    assert [a["operation"] for a in result["actions"]] == operations
    assert [a["po_number"] for a in result["actions"]] == [a["po_number"] for a in preview["actions"]]
    assert converge.sim.count("POST", SAVE) == 4
    assert result["after"]["extensions"] == 80 and result["after"]["plan_id"] == ULTIMATE
    failed, again = converge(**args)
    assert not failed and again["actions"] == [] and converge.sim.count("POST", SAVE) == 4


@pytest.mark.parametrize("args, expected", [
    ({"extensions": "ten"}, "extensions must be a whole number"),
    ({"extensions": 2.5}, "extensions must be a whole number"),
    ({"extensions": 10, "plan": "Gold Plan"}, "plan 'Gold Plan' not found"),
    ({"extensions": 10, "services": [{"name": "Fax Minutes", "quantity": 10}]}, "services[0] 'Fax Minutes' not found"),
    ({"extensions": 10, "renew_within_days": -1}, "renew_within_days must be between 0 and 365"),
    ({"extensions": 10, "renew_within_days": 400}, "renew_within_days must be between 0 and 365"),
    ({"extensions": 10, "renew_within_days": 40, "billing_cycle": "monthly"}, "longer than a monthly term"),
    ({"extensions": 10, "product_id": 13}, "not a product yeastar_subscription can converge"),
    ({"extensions": 10, "services": [{"name": "Recording Minutes", "quantity": "1e4"}]}, "services[0].quantity must be a whole number"),
])
def test_bad_input_is_refused_before_anything_is_sent(converge, args, expected):
    failed, result = converge(partner_id=INITECH, **args)
    assert failed and expected in result["msg"], result["msg"]
    assert converge.sim.count("POST", SAVE) == 0


def _process_args(sim, tmp_path, cache, **extra):
    args = {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret,
            "cache_dir": str(tmp_path / cache), "product_id": 14, "plan": "Enterprise Plan", "billing_id": BILLING}
    args.update(extra)
    return args


def test_twenty_forks_of_one_run_read_the_device_list_once_and_buy_once(converge, tmp_path, monkeypatch):
    sim = converge.sim
    tenants = sim.bulk_subordinates(20, prefix="fork")
    sim.bulk_instances(tenants[::2], quantity=20)
    monkeypatch.setenv("YEASTAR_RUN_ID", "forks-1")
    sim.clear_log()
    children = [start_module("yeastar_subscription", _process_args(sim, tmp_path, "cache", partner_id=t, extensions=50))
                for t in tenants]
    # One tenant asked for twice at the same moment, by another fork: the same purchase order number, one order.
    children.append(start_module("yeastar_subscription", _process_args(sim, tmp_path, "cache", partner_id=tenants[1],
                                                                       extensions=50)))
    outcomes = results(children)
    assert all(not o.get("failed") for o in outcomes), [o["msg"] for o in outcomes if o.get("failed")]
    assert sim.count("GET", LIST) == 1, "the device list is read once per run, not once per host"
    assert sim.count("POST", SAVE) == 20, "10 expansions and 10 new devices, the doubled host's once"
    # The two processes of tenants[1] race: whichever takes the order lock first buys, the other finds that order
    # (status "already ordered", nothing bought by it).
    doubled = [outcomes[1], outcomes[20]]
    others = [o for i, o in enumerate(outcomes[:20]) if i != 1]
    assert sorted(o["outcome"] for o in others) == ["bought"] * 9 + ["expanded"] * 10
    assert sorted(o["outcome"] for o in doubled) == ["bought", "nothing to do"], doubled
    assert sum(1 for o in doubled if o["changed"]) == 1
    assert [o["actions"][0]["status"] for o in outcomes if o["actions"]].count("already ordered") <= 1


def test_two_controllers_converge_one_customer_at_once_and_buy_once(converge, tmp_path, ledger_database):
    sim = converge.sim
    url = ledger_database()
    children = [start_module("yeastar_subscription", _process_args(sim, tmp_path, cache, partner_id=COLOR,
                                                                   extensions=100, ledger_url=url))
                for cache in ("controller-a", "controller-b", "controller-a", "controller-b")]
    outcomes = results(children)
    assert all(not o.get("failed") for o in outcomes), [o["msg"] for o in outcomes]
    assert sim.count("POST", SAVE) == 1
    assert device(sim)["quantity"] == 100
    assert sum(1 for o in outcomes if o["changed"]) == 1


def test_check_mode_writes_no_state(converge, tmp_path, monkeypatch):
    monkeypatch.setenv("YEASTAR_RUN_ID", "check-1")
    failed, preview = converge(check_mode=True, partner_id=COLOR, extensions=100, renew_within_days=365)
    assert not failed, preview["msg"]
    assert [a["operation"] for a in preview["actions"]] == ["purchase_service", "renew_plan"]
    cache = tmp_path / "cache"
    written = [str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    # The shared access token is a credential cache, not state; the run cache, the ledger and the locks are.
    assert not [p for p in written if not p.split("/")[-1].startswith("token.")], written
    assert converge.sim.count("POST", SAVE) == 0
    assert device(converge.sim)["quantity"] == 50


def test_a_lower_count_after_a_lost_answer_does_not_buy_twice(converge):
    """The first expansion's answer is lost and the list lags: a corrected count finds the live order and stops."""
    converge.sim.configure(list_lag=3600)
    converge.sim.add_fault(method="POST", path=SAVE, drop="after", times=1)
    failed, first = converge(partner_id=COLOR, extensions=100)
    orders = converge.sim.count("POST", SAVE)
    assert orders == 1
    converge.sim.set_instance(DEVICE, quantity=50)  # the product list does not show the expansion yet
    failed, second = converge(partner_id=COLOR, extensions=120)
    assert failed, second["msg"]
    assert converge.sim.count("POST", SAVE) == 1
    assert "could buy twice" in second["msg"] or "unknown" in second["msg"].lower(), second["msg"]


def test_the_device_list_without_extension_counts(converge):
    converge.sim.configure(instance_fields="list_without_quantity")
    failed, result = converge(partner_id=COLOR, extensions=60)
    assert not failed, result["msg"]
    assert result["before"]["extensions"] == 50 and converge.sim.count("POST", SAVE) == 1
    converge.sim.configure(instance_fields="without_quantity")
    failed, result = converge(partner_id=COLOR, extensions=70)
    assert failed and "the extension count" in result["msg"] and converge.sim.count("POST", SAVE) == 1


def test_a_nested_answer_with_numeric_ids_decides_alike(converge):
    converge.sim.configure(instance_fields="nested")
    failed, result = converge(check_mode=True, partner_id=COLOR, extensions=60,
                              services=[{"name": "Recording Minutes", "quantity": 6000}])
    assert not failed, result["msg"]
    assert result["before"]["plan_id"] == "3048941892189077504" and result["before"]["extensions"] == 50
    assert [a["reason"] for a in result["actions"]] == [
        "Device %s has 50 extensions, 60 are asked for: add 10." % DEVICE,
        "Device %s has 5000 Recording Minutes, 6000 are asked for: add 1000." % DEVICE]
