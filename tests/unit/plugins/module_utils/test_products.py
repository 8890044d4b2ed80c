# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The tolerant reader of product instances and Cloud Edition regions: the shapes the simulator serves, and the other
shapes the real service may send (other key names, nesting, ids as numbers or strings, fields left out)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.yeastar.partner.plugins.module_utils._lookup import LookupFailed
from ansible_collections.yeastar.partner.plugins.module_utils._products import (
    find_region,
    instance_extensions,
    matches,
    normalise_instance,
    normalise_regions,
)

# A row of the simulator's instance list (seed instance of product 14), as it is served.
SIM_ROW = {
    "instanceId": "1948801", "productNo": "3076913644890830001", "productId": 14, "productName": "P-Series Turnkey Package",
    "partnerId": "color123@yeastar.com", "planId": "3048941892189077504", "planName": "Enterprise Plan", "quantity": 50,
    "serviceList": [{"serviceId": "3049032352364388352", "serviceName": "Recording Minutes", "quantity": 5000}],
    "trial": False, "billingCycle": "annually", "activationCode": "TK-7Q2M-9XAB-41CD", "activationStatus": "activated",
    "comment": "Color Tech HQ", "createTime": 1767225600000, "expireTime": 1798761600000, "currentPlan": "",
    "currentPlanExpireDate": "2027-01-01",
}

KEYS = {"product_no", "product_id", "instance_id", "activation_status", "activation_code", "plan_id", "plan_name",
        "extensions", "services", "billing_cycle", "expire_time", "expire_date", "owner", "trial", "comment", "raw"}

# The simulator's region list result.
SIM_REGIONS = [
    {"id": "1", "name": "Europe (Frankfurt)", "region": [{"pbxSubDomain": ["ras.yeastar.com", "eu.ras.yeastar.com"], "pbxSubDomainId": "11"}]},
    {"id": "2", "name": "United States (Virginia)", "region": [{"pbxSubDomain": ["us.ras.yeastar.com"], "pbxSubDomainId": "21"}]},
    {"id": "3", "name": "Asia Pacific (Singapore)", "region": [{"pbxSubDomain": ["sg.ras.yeastar.com"], "pbxSubDomainId": "31"}]},
]
NORMAL_REGIONS = [
    {"id": "1", "name": "Europe (Frankfurt)", "domains": [{"id": "11", "suffixes": ["ras.yeastar.com", "eu.ras.yeastar.com"]}]},
    {"id": "2", "name": "United States (Virginia)", "domains": [{"id": "21", "suffixes": ["us.ras.yeastar.com"]}]},
    {"id": "3", "name": "Asia Pacific (Singapore)", "domains": [{"id": "31", "suffixes": ["sg.ras.yeastar.com"]}]},
]


# ------------------------------------------------------------------------------------------------- instances

def test_the_simulators_row_is_read_in_full():
    row = copy.deepcopy(SIM_ROW)
    got = normalise_instance(row)
    assert set(got) == KEYS
    assert got == {
        "product_no": "3076913644890830001", "product_id": 14, "instance_id": "1948801",
        "activation_status": "activated", "activation_code": "TK-7Q2M-9XAB-41CD",
        "plan_id": "3048941892189077504", "plan_name": "Enterprise Plan", "extensions": 50,
        "services": [{"service_id": "3049032352364388352", "service_name": "Recording Minutes", "quantity": 5000}],
        "billing_cycle": "annually", "expire_time": 1798761600000, "expire_date": "2027-01-01",
        "owner": "color123@yeastar.com", "trial": False, "comment": "Color Tech HQ", "raw": SIM_ROW,
    }
    assert got["raw"] is row  # the entry as sent, not a copy that could drift


def test_only_the_documented_fields():
    """The guide documents activationCode, activationStatus and comment (and implies productNo): the rest is None."""
    got = normalise_instance({"productNo": "3651E0000415", "activationCode": "", "activationStatus": "Unactivated",
                              "comment": ""})
    assert got["product_no"] == "3651E0000415"
    assert got["activation_status"] == "unactivated"
    assert got["activation_code"] is None  # an empty code is "no code"
    assert got["comment"] == ""  # an empty comment stays what it is
    for key in ("product_id", "instance_id", "plan_id", "plan_name", "extensions", "billing_cycle", "expire_time",
                "expire_date", "owner", "trial"):
        assert got[key] is None, key
    assert got["services"] == []


