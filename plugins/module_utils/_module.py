# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every module of the collection shares: :class:`ModuleRuntime` (the AnsibleModule with the connection
(:mod:`._connection`), the client, the account's store and ledger, and failures a person can act on) and
:class:`PartnerModuleBase` (the one shape of a module).

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.yeastar.partner.plugins.module_utils._cache import CACHE_ENV, AccountCache, TokenStore
from ansible_collections.yeastar.partner.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.yeastar.partner.plugins.module_utils._connection import SECRET_OPTIONS, check_connection, connection_argument_spec
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._file_store import adopt_old_ledger, file_store
from ansible_collections.yeastar.partner.plugins.module_utils._identity import identity_key, token_user
from ansible_collections.yeastar.partner.plugins.module_utils._ledger import OrderLedger
from ansible_collections.yeastar.partner.plugins.module_utils._pg_store import (
    LEDGER_URL_ENV,
    PSYCOPG_PACKAGE,
    PgStore,
    check_ledger_url,
    import_psycopg,
)
from ansible_collections.yeastar.partner.plugins.module_utils._run import current_run
from ansible_collections.yeastar.partner.plugins.module_utils._scrub import scrub_text, scrub_value
from ansible_collections.yeastar.partner.plugins.module_utils._store import StoreError


def module_argument_spec():
    """The options every module takes: the connection options, ``cache_dir`` and ``ledger_url``."""
    spec = connection_argument_spec()
    spec["cache_dir"] = dict(type="path", fallback=(env_fallback, [CACHE_ENV]))
    spec["ledger_url"] = dict(type="str", no_log=True, fallback=(env_fallback, [LEDGER_URL_ENV]))
    return spec


