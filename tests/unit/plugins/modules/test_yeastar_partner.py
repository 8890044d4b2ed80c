# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of yeastar_partner against the real simulator over loopback: create, edit, no change on a rerun, the
country rules, check mode and diff, bad input, faults on the create and edit requests, two runs at once, and that the
result is what RETURN documents."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest
import yaml

from ansible_collections.yeastar.partner.plugins.modules import yeastar_partner as mod
from ansible_collections.yeastar.partner.tests.unit.module_runner import results, start_module

SAVE = "/user/openapi/user/v1/client/save_user"
EDIT = "/user/openapi/user/v1/client/edit_user"
LIST = "/user/openapi/user/v1/client/partner_list"
ONE = "/user/openapi/user/v1/subordinate_user/"
COUNTRIES = "/user/openapi/area/v1/page"
TOKEN = "/auth/openapi/v1/oauth/token"
# Keys every Ansible result may carry, documented by Ansible itself.
COMMON_KEYS = {"changed", "failed", "invocation", "warnings", "deprecations", "skipped"}

NEWCO = {"yeastar_id": "newco@example.com", "company": "NewCo GmbH", "country": "Germany", "first_name": "Nina",
         "last_name": "Neumann", "city": "Hamburg", "zip_code": "20095", "tax_type": "VAT_number",
         "tax_number": "DE987654321", "remark": "from Ansible"}
INITECH = {"city": "Austin", "company": "Initech LLC", "country": "United States", "email": "ops@initech.example",
           "firstName": "Peter", "lastName": "Gibbons", "partnerId": "ops@initech.example", "phoneNumber": "+1 512 555 0100",
           "remark": "", "stateProvince": "Texas", "street": "4120 Freidrich Lane", "taxNum": "", "userType": "Enduser",
           "zipCode": "78744"}


@pytest.fixture
def sim(simulator_session):
    """The session's simulator with the seed data, no faults and an empty request log."""
    simulator_session.reset()
    return simulator_session


@pytest.fixture
def run(run_module, sim, tmp_path):
    """run(**args) -> (failed, result) of one module run against the simulator, with a cache of this test only."""

    def _run(**args):
        full = {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret,
                "cache_dir": str(tmp_path / "cache")}
        full.update(args)
        return run_module(mod, full)
    return _run


def users(sim):
    return dict((u["partnerId"], u) for u in sim.state()["subordinates"])


def writes(sim):
    """The create and edit requests the simulator got: (path, status)."""
    return [(r["path"], r["status"]) for r in sim.requests(method="POST") if r["path"] != TOKEN]


def api_requests(sim):
    return [(r["method"], r["path"]) for r in sim.requests() if r["path"] != TOKEN]


def echoed_body(result):
    """The request body a fault rule with body=echo sent back in the error's result."""
    return json.loads(result["api_error"]["result"]["body"])


# ---------------------------------------------------------------------------------------------------------------------
# create, rerun, edit

def test_create_then_rerun_changes_nothing(run, sim):
    failed, result = run(send_activation_email=True, **NEWCO)
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert result["msg"] == "Created the subordinate user newco@example.com."
    assert writes(sim) == [(SAVE, 200)]
    stored = users(sim)["newco@example.com"]
    assert result["partner"] == stored
    assert (stored["company"], stored["country"], stored["firstName"], stored["lastName"], stored["city"],
            stored["zipCode"], stored["taxNum"], stored["remark"]) == (
        "NewCo GmbH", "Germany", "Nina", "Neumann", "Hamburg", "20095", "DE987654321", "from Ansible")
    assert "diff" not in result

    sim.clear_log()
    failed, again = run(send_activation_email=True, **NEWCO)
    assert not failed, again["msg"]
    assert again["changed"] is False
    assert again["msg"] == "The subordinate user newco@example.com is as wanted."
    assert again["partner"] == stored
    assert writes(sim) == []
    # One read of the list: the user is in it, so it is not asked for again by ID.
    assert api_requests(sim) == [("GET", LIST)]


