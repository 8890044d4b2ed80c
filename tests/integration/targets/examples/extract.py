#!/usr/bin/env python
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write every example of the collection as files a test can run, into OUT_DIR; print one line per example set.

- Each module's EXAMPLES (plugins/modules/*.py) and each filter's EXAMPLES (plugins/filter/*.yml): a playbook
  <name>.yml of one play on localhost whose tasks are the examples as written. The play loads context.yml, the few
  variables the examples take from the reader (credentials as variables, a billing contact id, a tenant's values).
- Markdown examples (README.md, roles/*/README.md, docs/*.md): a code block right after a line
  ``<!-- example: FILE -->`` is written to <set>/FILE, where <set> names the Markdown file. A set is run as
  ``ansible-playbook [-i inventory.yml] <each file holding a play>``.

Output lines: ``playbook <path>`` or ``set <dir> <playbook>...``.
"""

import ast
import os
import re
import sys

import yaml

MARKER = re.compile(r"^<!-- example: ([A-Za-z0-9_.-]+) -->\s*$")


def module_examples(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXAMPLES" for t in node.targets):
            return node.value.value
    return None


def write_play(out_dir, name, tasks):
    play = [{"name": "Examples of %s, as written" % name, "hosts": "localhost", "gather_facts": False,
             "vars_files": ["context.yml"], "tasks": tasks}]
    path = os.path.join(out_dir, name + ".yml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(play, handle, sort_keys=False, width=1000)
    return path


def markdown_sets(root, out_dir):
    sources = [os.path.join(root, "README.md")]
    for folder in ("roles", "docs"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames.sort()
            sources.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".md"))
    for source in sources:
        if not os.path.isfile(source):
            continue
        lines = open(source, encoding="utf-8").read().splitlines()
        files = {}
        index = 0
        while index < len(lines):
            match = MARKER.match(lines[index])
            index += 1
            if not match:
                continue
            while index < len(lines) and not lines[index].startswith("```"):
                index += 1
            start = index + 1
            end = start
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            files[match.group(1)] = "\n".join(lines[start:end]) + "\n"
            index = end + 1
        if not files:
            continue
        name = os.path.relpath(source, root).replace(os.sep, "__").replace(".md", "")
        set_dir = os.path.join(out_dir, name)
        os.makedirs(set_dir)
        playbooks = []
        for file_name, text in files.items():
            with open(os.path.join(set_dir, file_name), "w", encoding="utf-8") as handle:
                handle.write(text)
            content = yaml.safe_load(text)
            if isinstance(content, list) and content and isinstance(content[0], dict) and "hosts" in content[0]:
                playbooks.append(file_name)
        if not playbooks:
            raise SystemExit("%s: examples without a playbook" % source)
        yield "set %s %s" % (set_dir, " ".join(playbooks))


def main(root, out_dir):
    lines = []
    modules = os.path.join(root, "plugins", "modules")
    for file_name in sorted(os.listdir(modules)):
        if file_name.endswith(".py") and not file_name.startswith("_"):
            text = module_examples(os.path.join(modules, file_name))
            if not text:
                raise SystemExit("%s has no EXAMPLES" % file_name)
            lines.append("playbook %s" % write_play(out_dir, file_name[:-3], yaml.safe_load(text)))
    filters = os.path.join(root, "plugins", "filter")
    for file_name in sorted(os.listdir(filters)):
        if file_name.endswith(".yml"):
            doc = yaml.safe_load(open(os.path.join(filters, file_name), encoding="utf-8"))
            lines.append("playbook %s" % write_play(out_dir, "filter_" + file_name[:-4], yaml.safe_load(doc["EXAMPLES"])))
    lines.extend(markdown_sets(root, out_dir))
    print("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:3])
