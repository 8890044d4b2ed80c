# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every module of the collection shares: the connection options, building the client, and
turning API errors into ``fail_json`` results a person can act on.

The options are documented once, in the ``yeastar.partner.api`` doc fragment; keep the two in step.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import os
import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.yeastar.partner.plugins.module_utils._cache import CACHE_ENV, AccountCache, CacheError, TokenStore
from ansible_collections.yeastar.partner.plugins.module_utils._client import (
    DEFAULT_API_URL,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    PartnerAPIError,
    PartnerClient,
    scrub_text,
    scrub_value,
)
from ansible_collections.yeastar.partner.plugins.module_utils._input import seconds
from ansible_collections.yeastar.partner.plugins.module_utils._ledger import LEDGER_FILE, OrderLedger, current_run

MAX_RETRIES = 10


def connection_argument_spec():
    """The options every module takes. Explicit options win over the ``YEASTAR_*`` environment variables."""
    return dict(
        api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["YEASTAR_API_URL"])),
        client_id=dict(type="str", fallback=(env_fallback, ["YEASTAR_CLIENT_ID"])),
        client_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["YEASTAR_CLIENT_SECRET"])),
        access_token=dict(type="str", no_log=True),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        timeout=dict(type="float", default=30),
        retries=dict(type="int", default=3),
        cache_dir=dict(type="path", fallback=(env_fallback, [CACHE_ENV])),
        allow_http=dict(type="bool", default=False, fallback=(env_fallback, ["YEASTAR_ALLOW_HTTP"])),
    )


def is_loopback(host):
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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


