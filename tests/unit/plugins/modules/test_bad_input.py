# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bad input, across the modules, against the real simulator over loopback: each case fails with a message that names
the problem, and nothing is sent (no request at all, or for the cases that need the catalogue, no order request).

The list is the table of docs/hardening.md: ``python tests/unit/plugins/modules/test_bad_input.py`` prints it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import math
import os

import pytest

BILLING = "3197218168379846218"
PLAN = "3048941892189077504"
SERVICE = "3049032352364388352"
SAVE = "/order/openapi/order/v1/save"


def plan(**extra):
    line = {"type": "plan", "id": PLAN, "quantity": 100}
    line.update(extra)
    return line


def service(**extra):
    line = {"type": "service", "id": SERVICE, "quantity": 1000}
    line.update(extra)
    return line


ORDER = {"product_id": 14, "billing_id": BILLING, "po_number": "PO-BAD-INPUT", "items": [plan(), service()]}

# (module, what is wrong, options over the module's good ones, a part of the message, requests allowed:
#  "none" = not one request; "reads" = reads of the catalogue only, never the order request)
CASES = [
    ("yeastar_order", "quantity as an exponent string",
     {"items": [plan(quantity="1e3")]},
     "items[0].quantity must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_order", "quantity with an underscore",
     {"items": [plan(quantity="1_000")]},
     "items[0].quantity must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_order", "quantity as a float", {"items": [plan(quantity=1000.0)]}, "items[0].quantity must be a whole number, got 1000.0 (a float)", "none"),
    ("yeastar_order", "quantity as a float in exponent form",
     {"items": [plan(quantity=1.0e+3)]},
     "items[0].quantity must be a whole number, got 1000.0", "none"),
    ("yeastar_order", "quantity true", {"items": [plan(quantity=True)]}, "items[0].quantity must be a whole number, got True (a boolean)", "none"),
    ("yeastar_order", "quantity in full-width digits",
     {"items": [plan(quantity=u"\uff11\uff10\uff10")]},
     "items[0].quantity must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_order", "quantity in superscript digits",
     {"items": [plan(quantity=u"\u00b9\u00b2")]},
     "items[0].quantity must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_order", "quantity beyond 32 bits", {"items": [plan(quantity=2 ** 31)]}, "items[0].quantity must be between 1 and 2147483647", "none"),
    ("yeastar_order", "quantity 0", {"items": [plan(quantity=0)]}, "items[0].quantity must be between 1 and 2147483647, got 0", "none"),
    ("yeastar_order", "quantity negative", {"items": [plan(quantity=-5)]}, "items[0].quantity must be between 1 and 2147483647, got -5", "none"),
    ("yeastar_order", "quantity negative as a string",
     {"items": [plan(quantity="-5")]},
     "items[0].quantity must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_order", "quantity empty", {"items": [plan(quantity="")]}, "items[0].quantity must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_order", "quantity missing for a purchase", {"items": [plan(quantity=None)]}, "items[0].quantity is required for purchase_plan", "none"),
    ("yeastar_order", "quantity as a list", {"items": [plan(quantity=[100])]}, "items[0].quantity must be a whole number, got [100] (a list)", "none"),
    ("yeastar_order", "product_id beyond 64 bits", {"product_id": 2 ** 64}, "product_id must be a positive whole number of at most 19 digits", "none"),
    ("yeastar_order", "product_id with a decimal point", {"product_id": "14.0"}, "product_id must be a positive whole number of at most 19 digits", "none"),
    ("yeastar_order", "product_id true", {"product_id": True}, "product_id must be a positive whole number", "none"),
    ("yeastar_order", "product_id 0", {"product_id": 0}, "product_id must be a positive whole number", "none"),
    ("yeastar_order", "billing_id as a float (rounded to another id)",
     {"billing_id": 3.197218168379846e18},
     "billing_id must be a positive whole number", "none"),
    ("yeastar_order", "billing_id in full-width digits", {"billing_id": u"\uff13\uff11\uff19\uff17"}, "billing_id must be a positive whole number", "none"),
    ("yeastar_order", "billing_id in superscript digits", {"billing_id": u"\u00b2\u00b3"}, "billing_id must be a positive whole number", "none"),
    ("yeastar_order", "billing_id true", {"billing_id": True}, "billing_id must be a positive whole number", "none"),
    ("yeastar_order", "billing_id negative", {"billing_id": "-1"}, "billing_id must be a positive whole number", "none"),
    ("yeastar_order", "billing_id beyond 64 bits", {"billing_id": str(2 ** 63)}, "billing_id must be a positive whole number", "none"),
    ("yeastar_order", "billing_id with letters", {"billing_id": "12ab"}, "billing_id must be a positive whole number", "none"),
    ("yeastar_order", "billing_id missing for a purchase", {"billing_id": None}, "billing_id is required for purchase_plan", "none"),
    ("yeastar_order", "item id with a decimal point", {"items": [plan(id=PLAN + ".0")]}, "items[0].id must be a positive whole number", "none"),
    ("yeastar_order", "item id as a float", {"items": [plan(id=1.5)]}, "items[0].id must be a positive whole number", "none"),
    ("yeastar_order", "item id empty", {"items": [plan(id="")]}, "items[0].id must not be empty", "none"),
    ("yeastar_order", "connection_plan_id with letters",
     {"items": [plan(), service(connection_plan_id="abc")]},
     "items[1].connection_plan_id must be a positive whole number", "none"),
    ("yeastar_order", "multi_cycle beyond 5", {"items": [plan(multi_cycle=6)]}, "items[0].multi_cycle must be between 0 and 5, got 6", "none"),
    ("yeastar_order", "multi_cycle true", {"items": [plan(multi_cycle=True)]}, "items[0].multi_cycle must be a whole number, got True", "none"),
    ("yeastar_order", "multi_cycle as an exponent", {"items": [plan(multi_cycle="1e0")]}, "items[0].multi_cycle must be a whole number written", "none"),
    ("yeastar_order", "po_number true", {"po_number": True}, "po_number must be a string, got True", "none"),
    ("yeastar_order", "po_number as a float", {"po_number": 1.0e+3}, "po_number must be a string, got 1000.0", "none"),
    ("yeastar_order", "po_number as a number", {"po_number": 4500012345}, "po_number must be a string, got 4500012345", "none"),
    ("yeastar_order", "po_number empty", {"po_number": ""}, "po_number must not be empty", "none"),
    ("yeastar_order", "po_number blank", {"po_number": "   "}, "po_number must not be empty", "none"),
    ("yeastar_order", "po_number too long", {"po_number": "P" * 65}, "po_number must be at most 64 characters", "none"),
    ("yeastar_order", "po_number with a space", {"po_number": "PO 1"}, "po_number must be 1 to 64 characters: letters, digits", "none"),
    ("yeastar_order", "po_number starting with a sign", {"po_number": "-PO1"}, "po_number must be 1 to 64 characters: letters, digits", "none"),
    ("yeastar_order", "partner_id of 300 characters", {"partner_id": "a" * 290 + "@example.com"}, "partner_id must be at most 254 characters", "none"),
    ("yeastar_order", "partner_id of 200,000 characters", {"partner_id": "a" * 200000}, "partner_id must be at most 254 characters, got 200000", "none"),
    ("yeastar_order", "partner_id with a space", {"partner_id": "two words@example.com"}, "partner_id must be the subordinate user's Yeastar ID", "none"),
    ("yeastar_order", "partner_id empty", {"partner_id": ""}, "partner_id must not be empty; leave it out instead", "none"),
    ("yeastar_order", "product_no empty", {"product_no": ""}, "product_no must not be empty", "none"),
    ("yeastar_order", "product_no too long", {"product_no": "1" * 65}, "product_no must be at most 64 characters", "none"),
    ("yeastar_order", "item name too long",
     {"items": [{"type": "plan", "name": "x" * 201, "quantity": 5}]},
     "items[0].name must be at most 200 characters", "none"),
    ("yeastar_order", "item name blank", {"items": [{"type": "plan", "name": "  ", "quantity": 5}]}, "items[0].name must not be empty", "none"),
    ("yeastar_order", "no items", {"items": []}, "items must name at least one plan or service", "none"),
    ("yeastar_order", "two plans", {"items": [plan(), plan(id="3048941892189077505")]}, "needs exactly one item of type plan, got 2", "none"),
    ("yeastar_order", "the same service twice by id",
     {"items": [plan(), service(), service(quantity=5)]},
     "items[2] names service %s a second time" % SERVICE, "none"),
    ("yeastar_order", "the same service twice by names differing in case",
     {"items": [plan(), {"type": "service", "name": "Recording Minutes", "quantity": 10}, {"type": "service", "name": "recording minutes", "quantity": 20}]},
     "items[2] names service recording minutes a second time", "none"),
    ("yeastar_order", "the same service by name and by id",
     {"items": [plan(), service(), {"type": "service", "name": "Recording Minutes", "quantity": 20}]},
     "items[2] names service %s a second time" % SERVICE, "reads"),
    ("yeastar_order", "a purchase_type that does not fit",
     {"items": [plan(purchase_type="trial")]},
     "purchase_type trial does not fit operation purchase_plan", "none"),
    ("yeastar_order", "a renewal without the device", {"operation": "renew_plan"}, "product_no (the device's serial number", "none"),
    ("yeastar_order", "services in a plan switch",
     {"operation": "switch_plan", "product_no": "3076913644890832896"},
     "takes one plan and no service items", "none"),
    ("yeastar_order", "a quantity outside the plan's range", {"items": [plan(quantity=100000)]}, "is outside the range", "reads"),
    ("yeastar_order", "wait_interval nan", {"wait": True, "wait_interval": float("nan")}, "wait_interval must be a finite number of seconds", "none"),
    ("yeastar_order", "wait_interval inf", {"wait": True, "wait_interval": float("inf")}, "wait_interval must be a finite number of seconds", "none"),
    ("yeastar_order", "wait_interval 0", {"wait": True, "wait_interval": 0}, "wait_interval must be more than 0", "none"),
    ("yeastar_order", "wait_timeout 0", {"wait_timeout": 0}, "wait_timeout must be between 1 and 86400, got 0", "none"),
    ("yeastar_order", "wait_timeout as an exponent", {"wait_timeout": "1e3"}, "wait_timeout must be a whole number written", "none"),
    ("yeastar_order", "wait_timeout true", {"wait_timeout": True}, "wait_timeout must be a whole number, got True", "none"),
    ("yeastar_order", "timeout nan", {"timeout": float("nan")}, "timeout must be a finite number of seconds", "none"),
    ("yeastar_order", "timeout inf", {"timeout": float("inf")}, "timeout must be a finite number of seconds", "none"),
    ("yeastar_order", "timeout 0", {"timeout": 0}, "timeout must be more than 0", "none"),
    ("yeastar_order", "timeout negative", {"timeout": -1}, "timeout must be more than 0", "none"),
    ("yeastar_order", "retries 11", {"retries": 11}, "retries must be a whole number between 0 and 10", "none"),
    ("yeastar_order", "retries negative", {"retries": -1}, "retries must be a whole number between 0 and 10", "none"),
    ("yeastar_order", "api_url with another scheme", {"api_url": "ftp://openapi.partner.yeastar.com"}, "api_url must be an https:// URL", "none"),
    ("yeastar_order", "api_url plain http to another host",
     {"api_url": "http://openapi.partner.yeastar.com"},
     "is plain http:// to a host that is not this machine", "none"),
    ("yeastar_order", "api_url empty", {"api_url": ""}, "api_url must be an https:// URL", "none"),
    ("yeastar_order", "ca_path that does not exist", {"ca_path": "/nonexistent/ca.pem"}, "ca_path /nonexistent/ca.pem is not a file", "none"),
    ("yeastar_order", "client_id without client_secret", {"client_secret": None}, "client_id and client_secret go together", "none"),
    ("yeastar_order_batch", "two orders with one name",
     {"orders": [dict(ORDER, name="a"), dict(ORDER, name="a", po_number="PO-OTHER")]},
     "orders[0] and orders[1] are both named 'a'", "none"),
    ("yeastar_order_batch", "an order's quantity as an exponent",
     {"orders": [dict(ORDER, name="a", items=[plan(quantity="1e3")])]},
     "items[0].quantity must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_order_batch", "an order's po_number as a number",
     {"orders": [dict(ORDER, name="a", po_number=4500012345)]},
     "po_number must be a string", "none"),
    ("yeastar_order_batch", "wait_interval nan",
     {"wait": True, "wait_interval": float("nan"), "orders": [dict(ORDER, name="a")]},
     "wait_interval must be a finite number of seconds", "none"),
    ("yeastar_subscription", "extensions as a decimal", {"extensions": "12.5"},
     "extensions must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_subscription", "extensions zero", {"extensions": 0}, "extensions must be between 1 and", "none"),
    ("yeastar_subscription", "a service quantity as an exponent", {"services": [{"name": "Recording Minutes", "quantity": "1e4"}]},
     "services[0].quantity must be a whole number written with the digits 0-9 only", "none"),
    ("yeastar_subscription", "renew_within_days negative", {"renew_within_days": -1}, "renew_within_days must be between 0 and 365", "none"),
    ("yeastar_subscription", "renew_within_days above an annual term", {"renew_within_days": 366},
     "renew_within_days must be between 0 and 365", "none"),
    ("yeastar_subscription", "renew_within_days above a monthly term", {"renew_within_days": 45, "billing_cycle": "monthly"},
     "longer than a monthly term", "none"),
    ("yeastar_subscription", "a product it cannot converge", {"product_id": 13}, "not a product yeastar_subscription can converge", "none"),
    ("yeastar_subscription", "an unknown plan", {"plan": "Gold Plan"}, "plan 'Gold Plan' not found", "reads"),
    ("yeastar_subscription", "an unknown service", {"services": [{"name": "Fax Minutes", "quantity": 10}]},
     "services[0] 'Fax Minutes' not found", "reads"),
    ("yeastar_subscription", "the extension expansion as a service", {"services": [{"name": "Extension Expansion", "quantity": 10}]},
     "ask for extensions instead", "reads"),
    ("yeastar_subscription", "more extensions than the plan allows", {"extensions": 5000}, "is above the most plan", "reads"),
    ("yeastar_partner_info", "timeout nan", {"timeout": float("nan")}, "timeout must be a finite number of seconds", "none"),
    ("yeastar_plan_info", "api_url plain http to another host",
     {"api_url": "http://example.com"},
     "is plain http:// to a host that is not this machine", "none"),
    ("yeastar_order_info", "ca_path that does not exist", {"ca_path": "/nonexistent/ca.pem"}, "ca_path /nonexistent/ca.pem is not a file", "none"),
]

