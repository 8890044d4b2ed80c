# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The controller cache: symbolic links and folders of others are refused, and a link put in place of a folder or a
file after the cache was opened redirects nothing; one account has one ledger and one set of locks, whichever
credential and whichever spelling of the API URL reaches it (issue 15)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import glob
import json
import os

import pytest

pytest.importorskip("requests")

# pylint: disable=wrong-import-position
from ansible.module_utils import basic  # noqa: E402
from ansible.module_utils.common.text.converters import to_bytes  # noqa: E402

from ansible_collections.yeastar.partner.plugins.module_utils._cache import AccountCache, CacheError  # noqa: E402
from ansible_collections.yeastar.partner.tests.unit.module_runner import (  # noqa: E402
    ModuleExit,
    module_args,
    results,
    start_module,
)

# Only names the cache had before issue 15 are imported here, so that every test can also be run against the old code;
# the new functions are imported by the tests that need them.
URL = "https://openapi.example.invalid"
OTHER_UID = 4242
ORDER_SAVE = "/order/openapi/order/v1/save"
USER_SAVE = "/user/openapi/user/v1/client/save_user"
BILLING = "3197218168379846218"
TURNKEY_DEVICE = "3076913644890830001"  # seed: product 14, Enterprise Plan, 50 extensions, annually
RENEWAL = {"operation": "renew_plan", "product_id": 14, "product_no": TURNKEY_DEVICE, "billing_id": BILLING,
           "po_number": "RENEW-ISSUE15-0001", "items": [{"type": "plan", "name": "Enterprise Plan", "multi_cycle": 1}]}
NEWCO = {"yeastar_id": "newco@example.com", "company": "NewCo GmbH", "country": "Germany", "first_name": "Nina",
         "last_name": "Neumann", "city": "Hamburg", "zip_code": "20095", "tax_type": "VAT_number",
         "tax_number": "DE987654321", "remark": "from Ansible"}

needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="needs root, to give a folder to another user")


def private(path):
    os.makedirs(str(path))
    os.chmod(str(path), 0o700)
    return str(path)


def everything_in(path):
    """Every file and folder under ``path``, relative to it."""
    found = []
    for top, dirs, files in os.walk(str(path)):
        found.extend(os.path.relpath(os.path.join(top, name), str(path)) for name in dirs + files)
    return sorted(found)


def jwt(claims):
    """A token shaped like the Partner Portal's (unsigned here: only the payload is read)."""
    def part(data):
        return base64.urlsafe_b64encode(to_bytes(json.dumps(data))).rstrip(b"=").decode("ascii")
    return "%s.%s.%s" % (part({"alg": "HS256", "typ": "JWT"}), part(claims), "c2lnbmF0dXJl")


# ---------------------------------------------------------------------------------------------------------------------
# finding 1: links and folders of others

@pytest.mark.parametrize("owner", [
    pytest.param("other", marks=needs_root, id="to a folder of another user"),
    pytest.param("own", id="to a private folder of ones own"),
])
def test_a_cache_dir_that_is_a_link_is_refused(tmp_path, owner):
    target = private(tmp_path / "target")
    if owner == "other":
        os.chown(target, OTHER_UID, OTHER_UID)
    link = str(tmp_path / "cache")
    os.symlink(target, link)
    with pytest.raises(CacheError) as err:
        AccountCache(link, URL, client_id="x")
    msg = str(err.value)
    # Refused as a link (even one to an own private folder), saying what to do.
    assert "%s is a symbolic link (to %s)" % (link, target) in msg
    assert "even when it leads to a folder of your own" in msg
    assert "Set cache_dir (or YEASTAR_CACHE_DIR) to a private folder of your own" in msg
    assert everything_in(target) == []


def test_an_account_folder_that_is_a_link_is_refused(tmp_path):
    root = private(tmp_path / "cache")
    elsewhere = private(tmp_path / "elsewhere")
    key = os.path.basename(AccountCache(root, URL, client_id="x").path)
    os.rmdir(os.path.join(root, key))
    os.symlink(elsewhere, os.path.join(root, key))
    with pytest.raises(CacheError) as err:
        AccountCache(root, URL, client_id="x")
    assert "is a symbolic link" in str(err.value) and "YEASTAR_CACHE_DIR" in str(err.value)
    assert everything_in(elsewhere) == []


