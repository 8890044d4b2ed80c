# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: partners
short_description: The subordinate users of a Yeastar partner account as inventory hosts
version_added: 1.0.0
description:
  - Reads the subordinate users (the partner's customers, or tenants) of a Yeastar Partner Portal account through the
    Partner Portal OpenAPI (C(GET /user/openapi/user/v1/client/partner_list)) and makes each of them a host.
  - The host name is a slug of the user's Yeastar ID (V(color123@yeastar.com) becomes V(color123_yeastar_com)), or
    what the O(hostname) template makes of the user's fields.
  - Every field of the user becomes a host variable, its name in snake case after O(prefix) (C(partnerId) becomes
    C(yeastar_partner_id), C(zipCode) becomes C(yeastar_zip_code)). The fields the API documents are always set, to an
    empty string when the API leaves one out; fields it adds beyond those are set as they come.
  - A field whose variable would be one Ansible reserves is left out, with one warning naming the fields, whatever
    O(prefix) is. Those are names starting with C(ansible_) (C(ansible_host), C(ansible_connection)), the magic
    variables (C(hostvars), C(groups), C(group_names), C(inventory_hostname), C(playbook_dir), C(omit), ...), the names
    of play keywords (C(environment), C(become_user), ...), and names that are no valid variable names or are Python
    keywords. O(compose) may still set such variables on purpose.
  - Every host is in the group O(group), and, with O(local_connection), runs its tasks on the controller. The hosts are
    not machines; the modules of this collection talk to the Partner Portal from the controller.
  - O(countries), O(companies) and O(filters) choose which users become hosts; O(compose), O(groups) and
    O(keyed_groups) add variables and groups, as with P(ansible.builtin.constructed#inventory).
  - The connection options and their environment variables are those of the modules of this collection (the
    C(yeastar.partner.api) documentation fragment), and are checked the same way before anything is sent.
  - With O(cache) the user list is read from the API once per O(cache_timeout) and kept in the inventory cache. The
    cache holds the user list only, never the client secret, the client ID or a token.
  - A cache plugin that keeps files (C(jsonfile), C(yaml), C(pickle)) gets a cache folder only the user running
    Ansible may enter. A missing O(cache_connection) folder is created with mode C(0700) and the cache file is made
    C(0600); a folder of another user, or one that other users may read, write or enter, is an error before anything
    is sent.
  - Uses a YAML configuration file whose name ends in C(yeastar.yml) or C(yeastar.yaml), for example
    C(partners.yeastar.yml).
author: yeastar.partner contributors (@yeastar-partner)
requirements:
  - requests
extends_documentation_fragment:
  - yeastar.partner.api.plugins
  - constructed
  - inventory_cache
options:
  plugin:
    description:
      - The name of this plugin. It marks the file as a configuration of P(yeastar.partner.partners#inventory).
    type: str
    required: true
    choices: [yeastar.partner.partners]
  hostname:
    description:
      - A template for the host name of a user, over the user's host variables (with O(prefix)), for example
        V({{ yeastar_company | lower }}).
      - Values that come out as no valid host name for your playbooks (spaces, for example) are yours to clean up in
        the template, with filters such as C(regex_replace).
      - When not set, the host name is the user's Yeastar ID in lower case with every run of characters other than
        letters and digits replaced by C(_), without C(_) at either end (V(color123@yeastar.com) becomes
        V(color123_yeastar_com)). The Yeastar ID is unique and does not change, so the host name is stable.
      - Two users whose host names are the same are an error that names both; nothing is added to the inventory then.
        A template that renders an empty name is an error too.
    type: str
  prefix:
    description:
      - The prefix of the host variables made from the user's fields, for example V(yeastar_) gives
        C(yeastar_partner_id), C(yeastar_company), C(yeastar_country).
      - Letters, digits and C(_), not starting with a digit; may be empty.
      - A prefix that starts with C(ansible_) (in any case) is refused, because every variable it makes would be one
        Ansible reserves.
    type: str
    default: yeastar_
  group:
    description:
      - The group every host is added to. An empty string adds the hosts to no group of their own.
    type: str
    default: yeastar_partners
  local_connection:
    description:
      - Run the hosts' tasks on the controller with the Python that runs Ansible, the way the playbooks and roles of
        this collection expect tenants to be set up (the hosts are accounts, not machines).
      - Sets C(ansible_connection=local) and C(ansible_python_interpreter={{ ansible_playbook_python }}) as variables
        of O(group), so that C(group_vars), a static inventory or O(compose) can still set them otherwise. Without
        O(group) they are set on each host.
      - Set to V(false) to leave both to the rest of the inventory.
    type: bool
    default: true
  countries:
    description:
      - Only users whose country is one of these names (compared without regard to case or surrounding spaces).
      - An empty list keeps the users of every country.
    type: list
    elements: str
    default: []
  companies:
    description:
      - Only users whose company is one of these names (compared without regard to case or surrounding spaces).
      - An empty list keeps the users of every company.
    type: list
    elements: str
    default: []
  filters:
    description:
      - Jinja2 conditions over the user's host variables (with O(prefix)), for example
        V(yeastar_user_type == 'Enduser') or V(yeastar_tax_num != '').
      - A user becomes a host only when every condition is true, and when it passes O(countries) and O(companies).
      - A condition that cannot be evaluated is an error whatever O(strict) says, so that a mistake never lets
        through users it was meant to keep out.
      - Variables made by O(compose) are not known yet when the filters run.
    type: list
    elements: str
    default: []
notes:
  - Set the Ansible option C(inventory_unparsed_failed) (E(ANSIBLE_INVENTORY_UNPARSED_FAILED=true)) so that an API
    error fails C(ansible-playbook) instead of leaving it with an empty inventory.
  - With O(cache), changing O(countries), O(companies), O(filters), O(hostname), O(compose) or the groups takes effect
    without reading the API again, because the cache holds the whole user list; use C(--flush-cache) to read it
    again before the cache expires. The cache entry is keyed by O(api_url) and O(client_id); with only an
    O(access_token), by O(api_url) and a one-way digest of the token.
  - The cache holds the users' contact data (names, addresses, phone and tax numbers). The folder of a file cache is
    checked (see above); a cache plugin that keeps no files (C(redis), C(memcached)) is not, and is yours to keep
    private to you.
  - Group names made by O(groups) and O(keyed_groups) are made safe; characters other than letters, digits and C(_)
    become C(_) (V(United Kingdom) gives V(country_United_Kingdom) with the prefix V(country)).
  - Values read from the API are data, never templates.
seealso:
  - module: yeastar.partner.yeastar_partner_info
  - plugin: ansible.builtin.constructed
    plugin_type: inventory
"""

EXAMPLES = r"""
# partners.yeastar.yml: every subordinate user of the account as a host. Credentials from YEASTAR_API_URL,
# YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET (for the bundled simulator: http://127.0.0.1:<port>, sim-client-id,
# sim-client-secret). Try it with: ansible-inventory -i partners.yeastar.yml --graph
plugin: yeastar.partner.partners

---
# Tenants for playbooks/purchase.yml: every user in the group "tenants", with the Yeastar ID the role
# yeastar.partner.turnkey_purchase orders for; groups by country and company; the user list read once an hour.
plugin: yeastar.partner.partners
groups:
  tenants: true
compose:
  turnkey_purchase_partner_id: yeastar_partner_id
keyed_groups:
  - key: yeastar_country
    prefix: country
  - key: yeastar_company
    prefix: company
cache: true
cache_plugin: ansible.builtin.jsonfile
# The files hold the users' contact data: the folder must be yours alone (the plugin creates a missing one 0700, and
# refuses one that other users may enter; chmod 700 it).
cache_connection: ~/.cache/yeastar.partner-inventory
cache_timeout: 3600

---
# Only the end users in Germany and the United Kingdom, named after their company, with short variable names.
plugin: yeastar.partner.partners
countries:
  - Germany
  - United Kingdom
filters:
  - ye_user_type == 'Enduser'
hostname: "{{ ye_company | lower | regex_replace('[^a-z0-9]+', '-') }}"
prefix: ye_

---
# The client secret from a vaulted variable (ansible-inventory -e @secrets.yml ...), the rest from the environment;
# a slow link: 20 s per request, 5 retries.
plugin: yeastar.partner.partners
client_secret: "{{ vault_yeastar_client_secret }}"
timeout: 20
retries: 5
"""

import contextlib
import functools
import keyword
import os
import re
import stat

from ansible import constants as C
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.group import to_safe_group_name
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.cache import BaseFileCacheModule
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.vars import combine_vars
from ansible.vars.reserved import get_reserved_names

try:
    # ansible-core 2.19 and later: strings are data unless marked as templates.
    from ansible.template import trust_as_template
except ImportError:  # ansible-core 2.18: every string is a template unless marked unsafe
    trust_as_template = None
    from ansible.utils.unsafe_proxy import wrap_var
else:
    wrap_var = None

from ansible_collections.yeastar.partner.plugins.module_utils import _endpoints as api
from ansible_collections.yeastar.partner.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.yeastar.partner.plugins.module_utils._connection import OPTIONS, SECRET_OPTIONS, check_connection
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._scrub import scrub_text, scrub_value
from ansible_collections.yeastar.partner.plugins.module_utils._subordinate import USER_FIELDS, normalise_users, read_users, user_id

# A bump invalidates cache entries written by an older layout.
CACHE_FORMAT = 1
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PREFIX = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)?$")
# Variables Ansible sets itself or reads for a host, beyond ansible_* and the names of play keywords; data from the
# API must never set one. ansible-core's own list (INTERNAL_STATIC_VARS) is added where it has one.
_MAGIC_VARS = frozenset((
    "environment", "group_names", "groups", "hostvars", "inventory_dir", "inventory_file", "inventory_hostname",
    "inventory_hostname_short", "item", "omit", "play_hosts", "playbook_dir", "role_name", "role_names", "role_path",
    "role_uuid", "vars", "false", "none", "true",
))


@functools.lru_cache(maxsize=None)
def _reserved_names():
    return frozenset(get_reserved_names()) | _MAGIC_VARS | frozenset(getattr(C, "INTERNAL_STATIC_VARS", ()))


def is_reserved(name):
    """Whether a variable name is one that data read from the API must not set: anything Ansible reserves (ansible_*
    in any case, the magic variables, the names of play keywords), and names that are no valid identifiers or are
    Python keywords."""
    name = to_text(name)
    return (not _VAR_NAME.match(name) or keyword.iskeyword(name) or name.lower().startswith("ansible_")
            or name in _reserved_names())


def snake_case(key):
    """A field name as a variable name: ``partnerId`` -> ``partner_id``, ``zipCode`` -> ``zip_code``."""
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", to_text(key))
    name = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", name)
    return re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_").lower()


def slug(text):
    """The default host name of a Yeastar ID: lower case, each run of other characters than letters and digits a ``_``."""
    return re.sub(r"[\W_]+", "_", to_text(text).lower(), flags=re.UNICODE).strip("_")


@contextlib.contextmanager
def private_umask():
    """Files and folders made inside the block are for the user alone (the umask only ever gets stricter)."""
    old = os.umask(0o077)
    os.umask(old | 0o077)
    try:
        yield
    finally:
        os.umask(old)


def host_vars(user, prefix, skipped=None):
    """The host variables of a user: every documented field (text, "" when missing) and any other field as it came.

    A field whose variable would be one Ansible reserves (see is_reserved) is left out, whatever the prefix; its name
    is added to the set skipped when one is given."""
    hostvars = {}
    for key, value in user.items():
        if key in USER_FIELDS:
            continue
        name = snake_case(key)
        if not _VAR_NAME.match(name or "-") or is_reserved(prefix + name):
            if skipped is not None:
                skipped.add(to_text(key))
            continue
        hostvars[prefix + name] = value
    for key in USER_FIELDS:
        name = prefix + snake_case(key)
        if is_reserved(name):  # only with a prefix _layout refuses
            if skipped is not None:
                skipped.add(key)
            continue
        value = user.get(key)
        if value is None or isinstance(value, (dict, list)):
            value = ""
        hostvars[name] = to_text(value)
    return hostvars


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """The subordinate users of a Yeastar partner account as hosts."""

    NAME = "yeastar.partner.partners"

    # Group names from groups and keyed_groups are always made safe ("United Kingdom" is a common country).
    _sanitize_group_name = staticmethod(functools.partial(to_safe_group_name, force=True, silent=True))

    def __init__(self):
        super(InventoryModule, self).__init__()
        self._secrets = []
        self._cache_entry = None

    def verify_file(self, path):
        """Only configuration files whose name ends in yeastar.yml or yeastar.yaml."""
        return super(InventoryModule, self).verify_file(path) and \
            to_text(path).endswith(("yeastar.yml", "yeastar.yaml"))

    # ------------------------------------------------------------------ options

    def _fail(self, msg):
        raise AnsibleParserError("%s: %s" % (self.NAME, scrub_text(msg, self._secrets)))

    def _connection(self, config):
        """The connection options, templated where the configuration file gave them, and checked as the modules check
        them. Raises AnsibleParserError before anything is sent."""
        opts = {}
        for name in OPTIONS:
            value = self.get_option(name)
            if name in config and isinstance(value, str) and ("{{" in value or "{%" in value):
                # Only what the file says is a template; the environment is data.
                self.templar.available_variables = self._vars
                value = self.templar.template(value)
            opts[name] = value
        conn, problem = check_connection(opts)
        self._secrets = [opts[name] for name in SECRET_OPTIONS if opts[name]]
        if problem:
            self._fail(problem)
        if not HAS_REQUESTS:
            self._fail("the Python library 'requests' is required on the controller (pip install requests).")
        return conn

    def _layout(self):
        """The options that shape the hosts, checked before anything is sent."""
        prefix = self.get_option("prefix")
        prefix = "" if prefix is None else to_text(prefix)
        if not _PREFIX.match(prefix):
            self._fail("prefix must be letters, digits and _ and must not start with a digit, got %r." % prefix)
        reserved = [prefix + snake_case(key) for key in USER_FIELDS if is_reserved(prefix + snake_case(key))]
        if reserved:
            self._fail("prefix %r makes the host variables names that Ansible reserves (%s); choose another prefix, "
                       "such as yeastar_." % (prefix, ", ".join(reserved[:3] + (["..."] if len(reserved) > 3 else []))))
        group = to_text(self.get_option("group") or "").strip()
        if group and not _VAR_NAME.match(group):
            self._fail("group must be a valid group name (letters, digits and _, not starting with a digit), got %r."
                       % group)
        hostname = self.get_option("hostname")
        if hostname is not None and not isinstance(hostname, str):
            self._fail("hostname must be a template string, got %r." % (hostname,))
        filters = self.get_option("filters") or []
        for condition in filters:
            if not isinstance(condition, str) or not condition.strip():
                self._fail("each of filters must be a Jinja2 condition (a non-empty string), got %r." % (condition,))

        def folded(values):
            return set(to_text(v).strip().casefold() for v in values or [] if v is not None)

        return {
            "prefix": prefix,
            "group": group,
            "hostname": hostname if hostname and hostname.strip() else None,
            "filters": filters,
            "countries": folded(self.get_option("countries")),
            "companies": folded(self.get_option("companies")),
        }

    # ------------------------------------------------------------------ cache

    @staticmethod
    def _cache_key(conn):
        """One cache entry per credential: the account key of the API URL and the client ID (with only a token, a
        digest of it), never the secret itself."""
        return "yeastar.partner.partners_%s" % conn.account_key

    def _file_cache(self):
        """The cache plugin behind the inventory cache when it keeps files in a folder (jsonfile, yaml, pickle), else
        None (memory, redis, memcached: theirs to keep private)."""
        plugin = getattr(getattr(self, "_cache", None), "_plugin", None)
        return plugin if isinstance(plugin, BaseFileCacheModule) and getattr(plugin, "_cache_dir", None) else None

    def _check_cache_folder(self):
        """Refuse a cache folder other users may enter: the cache holds the users' contact data. (A folder the cache
        plugin creates is 0700: parse() reads the configuration, which creates it, with a private umask.)"""
        plugin = self._file_cache()
        if plugin is None:
            return
        folder = plugin._cache_dir
        try:
            info = os.stat(folder)
        except OSError as exc:
            raise AnsibleParserError("%s: the inventory cache folder %s cannot be read: %s" % (self.NAME, folder, to_text(exc))) from None
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            self._fail("the inventory cache folder %s belongs to another user (uid %d), and the cache holds the users' "
                       "contact data. Set cache_connection to a folder of your own (install -d -m 0700 FOLDER)."
                       % (folder, info.st_uid))
        if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            self._fail("the inventory cache folder %s is open to other users (mode %04o), and the cache holds the users' "
                       "contact data. Make it private (chmod 700 %s) or set cache_connection to a folder only you can "
                       "enter." % (folder, stat.S_IMODE(info.st_mode), folder))

    def _private_cache_file(self):
        """Make the file of this run's cache entry readable by the user alone (the jsonfile plugin writes it 0644)."""
        plugin = self._file_cache()
        if plugin is None or self._cache_entry is None:
            return
        try:
            names = os.listdir(plugin._cache_dir)
        except OSError:
            return
        # The file name is the key after cache_prefix and, from ansible-core 2.19 on, a schema marker.
        for name in names:
            path = os.path.join(plugin._cache_dir, name)
            if not name.endswith(self._cache_entry) or not os.path.isfile(path):
                continue
            try:
                os.chmod(path, 0o600)
            except OSError as exc:
                self.display.warning("%s: the inventory cache file %s could not be made private (chmod 600): %s"
                                     % (self.NAME, path, to_text(exc)))

    def update_cache_if_changed(self):
        """Write the cache as Ansible does after a parse, then make the file private."""
        super(InventoryModule, self).update_cache_if_changed()
        self._private_cache_file()

    def set_cache_plugin(self):
        super(InventoryModule, self).set_cache_plugin()
        self._private_cache_file()

    def _cached_users(self, key):
        """The user list from the cache, or None when there is none (expired, flushed, unreadable, older layout)."""
        try:
            entry = self._cache[key]
        except KeyError:
            return None
        except Exception as exc:  # pylint: disable=broad-except
            # A damaged entry is not a reason to fail: the API has the answer.
            self.display.warning("%s: the inventory cache could not be read, reading the API instead: %s"
                                 % (self.NAME, to_text(exc)))
            return None
        if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT or not isinstance(entry.get("users"), list):
            self.display.vvv("%s: the cache entry has another layout; reading the API" % self.NAME)
            return None
        self.display.vvv("%s: %d subordinate users from the inventory cache" % (self.NAME, len(entry["users"])))
        return entry["users"]

    # ------------------------------------------------------------------ API

    def _fetch_users(self, conn):
        """Read the subordinate users; an API error becomes an AnsibleError without any secret in it."""
        client = None
        try:
            client = conn.client()
            result = api.partner_list(client)
        except PartnerAPIError as exc:
            self._secrets.extend(client.secrets() if client is not None else [])
            raise AnsibleError("%s: could not read the subordinate users from %s: %s" % (
                self.NAME, conn.api_url, scrub_text(exc.message, self._secrets))) from None
        except Exception as exc:  # pylint: disable=broad-except
            if client is not None:
                self._secrets.extend(client.secrets())
            raise AnsibleError("%s: could not read the subordinate users from %s: %s: %s" % (
                self.NAME, conn.api_url, type(exc).__name__, scrub_text(to_text(exc), self._secrets))) from None
        self._secrets.extend(client.secrets())
        for warning in client.warnings:
            self.display.warning("%s: %s" % (self.NAME, scrub_text(warning, self._secrets)))
        users, readable = read_users(result)
        if not readable:
            self.display.warning("%s: the answer of %s held no list of users (a %s); the inventory has no hosts from it."
                                 % (self.NAME, api.PARTNER_LIST, type(result).__name__))
        users, skipped = normalise_users(users)
        if skipped:
            self.display.warning("%s: %d entries of the user list have no Yeastar ID (partnerId) and are left out."
                                 % (self.NAME, skipped))
        # A service that echoed a credential into a field must not put it into the cache or the inventory.
        return scrub_value(users, self._secrets)

    # ------------------------------------------------------------------ hosts

    def _variables(self, hostvars):
        if self.get_option("use_extra_vars"):
            return combine_vars(hostvars, self._vars)
        return hostvars

    def _condition(self, condition, variables):
        self.templar.available_variables = variables
        if hasattr(self.templar, "evaluate_conditional"):  # ansible-core 2.19 and later
            return bool(self.templar.evaluate_conditional(condition))
        result = self.templar.template("{%% if %s %%}True{%% else %%}False{%% endif %%}" % condition)
        return to_text(result).strip() == "True"

    def _wanted(self, user, hostvars, layout):
        """Whether a user passes countries, companies and filters."""
        if layout["countries"] and to_text(user.get("country") or "").strip().casefold() not in layout["countries"]:
            return False
        if layout["companies"] and to_text(user.get("company") or "").strip().casefold() not in layout["companies"]:
            return False
        variables = self._variables(hostvars)
        for condition in layout["filters"]:
            try:
                if not self._condition(condition, variables):
                    return False
            except Exception as exc:  # pylint: disable=broad-except
                raise AnsibleParserError("%s: filter %r could not be evaluated for %s: %s" % (
                    self.NAME, condition, user["partnerId"], scrub_text(to_text(exc), self._secrets))) from None
        return True

    def _hostname(self, user, hostvars, layout):
        if layout["hostname"] is None:
            name = slug(user["partnerId"])
            if not name:
                raise AnsibleParserError("%s: no host name can be made from the Yeastar ID %r; set the hostname option."
                                         % (self.NAME, user["partnerId"]))
            return name
        self.templar.available_variables = self._variables(hostvars)
        try:
            name = self.templar.template(layout["hostname"])
        except Exception as exc:  # pylint: disable=broad-except
            raise AnsibleParserError("%s: the hostname template could not be rendered for %s: %s" % (
                self.NAME, user["partnerId"], scrub_text(to_text(exc), self._secrets))) from None
        name = to_text(name).strip() if name is not None else ""
        if not name:
            raise AnsibleParserError("%s: the hostname template rendered an empty name for %s." % (
                self.NAME, user["partnerId"]))
        return name

    def _plan(self, users, layout):
        """(host name, user, host variables) for each user that becomes a host; a clash of host names is an error."""
        hosts, owner, skipped = [], {}, set()
        for user in users:
            if not isinstance(user, dict) or not user_id(user):
                continue
            hostvars = dict((k, self._data(v)) for k, v in host_vars(user, layout["prefix"], skipped).items())
            if not self._wanted(user, hostvars, layout):
                continue
            name = self._hostname(user, hostvars, layout)
            if name in owner:
                raise AnsibleParserError(
                    "%s: the subordinate users %s and %s would both be the host %s. Set the hostname option to a "
                    "template that tells them apart (the default slug of the Yeastar ID, or a template over the "
                    "yeastar_partner_id variable, always does unless two IDs differ only in case or punctuation)."
                    % (self.NAME, owner[name], user["partnerId"], name))
            owner[name] = user["partnerId"]
            hosts.append((name, hostvars))
        if skipped:
            # Once per run, not once per host.
            names = sorted(skipped)
            shown = ", ".join(repr(n) for n in names[:10]) + (" and %d more" % (len(names) - 10) if len(names) > 10 else "")
            self.display.warning(scrub_text(
                "%s: the fields %s of the user list set no host variable: their names make no valid variable name, "
                "or with the prefix %r a variable Ansible reserves (ansible_*, magic variables such as hostvars, play "
                "keywords)." % (self.NAME, shown, layout["prefix"]), self._secrets))
        return hosts

    @staticmethod
    def _data(value):
        """A value read from the API as data that is never templated."""
        return wrap_var(value) if wrap_var is not None else value

    @staticmethod
    def _template(value):
        """A template this plugin sets on purpose."""
        return trust_as_template(value) if trust_as_template is not None else value

    def _populate(self, hosts, layout):
        group = layout["group"]
        if group:
            group = self.inventory.add_group(group)
        connection_vars = {}
        if self.get_option("local_connection"):
            connection_vars = {"ansible_connection": "local",
                               "ansible_python_interpreter": self._template("{{ ansible_playbook_python }}")}
            if group:
                for key, value in connection_vars.items():
                    self.inventory.set_variable(group, key, value)
                connection_vars = {}
        strict = self.get_option("strict")
        for name, hostvars in hosts:
            name = self.inventory.add_host(name, group=group or None)
            for key, value in connection_vars.items():
                self.inventory.set_variable(name, key, value)
            for key, value in hostvars.items():
                self.inventory.set_variable(name, key, value)
            variables = self.inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option("compose"), variables, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), {}, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), {}, name, strict=strict)

    # ------------------------------------------------------------------ entry point

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        with private_umask():
            # Reading the configuration sets up the cache plugin, which creates a missing cache folder.
            config = self._read_config_data(path)
        conn = self._connection(config)
        layout = self._layout()

        use_cache = bool(self.get_option("cache"))
        key = self._cache_key(conn)
        if use_cache:
            self._check_cache_folder()
            self._cache_entry = key
            self._private_cache_file()  # an entry written before the file was made private
        users = self._cached_users(key) if use_cache and cache else None
        if users is None:
            users = self._fetch_users(conn)
            if use_cache:
                # Only the user list: no token, no client ID, no secret.
                self._cache[key] = {"format": CACHE_FORMAT, "users": users}
        hosts = self._plan(users, layout)
        self._populate(hosts, layout)
        self.display.vvv("%s: %d hosts from %d subordinate users of %s" % (
            self.NAME, len(hosts), len(users), conn.api_url))