def test_create_body_holds_what_the_guide_asks_for(run, sim):
    sim.add_fault(method="POST", path=SAVE, status=400, body="echo")
    args = dict(NEWCO, country="  germany ")
    failed, result = run(**args)
    assert failed
    body = echoed_body(result)
    assert body == {"userType": "Customer", "yeastarId": "newco@example.com", "company": "NewCo GmbH", "country": "Germany",
                    "firstName": "Nina", "lastName": "Neumann", "city": "Hamburg", "zipCode": "20095",
                    "taxType": "VAT_number", "taxNum": "DE987654321", "remark": "from Ansible",
                    "sendUserActivationEmail": False}
    # Refused, and the user list read again does not show the user: nothing changed.
    assert result["changed"] is False
    assert result["partner"] is None
    assert "the user does not exist" in result["msg"]
    # The echoed Authorization header never reaches the result.
    assert result["api_error"]["result"]["headers"]["Authorization"] == "Bearer ********"
    assert sim.client_secret not in json.dumps(result)


def test_edit_one_field_keeps_the_others(run, sim):
    failed, result = run(yeastar_id="ops@initech.example", company="Initech Inc.")
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert result["msg"] == "Updated company of the subordinate user ops@initech.example."
    assert writes(sim) == [(EDIT, 200)]
    expected = dict(INITECH, company="Initech Inc.")
    assert users(sim)["ops@initech.example"] == expected
    assert result["partner"] == expected

    sim.clear_log()
    failed, again = run(yeastar_id="ops@initech.example", company="Initech Inc.")
    assert not failed and again["changed"] is False
    assert writes(sim) == []


def test_edit_body_sends_the_current_value_of_every_field(run, sim):
    sim.add_fault(method="POST", path=EDIT, status=400, body="echo")
    failed, result = run(yeastar_id="ops@initech.example", city="Dallas", send_activation_email=True)
    assert failed
    assert echoed_body(result) == {
        "userType": "Customer", "yeastarId": "ops@initech.example", "company": "Initech LLC", "firstName": "Peter",
        "lastName": "Gibbons", "phoneNumber": "+1 512 555 0100", "stateProvince": "Texas", "city": "Dallas",
        "street": "4120 Freidrich Lane", "zipCode": "78744", "taxNum": "", "remark": ""}
    assert result["changed"] is False
    assert "differs from the task in city" in result["msg"]
    assert users(sim)["ops@initech.example"] == INITECH


def test_edit_several_fields_and_tax_type_goes_along(run, sim):
    sim.add_fault(method="POST", path=EDIT, status=400, body="echo")
    failed, result = run(yeastar_id="admin@globex.example", tax_type="VAT_number", tax_number="DE999999999")
    assert failed
    body = echoed_body(result)
    assert body["taxType"] == "VAT_number" and body["taxNum"] == "DE999999999"

    failed, result = run(yeastar_id="admin@globex.example", tax_type="VAT_number", tax_number="DE999999999",
                         street="Unter den Linden 6")
    assert not failed, result["msg"]
    assert result["msg"] == "Updated street, tax_number of the subordinate user admin@globex.example."


def test_tax_type_alone_is_not_compared_when_the_api_does_not_show_it(run, sim):
    failed, result = run(yeastar_id="admin@globex.example", tax_type="Tax_ID", tax_number="DE123456789")
    assert not failed, result["msg"]
    assert result["changed"] is False
    assert writes(sim) == []


def test_same_value_with_surrounding_blanks_is_not_a_change(run, sim):
    failed, result = run(yeastar_id="ops@initech.example", company="  Initech LLC  ", city="Austin")
    assert not failed and result["changed"] is False
    assert writes(sim) == []


# ---------------------------------------------------------------------------------------------------------------------
# the Yeastar ID

def test_yeastar_id_matches_ignoring_case_and_edits_the_user_as_the_api_spells_it(run, sim):
    failed, result = run(yeastar_id="OPS@Initech.Example", company="Initech LLC", country="UNITED STATES")
    assert not failed, result["msg"]
    assert result["changed"] is False
    assert result["partner"]["partnerId"] == "ops@initech.example"
    assert writes(sim) == []

    failed, result = run(partner_id="OPS@Initech.Example", remark="renamed in 2026")
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert result["msg"] == "Updated remark of the subordinate user ops@initech.example."
    assert users(sim)["ops@initech.example"]["remark"] == "renamed in 2026"
    assert "OPS@Initech.Example" not in users(sim)