@pytest.mark.parametrize("entry", [None, [], "text", 42, {}])
def test_no_entry_at_all(entry):
    got = normalise_instance(entry)
    assert set(got) == KEYS
    assert got["product_no"] is None and got["services"] == [] and got["raw"] == {}


@pytest.mark.parametrize("entry, expected", [
    ({"sn": "3631E3418911"}, "3631E3418911"),
    ({"serialNumber": "ABC"}, "ABC"),
    ({"SerialNo": "ABC"}, "ABC"),
    ({"product_no": "ABC"}, "ABC"),
    ({"deviceSn": "ABC"}, "ABC"),
    ({"productNo": 3076913644890830001}, "3076913644890830001"),  # a number keeps all its digits
    ({"product": {"productNo": "ABC"}}, "ABC"),
    ({"productNo": " ABC "}, "ABC"),
    ({"productNo": "", "sn": "ABC"}, "ABC"),  # an empty value is not given: the next key counts
])
def test_serial_number_keys(entry, expected):
    assert normalise_instance(entry)["product_no"] == expected


@pytest.mark.parametrize("entry, expected", [
    ({"productId": 14}, 14),
    ({"productId": "14"}, 14),
    ({"productId": 14.0}, 14),
    ({"product": {"id": "13"}}, 13),
    ({"productId": "fourteen"}, None),
    ({"productId": True}, None),
])
def test_product_id_as_number_or_string(entry, expected):
    assert normalise_instance(entry)["product_id"] == expected


@pytest.mark.parametrize("entry, expected", [
    ({"partnerId": "color123@yeastar.com"}, "color123@yeastar.com"),
    ({"assignId": "a@b.example"}, "a@b.example"),
    ({"owner": "a@b.example"}, "a@b.example"),
    ({"ownerId": "a@b.example"}, "a@b.example"),
    ({"userId": "a@b.example"}, "a@b.example"),
    ({"owner": {"partnerId": "a@b.example", "company": "A"}}, "a@b.example"),
    ({"owner": {"email": "a@b.example"}}, "a@b.example"),
    ({"user": {"yeastarId": "a@b.example"}}, "a@b.example"),
    ({"partnerId": "", "assignId": "a@b.example"}, "a@b.example"),
    ({"partnerId": ""}, None),
])
def test_owner_keys(entry, expected):
    assert normalise_instance(entry)["owner"] == expected


@pytest.mark.parametrize("entry, expected", [
    ({"quantity": 50}, 50),
    ({"quantity": "50"}, 50),
    ({"extensions": 20}, 20),
    ({"extensionCount": "8"}, 8),
    ({"maxExtension": 100}, 100),
    ({"plan": {"quantity": 30}}, 30),
    ({"plan": [{"quantity": 30}]}, 30),  # a list of one object counts as the object
    ({"quantity": "many", "extensions": 12}, 12),  # a value that is not a count does not count
    ({"quantity": -1}, None),
    ({"quantity": True}, None),
    ({"quantity": 12.5}, None),
    ({}, None),
])
def test_extension_count(entry, expected):
    assert normalise_instance(entry)["extensions"] == expected
    assert instance_extensions(entry) == expected


def test_instance_extensions_takes_a_normalised_entry_too():
    normal = normalise_instance(SIM_ROW)
    assert instance_extensions(normal) == 50
    assert instance_extensions(dict(normal, extensions=None)) is None
    assert instance_extensions(None) is None


@pytest.mark.parametrize("entry, plan_id, plan_name", [
    ({"planId": 3048941892189077504, "planName": "Enterprise Plan"}, "3048941892189077504", "Enterprise Plan"),
    ({"currentPlanId": "7", "currentPlan": "Ultimate Plan"}, "7", "Ultimate Plan"),
    ({"plan": {"id": "7", "name": "Ultimate Plan"}}, "7", "Ultimate Plan"),
    ({"plan": {"planId": 7, "planName": "Ultimate Plan"}}, "7", "Ultimate Plan"),
    ({"plan": "Standard Plan"}, None, "Standard Plan"),
    ({"currentPlan": {"planId": "9", "planName": "Trial"}}, "9", "Trial"),
    ({"planName": "", "currentPlan": ""}, None, None),
])
def test_plan_keys_and_nesting(entry, plan_id, plan_name):
    got = normalise_instance(entry)
    assert (got["plan_id"], got["plan_name"]) == (plan_id, plan_name)


