# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP client of the collection: the transport.

Everything that talks to the Yeastar Partner Portal OpenAPI goes through :class:`PartnerClient`:
authentication (``pp_credentials`` grant, refresh grant, an access token handed in), the response
envelope, retries with backoff for reads, paging, and error shaping. Modules never import ``requests``.
It knows HTTP and the API's envelope, not what an endpoint means: the paths and the reading of each
endpoint's answer are in :mod:`._endpoints`, what an order is in :mod:`._order`.

Rules kept here (docs/api-contract.md §2, §3 and §6):

* tolerant reader: only ``code`` decides success; unknown fields are ignored;
* ``Authorization`` is ``tokenHead`` + token (no doubled space), ``User-Agent`` on every request;
* any 401 on an API call: refresh once (refresh grant, then a new ``pp_credentials`` token), replay once;
* reads (GET and the token call) are retried on connection errors, timeouts, 429, 502, 503 and 504,
  with bounded exponential backoff and jitter, honouring ``Retry-After``;
* a request that changes something goes out once (:meth:`PartnerClient.send_once`): its answer, or the API's
  refusal, or :class:`OutcomeUncertain` saying what is known (whether it was written, and the cause); what to do
  about an uncertain outcome is the caller's to decide;
* errors (:mod:`._errors`) name the call, the HTTP status, ``code``, ``detailMessage`` and ``requestId``, and never
  carry a token or a secret (:mod:`._scrub`).

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import json
import math
import random
import ssl
import time
import traceback

try:
    import requests
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import TOKEN_PATH
from ansible_collections.yeastar.partner.plugins.module_utils._errors import MISSING_CODE, OutcomeUncertain, PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._reader import as_count
from ansible_collections.yeastar.partner.plugins.module_utils._scrub import scrub_text

# The collection's version is written once, in galaxy.yml; module_utils cannot read it where modules run.
DEFAULT_USER_AGENT = "OpenAPI yeastar.partner (Ansible collection)"

RETRYABLE_STATUS = frozenset([429, 502, 503, 504])

_MAX_BODY_SNIPPET = 200


class _Response:
    """A parsed answer: HTTP status, headers, and the envelope (or None when the body was not JSON)."""

    def __init__(self, status, headers, envelope, snippet):
        self.status = status
        self.headers = headers
        self.envelope = envelope
        self.snippet = snippet

    @property
    def code(self):
        if isinstance(self.envelope, dict):
            return self.envelope.get("code")
        return None

    @property
    def ok(self):
        return self.code == "success"


class _Transient(Exception):
    """A failure of the exchange: carries the error that is raised when tries run out. ``sent`` is False only when
    the failure is known to have come before the request was written; ``retry`` says whether a read tries again."""

    def __init__(self, error, retry_after=None, sent=True, retry=True):
        super(_Transient, self).__init__(error.message)
        self.error = error
        self.retry_after = retry_after
        self.sent = sent
        self.retry = retry


# Where a TLS error comes from when it comes before anything was sent: the connection being set up (the handshake,
# the certificate check). Frames of these names in the error's traceback prove it; anything else (reading the answer,
# writing the request) leaves the request's fate open.
_CONNECT_FRAMES = frozenset(["connect", "_new_conn", "_connect_tls_proxy", "ssl_wrap_socket", "_ssl_wrap_socket_impl",
                             "do_handshake", "wrap_socket", "_create", "create_connection"])
_EXCHANGE_FRAMES = frozenset(["request", "_send_output", "send", "sendall", "getresponse", "begin", "_read_status",
                              "readinto", "recv_into", "read"])