def test_two_users_that_differ_only_in_case(run, sim):
    created = sim.api("POST", SAVE, json_body={"userType": "Customer", "yeastarId": "OPS@initech.example",
                                               "company": "Shadow", "country": "Canada", "lastName": "X"})
    assert created.status == 200
    sim.clear_log()
    failed, result = run(yeastar_id="Ops@Initech.example", company="Initech LLC")
    assert failed
    assert "shows 2 users whose Yeastar ID is Ops@Initech.example apart from case" in result["msg"]
    assert writes(sim) == []
    failed, result = run(yeastar_id="OPS@initech.example", company="Shadow")
    assert not failed and result["changed"] is False
    assert result["partner"]["company"] == "Shadow"


def test_a_user_missing_from_the_list_is_found_by_id(run, sim, monkeypatch):
    # Should the list be cut short, the user is asked for by ID before anything is created.
    monkeypatch.setattr(mod, "list_partners", lambda client: [])
    failed, result = run(yeastar_id="ops@initech.example", company="Initech LLC", country="United States",
                         last_name="Gibbons")
    assert not failed, result["msg"]
    assert result["changed"] is False
    assert api_requests(sim) == [("GET", ONE + "ops@initech.example")]


def test_a_404_that_is_not_the_apis_answer_does_not_mean_absent(run, sim):
    sim.add_fault(method="GET", path=ONE + "newco@example.com", status=404, body="html")
    failed, result = run(**NEWCO)
    assert failed
    assert result["msg"].startswith("Reading the subordinate user newco@example.com: GET " + ONE + "newco@example.com failed")
    assert "not JSON" in result["msg"]
    assert result["changed"] is False
    assert writes(sim) == []


# ---------------------------------------------------------------------------------------------------------------------
# the country

@pytest.mark.parametrize("given, close", [("Germny", "Close matches: Germany."), ("DE", "Close matches: Germany."),
                                          ("United", "United Arab Emirates, United Kingdom, United States"),
                                          ("Atlantis", "No name in the list (17 countries) comes close")])
def test_unknown_country_fails_with_close_names_before_sending(run, sim, given, close):
    failed, result = run(**dict(NEWCO, country=given))
    assert failed
    assert result["msg"].startswith("country %r is not in the country list of the Partner Portal." % given)
    assert close in result["msg"]
    assert result["changed"] is False
    assert writes(sim) == []
    assert "newco@example.com" not in users(sim)


def test_country_is_read_on_all_pages(run, sim):
    sim.configure(page_size_cap=5)
    failed, result = run(**dict(NEWCO, country="united states minor outlying islands"))
    assert not failed, result["msg"]
    assert result["partner"]["country"] == "United States Minor Outlying Islands"
    # 17 countries, 5 a page: all 4 pages were read.
    assert sim.count("GET", COUNTRIES) == 4


def test_country_of_an_existing_user_cannot_change(run, sim):
    failed, result = run(yeastar_id="ops@initech.example", country="Canada", company="Initech Inc.")
    assert failed
    assert result["msg"] == ("The subordinate user ops@initech.example is in country 'United States', not 'Canada', and "
                             "the API cannot change the country of a user. Change it in the Partner Portal, or leave "
                             "country out of the task. Nothing was sent.")
    assert result["changed"] is False
    assert result["partner"] == INITECH
    assert writes(sim) == []
    assert users(sim)["ops@initech.example"] == INITECH


def test_country_of_an_existing_user_in_another_case_is_no_difference(run, sim):
    failed, result = run(yeastar_id="ops@initech.example", country="united states", _ansible_diff=True)
    assert not failed and result["changed"] is False
    assert result["diff"]["before"] == result["diff"]["after"] == {"yeastar_id": "ops@initech.example",
                                                                   "country": "United States"}
    # The country list is not needed for a user that exists.
    assert api_requests(sim) == [("GET", LIST)]


