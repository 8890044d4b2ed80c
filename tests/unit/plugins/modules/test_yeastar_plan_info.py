# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""yeastar_plan_info in-process against the real simulator over loopback: names and ids, purchase types, the details
variants (asked only for the entries they fit), products, bad input before any request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.yeastar.partner.plugins.modules import yeastar_plan_info as mod

PRICING = "/pricing/openapi/purchase/v1"
ENTERPRISE = "3048941892189077504"
TRIAL = "3048943012345679872"
RECORDING = "3049032352364388352"


@pytest.fixture
def plan_info(simulator_session, run_module):
    """plan_info(**args) -> (failed, result); plan_info.sim is the simulator, its log cleared first."""
    sim = simulator_session
    sim.reset()
    sim.token()  # the token request is not what these tests count

    def _run(**args):
        sim.clear_log()
        full = {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret}
        full.update(args)
        return run_module(mod, full)
    _run.sim = sim
    return _run


def api_calls(sim):
    """The API requests answered since the log was cleared (a request refused with 401 and replayed counts once)."""
    return [entry["path"] for entry in sim.requests() if not entry["path"].startswith("/auth/") and entry["status"] != 401]


def test_products_only_without_a_product(plan_info):
    failed, result = plan_info()
    assert not failed, result["msg"]
    ids = [p["product_id"] for p in result["products"]]
    assert 14 in ids and 15 in ids and all(isinstance(i, int) for i in ids)
    assert result["plans"] == [] and result["services"] == [] and result["product_id"] is None
    assert result["msg"] == "Found %d products." % len(ids) and result["changed"] is False
    assert api_calls(plan_info.sim) == [PRICING + "/product_list"]


def test_plans_and_services_by_name_in_any_case_and_by_id(plan_info):
    failed, result = plan_info(product_id="14", plans=["ENTERPRISE plan"], services=[RECORDING])
    assert not failed, result["msg"]
    assert [p["id"] for p in result["plans"]] == [ENTERPRISE]
    assert [s["name"] for s in result["services"]] == ["Recording Minutes"]
    assert result["product_id"] == 14 and result["offering_id"] == "3048941600000000014"
    assert result["msg"] == "Product 14: 1 plan and 1 service."
    assert api_calls(plan_info.sim) == [PRICING + "/purchase_product_info"]


def test_purchase_type_narrows_the_lists(plan_info):
    failed, result = plan_info(product_id=14, purchase_type="trial")
    assert not failed
    assert [p["id"] for p in result["plans"]] == [TRIAL]


def test_details_are_read_only_for_the_entries_the_variant_fits(plan_info):
    failed, result = plan_info(product_id=14, details="trial")
    assert not failed, result["msg"]
    with_details = [p["id"] for p in result["plans"] if p["details"] is not None]
    assert with_details == [TRIAL]
    assert all(s["details"] is None for s in result["services"])  # no trial services in product 14
    calls = api_calls(plan_info.sim)
    assert calls.count("%s/trial/plan_info/%s" % (PRICING, TRIAL)) == 1 and len(calls) == 2
    failed, result = plan_info(product_id=14, plans=["Enterprise Plan"], services=[], details="purchase")
    assert not failed
    assert result["plans"][0]["details"]["planId"] == ENTERPRISE
    assert result["plans"][0]["details"]["billingCycleList"] == ["annually"]


def test_an_entry_named_for_a_variant_it_does_not_fit_is_refused_before_sending(plan_info):
    failed, result = plan_info(product_id=14, plans=["Enterprise Plan"], details="trial")
    assert failed and "details=trial reads trial entries only, but plans names %s (Enterprise Plan, purchase)" % ENTERPRISE \
        in result["msg"]
    assert "plan_info" not in " ".join(api_calls(plan_info.sim))


@pytest.mark.parametrize("args, message", [
    ({"product_id": 0}, "product_id must be a positive whole number"),
    ({"product_id": "14.0"}, "product_id must be a positive whole number"),
    ({"product_id": True}, "product_id must be a positive whole number"),
    ({"plans": ["Enterprise Plan"]}, "plans only makes sense for one product"),
    ({"product_id": 11}, "product 11 (P-Series Plan for Appliance Edition) needs product_no"),
    ({"product_id": 14, "details": "renew"}, "details=renew needs product_no"),
    ({"product_id": 14, "product_no": " "}, "product_no must not be empty"),
    ({"product_id": 14, "plans": [" "]}, "plans[0] is empty"),
])
def test_bad_input_fails_before_any_request(plan_info, args, message):
    failed, result = plan_info(**args)
    assert failed and message in result["msg"], result["msg"]
    assert api_calls(plan_info.sim) == []


def test_an_unknown_plan_names_the_candidates(plan_info):
    failed, result = plan_info(product_id=14, plans=["Platinum Plan"])
    assert failed
    assert "Product 14: Plan 'Platinum Plan' not found. Known: " in result["msg"]
    assert "%s (Enterprise Plan)" % ENTERPRISE in result["msg"]