GOOD = {
    "yeastar_order": ORDER,
    "yeastar_order_batch": {"orders": [dict(ORDER, name="a")]},
    "yeastar_partner_info": {},
    "yeastar_subscription": {"partner_id": "ops@initech.example", "plan": "Enterprise Plan", "extensions": 10,
                             "billing_id": "3197218168379846218"},
    "yeastar_plan_info": {},
    "yeastar_order_info": {},
}


def _ids():
    return ["%s: %s" % (case[0], case[1]) for case in CASES]


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60


def test_the_docs_show_this_list():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
    with open(os.path.join(root, "docs", "hardening.md"), encoding="utf-8") as handle:
        assert table() in handle.read(), "docs/hardening.md: paste the output of python %s" % os.path.relpath(__file__, root)


@pytest.mark.parametrize("name, what, overrides, fragment, allowed", CASES, ids=_ids())
def test_bad_input_fails_before_sending(simulator_session, run_module, tmp_path, name, what, overrides, fragment, allowed):
    sim = simulator_session
    sim.clear_log()
    args = {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret,
            "cache_dir": str(tmp_path / "cache")}
    args.update(GOOD[name])
    args.update(overrides)
    args = dict((k, v) for k, v in args.items() if v is not None)
    failed, result = run_module(importlib.import_module("ansible_collections.yeastar.partner.plugins.modules." + name), args)
    assert failed, "%s was accepted: %r" % (what, result)
    text = result["msg"] + " " + " ".join(str(e.get("msg")) for e in result.get("results") or [])
    assert fragment in text, text
    sent = sim.requests()
    if allowed == "none":
        assert sent == [], "%s sent %r" % (what, sent)
    else:
        assert not [r for r in sent if r["path"] == SAVE], "%s sent an order request" % what
        assert all(r["method"] == "GET" or r["path"].endswith("/oauth/token") for r in sent)
    if name == "yeastar_order_batch" and "results" in result:
        assert all(entry["changed"] is False for entry in result["results"])
    assert result.get("changed", False) is False


def table():
    """The cases as a Markdown table (docs/hardening.md)."""
    def shown(overrides):
        text = repr(overrides)
        text = text.replace("nan", "NaN") if any(isinstance(v, float) and math.isnan(v) for v in overrides.values()) else text
        return text if len(text) <= 90 else text[:87] + "..."
    lines = ["| # | Module | Input | The message says | Sent |", "| --- | --- | --- | --- | --- |"]
    for number, (name, what, overrides, fragment, allowed) in enumerate(CASES, 1):
        lines.append("| %d | `%s` | %s | %s | %s |" % (
            number, name, what, fragment.replace("|", "\\|"),
            "nothing" if allowed == "none" else "catalogue reads only, no order"))
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