# ---------------------------------------------------------------------------------------------------------------------
# check mode and diff

def test_check_mode_create_predicts_and_sends_nothing(run, sim):
    failed, result = run(_ansible_check_mode=True, _ansible_diff=True, **dict(NEWCO, country="GERMANY"))
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert result["msg"] == "Would create the subordinate user newco@example.com."
    assert result["partner"] == {
        "partnerId": "newco@example.com", "email": "newco@example.com", "company": "NewCo GmbH", "firstName": "Nina",
        "lastName": "Neumann", "country": "Germany", "stateProvince": "", "city": "Hamburg", "street": "",
        "zipCode": "20095", "phoneNumber": "", "taxNum": "DE987654321", "remark": "from Ansible"}
    assert result["diff"] == {"before": {}, "after": {
        "yeastar_id": "newco@example.com", "company": "NewCo GmbH", "country": "Germany", "first_name": "Nina",
        "last_name": "Neumann", "city": "Hamburg", "zip_code": "20095", "tax_type": "VAT_number",
        "tax_number": "DE987654321", "remark": "from Ansible"}}
    assert [r["method"] for r in sim.requests() if r["path"] != TOKEN] == ["GET"] * 3
    assert writes(sim) == []
    assert "newco@example.com" not in users(sim)

    # The prediction is what the real run then shows (userType is the API's own).
    failed, real = run(_ansible_diff=True, **dict(NEWCO, country="GERMANY"))
    assert not failed and real["changed"] is True
    shown = dict(real["partner"])
    assert shown.pop("userType") == "Enduser"
    assert shown == result["partner"]
    assert real["diff"] == result["diff"]


def test_check_mode_edit_predicts_and_sends_nothing(run, sim):
    args = dict(yeastar_id="ops@initech.example", company="Initech Inc.", phone_number="+1 512 555 0199", city="Austin",
                _ansible_diff=True)
    failed, result = run(_ansible_check_mode=True, **args)
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert result["msg"] == "Would update company, phone_number of the subordinate user ops@initech.example."
    assert result["partner"] == dict(INITECH, company="Initech Inc.", phoneNumber="+1 512 555 0199")
    assert result["diff"] == {
        "before": {"yeastar_id": "ops@initech.example", "company": "Initech LLC", "phone_number": "+1 512 555 0100",
                   "city": "Austin"},
        "after": {"yeastar_id": "ops@initech.example", "company": "Initech Inc.", "phone_number": "+1 512 555 0199",
                  "city": "Austin"}}
    assert writes(sim) == []
    assert users(sim)["ops@initech.example"] == INITECH

    failed, real = run(**args)
    assert not failed and real["changed"] is True
    assert real["partner"] == result["partner"]
    assert real["diff"] == result["diff"]

    failed, check_again = run(_ansible_check_mode=True, **args)
    assert not failed and check_again["changed"] is False
    assert check_again["msg"] == "The subordinate user ops@initech.example is as wanted."


def test_check_mode_still_fails_where_the_real_run_would(run, sim):
    failed, result = run(_ansible_check_mode=True, yeastar_id="newco@example.com", company="NewCo GmbH")
    assert failed
    assert "missing: country, first_name or last_name" in result["msg"]
    failed, result = run(_ansible_check_mode=True, yeastar_id="ops@initech.example", country="Mexico")
    assert failed and "cannot change the country" in result["msg"]
    assert writes(sim) == []


def test_no_diff_without_diff_mode(run, sim):
    failed, result = run(yeastar_id="ops@initech.example", company="Initech Inc.")
    assert not failed and "diff" not in result


# ---------------------------------------------------------------------------------------------------------------------
# bad input: nothing is sent

