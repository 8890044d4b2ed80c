# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory plugin yeastar.partner.partners against the real simulator over loopback: host names, host variables,
groups, filters, the inventory cache (a hit sends nothing and the cache holds no credential), errors before anything
is sent, and no secret in any error. Answers the simulator cannot give (a wrapped list, odd entries) are served by a
stand-in for the HTTP session, the token still comes from the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import json
import os
import stat

import pytest
import requests
import yaml

from ansible import constants as C
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import fragment_loader
from ansible.utils.display import Display
from ansible.utils.plugin_docs import add_fragments

from ansible_collections.yeastar.partner.plugins.inventory import partners
from ansible_collections.yeastar.partner.plugins.module_utils import _client
from ansible_collections.yeastar.partner.plugins.module_utils._connection import Connection

NAME = "yeastar.partner.partners"
REAL_SESSION = requests.Session
PARTNER_LIST = "/user/openapi/user/v1/client/partner_list"
TOKEN = "/auth/openapi/v1/oauth/token"
SAVE_USER = "/user/openapi/user/v1/client/save_user"
SEED = {
    "color123_yeastar_com": "color123@yeastar.com",
    "it_acme_telecom_example": "it@acme-telecom.example",
    "admin_globex_example": "admin@globex.example",
    "ops_initech_example": "ops@initech.example",
}
DOCUMENTED = ("partner_id", "email", "company", "first_name", "last_name", "country", "state_province", "city", "street",
              "zip_code", "phone_number", "tax_num", "remark", "user_type")


def new_plugin():
    """The plugin as the plugin loader makes it: its options (with the constructed and inventory_cache fragments) known
    to the configuration manager, whether or not ansible-test's collection loader is in place."""
    if not C.config.get_configuration_definitions("inventory", NAME):
        doc = yaml.safe_load(partners.DOCUMENTATION)
        # This collection's fragments by import (the fragment loader finds them only through a collection loader).
        fragments = doc.pop("extends_documentation_fragment")
        for fragment in [f for f in fragments if f.startswith("yeastar.partner.")]:
            parts = fragment.split(".")
            source = importlib.import_module("ansible_collections.yeastar.partner.plugins.doc_fragments.%s" % parts[2])
            section = parts[3].upper() if len(parts) > 3 else "DOCUMENTATION"
            options = yaml.safe_load(getattr(source.ModuleDocFragment, section))["options"]
            doc["options"] = dict(options, **doc["options"])
        doc["extends_documentation_fragment"] = [f for f in fragments if not f.startswith("yeastar.partner.")]
        add_fragments(doc, partners.__file__, fragment_loader=fragment_loader)
        C.config.initialize_plugin_configuration_definitions("inventory", NAME, doc["options"])
    plugin = partners.InventoryModule()
    plugin._load_name = NAME
    plugin._redirected_names = [NAME]
    return plugin


def plain(value):
    """A value of the inventory as plain Python data (no unsafe or tagged wrappers)."""
    return json.loads(json.dumps(value))


class Inventory:
    """What one run of the plugin made: hosts with their own variables, groups with their hosts and variables."""

    def __init__(self, data):
        self.data = data
        self.hosts = dict((name, plain(host.vars)) for name, host in data.hosts.items())
        self.groups = dict((name, sorted(h.name for h in group.get_hosts())) for name, group in data.groups.items())
        self.group_vars = dict((name, plain(group.vars)) for name, group in data.groups.items())

    def text(self):
        return json.dumps([self.hosts, self.groups, self.group_vars])


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """No YEASTAR_* setting of the machine running the tests leaks in."""
    for key in list(os.environ):
        if key.startswith("YEASTAR_") and key != "YEASTAR_CACHE_DIR":
            monkeypatch.delenv(key)


@pytest.fixture
def sim(simulator_session):
    simulator_session.reset()
    return simulator_session


@pytest.fixture
def run(sim, tmp_path):
    """run(config options..., flush=False, name=...) -> Inventory; the connection options reach the simulator unless
    the test says otherwise (None leaves an option out). flush=True is --flush-cache."""

    def _run(flush=False, name="test.yeastar.yml", **options):
        config = {"plugin": NAME, "api_url": sim.base_url, "client_id": sim.client_id,
                  "client_secret": sim.client_secret}
        config.update(options)
        config = dict((k, v) for k, v in config.items() if v is not None)
        path = tmp_path / name
        path.write_text(yaml.safe_dump(config))
        data = InventoryData()
        plugin = new_plugin()
        plugin.parse(data, DataLoader(), str(path), cache=not flush)
        try:
            plugin.update_cache_if_changed()  # as the inventory manager does after a parse
        except AttributeError:
            pass  # no cache configured (ansible-core 2.19 and later)
        return Inventory(data)
    return _run