@pytest.mark.parametrize("entry, expire_time, expire_date", [
    ({"expireTime": 1798761600000}, 1798761600000, "2027-01-01"),
    ({"expireTime": "1798761600000"}, 1798761600000, "2027-01-01"),
    ({"expireTime": 1798761600}, 1798761600000, "2027-01-01"),  # epoch seconds
    ({"expireTime": 0, "currentPlanExpireDate": "2027-01-02"}, 1798848000000, "2027-01-02"),  # 0 is "none"
    ({"expireDate": "2027-01-01"}, 1798761600000, "2027-01-01"),
    ({"expiryTime": "2027/01/01"}, 1798761600000, "2027-01-01"),
    ({"currentPlanExpireDate": "2027-01-01 23:30:00"}, 1798846200000, "2027-01-01"),
    ({"expirationDate": "2027-01-01T23:30:00+08:00"}, 1798817400000, "2027-01-01"),
    ({"expireDate": "2027-01-01T23:30:00Z"}, 1798846200000, "2027-01-01"),
    ({"plan": {"expireTime": 1798761600000}}, 1798761600000, "2027-01-01"),
    ({"expireDate": "next year"}, None, None),
    ({"expireDate": "2027-02-30"}, None, None),
    ({}, None, None),
])
def test_expiry_in_its_forms(entry, expire_time, expire_date):
    got = normalise_instance(entry)
    assert (got["expire_time"], got["expire_date"]) == (expire_time, expire_date)


@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), (1, True), (0, False), ("true", True), ("FALSE", False), ("yes", True),
    ("maybe", None), (2, None),
])
def test_trial_flag(value, expected):
    assert normalise_instance({"trial": value})["trial"] is expected
    assert normalise_instance({"isTrial": value})["trial"] is expected


@pytest.mark.parametrize("value, expected", [("trial", True), ("Formal", False), ("expired", None)])
def test_trial_status_words(value, expected):
    assert normalise_instance({"trialStatus": value})["trial"] is expected
    # Those words say nothing about activation.
    assert normalise_instance({"activated": value})["activation_status"] is None


@pytest.mark.parametrize("entry, expected", [
    ({"activationStatus": "ACTIVATED"}, "activated"),
    ({"activateStatus": "unactivated"}, "unactivated"),
    ({"activated": True}, "activated"),
    ({"isActivated": "false"}, "unactivated"),
    ({"activationStatus": ""}, None),
])
def test_activation_status(entry, expected):
    assert normalise_instance(entry)["activation_status"] == expected


@pytest.mark.parametrize("entry, expected", [
    ({"serviceList": [{"serviceId": 3049032352364388352, "serviceName": "Recording Minutes", "quantity": "5000"}]},
     [{"service_id": "3049032352364388352", "service_name": "Recording Minutes", "quantity": 5000}]),
    ({"services": [{"id": "5", "name": "Hot Standby", "count": 1}]},
     [{"service_id": "5", "service_name": "Hot Standby", "quantity": 1}]),
    ({"addOnList": [{"pricingServiceId": "5"}]}, [{"service_id": "5", "service_name": None, "quantity": None}]),
    ({"services": {"5": 2, "6": {"serviceName": "X", "quantity": 3}}},
     [{"service_id": "5", "service_name": None, "quantity": 2}, {"service_id": "6", "service_name": "X", "quantity": 3}]),
    ({"services": ["5"]}, [{"service_id": "5", "service_name": None, "quantity": None}]),
    ({"serviceList": "none"}, []),
    ({"serviceList": None}, []),
])
def test_services(entry, expected):
    assert normalise_instance(entry)["services"] == expected