BAD = [
    ({"yeastar_id": "newco.example.com"}, "yeastar_id must be the user's Yeastar ID, an e-mail address"),
    ({"yeastar_id": "new co@example.com"}, "yeastar_id must be the user's Yeastar ID"),
    ({"yeastar_id": "newco@example.com/../x"}, "yeastar_id must be the user's Yeastar ID"),
    ({"yeastar_id": u"newco@b\u00fccher.example"}, "an ASCII domain"),
    ({"yeastar_id": "   "}, "yeastar_id must not be empty"),
    ({"yeastar_id": "a" * 250 + "@example.com"}, "yeastar_id must be at most 254 characters, got 262"),
    ({"company": ""}, "company must not be empty; leave it out instead"),
    ({"city": "  "}, "city must not be empty"),
    ({"company": "x" * 129}, "company must be at most 128 characters, got 129"),
    ({"street": "s" * 256}, "street must be at most 255 characters"),
    ({"zip_code": "1" * 21}, "zip_code must be at most 20 characters"),
    ({"country": "c" * 65}, "country must be at most 64 characters"),
    ({"zip_code": 1067}, "zip_code must be a string, got 1067 (a int); quote it in YAML"),
    ({"phone_number": 4930123456}, "phone_number must be a string"),
    ({"tax_number": 123456789}, "tax_number must be a string"),
    ({"remark": "line one\nline two"}, "remark must not contain control characters"),
    ({"company": "Acme\tLtd"}, "company must not contain control characters"),
    ({"tax_type": "VAT_number", "tax_number": None}, "tax_type says what kind of number tax_number is"),
    ({"tax_type": "VAT"}, "value of tax_type must be one of: VAT_number, Tax_ID, TIN_number, RUC, CUIT"),
    ({"state": "absent"}, "value of state must be one of: present, got: absent"),
    ({"send_activation_email": "maybe"}, "send_activation_email"),
    ({"unknown_option": 1}, "Unsupported parameters"),
]


@pytest.mark.parametrize("bad, expect", BAD, ids=[b[1][:40] for b in BAD])
def test_bad_input_fails_before_anything_is_sent(run, sim, bad, expect):
    args = dict(NEWCO)
    args.update(bad)
    args = dict((k, v) for k, v in args.items() if v is not None)
    failed, result = run(**args)
    assert failed
    assert expect in result["msg"]
    assert result.get("changed", False) is False
    assert sim.requests() == []


def test_bad_input_names_every_problem_at_once(run, sim):
    failed, result = run(yeastar_id="nobody", company="", zip_code=12345)
    assert failed
    for part in ("yeastar_id must be", "company must not be empty", "zip_code must be a string"):
        assert part in result["msg"]
    assert sim.requests() == []


@pytest.mark.parametrize("args, missing", [
    ({"company": "NewCo GmbH", "country": "Germany"}, "missing: first_name or last_name."),
    ({"country": "Germany", "last_name": "Neumann"}, "missing: company."),
    ({"first_name": "Nina"}, "missing: company, country. Nothing was sent."),
    ({}, "missing: company, country, first_name or last_name."),
])
def test_creating_needs_company_country_and_a_name(run, sim, args, missing):
    failed, result = run(yeastar_id="newco@example.com", **args)
    assert failed
    assert result["msg"].startswith("The subordinate user newco@example.com does not exist, and creating it needs company, "
                                    "country and first_name or last_name; ")
    assert missing in result["msg"]
    assert writes(sim) == []
    # Only the look-up was sent (the country list is not read when the task cannot create the user anyway).
    assert api_requests(sim) == [("GET", LIST), ("GET", ONE + "newco@example.com")]


def test_last_name_alone_is_enough_to_create(run, sim):
    failed, result = run(yeastar_id="solo@example.com", company="Solo", country="Japan", last_name="Sato")
    assert not failed and result["changed"] is True
    assert users(sim)["solo@example.com"]["firstName"] == ""


# ---------------------------------------------------------------------------------------------------------------------
# faults on the create and edit requests