def add_user(sim, yeastar_id, **fields):
    body = {"userType": "Customer", "yeastarId": yeastar_id, "company": "Clash Ltd", "country": "Ireland",
            "firstName": "Test"}
    body.update(fields)
    answer = sim.api("POST", SAVE_USER, json_body=body)
    assert answer.status == 200, answer


# ---------------------------------------------------------------------------------------------------------------- hosts


def test_every_user_is_a_host_named_after_its_yeastar_id(run, sim):
    inv = run()
    assert sorted(inv.hosts) == sorted(SEED)
    assert inv.groups["yeastar_partners"] == sorted(SEED)
    for host, yeastar_id in SEED.items():
        assert inv.hosts[host]["yeastar_partner_id"] == yeastar_id
    color = inv.hosts["color123_yeastar_com"]
    assert set("yeastar_" + field for field in DOCUMENTED) <= set(color)
    assert color["yeastar_company"] == "Color Tech"
    assert color["yeastar_country"] == "China"
    assert color["yeastar_zip_code"] == "361000"
    assert color["yeastar_state_province"] == "Fujian"
    assert color["yeastar_user_type"] == "Enduser"
    # One token request and one read of the list, nothing else.
    assert [(r["method"], r["path"]) for r in sim.requests()] == [("POST", TOKEN), ("GET", PARTNER_LIST)]


