# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of yeastar_partner_info for what the integration target does not show: only a 404 on
subordinate_user means "no such user"; every other error fails. The endpoint functions are replaced, so nothing is
sent anywhere."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


import pytest


from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.modules import yeastar_partner_info as mod

AUTH = {"api_url": "http://127.0.0.1:9", "client_id": "id", "client_secret": "unit-test-secret"}

USER = {"partnerId": "color123@yeastar.com", "email": "color123@yeastar.com", "company": "Color Tech"}


@pytest.fixture
def run(run_module):
    """run(**args) -> (failed, result) of one module run, with connection options that reach nothing."""

    def _run(**args):
        full = dict(AUTH)
        full.update(args)
        return run_module(mod, full)
    return _run


@pytest.fixture
def api(monkeypatch):
    """Replace the endpoints. api.partner_error is raised by get_partner; api.calls records the calls."""

    class Api:
        partner_error = None
        partner = USER
        partners = [USER, "not a dict", {"partnerId": "b@example.com", "email": None, "company": None}]
        contacts = [{"billingContactId": 3197218168379846218, "emailAddress": "billing@partner.example"}]
        calls = []

    def get_partner(client, partner_id):
        Api.calls.append(("get_partner", partner_id))
        if Api.partner_error is not None:
            raise Api.partner_error
        return Api.partner

    def list_partners(client):
        Api.calls.append(("list_partners",))
        return Api.partners

    def list_billing_contacts(client):
        Api.calls.append(("list_billing_contacts",))
        return Api.contacts

    Api.calls = []
    monkeypatch.setattr(mod, "get_partner", get_partner)
    monkeypatch.setattr(mod, "list_partners", list_partners)
    monkeypatch.setattr(mod, "list_billing_contacts", list_billing_contacts)
    return Api


@pytest.mark.parametrize("status, code", [(404, "resource_not_found"), (None, "resource_not_found")])
def test_not_found_is_an_empty_list(run, api, status, code):
    api.partner_error = PartnerAPIError("GET", "/user/openapi/user/v1/subordinate_user/x@example.com", status=status, code=code)
    failed, result = run(partner_id="x@example.com", gather=["partners"])
    assert not failed
    assert result == {"changed": False, "partners": [], "msg": "Found 0 subordinate users."}
    assert api.calls == [("get_partner", "x@example.com")]


@pytest.mark.parametrize("status, code", [(403, "forbidden"), (500, "internal_error"), (401, "invalid_token"), (404, None)])
def test_other_errors_fail(run, api, status, code):
    api.partner_error = PartnerAPIError("GET", "/user/openapi/user/v1/subordinate_user/x@example.com", status=status,
                                        code=code, request_id="0123456789abcdef0123456789abcdef")
    failed, result = run(partner_id="x@example.com")
    assert failed
    assert result["msg"].startswith("Reading the subordinate users: GET /user/openapi/user/v1/subordinate_user/x@example.com failed")
    assert "requestId 0123456789abcdef0123456789abcdef" in result["msg"]
    assert result["api_error"]["status"] == status
    assert ("list_billing_contacts",) not in api.calls


def test_tolerant_reader_skips_non_dicts_and_matches_numeric_ids(run, api):
    failed, result = run(billing_contact_id="3197218168379846218")
    assert not failed
    assert result["partners"] == [USER, api.partners[2]]
    assert result["billing_contacts"] == api.contacts


def test_filters_against_missing_fields_do_not_match(run, api):
    failed, result = run(company="color tech", gather=["partners"])
    assert not failed
    assert result["partners"] == [USER]