def test_create_refused_with_a_server_error_and_not_created(run, sim):
    sim.add_fault(method="POST", path=SAVE, status=500, detail="database unavailable")
    failed, result = run(**NEWCO)
    assert failed
    assert result["changed"] is False
    assert result["msg"].startswith("Creating the subordinate user newco@example.com: POST %s failed: HTTP 500" % SAVE)
    assert "Read again afterwards, the user does not exist. Running the task again is safe" in result["msg"]
    # The error's hint ends with a full stop; the message does not double it.
    assert "run again later. Read again afterwards" in result["msg"] and ".." not in result["msg"]
    assert result["api_error"]["status"] == 500 and result["api_error"]["attempts"] == 1
    assert result["partner"] is None
    # The create request is never sent twice by the module.
    assert writes(sim) == [(SAVE, 500)]

    failed, again = run(**NEWCO)
    assert not failed and again["changed"] is True


@pytest.mark.parametrize("fault", [{"status": 500, "process": True}, {"status": 502, "process": True, "body": "html"},
                                   {"drop": "after"}, {"drop": "midway"}])
def test_create_whose_answer_is_lost_is_found_by_reading_again(run, sim, fault):
    sim.add_fault(method="POST", path=SAVE, **fault)
    failed, result = run(**NEWCO)
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert result["msg"].startswith("Creating the subordinate user newco@example.com: the answer was lost (")
    assert result["msg"].endswith("the user is as wanted now, so the request took effect, or another run did the same "
                                  "at the same time.")
    assert result["partner"] == users(sim)["newco@example.com"]
    assert len(writes(sim)) == 1


def test_create_dropped_before_it_was_handled(run, sim):
    sim.add_fault(method="POST", path=SAVE, drop="before")
    failed, result = run(**NEWCO)
    assert failed
    assert result["changed"] is False
    assert "connection" in result["msg"] and "the user does not exist" in result["msg"]
    assert "Read again afterwards" in result["msg"] and ".." not in result["msg"]
    assert result["api_error"]["status"] is None
    assert "newco@example.com" not in users(sim)


def test_create_refused_but_done_by_another_run(run, sim):
    # The portal creates the user and answers 400: what this run sees when another run created it a moment earlier.
    sim.add_fault(method="POST", path=SAVE, status=400, process=True, detail="A user with this Yeastar ID already exists")
    failed, result = run(**NEWCO)
    assert not failed, result["msg"]
    assert result["changed"] is False
    assert result["msg"].startswith("Creating the subordinate user newco@example.com was refused (HTTP 400, code "
                                    "parameter_validation_failed, detailMessage 'A user with this Yeastar ID already exists'")
    assert result["msg"].endswith("but the user is as wanted now: another run or a person created it at the same time.")


def test_create_refused_and_created_differently_by_another_run(run, sim, monkeypatch):
    real_save_user = mod.save_user

    def other_run_first(client, body):
        assert sim.api("POST", SAVE, json_body=dict(body, company="Other Co")).status == 200
        return real_save_user(client, body)

    monkeypatch.setattr(mod, "save_user", other_run_first)
    failed, result = run(**NEWCO)
    assert failed
    assert result["changed"] is False
    assert "created by another run or a person at the same time, but differs from the task in company " \
           "(company is 'Other Co', wanted 'NewCo GmbH'); this run changed nothing" in result["msg"]
    assert result["partner"]["company"] == "Other Co"
    assert result["api_error"]["result"] == {"yeastarId": "unique"}


def test_outcome_unknown_when_the_user_cannot_be_read_afterwards(run, sim):
    sim.add_fault(method="POST", path=SAVE, status=503)
    sim.add_fault(method="GET", path=LIST, status=500, skip=1)
    failed, result = run(**NEWCO)
    assert failed
    assert result["changed"] is True
    assert "Reading the user afterwards failed too" in result["msg"]
    assert "run again later. Reading the user afterwards failed too" in result["msg"]
    assert ".." not in result["msg"]
    assert "whether the request took effect is not known" in result["msg"]
    assert result["api_error"]["status"] == 503
    assert "partner" not in result


def test_create_answered_success_but_the_user_is_not_there(run, sim, monkeypatch):
    monkeypatch.setattr(mod, "save_user", lambda client, body: True)
    failed, result = run(**NEWCO)
    assert failed
    assert result["changed"] is True
    assert result["msg"] == ("Creating the subordinate user newco@example.com: the API answered success, but the user "
                             "cannot be found afterwards.")
    assert result["partner"] is None


