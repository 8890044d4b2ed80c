# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment files: the collection's meta/execution-environment.yml (read by ansible-builder when an
image installs the collection) and docs/awx/execution-environment.yml (the definition AWX users build, which adds
psycopg for the shared ledger), and the AWX guide that shows the latter. `make test` also runs ansible-builder itself
on both (hack/run.sh, step ee)."""

import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GUIDE = os.path.join(ROOT, "docs", "docsite", "rst", "guide_awx.rst")


def _load(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _requirement_lines(path):
    with open(path, encoding="utf-8") as handle:
        return [line.split("#", 1)[0].strip() for line in handle if line.split("#", 1)[0].strip()]


def _guide_block(caption):
    with open(GUIDE, encoding="utf-8") as handle:
        text = handle.read()
    match = re.search(r"^\.\. code-block:: yaml\n  :caption: %s\n\n((?:  .*\n|\n)+)" % re.escape(caption), text, re.M)
    assert match, "the AWX guide has no code block with caption %s" % caption
    return yaml.safe_load("\n".join(line[2:] for line in match.group(1).splitlines()))


def _version_tuple(text):
    return tuple(int(part) for part in text.split("."))


def test_collection_metadata_names_its_requirements():
    """ansible-builder reads the dependency files of an installed collection relative to the collection's root."""
    meta = _load("meta", "execution-environment.yml")
    assert meta["version"] == 3
    dependencies = meta["dependencies"]
    assert set(dependencies) <= {"python", "system"}
    for kind, path in dependencies.items():
        assert isinstance(path, str) and not os.path.isabs(path), "%s must be a path relative to the collection root" % kind
        assert os.path.isfile(os.path.join(ROOT, path)), "%s file %s is not in the collection" % (kind, path)
    python = _requirement_lines(os.path.join(ROOT, dependencies["python"]))
    assert [re.split(r"[<>=!~; \[]", line)[0].lower() for line in python] == ["requests"], python


def test_awx_definition():
    definition = _load("docs", "awx", "execution-environment.yml")
    assert definition["version"] == 3
    assert definition["images"]["base_image"]["name"]
    dependencies = definition["dependencies"]
    galaxy = _load("docs", "awx", dependencies["galaxy"])
    assert [collection["name"] for collection in galaxy["collections"]] == ["yeastar.partner"]
    # The ansible-core it installs is one the collection supports (meta/runtime.yml requires_ansible).
    requires = _load("meta", "runtime.yml")["requires_ansible"]
    minimum = re.match(r"^>=\s*([0-9.]+)", requires).group(1)
    core = dependencies["ansible_core"]["package_pip"]
    lower = re.search(r">=\s*([0-9.]+)", core)
    assert lower and _version_tuple(lower.group(1)) >= _version_tuple(minimum), core
    assert dependencies["ansible_runner"]["package_pip"]
    # ansible-core 2.20 and later need Python 3.12 or newer on the controller.
    assert re.search(r"python3\.(1[2-9])$", dependencies["python_interpreter"]["package_system"])
    # The shared ledger (ledger_url) needs psycopg 3, which the collection does not require: the image installs it,
    # with its binary part (no compiler or libpq headers in the image).
    python = dependencies["python"]
    assert isinstance(python, list), "the image's own Python requirements are listed inline"
    assert [re.split(r"[<>=!~; \[]", line)[0].lower() for line in python] == ["psycopg"], python
    assert "[binary]" in python[0], python


def test_guide_shows_the_awx_definition():
    assert _guide_block("docs/awx/execution-environment.yml") == _load("docs", "awx", "execution-environment.yml")
    assert _guide_block("docs/awx/requirements.yml") == _load("docs", "awx", "requirements.yml")