def test_hosts_run_on_the_controller_unless_told_otherwise(run):
    inv = run()
    assert inv.group_vars["yeastar_partners"] == {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
    assert "ansible_connection" not in inv.hosts["color123_yeastar_com"]
    inv = run(group="")
    assert "yeastar_partners" not in inv.groups
    assert inv.hosts["color123_yeastar_com"]["ansible_connection"] == "local"
    assert inv.hosts["color123_yeastar_com"]["ansible_python_interpreter"] == "{{ ansible_playbook_python }}"
    inv = run(local_connection=False, group="tenants")
    assert inv.groups["tenants"] == sorted(SEED)
    assert "ansible_connection" not in inv.group_vars["tenants"]
    assert "ansible_connection" not in inv.hosts["color123_yeastar_com"]


def is_template(value):
    """Whether Ansible will template this string: trusted (ansible-core 2.19 and later), or not marked unsafe (2.18)."""
    try:
        from ansible.template import is_trusted_as_template
    except ImportError:
        from ansible.utils.unsafe_proxy import AnsibleUnsafe
        return not isinstance(value, AnsibleUnsafe)
    return is_trusted_as_template(value)


def test_only_the_interpreter_is_a_template(run):
    inv = run()
    interpreter = inv.data.groups["yeastar_partners"].vars["ansible_python_interpreter"]
    assert is_template(interpreter)
    host = inv.data.hosts["color123_yeastar_com"]
    for key in ("yeastar_company", "yeastar_partner_id", "yeastar_remark"):
        assert not is_template(host.vars[key]), key


def test_prefix_and_hostname_template(run):
    inv = run(prefix="ye_", hostname="{{ ye_company | lower | regex_replace('[^a-z0-9]+', '-') }}")
    assert sorted(inv.hosts) == ["acme-telecom-ltd", "color-tech", "globex-gmbh", "initech-llc"]
    assert inv.hosts["globex-gmbh"]["ye_partner_id"] == "admin@globex.example"
    assert not [key for key in inv.hosts["globex-gmbh"] if key.startswith("yeastar_")]
    inv = run(prefix="")
    assert inv.hosts["color123_yeastar_com"]["partner_id"] == "color123@yeastar.com"


def test_compose_groups_and_keyed_groups(run):
    inv = run(
        compose={"turnkey_purchase_partner_id": "yeastar_partner_id", "label": "yeastar_company ~ ' (' ~ yeastar_city ~ ')'"},
        groups={"tenants": "true", "uk": "yeastar_country == 'United Kingdom'"},
        keyed_groups=[{"key": "yeastar_country", "prefix": "country"}, {"key": "yeastar_company", "prefix": "company"}],
        strict=True)
    assert inv.hosts["it_acme_telecom_example"]["turnkey_purchase_partner_id"] == "it@acme-telecom.example"
    assert inv.hosts["color123_yeastar_com"]["label"] == "Color Tech (Xiamen)"
    assert inv.groups["tenants"] == sorted(SEED)
    assert inv.groups["uk"] == ["it_acme_telecom_example"]
    assert inv.groups["country_United_Kingdom"] == ["it_acme_telecom_example"]
    assert inv.groups["country_China"] == ["color123_yeastar_com"]
    assert inv.groups["company_Globex_GmbH"] == ["admin_globex_example"]
    assert inv.groups["company_Acme_Telecom_Ltd"] == ["it_acme_telecom_example"]


def test_strict_decides_whether_a_bad_compose_fails(run):
    inv = run(compose={"broken": "yeastar_no_such_field.x"}, strict=False)
    assert "broken" not in inv.hosts["color123_yeastar_com"]
    with pytest.raises(AnsibleError, match="broken"):
        run(compose={"broken": "yeastar_no_such_field.x"}, strict=True)


def test_values_from_the_api_are_never_templates(run, sim, tmp_path):
    marker = tmp_path / "templated"
    add_user(sim, "evil@clash.example", company="{{ lookup('pipe', 'touch %s') }}" % marker, remark="{{ 7 * 6 }}")
    inv = run(hostname="{{ yeastar_remark }}-{{ yeastar_partner_id }}",
              compose={"copy": "yeastar_company"}, keyed_groups=[{"key": "yeastar_company", "prefix": "company"}])
    host = inv.hosts["{{ 7 * 6 }}-evil@clash.example"]
    assert host["copy"] == "{{ lookup('pipe', 'touch %s') }}" % marker
    assert not marker.exists()


# -------------------------------------------------------------------------------------------------------------- filters


def test_countries_and_companies_ignore_case_and_spaces(run):
    assert sorted(run(countries=[" united kingdom", "GERMANY "]).hosts) == ["admin_globex_example", "it_acme_telecom_example"]
    assert sorted(run(companies=["color tech"]).hosts) == ["color123_yeastar_com"]
    # Both given: a user must pass both.
    assert sorted(run(countries=["China", "Germany"], companies=["Globex GmbH", "Initech LLC"]).hosts) == [
        "admin_globex_example"]
    assert run(countries=["Atlantis"]).hosts == {}


def test_filters_are_conditions_that_must_all_hold(run):
    inv = run(filters=["yeastar_user_type == 'Enduser'", "yeastar_tax_num != ''"])
    assert sorted(inv.hosts) == ["admin_globex_example", "it_acme_telecom_example"]
    inv = run(filters=["yeastar_partner_id is match('ops@')"], countries=["United States"])
    assert sorted(inv.hosts) == ["ops_initech_example"]
    # The groups hold only the hosts that passed.
    inv = run(filters=["yeastar_country != 'China'"], groups={"tenants": "true"})
    assert "color123_yeastar_com" not in inv.groups["tenants"] and len(inv.groups["tenants"]) == 3


def test_a_filter_that_cannot_be_evaluated_fails_even_when_not_strict(run):
    with pytest.raises(AnsibleParserError, match="yeastar_no_such_field") as info:
        run(filters=["yeastar_no_such_field.x == 1"], strict=False)
    assert "could not be evaluated" in str(info.value)


# ------------------------------------------------------------------------------------------------------------- clashes


def test_two_users_with_one_host_name_are_an_error_naming_both(run, sim):
    add_user(sim, "a.b@clash.example")
    add_user(sim, "a_b@clash.example")
    data = InventoryData()
    with pytest.raises(AnsibleParserError) as info:
        run()
    message = str(info.value)
    assert "a.b@clash.example" in message and "a_b@clash.example" in message and "a_b_clash_example" in message
    # The hostname option tells them apart; a template that does not is the same error.
    inv = run(hostname="{{ yeastar_partner_id }}")
    assert "a.b@clash.example" in inv.hosts and "a_b@clash.example" in inv.hosts
    with pytest.raises(AnsibleParserError, match="would both be the host Ireland"):
        run(hostname="{{ yeastar_country }}")
    assert not data.hosts


def test_a_clash_adds_no_host_at_all(sim, tmp_path):
    add_user(sim, "a.b@clash.example")
    add_user(sim, "a_b@clash.example")
    path = tmp_path / "clash.yeastar.yml"
    path.write_text(yaml.safe_dump({"plugin": NAME, "api_url": sim.base_url, "client_id": sim.client_id,
                                    "client_secret": sim.client_secret}))
    data = InventoryData()
    with pytest.raises(AnsibleParserError):
        new_plugin().parse(data, DataLoader(), str(path), cache=False)
    assert not data.hosts


def test_an_empty_host_name_is_an_error(run):
    with pytest.raises(AnsibleParserError, match="rendered an empty name for color123@yeastar.com"):
        run(hostname="{{ yeastar_remark }}")


# ------------------------------------------------------------------------------------------- configuration and secrets


BAD_CONFIG = [
    ({"api_url": "http://partner.example.com"}, "plain http:// to a host that is not this machine"),
    ({"api_url": "ftp://127.0.0.1"}, "api_url must be an https:// URL with a host name"),
    ({"api_url": "https://"}, "api_url must be an https:// URL with a host name"),
    ({"client_secret": None}, "client_id and client_secret go together"),
    ({"client_id": None}, "client_id and client_secret go together"),
    ({"client_id": None, "client_secret": None}, "No credentials"),
    ({"client_id": "  ", "client_secret": "\n"}, "No credentials"),
    ({"timeout": 0}, "timeout must be more than 0"),
    ({"timeout": 5000}, "at most 3600 seconds"),
    ({"retries": 11}, "retries must be a whole number between 0 and 10"),
    ({"retries": -1}, "retries must be a whole number between 0 and 10"),
    ({"ca_path": "/nonexistent/ca.pem"}, "ca_path /nonexistent/ca.pem is not a file"),
    ({"prefix": "1bad"}, "prefix must be letters, digits and _"),
    ({"prefix": "bad-prefix"}, "prefix must be letters, digits and _"),
    ({"prefix": "ansible_"}, "prefix 'ansible_' makes the host variables names that Ansible reserves"),
    ({"prefix": "Ansible_x_"}, "prefix 'Ansible_x_' makes the host variables names that Ansible reserves"),
    ({"group": "bad group"}, "group must be a valid group name"),
    ({"filters": [""]}, "each of filters must be a Jinja2 condition"),
    ({"retries": "many"}, "retries"),
    ({"plugin": "yeastar.partner.other"}, "Incorrect plugin name"),
]


@pytest.mark.parametrize("options, message", BAD_CONFIG, ids=[m for o, m in BAD_CONFIG])
def test_bad_configuration_fails_before_anything_is_sent(run, sim, options, message):
    with pytest.raises(AnsibleError) as info:
        run(**options)
    assert message in str(info.value)
    assert sim.client_secret not in str(info.value)
    assert sim.count() == 0


def test_http_to_another_host_needs_allow_http(run, sim, monkeypatch):
    # 0.0.0.0 is not a loopback address, yet on Linux a connection to it reaches this machine (the simulator).
    url = "http://0.0.0.0:%d" % sim.port
    with pytest.raises(AnsibleParserError, match="plain http://"):
        run(api_url=url)
    assert sim.count() == 0
    monkeypatch.setenv("YEASTAR_ALLOW_HTTP", "true")
    assert sorted(run(api_url=url).hosts) == sorted(SEED)


def test_connection_options_come_from_the_environment(run, sim, monkeypatch):
    monkeypatch.setenv("YEASTAR_API_URL", sim.base_url)
    monkeypatch.setenv("YEASTAR_CLIENT_ID", sim.client_id)
    monkeypatch.setenv("YEASTAR_CLIENT_SECRET", sim.client_secret)
    inv = run(api_url=None, client_id=None, client_secret=None)
    assert sorted(inv.hosts) == sorted(SEED)
    # The file wins over the environment.
    monkeypatch.setenv("YEASTAR_API_URL", "http://partner.example.com")
    assert sorted(run(client_id=None, client_secret=None).hosts) == sorted(SEED)


def test_a_template_in_the_file_takes_the_secret_from_extra_vars(run, sim, monkeypatch):
    import ansible.plugins.inventory as base
    monkeypatch.setattr(base, "load_extra_vars", lambda loader: {"vaulted": sim.client_secret})
    inv = run(client_secret="{{ vaulted }}")
    assert sorted(inv.hosts) == sorted(SEED)


def test_a_template_in_the_environment_is_not_templated(run, sim, monkeypatch):
    import ansible.plugins.inventory as base
    monkeypatch.setattr(base, "load_extra_vars", lambda loader: {"vaulted": sim.client_secret})
    monkeypatch.setenv("YEASTAR_CLIENT_SECRET", "{{ vaulted }}")
    with pytest.raises(AnsibleError, match="invalid_client"):
        run(client_secret=None)


def test_an_access_token_alone(run, sim):
    token = sim.token()
    sim.clear_log()
    inv = run(client_id=None, client_secret=None, access_token=token)
    assert sorted(inv.hosts) == sorted(SEED)
    assert sim.count("POST", TOKEN) == 0
    # Expired, with nothing to get a new one with: the API's error, without the token.
    sim.expire_tokens()
    with pytest.raises(AnsibleError) as info:
        run(client_id=None, client_secret=None, access_token=token)
    assert "token_expired" in str(info.value)
    assert token not in str(info.value) and token.rsplit(".", 1)[-1] not in str(info.value)


def test_bad_credentials_fail_with_the_api_error_and_no_secret(run, sim):
    with pytest.raises(AnsibleError) as info:
        run(client_secret="wrong-secret-value")
    message = str(info.value)
    assert "invalid_client" in message and "HTTP 401" in message and TOKEN in message
    assert "wrong-secret-value" not in message and "wrong-secret" not in message


def test_an_error_answer_that_echoes_the_request_shows_no_secret(run, sim, monkeypatch):
    tokens = spy_tokens(monkeypatch)
    sim.add_fault(method="GET", path=PARTNER_LIST, status=400, body="echo", times=0)
    with pytest.raises(AnsibleError) as info:
        run(retries=0)
    message = str(info.value)
    assert "GET %s failed" % PARTNER_LIST in message and "HTTP 400" in message
    assert tokens and all(token not in message for token in tokens)
    assert sim.client_secret not in message
    sim.reset()
    # The token call echoing its form: the secret, URL-encoded, must not show either.
    sim.add_fault(method="POST", path=TOKEN, status=400, body="echo", times=0)
    with pytest.raises(AnsibleError) as info:
        run(retries=0)
    assert TOKEN in str(info.value)
    assert sim.client_secret not in str(info.value)


def test_server_faults_are_retried(run, sim):
    sim.add_fault(method="GET", path=PARTNER_LIST, status=503, times=2)
    inv = run(retries=2)
    assert sorted(inv.hosts) == sorted(SEED)
    assert sim.count("GET", PARTNER_LIST) == 3


# ---------------------------------------------------------------------------------------------------------------- cache


def spy_tokens(monkeypatch):
    """Collect every access token a client of the plugin holds after a call."""
    seen = []
    original = _client.PartnerClient.get

    def get(self, path, params=None):
        try:
            return original(self, path, params=params)
        finally:
            seen.extend(s for s in self.secrets() if s != self._client_secret)
    monkeypatch.setattr(_client.PartnerClient, "get", get)
    return seen


def cache_files(folder):
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder))]