class ModuleRuntime:
    """An AnsibleModule with the connection options and a lazily built :class:`PartnerClient`.

    The client is built on first use, so that a module can reject bad input before anything is sent.
    """

    def __init__(self, argument_spec, supports_check_mode=True, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        self.ansible = AnsibleModule(argument_spec=spec, supports_check_mode=supports_check_mode, **kwargs)
        self.params = self.ansible.params
        self._client = None
        self._cache = None
        self._ledger = None
        if not HAS_REQUESTS:
            self.ansible.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self._check_connection_params()

    def _check_connection_params(self):
        """Check the connection options before anything is sent (see :func:`connection_problem`)."""
        p = self.params
        problem = connection_problem(p)
        for name in ("client_secret", "access_token"):
            if p[name]:
                # Ansible masks the value as given; the stripped one must be masked too (module_args shows it).
                self.ansible.no_log_values.add(p[name])
        if problem:
            self.fail(problem)

    @property
    def check_mode(self):
        return self.ansible.check_mode

    @property
    def diff_mode(self):
        return self.ansible._diff

    @property
    def cache(self):
        """The controller cache of these credentials (:class:`AccountCache`, keyed by the API URL and the client ID or
        the handed-in token), where the shared access token is kept; raises CacheError when it is not usable. The
        ledger and the locks of the account are in :attr:`ledger` ``.cache``."""
        if self._cache is None:
            p = self.params
            self._cache = AccountCache(p["cache_dir"], p["api_url"].strip(), client_id=p["client_id"],
                                       access_token=p["access_token"])
        return self._cache

    @property
    def ledger(self):
        """The order ledger of this account (:class:`OrderLedger`), for modules that order; its ``cache`` is the
        folder for the account's locks too.

        It is kept in the folder of the account the access token names (its ``user_name``, see
        :meth:`AccountCache.for_token`), so that client credentials and a handed-in access token of one account, and
        every spelling of the API URL, share one ledger and one set of locks. This needs the token: with client
        credentials it may be requested here. A token that names no user leaves the ledger in the folder of the
        credentials (:attr:`cache`), which another credential of the same account does not share. A ledger the
        credentials' folder held (before this layout) is copied over once, by the first run that is not in check mode,
        so that its unknown outcomes still hold (a check mode run reads it where it is).
        """
        if self._ledger is None:
            credentials = self.cache
            self.client._ensure_token()  # pylint: disable=protected-access
            cache = credentials.for_token(self.client._token)  # pylint: disable=protected-access
            adopt = cache is not credentials and cache.stat(LEDGER_FILE) is None and credentials.stat(LEDGER_FILE) is not None
            if adopt and self.check_mode:
                cache, adopt = credentials, False  # a preview reads the old ledger; the first real run copies it over
            # Check mode changes no state: the ledger reads, and keeps what it read in this process only.
            self._ledger = OrderLedger(self.client, cache, run=current_run(), read_only=self.check_mode)
            if adopt:
                with self._ledger._ledger_lock():  # pylint: disable=protected-access
                    cache.adopt(credentials, LEDGER_FILE)
        return self._ledger

    def _token_store(self):
        """The shared access token of the play, or None when the cache cannot be used (then each run asks for one)."""
        try:
            return TokenStore(self.cache, self.params["client_id"], self.params["client_secret"])
        except CacheError as exc:
            self.ansible.warn("The controller cache is not used for the access token: %s" % exc)
            return None

    @property
    def client(self):
        if self._client is None:
            p = self.params
            self._client = PartnerClient(
                api_url=p["api_url"].strip(),
                client_id=p["client_id"],
                client_secret=p["client_secret"],
                access_token=p["access_token"],
                timeout=p["timeout"],
                retries=p["retries"],
                validate_certs=p["validate_certs"],
                ca_path=p["ca_path"],
                token_store=self._token_store() if p["client_id"] and not p["access_token"] else None,
            )
        return self._client

    def _warn_all(self):
        if self._client is not None:
            for warning in self._client.warnings:
                self.warn(warning)
            self._client.warnings = []

    def warn(self, msg):
        self.ansible.warn(self.scrub(msg))

    def fail(self, msg, **result):
        self._warn_all()
        result = scrub_value(result, self._secrets())
        self.ansible.fail_json(msg=self.scrub(msg), **result)

    def _secrets(self):
        known = [self.params.get("client_secret"), self.params.get("access_token")]
        if self._client is not None:
            known.extend(self._client.secrets())
        return [s for s in known if s]

    def scrub(self, text):
        """``text`` without any secret the module knows, in any form (raw, escaped, URL-encoded)."""
        return scrub_text(text, self._secrets())

    @staticmethod
    def api_error_message(error, doing=None, then=None):
        """What the module was doing, then the call, status, code, message and requestId, then what to do next."""
        msg = error.message
        if doing:
            msg = "%s: %s" % (doing, msg)
        if then:
            msg = "%s %s" % (msg.rstrip(".") + ".", then)
        return msg

    def fail_api(self, error, doing=None, then=None, **result):
        """Fail with an API error (see :meth:`api_error_message`)."""
        self.fail(self.api_error_message(error, doing, then), api_error=error.to_dict(), **result)

    def exit(self, **result):
        self._warn_all()
        self.ansible.exit_json(**scrub_value(result, self._secrets()))

    def finish(self, result):
        """End the module with ``result``: a failure when it says ``failed``, else success."""
        result = dict(result)
        if result.pop("failed", False):
            self.fail(result.pop("msg", "Failed."), **result)
        self.exit(**result)

    def run(self, function, *args, **kwargs):
        """Return ``function(*args, **kwargs)``; an API error anywhere in it ends the module with a shaped failure.

        The keyword ``doing`` (not passed on) says what the module was doing, for the failure message.
        """
        doing = kwargs.pop("doing", None)
        try:
            return function(*args, **kwargs)
        except PartnerAPIError as error:
            self.fail_api(error, doing=doing)
        except CacheError as error:
            self.fail("%s: %s" % (doing, error) if doing else str(error))
        except Exception as error:  # pylint: disable=broad-except
            # No exception escapes as a MODULE FAILURE: say what happened, in a result a person can read.
            self.fail("%sunexpected error %s: %s. This is a fault in the yeastar.partner collection; please report it "
                      "with this message." % ("%s: " % doing if doing else "", type(error).__name__, error),
                      exception=traceback.format_exc())


_UNSET = object()


class PartnerModuleBase:
    """The one shape of a module of this collection.

    A module is a subclass that declares ``represent`` (the key its main result is returned under) and
    ``argument_spec()`` (its own options; the connection options are added), and implements ``execute()``: check the
    input (``self.module.fail`` before anything is sent), read, compare, act unless in check mode. ``execute`` sets
    ``self.changed``, ``self.msg`` (one sentence saying what happened), ``self.value`` (what ``represent`` holds; left
    unset, the key is not returned), optionally ``self.diff`` (``{"before": ..., "after": ...}``, returned only with
    --diff), ``self.extra`` (the other documented keys) and ``self.failed``; or hands a whole result built elsewhere to
    :meth:`take`. :meth:`get_result` builds the result; :meth:`main` runs the whole module. ``doing`` names what the
    module does, for the message of an error nobody caught.
    """

    represent = None
    supports_check_mode = True
    doing = None

    def __init__(self, module):
        self.module = module
        self.changed = False
        self.failed = False
        self.msg = ""
        self.value = _UNSET
        self.diff = None
        self.extra = {}

    @staticmethod
    def argument_spec():
        return {}

    def execute(self):
        raise NotImplementedError

    def take(self, result):
        """Adopt a whole result (``changed``, ``failed``, ``msg``, ``diff``, the ``represent`` key and the rest)."""
        result = dict(result)
        self.changed = bool(result.pop("changed", False))
        self.failed = bool(result.pop("failed", False))
        self.msg = result.pop("msg", "")
        self.diff = result.pop("diff", None)
        if self.represent in result:
            self.value = result.pop(self.represent)
        self.extra = result

    def get_result(self):
        """The module's result: ``changed``, ``msg``, the ``represent`` key and the extra keys (``diff`` with --diff,
        ``failed`` when it failed)."""
        result = dict(self.extra)
        result.update(changed=self.changed, msg=self.msg)
        if self.failed:
            result["failed"] = True
        if self.value is not _UNSET:
            result[self.represent] = self.value
        if self.diff is not None and self.module.diff_mode:
            result["diff"] = self.diff
        return result

    @classmethod
    def main(cls, **kwargs):
        """Build the module, run ``execute`` (an API error or any exception becomes a readable failure), return."""
        module = ModuleRuntime(argument_spec=cls.argument_spec(), supports_check_mode=cls.supports_check_mode, **kwargs)
        instance = cls(module)
        module.run(instance.execute, doing=cls.doing)
        module.finish(instance.get_result())
