# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sphinx extension for the offline docs build (make docs): references into the Ansible docs become plain links.

antsibull-docs' generated pages refer to labels of the Ansible documentation (ansible.builtin plugins, the
configuration settings and their environment variables, the common return values). The usual way to resolve them is
intersphinx, which downloads the Ansible docs' inventory at every build. This build downloads nothing: such a
reference becomes a link to docs.ansible.com instead. Only references that certainly exist there are resolved
(ansible.builtin plugins that the installed ansible-core has, the labels listed below, ANSIBLE_* variables); any
other unresolved reference still fails the build, as it should (a mistyped plugin name, a wrong option path).
"""

import os
import re

ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/latest/"

# label -> (page below ANSIBLE_DOCS, title)
LABELS = {
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
    "module_defaults": ("playbook_guide/playbooks_module_defaults.html", "Module defaults"),
    "playbooks_checkmode": ("playbook_guide/playbooks_checkmode.html", "Validating tasks: check mode and diff mode"),
    "playbooks_delegation": ("playbook_guide/playbooks_delegation.html", "Controlling where tasks run"),
    "playbooks_strategies": ("playbook_guide/playbooks_strategies.html", "Controlling playbook execution"),
    "intro_inventory": ("inventory_guide/intro_inventory.html", "How to build your inventory"),
    "collections_installing": ("collections_guide/collections_installing.html", "Installing collections"),
}

# ansible_collections.<namespace>.<name>.<plugin>_<type>[__<anchor>]
_PLUGIN_LABEL = re.compile(r"^ansible_collections\.([a-z0-9_]+)\.([a-z0-9_]+)\.([a-z0-9_]+)_([a-z_]+?)(?:__(.+))?$")


def _builtin_plugin_exists(name, plugin_type):
    """True when the installed ansible-core has the ansible.builtin plugin (a module, an inventory plugin ...)."""
    try:
        import ansible  # pylint: disable=import-outside-toplevel
    except ImportError:
        return False
    root = os.path.dirname(ansible.__file__)
    if plugin_type == "module":
        candidates = [os.path.join(root, "modules", name + ".py")]
    else:
        candidates = [os.path.join(root, "plugins", plugin_type, name + ".py"), os.path.join(root, "plugins", plugin_type, name + ".yml")]
    return any(os.path.isfile(path) for path in candidates)


def external_target(reftype, target):
    """(URL, title) of a reference into the Ansible docs, or None when it is not one this build can vouch for."""
    if reftype == "envvar":
        if re.match(r"^ANSIBLE_[A-Z0-9_]+$", target):
            return ANSIBLE_DOCS + "reference_appendices/config.html#envvar-" + target, target
        return None
    if reftype != "ref":
        return None
    if target in LABELS:
        page, title = LABELS[target]
        return ANSIBLE_DOCS + page, title
    match = _PLUGIN_LABEL.match(target)
    if not match:
        return None
    namespace, collection, name, plugin_type, anchor = match.groups()
    if (namespace, collection) != ("ansible", "builtin") or not _builtin_plugin_exists(name, plugin_type):
        return None
    url = "%scollections/ansible/builtin/%s_%s.html" % (ANSIBLE_DOCS, name, plugin_type)
    if anchor:
        url += "#" + anchor
    return url, "ansible.builtin.%s" % name


def _missing_reference(_app, _env, node, contnode):
    found = external_target(node.get("reftype"), node.get("reftarget", ""))
    if found is None:
        return None
    from docutils import nodes  # pylint: disable=import-outside-toplevel

    url, title = found
    reference = nodes.reference("", "", internal=False, refuri=url, reftitle=title)
    if contnode is not None and (node.get("refexplicit") or node.get("reftype") == "envvar"):
        reference.append(contnode)
    else:
        reference.append(nodes.inline(title, title))
    return reference


def setup(app):
    app.connect("missing-reference", _missing_reference)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