def cache_text(folder):
    return "".join(open(path).read() for path in cache_files(folder))


def read_entry(path):
    """What the plugin stored in one jsonfile cache file (ansible-core 2.19 and later wrap it in a payload)."""
    with open(path) as handle:
        data = json.load(handle)
    if isinstance(data, dict) and "__payload__" in data:
        return json.loads(data["__payload__"]), data
    return data, None


def write_entry(path, value):
    """Replace what one jsonfile cache file holds, in the file format of the running ansible-core."""
    _old, envelope = read_entry(path)
    if envelope is not None:
        envelope["__payload__"] = json.dumps(value)
        value = envelope
    with open(path, "w") as handle:
        json.dump(value, handle)


def cache_options(tmp_path, **extra):
    options = {"cache": True, "cache_plugin": "jsonfile", "cache_connection": str(tmp_path / "cache"),
               "cache_timeout": 600}
    options.update(extra)
    return options


def test_a_cache_hit_sends_nothing_and_the_cache_holds_no_credential(run, sim, tmp_path, monkeypatch):
    tokens = spy_tokens(monkeypatch)
    first = run(**cache_options(tmp_path))
    assert sim.count("GET", PARTNER_LIST) == 1
    sim.clear_log()
    second = run(**cache_options(tmp_path, groups={"tenants": "true"}))
    assert sim.count() == 0
    assert sorted(second.hosts) == sorted(first.hosts) == sorted(SEED)
    assert second.hosts["color123_yeastar_com"]["yeastar_company"] == "Color Tech"
    assert second.groups["tenants"] == sorted(SEED)
    text = cache_text(str(tmp_path / "cache"))
    assert "color123@yeastar.com" in text
    assert tokens
    for secret in [sim.client_secret, sim.client_id] + tokens:
        assert secret not in text
    # Only the user list is kept.
    files = cache_files(str(tmp_path / "cache"))
    assert len(files) == 1
    entry = read_entry(files[0])[0]
    assert sorted(entry) == ["format", "users"]
    assert [user["partnerId"] for user in entry["users"]] == list(SEED.values())