@pytest.mark.parametrize("swapped", ["cache folder", "account folder"])
def test_a_folder_swapped_for_a_link_after_opening_redirects_nothing(tmp_path, swapped):
    root = private(tmp_path / "cache")
    cache = AccountCache(root, URL, client_id="x")
    key = os.path.basename(cache.path)
    cache.write_json("ledger.json", {"n": 1})
    # Someone moves the checked folder away and puts a link to a folder of theirs in its place (with the account
    # folder the old code would write into).
    evil = private(tmp_path / "evil")
    private(os.path.join(evil, key))
    moved = str(tmp_path / "moved")
    if swapped == "cache folder":
        os.rename(root, moved)
        os.symlink(evil, root)
        account = os.path.join(moved, key)
    else:
        os.rename(cache.path, moved)
        os.symlink(os.path.join(evil, key), cache.path)
        account = moved
    cache.write_json("ledger.json", {"n": 2}, durable=True)
    cache.write_json("token.json", {"token": "t"})
    with cache.lock("ledger.lock", "the order ledger"):
        pass
    with cache.lock("keys/abc.lock", "the order lock of poNumber X"):
        pass
    assert cache.read_json("ledger.json") == {"n": 2} and cache.stat("ledger.json") is not None
    cache.remove("token.json")
    # Everything landed in the folder that was checked; nothing in the new target of the path.
    assert everything_in(evil) == [key]
    assert everything_in(account) == ["keys", "keys/abc.lock", "ledger.json", "ledger.lock"]
    with open(os.path.join(account, "ledger.json")) as handle:
        assert json.load(handle) == {"n": 2}


def test_a_file_replaced_by_a_link_is_neither_read_nor_written_through(tmp_path):
    cache = AccountCache(private(tmp_path / "cache"), URL, client_id="x")
    outside = private(tmp_path / "outside")
    victim = os.path.join(outside, "victim.json")
    with open(victim, "w") as handle:
        json.dump({"planted": True}, handle)
    cache.write_json("ledger.json", {"n": 1})
    ledger = cache.file("ledger.json")
    os.unlink(ledger)
    os.symlink(victim, ledger)
    # Reading does not follow the link: as if there were no file.
    assert cache.read_json("ledger.json") is None
    assert cache.stat("ledger.json") is None
    # Writing replaces the link by a file of its own; the link's target is untouched.
    cache.write_json("ledger.json", {"n": 2})
    assert not os.path.islink(ledger) and cache.read_json("ledger.json") == {"n": 2}
    with open(victim) as handle:
        assert json.load(handle) == {"planted": True}
    # A lock file replaced by a link is refused, and nothing is created where the link points.
    os.symlink(os.path.join(outside, "made.lock"), cache.file("ledger.lock"))
    with pytest.raises(CacheError) as err:
        with cache.lock("ledger.lock", "the order ledger"):
            pass
    assert "symbolic link" in str(err.value)
    # A subfolder of locks replaced by a link is refused too.
    os.symlink(private(os.path.join(outside, "keys")), cache.file("keys"))
    with pytest.raises(CacheError) as err:
        cache.lock("keys/abc.lock", "the order lock of poNumber X")
    assert "is a symbolic link" in str(err.value)
    assert everything_in(outside) == ["keys", "victim.json"]


@pytest.mark.parametrize("where,mode", [("cache folder", 0o770), ("account folder", 0o720), ("subfolder", 0o702)],
                         ids=["cache folder", "account folder", "subfolder"])
def test_a_folder_others_may_write_is_refused(tmp_path, where, mode):
    root = private(tmp_path / "cache")
    cache = AccountCache(root, URL, client_id="x")
    with cache.lock("keys/abc.lock", "the order lock of poNumber X"):
        pass
    os.chmod({"cache folder": root, "account folder": cache.path, "subfolder": cache.file("keys")}[where], mode)
    with pytest.raises(CacheError) as err:
        AccountCache(root, URL, client_id="x").lock("keys/abc.lock", "the order lock of poNumber X")
    assert "can be written by other users (mode %o)" % mode in str(err.value)
    assert "YEASTAR_CACHE_DIR" in str(err.value)


@needs_root
def test_a_folder_of_another_user_is_refused(tmp_path):
    root = private(tmp_path / "cache")
    os.chown(root, OTHER_UID, OTHER_UID)
    with pytest.raises(CacheError) as err:
        AccountCache(root, URL, client_id="x")
    assert "belongs to another user (uid %d)" % OTHER_UID in str(err.value)


def test_files_are_private_and_a_failed_write_leaves_nothing_behind(tmp_path):
    cache = AccountCache(private(tmp_path / "cache"), URL, client_id="x")
    cache.write_json("ledger.json", {"n": 1})
    assert os.stat(cache.file("ledger.json")).st_mode & 0o777 == 0o600
    with pytest.raises(TypeError):
        cache.write_json("ledger.json", {"n": object()})
    assert cache.read_json("ledger.json") == {"n": 1}
    assert everything_in(cache.path) == ["ledger.json"]


# ---------------------------------------------------------------------------------------------------------------------
# finding 2: one account, one ledger