def test_create_answered_false(run, sim, monkeypatch):
    monkeypatch.setattr(mod, "save_user", lambda client, body: False)
    failed, result = run(**NEWCO)
    assert failed
    assert result["changed"] is False
    assert "the API answered that the request did not succeed (result false)" in result["msg"]


def test_edit_that_does_not_stick_fails(run, sim, monkeypatch):
    monkeypatch.setattr(mod, "edit_user", lambda client, body: True)
    failed, result = run(yeastar_id="ops@initech.example", company="Initech Inc.")
    assert failed
    assert result["changed"] is True
    assert result["msg"] == ("Updating company of the subordinate user ops@initech.example: the API answered success, but "
                             "the user it shows afterwards differs from the task in company (company is 'Initech LLC', "
                             "wanted 'Initech Inc.').")
    assert result["partner"] == INITECH


def test_edit_whose_answer_is_lost(run, sim):
    sim.add_fault(method="POST", path=EDIT, status=504, process=True)
    failed, result = run(yeastar_id="ops@initech.example", company="Initech Inc.")
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert "the answer was lost (HTTP 504" in result["msg"]
    assert users(sim)["ops@initech.example"]["company"] == "Initech Inc."


def test_edit_failed_with_a_server_error(run, sim):
    sim.add_fault(method="POST", path=EDIT, status=503)
    failed, result = run(yeastar_id="ops@initech.example", company="Initech Inc.")
    assert failed
    assert result["changed"] is False
    assert result["partner"] == INITECH
    assert writes(sim) == [(EDIT, 503)]


def test_reading_fails_before_anything_is_sent(run, sim):
    sim.add_fault(method="GET", path=LIST, status=500, detail="database unavailable")
    failed, result = run(**NEWCO)
    assert failed
    assert result["msg"].startswith("Reading the subordinate user newco@example.com: GET %s failed: HTTP 500" % LIST)
    assert result["api_error"]["status"] == 500
    assert writes(sim) == []


def test_country_list_fails_before_anything_is_sent(run, sim):
    sim.add_fault(method="GET", path=COUNTRIES, status=500)
    failed, result = run(**NEWCO)
    assert failed
    assert result["msg"].startswith("Reading the country list: GET %s failed" % COUNTRIES)
    assert writes(sim) == []


def test_token_refused_on_the_write_is_refreshed_once(run, sim):
    sim.add_fault(method="POST", path=SAVE, status=401, code="token_expired")
    failed, result = run(**NEWCO)
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert writes(sim) == [(SAVE, 401), (SAVE, 200)]


# ---------------------------------------------------------------------------------------------------------------------
# two runs at once

def _start(sim, args):
    """One yeastar_partner run in a process of its own (tests/unit/module_runner.py)."""
    full = {"api_url": sim.base_url, "client_id": sim.client_id, "client_secret": sim.client_secret}
    full.update(args)
    return start_module("yeastar_partner", full)


@pytest.mark.parametrize("shared_cache", [True, False], ids=["one controller", "two controllers"])
def test_two_runs_creating_the_same_user_at_once(sim, tmp_path, shared_cache):
    # The create requests wait 4 s before the portal handles them, so that without a common lock the second run looks
    # (and finds no user) while the first run's request is still on its way: both send it.
    sim.add_fault(method="POST", path=SAVE, delay=4.0, times=2)
    children = [_start(sim, dict(NEWCO, cache_dir=str(tmp_path / ("cache" if shared_cache else "cache-%d" % n))))
                for n in range(2)]
    outcomes = results(children)
    assert [o.get("failed", False) for o in outcomes] == [False, False], [o["msg"] for o in outcomes]
    assert sorted(o["changed"] for o in outcomes) == [False, True]
    quiet = [o for o in outcomes if not o["changed"]][0]
    assert list(users(sim)).count("newco@example.com") == 1
    if shared_cache:
        # The lock made the second run wait: it found the user and sent nothing.
        assert writes(sim) == [(SAVE, 200)]
        assert quiet["msg"] == "The subordinate user newco@example.com is as wanted."
    else:
        # No common lock: both sent the request; the refused one read again and found the user as wanted.
        assert sorted(writes(sim)) == [(SAVE, 200), (SAVE, 400)]
        assert "was refused" in quiet["msg"] and "another run or a person created it at the same time" in quiet["msg"]


