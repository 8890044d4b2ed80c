# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Who an account is, whichever way a task reaches it: the API URL in one spelling, and the user an access token names.

Private to the collection; not a public API.

The controller cache (:mod:`._cache`) keys the order ledger and the locks by these, so that a run with client
credentials and a run with an access token of the same account, or with ``https://API.Example.com:443/`` and
``https://api.example.com``, share one ledger and one set of locks; :func:`account_key` names one credential (the
shared access token's folder, the inventory cache's entry), :func:`identity_key` one account.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib
import json

from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.module_utils.six.moves.urllib.parse import urlsplit

DEFAULT_PORTS = {"https": 443, "http": 80}
# A token longer than this is not read (the Partner Portal's are about 1 KiB).
MAX_TOKEN_LENGTH = 65536


def normalise_api_url(api_url):
    """One spelling of an API URL: scheme and host name lowercased (no trailing dot), the default port (443 for
    https, 80 for http) and any user name dropped, trailing slashes dropped; the path is kept as it is."""
    text = to_text(api_url or "", errors="surrogate_or_replace").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # a port that is not a number: nothing to normalise but the end
        return text.rstrip("/")
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = "[%s]" % host
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = "%s:%d" % (host, port)
    url = "%s://%s%s" % (scheme, host, parts.path.rstrip("/"))
    if parts.query:
        url = "%s?%s" % (url, parts.query)
    return url


def token_claims(token):
    """The claims (payload) of an access token that is a JWT, read WITHOUT checking its signature; None when the token
    is not one (opaque, malformed, too long). A ``Bearer `` prefix is ignored.

    Only for telling which account a token belongs to, never for trusting it: the API checks the token.
    """
    if not isinstance(token, (str, bytes)):
        return None
    text = to_text(token, errors="surrogate_or_replace").strip()
    if len(text) > MAX_TOKEN_LENGTH:
        return None
    text = text.split()[-1] if text else text
    parts = text.split(".")
    if len(parts) != 3 or not parts[1]:
        return None
    try:
        raw = base64.urlsafe_b64decode(to_bytes(parts[1] + "=" * (-len(parts[1]) % 4)))
        claims = json.loads(to_text(raw, errors="surrogate_or_strict"))
    except Exception:  # pylint: disable=broad-except
        # Anything malformed only means the token names nobody.
        return None
    return claims if isinstance(claims, dict) else None


def token_user(token):
    """The user an access token names: its ``user_name`` claim (the partner account's e-mail), stripped and
    lowercased; None when it names none (an opaque token, no such claim, anything malformed).

    Only a user claim identifies the account; ``client_id`` names one credential of it.
    """
    claims = token_claims(token)
    user = claims.get("user_name") if claims else None
    if not isinstance(user, str):
        return None
    return user.strip().lower() or None


def account_key(api_url, client_id=None, access_token=None):
    """A short, stable name for one credential at one API URL (never the secret itself): the client ID, else a digest
    of the access token. The URL is normalised (:func:`normalise_api_url`)."""
    who = "client:%s" % client_id if client_id else "token:%s" % hashlib.sha256(to_bytes(access_token or "")).hexdigest()
    return hashlib.sha256(to_bytes("%s\n%s" % (normalise_api_url(api_url), who))).hexdigest()[:20]


def identity_key(api_url, user):
    """A short, stable name for one account at one API URL: the user its access tokens name (``user_name``), the same
    whichever credential reached it. Never equal to an :func:`account_key`."""
    return hashlib.sha256(to_bytes("%s\nuser:%s" % (normalise_api_url(api_url), user.strip().lower()))).hexdigest()[:20]