def test_other_names_for_every_field_at_once():
    """A service that named everything differently, nested the plan and sent numbers as strings."""
    entry = {
        "ID": 77, "SN": "3651E0000415", "Product_Id": "12", "activate_status": "Activated", "activateCode": "A-B",
        "plan": {"id": 3048600342133456896, "name": "Standard Plan", "extensionCount": "25", "billingCycle": "monthly",
                 "expireDate": "2026-12-31"},
        "owner": {"yeastarId": "ops@initech.example"}, "isTrial": 0, "remark": "rack 4",
    }
    got = normalise_instance(entry)
    assert got == {
        "product_no": "3651E0000415", "product_id": 12, "instance_id": "77", "activation_status": "activated",
        "activation_code": "A-B", "plan_id": "3048600342133456896", "plan_name": "Standard Plan", "extensions": 25,
        "services": [], "billing_cycle": "monthly", "expire_time": 1798675200000, "expire_date": "2026-12-31",
        "owner": "ops@initech.example", "trial": False, "comment": "rack 4", "raw": entry,
    }


def test_unknown_fields_are_kept_in_raw_only():
    entry = dict(SIM_ROW, pbxUrl="acme.ras.yeastar.com", futureField={"x": 1})
    got = normalise_instance(entry)
    assert set(got) == KEYS
    assert got["raw"]["pbxUrl"] == "acme.ras.yeastar.com"


# --------------------------------------------------------------------------------------------------- matches

def test_matches_filters():
    inst = normalise_instance(SIM_ROW)
    assert matches(inst)
    assert matches(inst, product_no="3076913644890830001")
    assert matches(inst, product_no=["x", "3076913644890830001"])
    assert not matches(inst, product_no="3076913644890830002")
    assert matches(inst, owner="Color123@Yeastar.COM")
    assert not matches(inst, owner="ops@initech.example")
    assert matches(inst, activation_status="activated")
    assert matches(inst, activation_status=["unactivated", "ACTIVATED"])
    assert not matches(inst, activation_status=["unactivated", "unknown"])
    assert not matches(inst, owner="color123@yeastar.com", activation_status="unactivated")


def test_serial_numbers_compare_without_case():
    inst = normalise_instance({"productNo": "3631E3418911"})
    assert matches(inst, product_no="3631e3418911")


def test_an_instance_without_owner_matches_no_owner_filter():
    inst = normalise_instance({"productNo": "1"})
    assert not matches(inst, owner="color123@yeastar.com")
    assert matches(inst, owner=None)
    assert not matches(inst, activation_status="unknown")  # not given is not "unknown"


# ---------------------------------------------------------------------------------------------------- regions

def test_the_simulators_region_list():
    assert normalise_regions(copy.deepcopy(SIM_REGIONS)) == NORMAL_REGIONS


@pytest.mark.parametrize("wrapped", [
    {"regions": SIM_REGIONS},
    {"regionList": SIM_REGIONS},
    {"results": SIM_REGIONS, "total": 3},
    {"data": {"list": SIM_REGIONS}},
    {"region": SIM_REGIONS},
])
def test_region_list_wrapped(wrapped):
    assert normalise_regions(copy.deepcopy(wrapped)) == NORMAL_REGIONS


def test_region_list_with_other_names_and_types():
    result = [
        {"regionId": 1, "regionName": "Europe (Frankfurt)",
         "domains": [{"id": 11, "suffixes": [".RAS.yeastar.com", "eu.ras.yeastar.com", "ras.yeastar.com"]}]},
        {"RegionId": "2", "Name": "United States (Virginia)", "domainList": {"subDomainId": "21", "suffix": "us.ras.yeastar.com"}},
        {"id": 3, "name": "Asia Pacific (Singapore)", "pbxSubDomain": "sg.ras.yeastar.com", "pbxSubDomainId": 31},
        {"id": "4", "name": "Empty"},
        "not a region",
    ]
    assert normalise_regions(result) == NORMAL_REGIONS + [{"id": "4", "name": "Empty", "domains": []}]


def test_region_with_bare_suffix_texts():
    got = normalise_regions([{"id": "9", "name": "Test", "region": ["a.example", "b.example"]}])
    assert got == [{"id": "9", "name": "Test", "domains": [{"id": None, "suffixes": ["a.example"]},
                                                           {"id": None, "suffixes": ["b.example"]}]}]


@pytest.mark.parametrize("result", [None, [], {}, "x", {"unrelated": [1, 2]}, True])
def test_region_list_empty_or_unreadable(result):
    assert normalise_regions(result) == []


# ------------------------------------------------------------------------------------------------ find_region