def test_the_cache_holds_every_user_so_filters_apply_to_a_hit(run, sim, tmp_path):
    assert sorted(run(**cache_options(tmp_path, countries=["China"])).hosts) == ["color123_yeastar_com"]
    sim.clear_log()
    assert sorted(run(**cache_options(tmp_path, countries=["Germany"])).hosts) == ["admin_globex_example"]
    assert sim.count() == 0


def test_a_flush_or_no_cache_reads_the_api(run, sim, tmp_path):
    run(**cache_options(tmp_path))
    add_user(sim, "new@clash.example")
    sim.clear_log()
    # --flush-cache (cache=False for the plugin) reads the API and refreshes the entry.
    assert "new_clash_example" in run(flush=True, **cache_options(tmp_path)).hosts
    assert sim.count("GET", PARTNER_LIST) == 1
    sim.clear_log()
    assert "new_clash_example" in run(**cache_options(tmp_path)).hosts
    assert sim.count() == 0
    # cache: false never reads nor writes it.
    run(**cache_options(tmp_path, cache=False))
    assert sim.count("GET", PARTNER_LIST) == 1


def test_an_expired_cache_is_read_again(run, sim, tmp_path):
    run(**cache_options(tmp_path, cache_timeout=1))
    folder = str(tmp_path / "cache")
    for name in os.listdir(folder):
        os.utime(os.path.join(folder, name), (1, 1))
    sim.clear_log()
    run(**cache_options(tmp_path, cache_timeout=1))
    assert sim.count("GET", PARTNER_LIST) == 1


