# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every module promises: it is in the action group, and what it returns is what its RETURN documents.

The modules run in-process against the real simulator over loopback.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import os

import pytest
import yaml

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
MODULES_DIR = os.path.join(COLLECTION_ROOT, "plugins", "modules")
# Keys every Ansible module result may carry, documented by Ansible itself.
COMMON_KEYS = {"changed", "failed", "msg", "invocation", "warnings", "deprecations", "diff", "skipped"}
SEED_ITEMS = [{"type": "plan", "id": "3048941892189077504", "quantity": 100},
              {"type": "service", "id": "3049032352364388352", "quantity": 10000}]


def module_names():
    return sorted(f[:-3] for f in os.listdir(MODULES_DIR) if f.endswith(".py") and not f.startswith("_"))


def load(name):
    return importlib.import_module("ansible_collections.yeastar.partner.plugins.modules.%s" % name)


def test_the_collection_has_its_modules():
    assert module_names() == ["yeastar_order", "yeastar_order_batch", "yeastar_order_info", "yeastar_partner", "yeastar_partner_info",
                              "yeastar_plan_info", "yeastar_product_info", "yeastar_subscription"]


def test_every_module_is_in_the_action_group():
    with open(os.path.join(COLLECTION_ROOT, "meta", "runtime.yml"), encoding="utf-8") as handle:
        runtime = yaml.safe_load(handle)
    group = runtime["action_groups"]["all"]
    assert sorted(group) == module_names()


def merged_doc(name):
    """A module's DOCUMENTATION with this collection's doc fragments merged in (attributes and options)."""
    doc = yaml.safe_load(load(name).DOCUMENTATION)
    for fragment in doc.get("extends_documentation_fragment", []):
        parts = fragment.split(".")
        assert parts[:2] == ["yeastar", "partner"], fragment
        source = importlib.import_module("ansible_collections.yeastar.partner.plugins.doc_fragments.%s" % parts[2])
        text = getattr(source.ModuleDocFragment, parts[3].upper() if len(parts) > 3 else "DOCUMENTATION")
        for key, value in yaml.safe_load(text).items():
            if isinstance(value, dict):
                doc.setdefault(key, {}).update(value)
    return doc


@pytest.mark.parametrize("name", module_names())
def test_every_module_documents_its_action_group_and_attributes(name):
    doc = merged_doc(name)
    attributes = doc["attributes"]
    assert attributes["action_group"]["membership"] == ["yeastar.partner.all"]
    assert attributes["check_mode"]["support"] in ("full", "partial")
    assert "diff_mode" in attributes
    assert "api_url" in doc["options"] and doc["options"]["client_secret"].get("no_log", True)
    assert "yeastar.partner.%s:" % name in load(name).EXAMPLES


def compare(documented, value, where):
    """Problems between a RETURN ``contains`` block and a real value, one level of dict or list-of-dict at a time."""
    problems = []
    if isinstance(value, list):
        for index, element in enumerate(value[:3]):
            problems.extend(compare(documented, element, "%s[%d]" % (where, index)))
        return problems
    if not isinstance(value, dict):
        return problems
    undocumented = set(value) - set(documented)
    if undocumented:
        problems.append("%s returns undocumented keys %s" % (where, sorted(undocumented)))
    for key, spec in documented.items():
        if key not in value:
            # A documented key is owed when it says always/success; nested keys that say nothing are owed too.
            if spec.get("returned", "always" if where != "result" else None) in ("always", "success"):
                problems.append("%s lacks documented key %s (returned: %s)" % (where, key, spec.get("returned")))
            continue
        if spec.get("contains") and value[key] is not None:
            problems.extend(compare(spec["contains"], value[key], "%s.%s" % (where, key)))
    return problems


def check_result(name, result):
    documented = yaml.safe_load(load(name).RETURN) or {}
    success_docs = dict((k, v) for k, v in documented.items() if v.get("returned") != "failure")
    # Ansible's own keys are checked only where the module documents them (msg, diff).
    real = dict((k, v) for k, v in result.items() if k not in COMMON_KEYS or k in success_docs)
    return compare(success_docs, real, "result")