def test_api_urls_are_normalised():
    from ansible_collections.yeastar.partner.plugins.module_utils._identity import normalise_api_url
    for url in ("https://API.Example.com:443/", "HTTPS://api.example.com", "https://api.example.com.//", " https://api.example.com "):
        assert normalise_api_url(url) == "https://api.example.com", url
    assert normalise_api_url("http://Example.com:80/") == "http://example.com"
    assert normalise_api_url("https://example.com:80/") == "https://example.com:80"
    assert normalise_api_url("http://127.0.0.1:8443/Base/Path/") == "http://127.0.0.1:8443/Base/Path"
    assert normalise_api_url("https://[::1]:443/") == "https://[::1]"


def test_the_user_a_token_names_is_read_without_checking_it(simulator_session):
    from ansible_collections.yeastar.partner.plugins.module_utils._identity import token_user
    token = simulator_session.token()
    email = simulator_session.state()["partner"]["email"]
    assert token_user(token) == email.lower()
    assert token_user("Bearer " + token) == email.lower()
    assert token_user(jwt({"user_name": "  Ops@Example.COM "})) == "ops@example.com"
    payload = token.split(".")[1]
    for opaque in (None, "", "opaque-token", "a.b", "a.!!!.c", "a.%s.c" % base64.b64encode(b"not json").decode(), "x" * 70000,
                   jwt(["user_name"]), jwt({"client_id": "cid"}), jwt({"user_name": 7}), jwt({"user_name": " "}),
                   "%s.%s" % (token, payload), b"\xff.\xfe.\xfd"):
        assert token_user(opaque) is None, opaque


def test_one_key_per_account_whichever_credential_and_url_spelling(tmp_path):
    from ansible_collections.yeastar.partner.plugins.module_utils._cache import account_key, identity_key
    assert identity_key("https://API.Example.com:443/", "Ops@Example.com") == identity_key("https://api.example.com", "ops@example.com")
    assert identity_key(URL, "a@example.com") != identity_key(URL, "b@example.com")
    assert identity_key(URL + "/one", "a@example.com") != identity_key(URL + "/two", "a@example.com")
    assert identity_key(URL, "a@example.com") not in (account_key(URL, "a@example.com"), account_key(URL, None, "a@example.com"))
    # The credentials' folder (the shared token) follows the URL's spelling too, and keeps its old name for a plain URL.
    assert account_key("https://API.Example.com:443/", "cid") == account_key("https://api.example.com", "cid")
    # Client credentials and an access token of one account: one folder for the ledger and the locks.
    root = private(tmp_path / "cache")
    token = jwt({"user_name": "ops@example.com", "client_id": "cid"})
    by_client = AccountCache(root, "https://API.Example.com:443/", client_id="cid")
    by_token = AccountCache(root, "https://api.example.com", access_token=token)
    assert by_client.path != by_token.path
    assert by_client.for_token(token).path == by_token.for_token(token).path
    assert by_token.for_token(token).user == "ops@example.com"
    assert by_client.for_token(jwt({"user_name": "other@example.com"})).path != by_client.for_token(token).path
    # A token that names nobody: the credentials' folder, as before.
    assert by_token.for_token("opaque") is by_token