@pytest.mark.parametrize("region, suffix, expected", [
    ("1", "ras.yeastar.com", ("1", "11", "ras.yeastar.com")),
    (1, "eu.ras.yeastar.com", ("1", "11", "eu.ras.yeastar.com")),
    ("europe (frankfurt)", ".EU.ras.yeastar.com", ("1", "11", "eu.ras.yeastar.com")),
    ("2", None, ("2", "21", "us.ras.yeastar.com")),
    ("United States (Virginia)", "21", ("2", "21", "us.ras.yeastar.com")),
    (None, "sg.ras.yeastar.com", ("3", "31", "sg.ras.yeastar.com")),
    (None, 31, ("3", "31", "sg.ras.yeastar.com")),
    # A domain chosen by its id, or as the region's only domain, that offers several suffixes: no suffix is chosen.
    ("1", "11", ("1", "11", None)),
    ("1", None, ("1", "11", None)),
    (None, "11", ("1", "11", None)),
])
def test_find_region(region, suffix, expected):
    found_region, domain, found_suffix = find_region(NORMAL_REGIONS, region, suffix)
    assert (found_region["id"], domain["id"], found_suffix) == expected


@pytest.mark.parametrize("region, suffix, message", [
    ("9", None, r"region '9' not found. Known: 1 \(Europe \(Frankfurt\)\), 2 \(United States"),
    ("Mars", "ras.yeastar.com", "region 'Mars' not found"),
    ("1", "us.ras.yeastar.com", "Domain suffix 'us.ras.yeastar.com' is not offered in region 1"),
    (None, "nowhere.example", "not offered in any region. Known: 1 .*11 \\[ras.yeastar.com, eu.ras.yeastar.com\\]"),
    (None, None, "no region or domain suffix given"),
    ("", None, "empty region"),
])
def test_find_region_fails_naming_the_candidates(region, suffix, message):
    with pytest.raises(LookupFailed, match=message):
        find_region(NORMAL_REGIONS, region, suffix)


def test_find_region_ambiguous_name_and_suffix():
    regions = normalise_regions([
        {"id": "1", "name": "Europe", "region": [{"pbxSubDomain": ["eu.example"], "pbxSubDomainId": "11"}]},
        {"id": "2", "name": "EUROPE", "region": [{"pbxSubDomain": ["eu.example"], "pbxSubDomainId": "21"}]},
    ])
    with pytest.raises(LookupFailed, match=r"region 'europe' is ambiguous; it matches 1 \(Europe\), 2 \(EUROPE\)"):
        find_region(regions, "europe", "eu.example")
    with pytest.raises(LookupFailed, match="'eu.example' is offered in several places"):
        find_region(regions, None, "eu.example")
    region, domain, suffix = find_region(regions, "2", "eu.example")  # by id it is one
    assert (region["id"], domain["id"], suffix) == ("2", "21", "eu.example")


def test_find_region_prefers_the_id_over_a_name():
    regions = normalise_regions([{"id": "1", "name": "2", "region": ["a.example"]},
                                 {"id": "2", "name": "Other", "region": ["b.example"]}])
    assert find_region(regions, "2")[0]["name"] == "Other"


def test_find_region_with_several_domains_needs_one_named():
    regions = normalise_regions([{"id": "1", "name": "Europe", "region": [
        {"pbxSubDomain": ["a.example"], "pbxSubDomainId": "11"},
        {"pbxSubDomain": ["b.example", "c.example"], "pbxSubDomainId": "12"}]}])
    with pytest.raises(LookupFailed, match=r"region 1 \(Europe\) has several domains; choose a suffix or a domain id of "
                                           r"11 \[a.example\], 12 \[b.example, c.example\]"):
        find_region(regions, "Europe")
    assert find_region(regions, "Europe", "12")[1:] == ({"id": "12", "suffixes": ["b.example", "c.example"]}, None)
    assert find_region(regions, "Europe", "c.example")[1:] == ({"id": "12", "suffixes": ["b.example", "c.example"]},
                                                               "c.example")
    with pytest.raises(LookupFailed, match="offers no domain suffix"):
        find_region(normalise_regions([{"id": "2", "name": "Bare"}]), "2")


def test_find_region_in_an_empty_list():
    with pytest.raises(LookupFailed, match="Known: none"):
        find_region([], "1")