def test_works_without_a_usable_cache(run, sim, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text(u"x")
    failed, result = run(cache_dir=str(blocker), **NEWCO)
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert any("not serialised on this machine" in w for w in result["warnings"])


# ---------------------------------------------------------------------------------------------------------------------
# the documentation

def documented():
    return yaml.safe_load(mod.RETURN)


def undocumented(spec, value, where):
    """Keys of ``value`` that ``spec`` (a RETURN contains block) does not document, and documented keys that are owed
    (no ``returned``) but missing."""
    problems = []
    if not isinstance(value, dict):
        return problems
    for key in set(value) - set(spec):
        problems.append("%s.%s is not documented" % (where, key))
    for key, entry in spec.items():
        if key not in value:
            if "returned" not in entry:
                problems.append("%s.%s is documented but missing" % (where, key))
            continue
        if entry.get("contains") and isinstance(value[key], dict):
            problems.extend(undocumented(entry["contains"], value[key], "%s.%s" % (where, key)))
    return problems


def check_documented(result, failed):
    doc = documented()
    problems = []
    for key, value in result.items():
        if key in COMMON_KEYS:
            continue
        if key not in doc:
            problems.append("%s is not documented" % key)
            continue
        returned = doc[key]["returned"]
        if failed and "failure" not in returned and returned != "always":
            problems.append("%s is returned on failure but documented as %r" % (key, returned))
        if not failed and returned == "failure":
            problems.append("%s is returned on success but documented as %r" % (key, returned))
        if doc[key].get("contains") and isinstance(value, dict):
            problems.extend(undocumented(doc[key]["contains"], value, key))
    for key, entry in doc.items():
        if not failed and entry["returned"] in ("always", "success") and key not in result:
            problems.append("%s is documented as returned %s but missing" % (key, entry["returned"]))
    return problems


def test_return_documents_every_key_of_real_results(run, sim):
    cases = [
        (dict(NEWCO, _ansible_check_mode=True, _ansible_diff=True), False),
        (dict(NEWCO, _ansible_diff=True), False),
        (dict(NEWCO), False),
        (dict(yeastar_id="ops@initech.example", company="Initech Inc.", _ansible_diff=True), False),
        (dict(yeastar_id="ops@initech.example", country="Canada"), True),
        (dict(yeastar_id="x"), True),
    ]
    seen = set()
    for args, should_fail in cases:
        failed, result = run(**args)
        assert failed is should_fail, result["msg"]
        assert check_documented(result, failed) == [], args
        seen.update(result)
    sim.add_fault(method="POST", path=SAVE, status=400)
    failed, result = run(**dict(NEWCO, yeastar_id="other@example.com"))
    assert failed
    assert check_documented(result, failed) == []
    seen.update(result)
    # Every documented key shows up in one of these results.
    assert set(documented()) <= seen


def test_return_samples_and_examples_are_valid_yaml_and_use_fqcns():
    doc = yaml.safe_load(mod.DOCUMENTATION)
    assert doc["module"] == "yeastar_partner"
    assert doc["version_added"] == "1.0.0"
    assert sorted(doc["options"]) == sorted(mod.YeastarPartner.argument_spec())
    tasks = yaml.safe_load(mod.EXAMPLES)
    for task in tasks:
        modules = [k for k in task if "." in k]
        assert len(modules) == 1 and modules[0].startswith(("yeastar.partner.", "ansible.builtin.")), task


def test_examples_are_run_by_the_integration_target():
    """The integration target runs the EXAMPLES tasks as they are written here."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "integration", "targets", "yeastar_partner", "tasks",
                        "examples.yml")
    with open(path) as handle:
        target = yaml.safe_load(handle)
    examples = yaml.safe_load(mod.EXAMPLES)
    found = [copy.deepcopy(t) for t in target if t in examples]
    assert found == examples
