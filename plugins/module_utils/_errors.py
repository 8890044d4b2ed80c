# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a failed call to the Partner Portal tells its caller: :class:`PartnerAPIError`, and
:class:`OutcomeUncertain` for a request that changes something and may have been carried out all the same.

An error names the call, the HTTP status, the API's ``code``, ``detailMessage`` and ``requestId``, and what to do; the
transport (:mod:`._client`) fills them in, scrubbed of secrets. Callers classify errors by the properties here
(:attr:`PartnerAPIError.not_found`, :attr:`~PartnerAPIError.refused`, :attr:`~PartnerAPIError.service_unavailable`),
never by comparing paths or statuses themselves.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import TOKEN_PATH

# What to do about an API error code (docs/api-contract.md §3).
HINTS = {
    "invalid_client": "Check client_id and client_secret (or YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET), and that API access "
                      "is switched on under System > API in the Partner Portal.",
    "invalid_token": "The access token was refused. Give client_id and client_secret so that a new token can be requested, "
                     "or pass a fresh access_token.",
    "token_expired": "The access token has expired. Give client_id and client_secret so that a new token can be requested, "
                     "or pass a fresh access_token.",
    "parameter_validation_failed": "Fix the named field(s) in the task; the request was refused and nothing was changed.",
    "resource_not_found": "One of the ids in the request does not exist for this account; look it up with "
                          "yeastar.partner.yeastar_partner_info or yeastar.partner.yeastar_plan_info.",
    "too_many_requests": "The Partner Portal is rate limiting this account; run again later (reads are retried up to "
                         "'retries' times; the order request never is).",
}
# The code the transport puts in an error whose answer was the API's envelope without a code.
MISSING_CODE = "(missing)"


class PartnerAPIError(Exception):
    """A call to the Partner Portal failed. Carries what a person needs to act on it."""

    def __init__(self, method, path, status=None, code=None, detail=None, request_id=None, result=None,
                 reason=None, hint=None, attempts=1):
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.detail = detail
        self.request_id = request_id
        self.result = result
        self.reason = reason
        self.attempts = attempts
        if hint is None:
            hint = HINTS.get(code or "")
        if hint is None and status is not None:
            if status >= 500:
                hint = "The Partner Portal had a server-side fault; run again later."
            elif status == 403:
                hint = "The account may not be allowed to call this endpoint, or the caller's IP is not in the " \
                       "API IP allow-list (System > API in the Partner Portal)."
        self.hint = hint
        super(PartnerAPIError, self).__init__(self.message)

    def __str__(self):
        return self.message

    @property
    def message(self):
        details = []
        if self.reason:
            details.append(self.reason)
        if self.status is not None:
            details.append("HTTP %s" % self.status)
        if self.code:
            details.append("code %s" % self.code)
        if self.detail:
            details.append("detailMessage '%s'" % self.detail)
        if self.request_id:
            details.append("requestId %s" % self.request_id)
        if self.attempts > 1:
            details.append("after %d attempts" % self.attempts)
        msg = "%s %s failed" % (self.method, self.path)
        if details:
            msg += ": " + ", ".join(details)
        if isinstance(self.result, dict) and self.result and self.code and self.code != "success":
            fields = ", ".join("%s=%s" % (k, v) for k, v in sorted(self.result.items(), key=lambda kv: str(kv[0])))
            msg += ". Fields: " + fields
        if self.hint:
            msg += ". " + self.hint
        return msg

    @property
    def not_found(self):
        """True when the API said the thing asked for does not exist: its envelope with ``code`` ``resource_not_found``.

        A 404 without the API's envelope (a proxy's page, a path the server does not have) is not "not found": it is an
        error that names the path (docs/api-contract.md §3)."""
        return self.code == "resource_not_found"

    @property
    def refused(self):
        """True when the API refused the request without carrying it out: its own error answer with an HTTP 4xx status.

        Anything else (no answer, a cut-off or non-JSON answer, HTTP 5xx, a 2xx that is not success) leaves open whether
        the request took effect."""
        return self.status is not None and 400 <= self.status < 500 and self.code not in (None, MISSING_CODE)

    @property
    def service_unavailable(self):
        """True when the service or the credentials, not the request, are the problem: no answer, HTTP 401, 403, 429 or
        5xx, or a failed token request. Later requests of the same run would fail the same way."""
        return (self.status is None or self.status in (401, 403, 429) or self.status >= 500
                or self.path == TOKEN_PATH)

    def to_dict(self):
        return {
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "code": self.code,
            "detail_message": self.detail,
            "request_id": self.request_id,
            "result": self.result,
            "attempts": self.attempts,
        }


class OutcomeUncertain(PartnerAPIError):
    """A request sent once (:meth:`PartnerClient.send_once`) whose effect is not known: it was written, or may have
    been, and no answer says whether the service carried it out. ``cause`` is the error behind it (no answer, a cut-off
    answer, HTTP 5xx, a 2xx that is not success); its fields are this error's."""

    def __init__(self, cause):
        self.cause = cause
        super(OutcomeUncertain, self).__init__(
            cause.method, cause.path, status=cause.status, code=cause.code, detail=cause.detail,
            request_id=cause.request_id, result=cause.result, reason=cause.reason, hint=cause.hint,
            attempts=cause.attempts)