class ModuleRuntime:
    """One run of a module: the AnsibleModule (:attr:`ansible`) with the connection options, and, built on first use,
    the :class:`PartnerClient`, the account's store and its order ledger.

    They are built on first use, so that a module can reject bad input before anything is sent. ``uses_store``: the
    module keeps a ledger or takes locks (:attr:`store`), so a ``ledger_url`` it cannot use stops it at once.
    """

    def __init__(self, argument_spec, supports_check_mode=True, uses_store=False, **kwargs):
        spec = module_argument_spec()
        spec.update(argument_spec)
        self.ansible = AnsibleModule(argument_spec=spec, supports_check_mode=supports_check_mode, **kwargs)
        self.params = self.ansible.params
        self._client = None
        self._cache = None
        self._store = None
        self._ledger = None
        if not HAS_REQUESTS:
            self.ansible.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self.ledger_url = None
        self.connection = self._check_connection_params()
        self.ledger_url = self._check_ledger_url(uses_store)

    def _check_connection_params(self):
        """Check the connection options before anything is sent (see :func:`._connection.check_connection`)."""
        connection, problem = check_connection(self.params)
        for name in SECRET_OPTIONS:
            if self.params[name]:
                # Ansible masks the value as given; the stripped one must be masked too (module_args shows it).
                self.ansible.no_log_values.add(self.params[name])
        if problem:
            self.fail(problem)
        return connection

    def _check_ledger_url(self, uses_store):
        """The checked ``ledger_url`` (:class:`._pg_store.LedgerURL`), or None when it is not set. A bad URL, or a
        module that keeps a ledger without psycopg, fails here, before anything is sent."""
        ledger, problem = check_ledger_url(self.params["ledger_url"])
        for secret in (ledger.password if ledger else None, os.environ.get("PGPASSWORD")):
            if secret:
                self.ansible.no_log_values.add(secret)
        if problem:
            self.fail(problem)
        if ledger is not None:
            for warning in ledger.warnings:
                self.warn(warning)
            if uses_store and import_psycopg() is None:
                self.fail("%s Nothing was sent." % missing_required_lib(PSYCOPG_PACKAGE))
        return ledger

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
        ledger and the locks of the account are in :attr:`store`."""
        if self._cache is None:
            p = self.params
            self._cache = AccountCache(p["cache_dir"], p["api_url"], client_id=p["client_id"],
                                       access_token=p["access_token"])
        return self._cache

    @property
    def store(self):
        """The store of this account's ledger and locks (:class:`._store.LedgerStore`); raises StoreError when it is not
        usable.

        With ``ledger_url``, the shared store in PostgreSQL (:class:`._pg_store.PgStore`); otherwise the files of the
        controller cache (:func:`._file_store.file_store`). Either is the store of the account the access token names,
        so that client credentials and a handed-in access token of one account, and every spelling of the API URL,
        share one ledger and one set of locks. This needs the token: with client credentials it may be requested here.
        """
        if self._store is None and self.ledger_url is not None:
            token = self.client.access_token()
            user = token_user(token)
            account = identity_key(self.connection.api_url, user) if user else self.connection.account_key
            self._store = PgStore(self.ledger_url, account, label=(self.connection.api_url, user),
                                  read_only=self.check_mode)
        if self._store is None:
            store, old = file_store(self.cache, self.client.access_token(), read_only=self.check_mode)
            if old is not None:
                with store.index_lock():
                    adopt_old_ledger(store, old)
            self._store = store
        return self._store

    @property
    def ledger(self):
        """The order ledger of this account (:class:`OrderLedger`) over :attr:`store`, for modules that order. In check
        mode it reads, and keeps what it read in this process only."""
        if self._ledger is None:
            self._ledger = OrderLedger(self.client, self.store, run=current_run(), read_only=self.check_mode)
        return self._ledger

    def _token_store(self):
        """The shared access token of the play, or None when the cache cannot be used (then each run asks for one)."""
        try:
            return TokenStore(self.cache, self.params["client_id"], self.params["client_secret"])
        except StoreError as exc:
            self.ansible.warn("The controller cache is not used for the access token: %s" % exc)
            return None

    @property
    def client(self):
        if self._client is None:
            p = self.params
            self._client = self.connection.client(
                token_store=self._token_store() if p["client_id"] and not p["access_token"] else None)
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
        known = [self.params.get(name) for name in SECRET_OPTIONS + ("ledger_url",)]
        if self.ledger_url is not None:
            known.append(self.ledger_url.password)
        known.append(os.environ.get("PGPASSWORD"))
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
        except StoreError as error:
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
    ``argument_spec()`` (its own options; the connection options are added), implements ``validate()`` (check and
    normalise the input, failing with every problem before anything is sent) and ``execute()``: read (:meth:`read`),
    compare, act unless in check mode. ``execute`` sets ``self.changed``, ``self.msg`` (one sentence saying what
    happened), ``self.value`` (what ``represent`` holds; left unset, the key is not returned), optionally ``self.diff``
    (``{"before": ..., "after": ...}``, returned only with --diff), ``self.extra`` (the other documented keys) and
    ``self.failed``; or hands a whole result built elsewhere to :meth:`take`. :meth:`get_result` builds the result;
    :meth:`main` runs the whole module. ``doing`` names what the module does, for the message of an error nobody caught.
    ``failure_says_changed`` is for a module whose every failure says ``changed`` (whether a request of this run took
    effect): a failed :meth:`read` then says ``changed`` too. ``uses_store`` is for a module that keeps a ledger or
    takes locks (:attr:`ModuleRuntime.store`).
    """

    represent = None
    supports_check_mode = True
    uses_store = False
    doing = None
    failure_says_changed = False

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

    def validate(self):
        """Check and normalise the input (``self.module.params``) before anything is sent, and keep on ``self`` what
        ``execute`` uses; on bad input fail (``self.module.fail``) naming every problem at once. :meth:`main` runs it
        before :meth:`execute`. The default checks nothing (the connection options are checked already)."""

    def execute(self):
        raise NotImplementedError

    def read(self, doing, function, *args, **kwargs):
        """``function(self.module.client, *args, **kwargs)``, a call that changes nothing, through
        :meth:`ModuleRuntime.run`: an API error (or any other) ends the module with the shaped failure, ``doing`` saying
        what it was doing; with ``failure_says_changed``, the failure of an API error says ``changed`` too.

        An error the caller expects (``error.not_found``) is caught inside ``function``.
        """
        def call():
            try:
                return function(self.module.client, *args, **kwargs)
            except PartnerAPIError as error:
                result = dict(changed=self.changed) if self.failure_says_changed else {}
                self.module.fail_api(error, doing=doing, **result)
            return None  # not reached: fail_api exits
        return self.module.run(call, doing=doing)

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
        """Build the module, run ``validate`` and then ``execute`` (an API error or any exception becomes a readable
        failure), return."""
        module = ModuleRuntime(argument_spec=cls.argument_spec(), supports_check_mode=cls.supports_check_mode,
                               uses_store=cls.uses_store, **kwargs)
        instance = cls(module)
        module.run(instance.validate, doing=cls.doing)
        module.run(instance.execute, doing=cls.doing)
        module.finish(instance.get_result())