def test_a_cache_entry_of_another_layout_is_read_again(run, sim, tmp_path):
    run(**cache_options(tmp_path))
    # A bare list (not this plugin's layout), then an entry of a newer format: both are read again from the API.
    for stale in ([{"partnerId": "stale@old.example"}], {"format": 99, "users": [{"partnerId": "stale@old.example"}]}):
        for path in cache_files(str(tmp_path / "cache")):
            write_entry(path, stale)
        sim.clear_log()
        inv = run(**cache_options(tmp_path))
        assert sorted(inv.hosts) == sorted(SEED)
        assert sim.count("GET", PARTNER_LIST) == 1
    # The entry the plugin wrote is used again.
    sim.clear_log()
    run(**cache_options(tmp_path))
    assert sim.count() == 0


def test_a_damaged_cache_file_is_read_again(run, sim, tmp_path):
    run(**cache_options(tmp_path))
    for path in cache_files(str(tmp_path / "cache")):
        with open(path, "w") as handle:
            handle.write("{not json")
    sim.clear_log()
    assert sorted(run(**cache_options(tmp_path)).hosts) == sorted(SEED)
    assert sim.count("GET", PARTNER_LIST) == 1


@pytest.fixture
def umask_022():
    """The umask most users have: without care, new folders are 0755 and new files 0644."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_cache_is_private_to_the_user(run, sim, tmp_path, umask_022):
    folder = str(tmp_path / "cache")
    run(**cache_options(tmp_path))
    assert mode(folder) == 0o700
    files = cache_files(folder)
    assert len(files) == 1 and mode(files[0]) == 0o600
    # A rewrite (--flush-cache) keeps it private; so does a folder that is several levels deep.
    run(flush=True, **cache_options(tmp_path))
    assert [mode(path) for path in cache_files(folder)] == [0o600]
    deep = tmp_path / "home" / "cache"
    run(**cache_options(tmp_path, cache_connection=str(deep)))
    assert mode(str(deep)) == mode(str(deep.parent)) == 0o700
    assert [mode(path) for path in cache_files(str(deep))] == [0o600]
    # An entry an older version left readable to everyone is made private on the next run, a hit included.
    os.chmod(files[0], 0o644)
    sim.clear_log()
    run(**cache_options(tmp_path))
    assert sim.count() == 0
    assert mode(files[0]) == 0o600


@pytest.mark.parametrize("folder_mode", [0o755, 0o750, 0o711, 0o703], ids=["0755", "0750", "0711", "0703"])
def test_a_cache_folder_other_users_may_enter_is_refused(run, sim, tmp_path, umask_022, folder_mode):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(str(folder), folder_mode)
    with pytest.raises(AnsibleParserError) as info:
        run(**cache_options(tmp_path, cache_connection=str(folder)))
    message = str(info.value)
    assert "is open to other users (mode %04o)" % folder_mode in message
    assert "chmod 700 %s" % folder in message and "cache_connection" in message
    assert sim.count() == 0 and os.listdir(str(folder)) == []
    os.chmod(str(folder), 0o700)
    assert sorted(run(**cache_options(tmp_path, cache_connection=str(folder))).hosts) == sorted(SEED)


def test_a_cache_that_keeps_no_files_is_not_checked(run, sim, tmp_path, umask_022):
    # The memory cache keeps nothing on disk; cache_connection means nothing to it.
    inv = run(**cache_options(tmp_path, cache_plugin="memory", cache_connection=None))
    assert sorted(inv.hosts) == sorted(SEED)


def test_the_cache_key_is_the_account_not_the_secret():
    def key(opts):
        return partners.InventoryModule._cache_key(Connection(opts))
    base = {"api_url": "https://openapi.partner.yeastar.com", "client_id": "id-1", "client_secret": "s1",
            "access_token": None}
    assert key(base) == key(dict(base, client_secret="s2"))
    assert key(base) == key(dict(base, api_url="https://openapi.partner.yeastar.com/"))
    assert key(base) != key(dict(base, client_id="id-2"))
    assert key(base) != key(dict(base, api_url="http://127.0.0.1:8080"))
    token_only = dict(base, client_id=None, client_secret=None, access_token="tok-abcdef")
    assert key(token_only) != key(dict(token_only, access_token="tok-other"))
    for value in ("id-1", "s1", "tok-abcdef"):
        assert value not in key(base) and value not in key(token_only)


# -------------------------------------------------------------------------------------------------- tolerant reading


class FakeAnswers:
    """A stand-in for requests.Session: partner_list gets the answer given, every other request goes to the
    simulator."""

    result = None

    def __init__(self):
        self._real = REAL_SESSION()
        self.verify = True

    def request(self, method, url, **kwargs):
        if method == "GET" and url.endswith(PARTNER_LIST):
            answer = requests.models.Response()
            answer.status_code = 200
            answer.headers["Content-Type"] = "application/json"
            answer._content = json.dumps({"code": "success", "detailMessage": "", "requestId": "0" * 32,
                                          "result": FakeAnswers.result, "status": 200}).encode("utf-8")
            return answer
        return self._real.request(method, url, **kwargs)


@pytest.fixture
def answer(monkeypatch):
    monkeypatch.setattr(_client.requests, "Session", FakeAnswers)

    def _set(result):
        FakeAnswers.result = result
    return _set


USER = {"partnerId": "a@x.example", "company": "A Ltd", "country": "Ireland"}


@pytest.mark.parametrize("wrapped", [
    [USER],
    {"partnerList": [USER]},
    {"results": [USER], "total": 1},
    {"records": [USER]},
    {"somethingElse": [USER], "count": 1},
    USER,
], ids=["bare list", "partnerList", "results", "records", "unknown key", "one object"])
def test_the_user_list_bare_or_wrapped(run, answer, wrapped):
    answer(wrapped)
    inv = run()
    assert list(inv.hosts) == ["a_x_example"]
    assert inv.hosts["a_x_example"]["yeastar_company"] == "A Ltd"


def test_odd_entries(run, answer, sim):
    answer([
        {"partnerId": 12345, "company": "Numeric"},                              # an id as a number
        {"partnerId": " b@x.example ", "country": None, "taxNum": 987},         # spaces, null, a number
        {"partnerId": "b@x.example", "company": "Second copy"},                  # a duplicate: the first one counts
        {"yeastarId": "c@x.example"},                                            # the id under another name
        {"email": "no-id@x.example", "company": "No id"},                        # no id: left out
        "not a user", None, ["nested"],                                          # not objects: left out
        {"partnerId": "d@x.example", "regionCode": "EU", "tags": ["a", "b"], "9lives": 1, "x-Flag": True},
    ])
    inv = run()
    assert sorted(inv.hosts) == ["12345", "b_x_example", "c_x_example", "d_x_example"]
    assert inv.hosts["12345"]["yeastar_partner_id"] == "12345"
    b = inv.hosts["b_x_example"]
    assert b["yeastar_partner_id"] == "b@x.example"
    assert b["yeastar_country"] == "" and b["yeastar_company"] == "" and b["yeastar_tax_num"] == "987"
    assert set("yeastar_" + field for field in DOCUMENTED) <= set(inv.hosts["c_x_example"])
    assert inv.hosts["c_x_example"]["yeastar_partner_id"] == "c@x.example"
    d = inv.hosts["d_x_example"]
    assert d["yeastar_region_code"] == "EU" and d["yeastar_tags"] == ["a", "b"] and d["yeastar_x_flag"] is True
    assert not [key for key in d if "9lives" in key]


# Fields that would become variables Ansible reserves with an empty prefix (the values must never reach the inventory).
RESERVED_FIELDS = {"ansiblePythonInterpreter": "/tmp/evil-python", "ansible_host": "203.0.113.66",
                   "ansibleConnection": "ssh", "groupNames": ["evil-group"], "hostvars": {"evil": 1},
                   "inventoryHostname": "evil-host", "environment": {"EVIL": "1"}, "class": "evil-class"}


def test_host_vars_never_set_a_variable_ansible_reserves():
    user = dict(RESERVED_FIELDS, partnerId="a@x.example", regionCode="EU")
    skipped = set()
    hostvars = partners.host_vars(user, "", skipped)
    assert hostvars["partner_id"] == "a@x.example" and hostvars["region_code"] == "EU"
    for name in ("ansible_python_interpreter", "ansible_host", "ansible_connection", "group_names", "hostvars",
                 "inventory_hostname", "environment", "class"):
        assert name not in hostvars, name
    assert skipped == set(RESERVED_FIELDS)
    assert not [key for key in hostvars if partners.is_reserved(key)]
    # Without a set to report to, the same variables.
    assert partners.host_vars(user, "") == hostvars
    # Behind a prefix they are harmless names, and are set.
    skipped = set()
    prefixed = partners.host_vars(user, "yeastar_", skipped)
    assert prefixed["yeastar_ansible_python_interpreter"] == "/tmp/evil-python"
    assert prefixed["yeastar_group_names"] == ["evil-group"] and prefixed["yeastar_class"] == "evil-class"
    assert skipped == set()


@pytest.mark.parametrize("name, reserved", [
    ("ansible_host", True), ("ansible_python_interpreter", True), ("ANSIBLE_HOST", True), ("ansible_foo", True),
    ("hostvars", True), ("groups", True), ("group_names", True), ("inventory_hostname", True),
    ("inventory_hostname_short", True), ("inventory_dir", True), ("inventory_file", True), ("playbook_dir", True),
    ("play_hosts", True), ("role_names", True), ("omit", True), ("environment", True), ("vars", True),
    ("become_user", True), ("class", True), ("None", True), ("9lives", True), ("a-b", True), ("", True),
    ("partner_id", False), ("yeastar_ansible_host", False), ("ansible", False), ("company", False),
])
def test_is_reserved(name, reserved):
    assert partners.is_reserved(name) is reserved


def test_api_fields_never_set_reserved_variables(run, answer, monkeypatch):
    warnings = []
    monkeypatch.setattr(Display, "warning", lambda self, msg, *args, **kwargs: warnings.append(msg))
    answer([dict(RESERVED_FIELDS, partnerId="a@x.example", regionCode="EU"),
            dict(RESERVED_FIELDS, partnerId="b@x.example")])
    # On the group (the default) and on each host (no group): the connection variables are the plugin's, not the API's.
    for inv in (run(prefix=""), run(prefix="", group="")):
        a = inv.hosts["a_x_example"]
        assert a["partner_id"] == "a@x.example" and a["region_code"] == "EU"
        interpreter = a.get("ansible_python_interpreter", inv.group_vars.get("yeastar_partners", {}).get(
            "ansible_python_interpreter"))
        assert interpreter == "{{ ansible_playbook_python }}"
        assert a.get("ansible_connection", "local") == "local"
        assert "ansible_host" not in a and "group_names" not in a and "hostvars" not in a
        assert "inventory_hostname" not in a and "environment" not in a
        host = inv.data.hosts["a_x_example"].get_vars()
        assert host["inventory_hostname"] == "a_x_example" and "evil-host" not in json.dumps(plain(host))
        for value in ("/tmp/evil-python", "203.0.113.66", "evil-group", "evil-host", "EVIL", "evil-class"):
            assert value not in inv.text(), value
    # One warning per run naming the fields, not one per host.
    reserved = [w for w in warnings if "set no host variable" in w]
    assert len(reserved) == 2
    for field in RESERVED_FIELDS:
        assert repr(field) in reserved[0]
    assert "'regionCode'" not in reserved[0]
    # What the configuration sets on purpose (compose) may still be an ansible_* variable.
    inv = run(prefix="", compose={"ansible_host": "'192.0.2.10'", "ansible_user": "'admin'"}, strict=True)
    assert inv.hosts["a_x_example"]["ansible_host"] == "192.0.2.10"
    assert inv.hosts["b_x_example"]["ansible_user"] == "admin"


@pytest.mark.parametrize("result", [None, [], {}, {"partnerList": []}],
                         ids=["null", "empty list", "empty object", "empty wrapped list"])
def test_no_users_is_an_empty_inventory(run, answer, result):
    answer(result)
    inv = run(groups={"tenants": "true"})
    assert inv.hosts == {}
    assert inv.groups["yeastar_partners"] == []


def test_an_answer_that_is_no_list_warns(run, answer, monkeypatch):
    warnings = []
    monkeypatch.setattr(Display, "warning", lambda self, msg, *args, **kwargs: warnings.append(msg))
    answer("a text")
    inv = run()
    assert inv.hosts == {}
    assert any("held no list of users" in w for w in warnings)


# ----------------------------------------------------------------------------------------------------------- helpers


@pytest.mark.parametrize("field, name", [
    ("partnerId", "partner_id"), ("zipCode", "zip_code"), ("stateProvince", "state_province"), ("taxNum", "tax_num"),
    ("city", "city"), ("HTTPCode", "http_code"), ("x-Flag", "x_flag"), ("already_snake", "already_snake"),
])
def test_snake_case(field, name):
    assert partners.snake_case(field) == name


@pytest.mark.parametrize("ident, host", [
    ("color123@yeastar.com", "color123_yeastar_com"), ("Mixed.Case@Example.COM", "mixed_case_example_com"),
    ("a__b--c@x.y", "a_b_c_x_y"), ("_lead@x_", "lead_x"), (u"m\u00fcller@x.de", u"m\u00fcller_x_de"),
])
def test_slug(ident, host):
    assert partners.slug(ident) == host


def test_verify_file_takes_only_yeastar_config_files(tmp_path):
    plugin = new_plugin()
    for name, wanted in (("partners.yeastar.yml", True), ("yeastar.yaml", True), ("tenants.yml", False),
                         ("partners.yeastar.json", False)):
        path = tmp_path / name
        path.write_text("plugin: %s\n" % NAME)
        assert plugin.verify_file(str(path)) is wanted, name
    assert plugin.verify_file(str(tmp_path / "missing.yeastar.yml")) is False