def _chain(exc):
    """The exception and every exception behind it (cause, context, a urllib3 ``reason``, exception arguments)."""
    seen, todo = [], [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if current is None or any(current is known for known in seen):
            continue
        seen.append(current)
        behind = [current.__cause__, current.__context__, getattr(current, "reason", None)] + list(getattr(current, "args", ()))
        todo.extend(error for error in behind if isinstance(error, BaseException))
    return seen


def _frames(exc):
    names = []
    tb = exc.__traceback__
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return names


def failed_before_sending(exc):
    """True only when a TLS error is known to have happened while the connection was set up, before the request was
    written: the certificate was refused, or the innermost frames of its origin are those of the handshake."""
    chain = _chain(exc)
    if any(type(error).__name__ == "SSLCertVerificationError" for error in chain):
        return True
    for error in chain:
        if not isinstance(error, (ssl.SSLError, OSError)) or isinstance(error, requests.exceptions.RequestException):
            continue
        for name in reversed(_frames(error)):
            if name in _EXCHANGE_FRAMES:
                return False
            if name in _CONNECT_FRAMES:
                return True
    return False


def _never_connected(exc):
    """True when a ConnectionError happened before a connection stood, so that nothing was sent."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    name = type(reason).__name__ if reason is not None else ""
    return name in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError") or \
        "Failed to establish a new connection" in str(exc)


def _retry_after_seconds(headers, now=None):
    """Seconds a ``Retry-After`` header asks to wait: delta-seconds or an HTTP date (RFC 9110); None when absent or
    unreadable."""
    value = headers.get("Retry-After") if headers is not None else None
    if value is None:
        return None
    value = to_text(value).strip()
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        try:
            when = email.utils.parsedate_tz(value)
        except (TypeError, ValueError, IndexError):
            when = None
        if when is None:
            return None
        seconds = email.utils.mktime_tz(when) - (time.time() if now is None else now)
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def page_total(result):
    """The overall row count a paged answer gives (``total``, else ``count``), or None."""
    total = as_count(result.get("total"))
    return total if total is not None else as_count(result.get("count"))


def is_last_page(result, page_no, asked, got, rows_read):
    """Whether page ``page_no`` of a paged answer is the last: ``totalPage`` first, then ``total``, then a short page.

    ``asked`` is the page size requested, ``got`` the rows on this page, ``rows_read`` the rows on all pages so far.
    """
    total_page = as_count(result.get("totalPage"))
    if total_page is not None:
        return page_no >= total_page
    total = page_total(result)
    if total is not None:
        return rows_read >= total or got == 0
    return got < asked


class PartnerClient:
    """A session with the Partner Portal OpenAPI.

    :param api_url: base URL (``_connection.DEFAULT_API_URL`` by default in the options)
    :param client_id: / :param client_secret: the API credentials (``pp_credentials`` grant)
    :param access_token: a token obtained earlier; used as is until the API refuses it
    :param timeout: seconds for connect and for read, per request
    :param retries: how many more times a read is tried after a transient failure
    """

    def __init__(self, api_url, client_id=None, client_secret=None, access_token=None,
                 timeout=30, retries=3, validate_certs=True, ca_path=None, user_agent=DEFAULT_USER_AGENT,
                 backoff_base=1.0, backoff_max=30.0, retry_after_max=120.0, max_pages=200,
                 sleep=time.sleep, session=None, token_store=None):
        if not HAS_REQUESTS and session is None:
            raise RuntimeError("the Python library 'requests' is required")
        if not api_url:
            raise ValueError("api_url must not be empty")
        if not access_token and not (client_id and client_secret):
            raise ValueError("give client_id and client_secret (or YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET), "
                             "or an access_token")
        self.api_url = api_url.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.user_agent = user_agent
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.retry_after_max = retry_after_max
        self.max_pages = max_pages
        self._sleep = sleep
        self._session = session if session is not None else requests.Session()
        # Given with every request: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override the session's setting,
        # but not the request's own (validate_certs=false and a pinned ca_path must always take effect).
        self._verify = ca_path if ca_path else bool(validate_certs)
        self._session.verify = self._verify
        self._token = access_token or None
        self._token_head = None
        self._refresh_token = None
        self._token_expires_at = None
        self._token_margin = 0.0
        # Shares the access token between the module runs of a play (see _cache.TokenStore); only used with
        # client credentials, never for a token the task handed in.
        self._token_store = token_store if (client_id and client_secret and not access_token) else None
        self.token_requests = 0
        self.warnings = []

    # ------------------------------------------------------------------ secrets and headers

    def secrets(self):
        """Every secret this client knows: the client secret, the access token and the refresh token."""
        return [s for s in (self._client_secret, self._token, self._refresh_token) if s]

    def scrub(self, text):
        """Remove every secret this client knows, in every form it may take, from a piece of text."""
        return scrub_text(text, self.secrets())

    def _authorization(self):
        head = (self._token_head or "Bearer").strip() or "Bearer"
        token = self._token
        if token.startswith(head + " "):
            return token
        return "%s %s" % (head, token)

    @property
    def has_credentials(self):
        return bool(self.client_id and self._client_secret)

    # ------------------------------------------------------------------ transport

    def _send(self, method, path, params=None, json_body=None, form=None, auth=True):
        """One HTTP exchange. Returns a _Response; raises _Transient or PartnerAPIError for transport faults."""
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        if auth:
            headers["Authorization"] = self._authorization()
        data = None
        if json_body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(json_body, separators=(",", ":"))
        elif form is not None:
            data = form
        try:
            resp = self._session.request(method, self.api_url + path, params=params, data=data, headers=headers,
                                         timeout=self.timeout, allow_redirects=False, verify=self._verify)
        except requests.exceptions.ConnectTimeout:
            raise _Transient(PartnerAPIError(method, path, reason="could not connect within %s s; the request was "
                                             "not sent" % self.timeout,
                                             hint="Check api_url and the network path to the Partner Portal."),
                             sent=False)
        except requests.exceptions.Timeout:
            raise _Transient(PartnerAPIError(method, path, reason="no answer within %s s (timeout)" % self.timeout,
                                             hint="Raise 'timeout' or check the network path to %s." % self.api_url))
        except requests.exceptions.SSLError as exc:
            # A certificate problem does not go away by trying again. Only a handshake that failed proves the request
            # was not sent: a TLS error while the answer is read comes after the service got the request.
            sent = not failed_before_sending(exc)
            reason = "TLS error: %s" % self.scrub(exc)
            if sent:
                reason = "TLS error after the connection stood, while the request or its answer went over it: %s" % self.scrub(exc)
            raise _Transient(PartnerAPIError(method, path, reason=reason,
                                             hint="Check validate_certs and ca_path, and any TLS proxy on the way."),
                             sent=sent, retry=False)
        except requests.exceptions.ConnectionError as exc:
            sent = not _never_connected(exc)
            reason = "connection failed: %s" % self.scrub(exc)
            if not sent:
                reason = "could not connect; the request was not sent (%s)" % self.scrub(exc)
            raise _Transient(PartnerAPIError(method, path, reason=reason,
                                             hint="Check api_url and the network path to the Partner Portal."),
                             sent=sent)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
            # The answer started and was cut off (or could not be decoded): the request reached the service.
            raise _Transient(PartnerAPIError(method, path, reason="the answer was cut off or unreadable: %s" % self.scrub(exc),
                                             hint="Check the network path to the Partner Portal (a proxy may cut answers)."))
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema,
                requests.exceptions.InvalidHeader, requests.exceptions.URLRequired) as exc:
            # Raised while the request is prepared, before a connection is made.
            raise _Transient(PartnerAPIError(method, path, reason="request failed: %s" % self.scrub(exc)), sent=False, retry=False)
        except requests.exceptions.RequestException as exc:
            # Anything else may have come after the request was written.
            raise _Transient(PartnerAPIError(method, path, reason="request failed: %s" % self.scrub(exc)), retry=False)
        body = resp.content or b""
        envelope = None
        try:
            envelope = json.loads(to_text(body, errors="surrogate_or_replace")) if body else None
        except ValueError:
            envelope = None
        snippet = self.scrub(to_text(body[:_MAX_BODY_SNIPPET], errors="surrogate_or_replace")).strip()
        return _Response(resp.status_code, resp.headers, envelope, snippet)

    def _error_from(self, method, path, response, attempts=1, hint=None):
        env = response.envelope if isinstance(response.envelope, dict) else None
        if env is None:
            reason = "the answer was not JSON"
            if response.snippet:
                reason += " (its first line: %r)" % response.snippet.splitlines()[0][:120]
            if hint is None and response.status == 404:
                hint = ("A 404 without the Partner Portal's answer means the server has no such path: check api_url (it "
                        "must be the API's base URL, without a path) and any proxy in between; the path's values may "
                        "also be wrong.")
            return PartnerAPIError(method, path, status=response.status, reason=reason, attempts=attempts, hint=hint)
        result = env.get("result")
        return PartnerAPIError(
            method, path, status=response.status,
            code=self.scrub(env.get("code")) if env.get("code") is not None else MISSING_CODE,
            detail=self.scrub(env.get("detailMessage") or "") or None,
            request_id=env.get("requestId"),
            result=result if isinstance(result, dict) else None,
            attempts=attempts, hint=hint)

    def _backoff(self, attempt, retry_after):
        delay = min(self.backoff_max, self.backoff_base * (2 ** attempt))
        delay = delay / 2.0 + random.uniform(0, delay / 2.0)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    def _with_retries(self, method, path, exchange):
        """Run ``exchange`` (which returns a _Response or raises) with the read retry policy."""
        attempt = 0
        while True:
            try:
                response = exchange()
                if response.status in RETRYABLE_STATUS:
                    raise _Transient(self._error_from(method, path, response, attempts=attempt + 1),
                                     retry_after=_retry_after_seconds(response.headers))
                return response
            except _Transient as transient:
                transient.error.attempts = attempt + 1
                if attempt >= self.retries or not transient.retry:
                    raise transient.error
                if transient.retry_after is not None and transient.retry_after > self.retry_after_max:
                    transient.error.hint = ("The Partner Portal asked to wait %d s (Retry-After), longer than this "
                                            "client waits; run again later." % transient.retry_after)
                    raise transient.error
                self._sleep(self._backoff(attempt, transient.retry_after))
                attempt += 1

    # ------------------------------------------------------------------ tokens

    def _token_call(self, form):
        self.token_requests += 1
        response = self._with_retries("POST", TOKEN_PATH,
                                      lambda: self._send("POST", TOKEN_PATH, form=form, auth=False))
        if not response.ok:
            raise self._error_from("POST", TOKEN_PATH, response)
        result = response.envelope.get("result") or {}
        token = result.get("token") if isinstance(result, dict) else None
        if not token:
            raise PartnerAPIError("POST", TOKEN_PATH, status=response.status, code=response.code,
                                  request_id=response.envelope.get("requestId"),
                                  reason="the token answer holds no token")
        self._token = to_text(token)
        self._token_head = result.get("tokenHead") or None
        self._refresh_token = result.get("refreshToken") or None
        try:
            expires_in = float(result.get("expiresIn"))
        except (TypeError, ValueError):
            expires_in = None
        self._token_expires_at = time.time() + expires_in if expires_in else None
        # Refresh a little before the end: a minute, or a tenth of a short lifetime.
        self._token_margin = min(60.0, expires_in / 10.0) if expires_in else 0.0
        if self._token_store is not None:
            self._token_store.save(self._token, self._token_head, self._token_expires_at)

    def _token_from_store(self):
        """Take the token another module run of this account stored, when it is still good for a while."""
        if self._token_store is None:
            return False
        data = self._token_store.load()
        if not data:
            return False
        try:
            expires_at = float(data.get("expiresAt"))
        except (TypeError, ValueError):
            return False
        if expires_at - time.time() < 120:
            return False
        self._token = to_text(data["token"])
        self._token_head = data.get("tokenHead") or None
        self._token_expires_at = expires_at
        self._token_margin = 60.0
        return True

    def authenticate(self):
        """Request a new access token with the client credentials (``pp_credentials`` grant)."""
        if not self.has_credentials:
            raise PartnerAPIError("POST", TOKEN_PATH, reason="no client_id/client_secret to request a token with",
                                  hint="Give client_id and client_secret, or a valid access_token.")
        self._token_call({"client_id": self.client_id, "client_secret": self._client_secret,
                          "grant_type": "pp_credentials"})

    def refresh(self):
        """Renew the access token: the refresh grant first, then a new ``pp_credentials`` token."""
        if self._token_store is not None and self._token:
            self._token_store.forget(self._token)
        if self._refresh_token:
            try:
                self._token_call({"grant_type": "refresh_token", "refresh_token": self._refresh_token})
                return
            except PartnerAPIError:
                self._refresh_token = None
        self.authenticate()

    def access_token(self):
        """The access token in use, requested first when there is none yet (or refreshed when it is about to end)."""
        self._ensure_token()
        return self._token

    def _ensure_token(self):
        if not self._token:
            if self._token_store is None:
                self.authenticate()
                return
            with self._token_store.lock():
                if not self._token_from_store():
                    self.authenticate()
        elif self._token_expires_at is not None and time.time() > self._token_expires_at - self._token_margin:
            # The guide asks to refresh before the token runs out.
            self.refresh()

    # ------------------------------------------------------------------ API calls

    def _api_exchange(self, method, path, params=None, json_body=None, retry=True):
        """Authenticated exchange with the 401 rule: refresh once and replay once."""
        self._ensure_token()

        def exchange():
            return self._send(method, path, params=params, json_body=json_body)

        def run():
            if retry:
                return self._with_retries(method, path, exchange)
            try:
                return exchange()
            except _Transient as transient:
                raise transient.error

        response = run()
        if response.status == 401:
            if not self.has_credentials and not self._refresh_token:
                raise self._error_from(method, path, response)
            self.refresh()
            response = run()
        return response

    def request(self, method, path, params=None, json_body=None):
        """A call whose answer must be ``code: success``; returns ``result``. GETs are retried."""
        response = self._api_exchange(method, path, params=params, json_body=json_body, retry=(method == "GET"))
        if not response.ok:
            raise self._error_from(method, path, response)
        return response.envelope.get("result")

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def iter_pages(self, path, params=None, page_size=100, max_pages=None):
        """Yield ``(rows, result)`` for each page of a paged list, from page 1 to the last.

        The last page is the one ``totalPage`` names; without ``totalPage``, the one that completes ``total``; without
        either, the first empty or short page. A short page is not taken for the last when the service says there is
        more (it may serve fewer rows than asked for). Stops after ``max_pages`` pages and then yields ``(None, info)``
        once, ``info`` saying how far it got, so that a caller can tell "read to the end" from "stopped at the cap".
        """
        max_pages = self.max_pages if max_pages is None else max_pages
        page_no = 1
        rows_read = 0
        while True:
            query = dict(params or {})
            query.update({"pageNo": page_no, "pageSize": page_size})
            result = self.get(path, params=query)
            if not isinstance(result, dict):
                result = {}
            rows = [row for row in (result.get("results") or []) if isinstance(row, dict)]
            rows_read += len(rows)
            yield rows, result
            if is_last_page(result, page_no, page_size, len(rows), rows_read):
                return
            if page_no >= max_pages:
                yield None, {"pages": page_no, "page_size": page_size, "total": page_total(result)}
                return
            page_no += 1

    def paginate(self, path, params=None, page_size=100, max_pages=None):
        """Read every page of a paged list (up to the page cap).

        Returns ``(items, info)``: ``info`` holds ``total``, ``pages`` read and ``truncated`` (True when the cap
        stopped the reading before the last page; the caller, which knows the option that sets the cap, warns). Rows
        seen twice (the list moved while it was read) are kept once.
        """
        items = []
        seen = set()
        info = {"total": None, "pages": 0, "truncated": False}
        for rows, result in self.iter_pages(path, params=params, page_size=page_size, max_pages=max_pages):
            if rows is None:
                info["truncated"] = True
                break
            info["pages"] += 1
            info["total"] = page_total(result) if page_total(result) is not None else info["total"]
            for row in rows:
                key = row.get("id")
                if key is not None:
                    key = to_text(key)
                    if key in seen:
                        continue
                    seen.add(key)
                items.append(row)
        return items, info

    # ------------------------------------------------------------------ requests that change something

    def send_once(self, method, path, json_body):
        """Send a request that changes something, once, and return its ``result``.

        It is never repeated, except after a 401, which means the portal refused the request without acting on it.
        Raises :class:`PartnerAPIError` when the request is known to have had no effect: the API refused it (its own
        error answer with a 4xx status; see :attr:`PartnerAPIError.refused`), or it failed before it was written (no
        connection, a refused certificate). Anything else (no answer, a cut-off or unreadable answer, a 5xx, a 2xx
        that does not say success) raises :class:`OutcomeUncertain`: the service may have carried the request out.
        """
        self._ensure_token()
        for attempt in range(2):
            try:
                response = self._send(method, path, json_body=json_body)
            except _Transient as transient:
                if not transient.sent:
                    raise transient.error
                raise OutcomeUncertain(transient.error)
            if response.status == 401 and attempt == 0 and (self.has_credentials or self._refresh_token):
                self.refresh()
                continue
            break
        if response.ok:
            return response.envelope.get("result")
        if not isinstance(response.envelope, dict) or response.status >= 500 or 200 <= response.status < 300:
            # A 5xx, a body that is not the API's answer, or a 2xx that does not say success: it may have been done.
            raise OutcomeUncertain(self._error_from(method, path, response))
        hint = None
        if response.status == 429 or response.code == "too_many_requests":
            hint = ("The Partner Portal is rate limiting this account and refused the request; nothing was done. A "
                    "request that changes something is never retried automatically: run again in a while.")
        raise self._error_from(method, path, response, hint=hint)
