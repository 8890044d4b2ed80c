# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of plugins/filter/input_problems.py against the turnkey_purchase role's own argument spec."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.yeastar.partner.plugins.filter.input_problems import FilterModule, input_problems

SPEC_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "roles", "turnkey_purchase", "meta",
                         "argument_specs.yml")


@pytest.fixture(scope="module")
def spec():
    with open(SPEC_PATH) as handle:
        return yaml.safe_load(handle)["argument_specs"]["main"]["options"]


def good():
    return {"product_id": 14, "partner_id": "buyer@customer.example", "po_number": "", "billing_contact": "b@p.example",
            "plan": "Enterprise Plan", "extensions": 10, "services": [{"name": "Recording Minutes", "quantity": 1000}],
            "retry_unknown_outcome": False, "create_account": False, "account": {}}


def test_only_the_hosts_that_fail_are_returned_with_ansibles_reason(spec):
    bad_number = dict(good(), extensions="ten")
    bad_service = dict(good(), services=[{"name": "Recording Minutes"}])
    missing = dict(good(), billing_contact=None)
    got = input_problems({"a": good(), "b": bad_number, "c": bad_service, "d": missing}, spec, prefix="turnkey_purchase_")
    assert sorted(got) == ["b", "c", "d"]
    assert got["b"].startswith("Validation of arguments failed: ")
    assert "turnkey_purchase_extensions" in got["b"] and "int" in got["b"]
    assert "quantity" in got["c"]
    assert "turnkey_purchase_billing_contact" in got["d"]


def test_common_options_are_checked_with_every_entry_and_an_entrys_own_value_comes_first(spec):
    got = input_problems({"a": good(), "b": dict(good(), wait=True)}, spec, prefix="turnkey_purchase_",
                         common={"wait": "sometimes", "customer_member": None})
    assert sorted(got) == ["a"]
    assert "turnkey_purchase_wait" in got["a"]
    assert input_problems({"a": good()}, spec, prefix="turnkey_purchase_", common={"customer_member": "nobody"})
    assert input_problems({"a": good()}, spec, prefix="turnkey_purchase_", common={"customer_member": "assignId"}) == {}


def test_an_unknown_argument_is_a_problem_and_the_filter_is_registered(spec):
    got = input_problems({"a": dict(good(), colour="blue")}, spec, prefix="turnkey_purchase_")
    assert "turnkey_purchase_colour" in got["a"]
    assert FilterModule().filters()["input_problems"] is input_problems


@pytest.mark.parametrize("inputs, argument_spec, common", [
    ([], {}, None),
    ({"a": "not a dict"}, {}, None),
    ({"a": {}}, [], None),
    ({"a": {}}, {}, ["x"]),
])
def test_malformed_arguments_fail_with_a_clear_error(inputs, argument_spec, common):
    with pytest.raises(AnsibleFilterError, match="yeastar.partner.input_problems"):
        input_problems(inputs, argument_spec, common=common)