@pytest.fixture
def sim(simulator_session, monkeypatch):
    """The session's simulator with the seed data; modules run in-process end with ModuleExit."""
    simulator_session.reset()
    simulator_session.clear_log()

    def exit_json(self, **kwargs):
        raise ModuleExit(False, kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs["msg"] = msg
        raise ModuleExit(True, kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, warning: None)
    return simulator_session


def run_order(sim, cache_dir, credentials, **args):
    from ansible_collections.yeastar.partner.plugins.modules import yeastar_order
    full = dict(api_url=sim.base_url, cache_dir=cache_dir, **credentials)
    full.update(RENEWAL)
    full.update(args)
    with module_args(full):
        with pytest.raises(ModuleExit) as info:
            yeastar_order.main()
    return info.value.failed, info.value.result


def client_credentials(sim):
    return {"client_id": sim.client_id, "client_secret": sim.client_secret}


def test_the_partner_module_keeps_one_ledger_folder_per_account(sim, tmp_path):
    from ansible_collections.yeastar.partner.plugins.module_utils._module import ModuleRuntime
    cache_dir = private(tmp_path / "cache")
    token = sim.token()

    def module(**args):
        with module_args(dict(cache_dir=cache_dir, **args)):
            return ModuleRuntime(argument_spec={})

    port = sim.base_url.rsplit(":", 1)[1]
    ways = [module(api_url=sim.base_url, **client_credentials(sim)),
            module(api_url="HTTP://127.0.0.1:%s//" % port, **client_credentials(sim)),
            module(api_url=sim.base_url + "/", access_token=token)]
    assert len(set(m.ledger.store.cache.path for m in ways)) == 1
    # The shared access token stays with the credentials.
    assert ways[0].cache.path == ways[1].cache.path != ways[2].cache.path
    # Default ports and host name case (no request is sent for a handed-in token).
    assert module(api_url="https://API.Example.com:443/", access_token=token).ledger.store.cache.path == \
        module(api_url="https://api.example.com", access_token=token).ledger.store.cache.path
    assert module(api_url="https://api.example.com/a", access_token=token).ledger.store.cache.path != \
        module(api_url="https://api.example.com/b", access_token=token).ledger.store.cache.path
    # A token that names nobody: the ledger stays in the folder of that token, shared with nobody else.
    opaque = module(api_url=sim.base_url, access_token="opaque-token")
    assert opaque.ledger.store.cache.path == opaque.cache.path
    assert opaque.ledger.store.cache.path not in [m.ledger.store.cache.path for m in ways]


def test_a_ledger_the_credentials_folder_held_is_carried_over_once(sim, tmp_path):
    from ansible_collections.yeastar.partner.plugins.module_utils._module import ModuleRuntime
    cache_dir = private(tmp_path / "cache")
    # What a controller that kept the ledger in the credentials' folder left there, with an open question.
    old = {"version": 1, "orders": {}, "contents": {}, "unknown": {"PO-1": {"at": "then", "reason": "timeout"}}}
    AccountCache(cache_dir, sim.base_url, client_id=sim.client_id).write_json("ledger.json", old)
    with module_args(dict(cache_dir=cache_dir, api_url=sim.base_url, **client_credentials(sim))):
        module = ModuleRuntime(argument_spec={})
    assert module.ledger.store.cache.path != module.cache.path
    assert module.ledger.store.cache.read_json("ledger.json") == old
    # Once: what the account's ledger holds afterwards is not overwritten by the credentials' old copy.
    module.ledger.store.cache.write_json("ledger.json", dict(old, unknown={}))
    with module_args(dict(cache_dir=cache_dir, api_url=sim.base_url, access_token=sim.token())):
        module = ModuleRuntime(argument_spec={})
    assert module.ledger.store.cache.read_json("ledger.json") == dict(old, unknown={})


def test_an_order_made_with_client_credentials_is_found_by_a_run_with_an_access_token(sim, tmp_path):
    cache_dir = str(tmp_path / "cache")
    failed, first = run_order(sim, cache_dir, client_credentials(sim))
    assert not failed, first["msg"]
    assert first["changed"] is True and sim.count("POST", ORDER_SAVE) == 1
    port = sim.base_url.rsplit(":", 1)[1]
    failed, again = run_order(sim, cache_dir, {"access_token": sim.token()}, api_url="HTTP://127.0.0.1:%s/" % port)
    assert not failed, again["msg"]
    assert again["changed"] is False and sim.count("POST", ORDER_SAVE) == 1
    assert again["order"]["orderNo"] == first["order"]["orderNo"]
    # One ledger for the account, not one per credential.
    assert len(glob.glob(os.path.join(cache_dir, "*", "ledger.json"))) == 1


def test_an_unknown_outcome_with_client_credentials_holds_back_a_run_with_an_access_token(sim, tmp_path):
    cache_dir = str(tmp_path / "cache")
    # The order request is cut off before the portal handles it: the outcome is unknown, the list shows no order.
    sim.add_fault(method="POST", path=ORDER_SAVE, drop="before", times=1)
    failed, first = run_order(sim, cache_dir, client_credentials(sim), retries=0, timeout=5)
    assert failed and "unknown" in first["msg"], first["msg"]
    failed, again = run_order(sim, cache_dir, {"access_token": sim.token()})
    assert failed and "its outcome was never known" in again["msg"], again["msg"]
    assert sim.count("POST", ORDER_SAVE) == 1
    assert not [o for o in sim.state()["orders"] if o.get("customReferenceNo") == RENEWAL["po_number"]]


@pytest.mark.parametrize("name,args,save", [("yeastar_order", RENEWAL, ORDER_SAVE), ("yeastar_partner", NEWCO, USER_SAVE)],
                         ids=["yeastar_order", "yeastar_partner"])
def test_two_credentials_of_one_account_at_once_share_the_lock(simulator_session, tmp_path, name, args, save):
    sim = simulator_session
    sim.reset()
    # The create requests wait 4 s before the portal handles them: without a common lock, the second run looks (and
    # finds nothing) while the first run's request is on its way, and sends its own.
    sim.add_fault(method="POST", path=save, delay=4.0, times=2)
    sim.clear_log()
    ways = [client_credentials(sim), {"access_token": sim.token()}]
    outcomes = results([start_module(name, dict(args, api_url=sim.base_url, cache_dir=str(tmp_path / "cache"), **way))
                        for way in ways])
    assert [o.get("failed", False) for o in outcomes] == [False, False], [o["msg"] for o in outcomes]
    assert sorted(o["changed"] for o in outcomes) == [False, True]
    assert sim.count("POST", save) == 1