def auth(sim):
    return {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret}


def test_yeastar_order_returns_what_it_documents(simulator_session, run_module):
    simulator_session.reset()
    mod = load("yeastar_order")
    args = dict(auth(simulator_session), product_id=14, billing_id="3197218168379846218", po_number="PO-CONTRACT-1",
                items=SEED_ITEMS)
    for extra in ({"_ansible_check_mode": True, "_ansible_diff": True}, {}, {}):
        failed, result = run_module(mod, dict(args, **extra))
        assert not failed, result.get("msg")
        assert check_result("yeastar_order", result) == []


def test_yeastar_order_failure_keys_are_documented(simulator_session, run_module):
    simulator_session.reset()
    mod = load("yeastar_order")
    documented = yaml.safe_load(mod.RETURN)
    failed, result = run_module(mod, dict(auth(simulator_session), product_id=14, billing_id="1",
                                          items=[{"type": "plan", "id": "3048941892189077504", "quantity": 5000}]))
    assert failed and "problems" in result and documented["problems"]["returned"] == "failure"
    failed, result = run_module(mod, dict(auth(simulator_session), client_secret="wrong", product_id=14,
                                          billing_id="1", items=SEED_ITEMS))
    assert failed
    assert compare(documented["api_error"]["contains"], result["api_error"], "api_error") == []


@pytest.mark.parametrize("name, args", [
    ("yeastar_partner_info", {}),
    ("yeastar_partner_info", {"partner_id": "color123@yeastar.com"}),
    ("yeastar_plan_info", {}),
    ("yeastar_plan_info", {"product_id": 14, "details": "purchase", "gather_products": True}),
    ("yeastar_order_info", {}),
    ("yeastar_order_info", {"po_number": "PO-SEED-0001", "details": True}),
    ("yeastar_order_info", {"order_id": "1782001"}),
])
def test_info_modules_return_what_they_document(simulator_session, run_module, name, args):
    simulator_session.reset()
    failed, result = run_module(load(name), dict(auth(simulator_session), **args))
    assert not failed, result.get("msg")
    assert result["changed"] is False
    assert check_result(name, result) == []


def test_yeastar_order_batch_returns_what_it_documents(simulator_session, run_module):
    simulator_session.reset()
    mod = load("yeastar_order_batch")
    orders = [{"name": "a", "product_id": 14, "billing_id": "3197218168379846218", "po_number": "PO-CONTRACT-B1",
               "items": SEED_ITEMS},
              {"name": "b", "product_id": 14, "billing_id": "3197218168379846218", "partner_id": "color123@yeastar.com",
               "items": SEED_ITEMS}]
    for extra in ({"_ansible_check_mode": True, "_ansible_diff": True}, {}, {}):
        failed, result = run_module(mod, dict(auth(simulator_session), orders=orders, **extra))
        assert not failed, result.get("msg")
        assert check_result("yeastar_order_batch", result) == []


def test_yeastar_subscription_returns_what_it_documents(simulator_session, run_module, tmp_path):
    simulator_session.reset()
    mod = load("yeastar_subscription")
    args = dict(auth(simulator_session), partner_id="color123@yeastar.com", plan="Enterprise Plan", extensions=60,
                services=[{"name": "Recording Minutes", "quantity": 6000}], billing_id="3197218168379846218",
                cache_dir=str(tmp_path))
    for extra in ({"_ansible_check_mode": True, "_ansible_diff": True}, {}, {}):
        failed, result = run_module(mod, dict(args, **extra))
        assert not failed, result.get("msg")
        assert check_result("yeastar_subscription", result) == []
    failed, result = run_module(mod, dict(args, plan="Standard Plan"))
    assert failed and "problems" in result
    assert yaml.safe_load(mod.RETURN)["problems"]["returned"] == "failure"
