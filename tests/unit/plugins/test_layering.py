# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The layering of the plugins, as docs/module-conventions.md writes it: which file may import which.

The table in the document is the rule; this test reads it and every plugin file's imports (by their syntax tree, so
an import inside a function counts too), and fails on an import the importing file's row does not list, on a plugin
file without a row, and on the three rules the table cannot say (the transport knows no orders, no module imports an
API path, the wrapper has one name).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import fnmatch
import os
import re

import pytest

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PLUGINS = os.path.join(COLLECTION_ROOT, "plugins")
CONVENTIONS = os.path.join(COLLECTION_ROOT, "docs", "module-conventions.md")
PACKAGE = "ansible_collections.yeastar.partner.plugins."


def read_rules(text=None):
    """``{file pattern: set of allowed module_utils names}`` from the table of docs/module-conventions.md."""
    if text is None:
        with open(CONVENTIONS, encoding="utf-8") as handle:
            text = handle.read()
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rules = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        pattern = cells[0].strip("`")
        rules[pattern] = set(re.findall(r"`(_[a-z_]+)`", cells[2]))
    return rules


def plugin_files():
    found = []
    for folder, dummy, names in os.walk(PLUGINS):
        for name in names:
            if name.endswith(".py") and name != "__init__.py":
                found.append(os.path.relpath(os.path.join(folder, name), PLUGINS).replace(os.sep, "/"))
    return sorted(found)


def collection_imports(source):
    """``[(module_utils name, imported names)]`` of every import of a collection file in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
            rest = node.module[len(PACKAGE):].split(".")
            if rest == ["module_utils"]:
                for alias in node.names:
                    found.append((alias.name, [], alias.asname or alias.name))
            else:
                found.append((rest[-1], [alias.name for alias in node.names], None))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE):
                    found.append((alias.name.split(".")[-1], [], None))
    return found


def rule_of(path, rules):
    matches = [pattern for pattern in rules if fnmatch.fnmatch(path, pattern)]
    return rules[max(matches, key=len)] if matches else None


def layering_problems(rules, sources):
    """Every import across the layers in ``sources`` ({path: source}), as text."""
    problems = []
    for path, source in sorted(sources.items()):
        allowed = rule_of(path, rules)
        if allowed is None:
            problems.append("%s has no row in the table of docs/module-conventions.md" % path)
            continue
        for name, dummy, dummy in collection_imports(source):
            if name not in allowed:
                problems.append("%s imports %s, which its layer may not (docs/module-conventions.md)" % (path, name))
    return problems


def read_sources():
    sources = {}
    for path in plugin_files():
        with open(os.path.join(PLUGINS, path), encoding="utf-8") as handle:
            sources[path] = handle.read()
    return sources


def test_every_plugin_file_imports_only_what_its_layer_may():
    rules = read_rules()
    assert len(rules) >= 20, "the table of docs/module-conventions.md was not found"
    assert layering_problems(rules, read_sources()) == []


def test_an_import_across_the_layers_fails():
    # The rule bites: the order rules importing the transport, and a file nobody wrote a row for, are both reported.
    rules = read_rules()
    bad = {"module_utils/_order.py": "from ansible_collections.yeastar.partner.plugins.module_utils._client import PartnerClient\n",
           "module_utils/_new.py": "import os\n",
           "modules/yeastar_x.py": "def f():\n    from ansible_collections.yeastar.partner.plugins.module_utils import _ledger\n"}
    problems = layering_problems(rules, bad)
    assert any("_order.py imports _client" in p for p in problems), problems
    assert any("_new.py has no row" in p for p in problems), problems
    assert any("yeastar_x.py imports _ledger" in p for p in problems), problems


def test_the_table_names_only_files_that_exist():
    files = plugin_files()
    for pattern, allowed in read_rules().items():
        assert any(fnmatch.fnmatch(path, pattern) for path in files), pattern
        for name in allowed:
            assert "module_utils/%s.py" % name in files, (pattern, name)


def test_the_transport_knows_no_orders():
    with open(os.path.join(PLUGINS, "module_utils", "_client.py"), encoding="utf-8") as handle:
        text = handle.read().lower()
    for word in ("ponumber", "purchase order", "customreferenceno", "orderstatus", "order status", "order_save",
                 "order_page", "dead_order", "is_live", "reference_of"):
        assert word not in text, word


def _endpoint_paths():
    from ansible_collections.yeastar.partner.plugins.module_utils import _endpoints
    return set(name for name, value in vars(_endpoints).items() if isinstance(value, str) and value.startswith("/"))


@pytest.mark.parametrize("path", [p for p in plugin_files() if p.startswith(("modules/", "inventory/", "filter/"))])
def test_no_plugin_imports_an_api_path(path):
    paths = _endpoint_paths()
    assert {"TOKEN_PATH", "ORDER_SAVE_PATH", "PARTNER_LIST"} <= paths
    with open(os.path.join(PLUGINS, path), encoding="utf-8") as handle:
        source = handle.read()
    imported = set()
    aliases = set()
    for name, names, alias in collection_imports(source):
        if name == "_endpoints":
            imported.update(n for n in names if n in paths)
            if alias:
                aliases.add(alias)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases \
                and node.attr in paths and path.startswith("modules/"):
            imported.add(node.attr)
    assert not imported, "%s uses the API path(s) %s; the endpoint functions of _endpoints.py hide them" % (path, imported)


@pytest.mark.parametrize("path", [p for p in plugin_files() if p.startswith("module_utils/")])
def test_the_wrapper_has_one_name(path):
    with open(os.path.join(PLUGINS, path), encoding="utf-8") as handle:
        source = handle.read()
    assert not re.search(r"\bpm\b", source), "%s calls the ModuleRuntime object pm; it is module everywhere" % path


def test_the_default_url_is_written_once_in_code_and_once_in_the_docs():
    from ansible_collections.yeastar.partner.plugins.doc_fragments import api as fragment
    from ansible_collections.yeastar.partner.plugins.module_utils._connection import DEFAULT_API_URL
    import yaml
    for section in ("DOCUMENTATION", "PLUGINS"):
        options = yaml.safe_load(getattr(fragment.ModuleDocFragment, section))["options"]
        assert options["api_url"]["default"] == DEFAULT_API_URL, section
    holders = [path for path, source in read_sources().items() if DEFAULT_API_URL in source]
    assert holders == ["doc_fragments/api.py", "module_utils/_connection.py"], holders


def test_the_inventory_cache_key_is_the_account_key():
    # One account key for the controller cache and the inventory cache: the inventory does not hash on its own.
    from ansible_collections.yeastar.partner.plugins.inventory.partners import InventoryModule
    from ansible_collections.yeastar.partner.plugins.module_utils._connection import Connection
    from ansible_collections.yeastar.partner.plugins.module_utils._identity import account_key
    for opts in ({"api_url": "https://API.example.com:443/", "client_id": "id-1", "client_secret": "s"},
                 {"api_url": "https://api.example.com", "access_token": "tok-abcdef"}):
        assert InventoryModule._cache_key(Connection(opts)) == "yeastar.partner.partners_%s" % account_key(
            opts["api_url"], opts.get("client_id"), opts.get("access_token"))
    with open(os.path.join(PLUGINS, "inventory", "partners.py"), encoding="utf-8") as handle:
        assert "hashlib" not in handle.read()
