# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HS256 JWTs shaped like the vendor guide's example tokens (docs/api-contract.md §2), signed with the state's random key."""

import base64
import hashlib
import hmac
import json
import math
import secrets
import time


def _b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text):
    pad = "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(text + pad)


def encode(payload, key):
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    signing_input = (header + "." + body).encode("ascii")
    signature = hmac.new(key.encode("ascii"), signing_input, hashlib.sha256).digest()
    return header + "." + body + "." + _b64(signature)


def decode(token, key):
    """The payload of a token signed with key, or None when it is malformed or the signature does not match."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        signing_input = (parts[0] + "." + parts[1]).encode("ascii")
        expected = hmac.new(key.encode("ascii"), signing_input, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(parts[2])):
            return None
        payload = json.loads(_unb64(parts[1]))
    except (ValueError, UnicodeError):
        return None
    return payload if isinstance(payload, dict) else None


def _claims(partner, client_id, ttl, jti):
    user = {
        "expr": "0", "type": "partner", "ucId": partner["ucId"], "userCode": partner.get("userCode", "Partner"),
        "userId": partner["userId"], "username": partner["email"],
    }
    return {
        "aud": ["res1"],
        "X-MS-USER": json.dumps(user, separators=(",", ":")),
        "user_name": partner["email"],
        "scope": ["all"],
        "exp": int(math.ceil(time.time() + ttl)),
        "token_type": "openapi",
        "jti": jti,
        "authorities": ["79"],
        "client_id": client_id,
    }


def new_jti():
    return base64.b64encode(secrets.token_bytes(20)).decode("ascii")


def issue_pair(state, client_id):
    """Issue an access token and a refresh token, remember both in the state; returns the Token_Details result."""
    with state.lock:
        data = state.data
        key = data["signingKey"]
        access_ttl = data["config"]["access_ttl"]
        refresh_ttl = data["config"]["refresh_ttl"]
        now = time.time()
        access_jti = new_jti()
        access = encode(_claims(data["partner"], client_id, access_ttl, access_jti), key)
        refresh_jti = new_jti()
        refresh_claims = _claims(data["partner"], client_id, refresh_ttl, refresh_jti)
        refresh_claims["ati"] = access_jti
        refresh = encode(refresh_claims, key)
        state.remember_token(access_jti, "access", now + access_ttl, token=access)
        state.remember_token(refresh_jti, "refresh", now + refresh_ttl, token=refresh)
        state.commit()
    ttl_text = str(int(access_ttl)) if float(access_ttl).is_integer() else str(access_ttl)
    return {"token": access, "tokenHead": "Bearer ", "refreshToken": refresh, "expiresIn": ttl_text}


def check(state, token, kind):
    """Validate a token of the given kind ('access' or 'refresh').

    Returns (payload, None) when valid, else (None, reason) with reason 'invalid' or 'expired'.
    """
    with state.lock:
        payload = decode(token, state.data["signingKey"])
        if payload is None or not isinstance(payload.get("jti"), str):
            return None, "invalid"
        rec = state.data["tokens"].get(payload["jti"])
        now = time.time()
        if rec is None:
            exp = payload.get("exp")
            if isinstance(exp, (int, float)) and exp < now:
                return None, "expired"
            return None, "invalid"
        if rec["kind"] != kind:
            return None, "invalid"
        if rec.get("expired") or rec["exp"] <= now:
            return None, "expired"
        return payload, None
