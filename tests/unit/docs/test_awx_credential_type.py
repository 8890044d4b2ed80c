# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/awx/credential-type.yml, the AWX / Automation Platform credential type: it injects exactly the environment
variables the collection reads, its secrets are marked secret, its templates name defined inputs, AWX would render
them to values the modules accept (the shared ledger URL is the one optional input: empty, the modules leave it off),
and the AWX guide shows the same definition."""

import glob
import importlib
import os
import re

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.meta import find_undeclared_variables
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.yeastar.partner.plugins.module_utils._cache import CACHE_ENV
from ansible_collections.yeastar.partner.plugins.module_utils._connection import DEFAULT_API_URL
from ansible_collections.yeastar.partner.plugins.module_utils._module import module_argument_spec
from ansible_collections.yeastar.partner.plugins.module_utils._pg_store import LEDGER_URL_ENV

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CREDENTIAL_TYPE = os.path.join(ROOT, "docs", "awx", "credential-type.yml")
GUIDE = os.path.join(ROOT, "docs", "docsite", "rst", "guide_awx.rst")
# AWX's input field types, and the keys a field may have (awx/main/fields.py, CredentialInputField).
FIELD_TYPES = ("string", "boolean")
FIELD_KEYS = {"id", "label", "type", "help_text", "secret", "multiline", "default", "choices", "format", "ask_at_runtime"}
# Variables the modules take as unset when they are empty, so that their input may be left out of a credential.
EMPTY_MEANS_UNSET = {LEDGER_URL_ENV}


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def credential_type():
    return _load(CREDENTIAL_TYPE)


def _fields(credential_type):
    return {field["id"]: field for field in credential_type["inputs"]["fields"]}


def _module_env_options():
    """{environment variable: (option name, option spec)} of the connection options every module reads."""
    result = {}
    for name, spec in module_argument_spec().items():
        fallback = spec.get("fallback")
        if fallback and fallback[0] is env_fallback:
            for variable in fallback[1]:
                result[variable] = (name, spec)
    return result


def _inventory_env_variables():
    """The environment variables the inventory plugins of the collection document (DOCUMENTATION options' env)."""
    result = set()
    for path in glob.glob(os.path.join(ROOT, "plugins", "inventory", "*.py")):
        with open(path, encoding="utf-8") as handle:
            match = re.search(r'^DOCUMENTATION = r?"""(.*?)^"""', handle.read(), re.S | re.M)
        if not match:
            continue
        doc = yaml.safe_load(match.group(1))
        options = list((doc.get("options") or {}).values())
        for fragment in doc.get("extends_documentation_fragment") or []:
            parts = fragment.split(".")
            if parts[:2] == ["yeastar", "partner"]:
                source = importlib.import_module("ansible_collections.yeastar.partner.plugins.doc_fragments.%s" % parts[2])
                section = parts[3].upper() if len(parts) > 3 else "DOCUMENTATION"
                options.extend(yaml.safe_load(getattr(source.ModuleDocFragment, section))["options"].values())
        for option in options:
            for entry in option.get("env") or []:
                result.add(entry["name"])
    return result


def _variables_read():
    return set(_module_env_options()) | _inventory_env_variables() | {CACHE_ENV}


def _render(template, values):
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined).from_string(template).render(**values)


def test_shape(credential_type):
    assert set(credential_type) <= {"name", "description", "kind", "inputs", "injectors"}
    assert credential_type["name"] and credential_type["description"]
    assert credential_type["kind"] in ("cloud", "net")
    ids = [field["id"] for field in credential_type["inputs"]["fields"]]
    assert len(ids) == len(set(ids)), "input ids must be unique"
    for field in credential_type["inputs"]["fields"]:
        assert set(field) <= FIELD_KEYS, field
        assert field["type"] in FIELD_TYPES, field
        assert field["label"]
        assert re.match(r"^[a-z][a-z0-9_]*$", field["id"]), field
    assert set(credential_type["inputs"].get("required", [])) <= set(ids)
    assert set(credential_type["injectors"]) == {"env"}, "only environment variables: never extra_vars (they show in job output)"


def test_injects_only_variables_the_collection_reads(credential_type):
    injected = set(credential_type["injectors"]["env"])
    unknown = injected - _variables_read()
    assert not unknown, "the collection reads no such variable: %s" % sorted(unknown)
    assert not [name for name in injected if name.startswith("ANSIBLE_")], "AWX reserves ANSIBLE_*"


def test_injects_the_whole_account(credential_type):
    """Every variable behind the account options (api_url, client_id, client_secret, allow_http) is injected."""
    wanted = {variable for variable, (name, _spec) in _module_env_options().items()
              if name in ("api_url", "client_id", "client_secret", "allow_http")}
    assert wanted == {"YEASTAR_API_URL", "YEASTAR_CLIENT_ID", "YEASTAR_CLIENT_SECRET", "YEASTAR_ALLOW_HTTP"}
    assert wanted <= set(credential_type["injectors"]["env"])
    assert wanted <= _inventory_env_variables(), "the inventory plugin reads the same variables"


