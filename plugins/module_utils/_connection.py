# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection to the Partner Portal, the same for the modules and the inventory plugin: its options, the check
that turns them into a normalised :class:`Connection` before anything is sent, the client built from it, and the
account's name in caches (:attr:`Connection.account_key`).

The options are documented once, in the ``yeastar.partner.api`` doc fragment (its ``DOCUMENTATION`` and ``PLUGINS``
sections); keep the two in step. Each option's environment variable is in :data:`ENV`.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import os

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.yeastar.partner.plugins.module_utils._client import PartnerClient
from ansible_collections.yeastar.partner.plugins.module_utils._identity import account_key
from ansible_collections.yeastar.partner.plugins.module_utils._input import seconds

DEFAULT_API_URL = "https://openapi.partner.yeastar.com"
MAX_RETRIES = 10
# The connection options, in the order the docs give them, and the environment variable of each that has one.
OPTIONS = ("api_url", "client_id", "client_secret", "access_token", "validate_certs", "ca_path", "allow_http", "timeout",
           "retries")
ENV = {"api_url": "YEASTAR_API_URL", "client_id": "YEASTAR_CLIENT_ID", "client_secret": "YEASTAR_CLIENT_SECRET",
       "allow_http": "YEASTAR_ALLOW_HTTP"}
SECRET_OPTIONS = ("client_secret", "access_token")


def connection_argument_spec():
    """The connection options as a module's argument spec. Explicit options win over the ``YEASTAR_*`` environment
    variables."""
    spec = dict(
        api_url=dict(type="str", default=DEFAULT_API_URL),
        client_id=dict(type="str"),
        client_secret=dict(type="str", no_log=True),
        access_token=dict(type="str", no_log=True),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        allow_http=dict(type="bool", default=False),
        timeout=dict(type="float", default=30),
        retries=dict(type="int", default=3),
    )
    for name, variable in ENV.items():
        spec[name]["fallback"] = (env_fallback, [variable])
    return spec


class Connection:
    """Checked, normalised connection options (from :func:`check_connection`)."""

    def __init__(self, opts):
        for name in OPTIONS:
            setattr(self, name, opts.get(name))

    @property
    def account_key(self):
        """A short, stable name of this credential at this API URL, never the secret itself: the client ID, else a
        digest of the access token (:func:`._identity.account_key`)."""
        return account_key(self.api_url, self.client_id, self.access_token)

    def client(self, token_store=None):
        """The :class:`PartnerClient` of this connection. ``token_store`` shares the access token between runs (the
        client uses it only with client credentials and no access token handed in)."""
        return PartnerClient(api_url=self.api_url, client_id=self.client_id, client_secret=self.client_secret,
                             access_token=self.access_token, timeout=self.timeout, retries=self.retries,
                             validate_certs=self.validate_certs, ca_path=self.ca_path, token_store=token_store)


def is_loopback(host):
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_connection(opts):
    """``(Connection, None)`` for good options, ``(None, what is wrong)`` otherwise (one message); nothing is sent.
    The options in ``opts`` are normalised in place too (see :func:`connection_problem`)."""
    problem = connection_problem(opts)
    return (None, problem) if problem else (Connection(opts), None)


def connection_problem(opts):
    """Check and normalise the connection options in ``opts`` (as the modules and the inventory plugin take them);
    returns what is wrong, as one message, or None. Credentials are stripped of surrounding whitespace (a token read
    from a file ends in a newline); ``timeout`` becomes a float."""
    for name in ("client_id", "client_secret", "access_token"):
        value = opts.get(name)
        opts[name] = (to_text(value).strip() or None) if value is not None else None
    url = to_text(opts.get("api_url") or "").strip()
    opts["api_url"] = url
    parts = urlsplit(url) if url else None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
        return "api_url must be an https:// URL with a host name, got %r." % url
    if parts.scheme == "http" and not opts.get("allow_http") and not is_loopback(parts.hostname):
        return ("api_url %s is plain http:// to a host that is not this machine: the client secret and the access "
                "token would travel unencrypted. Use https://, or set allow_http=true (YEASTAR_ALLOW_HTTP=true) "
                "for a test endpoint on a network you trust." % url)
    problems = []
    opts["timeout"] = seconds(opts.get("timeout"), "timeout", problems, high=3600)
    retries = opts.get("retries")
    if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= MAX_RETRIES:
        problems.append("retries must be a whole number between 0 and %d." % MAX_RETRIES)
    if opts.get("ca_path") and not os.path.isfile(opts["ca_path"]):
        problems.append("ca_path %s is not a file; give the PEM file of the CA certificates to trust." % opts["ca_path"])
    if problems:
        return " ".join(problems)
    if bool(opts["client_id"]) != bool(opts["client_secret"]):
        return ("client_id and client_secret go together; one of them is missing "
                "(options, or YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET).")
    if not opts["access_token"] and not opts["client_id"]:
        return ("No credentials: give client_id and client_secret (or set YEASTAR_CLIENT_ID and "
                "YEASTAR_CLIENT_SECRET), or an access_token.")
    return None