def test_templates_name_defined_inputs(credential_type):
    fields = _fields(credential_type)
    environment = ImmutableSandboxedEnvironment()
    for variable, template in credential_type["injectors"]["env"].items():
        names = find_undeclared_variables(environment.parse(template))
        assert names, "%s is not templated from an input" % variable
        assert names <= set(fields), "%s uses undefined inputs %s" % (variable, sorted(names - set(fields)))


def test_secrets_marked_secret(credential_type):
    """An input that reaches a no_log option of the modules (the client secret, the shared ledger URL) must be
    secret: true."""
    fields = _fields(credential_type)
    env_options = _module_env_options()
    environment = ImmutableSandboxedEnvironment()
    secret_inputs = set()
    for variable, template in credential_type["injectors"]["env"].items():
        names = find_undeclared_variables(environment.parse(template))
        option = env_options.get(variable)
        if option and option[1].get("no_log"):
            secret_inputs |= names
    assert secret_inputs == {"client_secret", "ledger_url"}
    for name in secret_inputs:
        assert fields[name].get("secret") is True, "%s must be secret: true" % name
    for name, field in fields.items():
        if field.get("secret"):
            assert field["type"] == "string" and "default" not in field, name


def test_every_injected_value_is_defined_when_awx_renders_it(credential_type):
    """AWX renders a string input that was not given as an empty string, and the modules take an empty variable as a
    value (an empty api_url is refused): every string input used is required, unless its variable is one the modules
    take as unset when empty (the shared ledger URL). A boolean not given is False."""
    fields = _fields(credential_type)
    required = set(credential_type["inputs"].get("required", []))
    environment = ImmutableSandboxedEnvironment()
    for variable, template in credential_type["injectors"]["env"].items():
        for name in find_undeclared_variables(environment.parse(template)):
            assert fields[name]["type"] == "boolean" or name in required or variable in EMPTY_MEANS_UNSET, \
                "%s must be required" % name


def test_rendered_values_are_what_the_modules_take(credential_type):
    """Rendered as AWX does (booleans as Python's True/False), each value reads back as the option means it."""
    fields = _fields(credential_type)
    env = credential_type["injectors"]["env"]
    ledger_urls = ("", "postgresql://yeastar_ledger:p%40ss@db.example.com:5432/yeastar?sslmode=verify-full")
    for allow_http, ledger_url in ((False, ledger_urls[0]), (True, ledger_urls[1])):
        values = {"api_url": fields["api_url"]["default"], "client_id": "id-1", "client_secret": "s3cret/+=", "allow_http": allow_http,
                  "ledger_url": ledger_url}
        rendered = {variable: _render(template, values) for variable, template in env.items()}
        assert rendered["YEASTAR_API_URL"] == DEFAULT_API_URL
        assert rendered["YEASTAR_CLIENT_ID"] == "id-1"
        assert rendered["YEASTAR_CLIENT_SECRET"] == "s3cret/+="
        assert boolean(rendered["YEASTAR_ALLOW_HTTP"], strict=True) is allow_http
        assert rendered[LEDGER_URL_ENV] == ledger_url
    assert fields["allow_http"]["default"] is False
    assert fields["api_url"]["default"] == DEFAULT_API_URL


def test_the_shared_ledger_url_is_optional_and_secret(credential_type):
    """The shared ledger URL reaches the modules' ledger_url (a no_log option) through its variable, and may be left
    out: a credential without it keeps the ledger in the job's cache folder."""
    fields = _fields(credential_type)
    option = _module_env_options().get(LEDGER_URL_ENV)
    assert option, "no module option reads %s" % LEDGER_URL_ENV
    assert option[0] == "ledger_url" and option[1].get("no_log") is True
    assert credential_type["injectors"]["env"][LEDGER_URL_ENV] == "{{ ledger_url }}"
    assert fields["ledger_url"]["type"] == "string" and fields["ledger_url"].get("secret") is True
    assert "ledger_url" not in credential_type["inputs"].get("required", [])


def test_guide_shows_this_credential_type(credential_type):
    assert _guide_block("docs/awx/credential-type.yml") == credential_type


def _guide_block(caption):
    """The YAML of the code block with this caption in the AWX guide."""
    with open(GUIDE, encoding="utf-8") as handle:
        text = handle.read()
    match = re.search(r"^\.\. code-block:: yaml\n  :caption: %s\n\n((?:  .*\n|\n)+)" % re.escape(caption), text, re.M)
    assert match, "the AWX guide has no code block with caption %s" % caption
    return yaml.safe_load("\n".join(line[2:] for line in match.group(1).splitlines()))
