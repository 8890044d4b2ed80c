# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection rules: error statuses, Retry-After, non-JSON proxy pages, delays and dropped connections.

A rule (a dict) has: method (GET/POST or "*"), path (exact API path, or a prefix ending in "*"), status, code, detail,
retry_after, body ("json", "html", or "echo": the error envelope's result holds the request's headers and body),
delay (seconds), drop ("before", "after", "midway": the request is handled and the answer is cut off after half its
body, or "tls": on the TLS port, the request is handled and the answer is bytes that are not TLS, so the client's TLS
layer fails while reading it; on the plain port the same as "after"), process (handle the request as usual, then
answer with the fault's status), times (default 1, 0 = forever) and
skip (let the first N matching requests through).  Rules are checked in order; a rule that has fired ``times`` times is removed.
"""

DEFAULT_CODES = {
    400: "parameter_validation_failed",
    401: "invalid_token",
    403: "forbidden",
    404: "resource_not_found",
    405: "method_not_allowed",
    409: "conflict",
    429: "too_many_requests",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}

REASONS = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
    429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}

_FIELDS = ("method", "path", "status", "code", "detail", "retry_after", "body", "delay", "drop", "process", "times", "skip")


def default_code(status):
    return DEFAULT_CODES.get(status, "internal_error" if status >= 500 else "error")


def html_page(status):
    reason = REASONS.get(status, "Error")
    return ("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n" % (status, reason, status, reason))


DEFAULT_RETRY_AFTER = 1


def normalize(rule):
    """Check a rule from the admin API and fill in defaults; raises ValueError with a message on bad input."""
    if not isinstance(rule, dict):
        raise ValueError("a fault rule is a JSON object")
    unknown = sorted(set(rule) - set(_FIELDS))
    if unknown:
        raise ValueError("unknown fault field(s): %s" % ", ".join(unknown))
    out = {
        "method": str(rule.get("method", "*")).upper(),
        "path": rule.get("path", "*"),
        "status": rule.get("status"),
        "code": rule.get("code"),
        "detail": rule.get("detail"),
        "retry_after": rule.get("retry_after"),
        "body": rule.get("body", "json"),
        "delay": rule.get("delay", 0),
        "drop": rule.get("drop"),
        "process": rule.get("process", False),
        "times": rule.get("times", 1),
        "skip": rule.get("skip", 0),
    }
    if not isinstance(out["path"], str) or not out["path"]:
        raise ValueError("path must be a non-empty string")
    if out["status"] is not None and (isinstance(out["status"], bool) or not isinstance(out["status"], int)
                                      or not 100 <= out["status"] <= 599):
        raise ValueError("status must be an HTTP status code")
    if out["body"] not in ("json", "html", "echo"):
        raise ValueError("body must be 'json', 'html' or 'echo'")
    if out["drop"] not in (None, "before", "after", "midway", "tls"):
        raise ValueError("drop must be 'before', 'after', 'midway' or 'tls'")
    if not isinstance(out["process"], bool):
        raise ValueError("process must be true or false")
    for key in ("delay", "retry_after"):
        value = out[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
            raise ValueError("%s must be a number >= 0" % key)
    for key in ("times", "skip"):
        value = out[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError("%s must be an integer >= 0" % key)
    if out["status"] is None and out["drop"] is None and not out["delay"] and out["retry_after"] is None:
        raise ValueError("a fault needs at least one of status, drop, delay or retry_after")
    if out["status"] == 429 and out["retry_after"] is None:
        out["retry_after"] = DEFAULT_RETRY_AFTER  # the service sends Retry-After with every 429
    return out


def describe(rule):
    parts = [rule["method"], rule["path"]]
    shown = {key: rule.get(key) for key in ("status", "code", "body", "retry_after", "delay", "drop", "process")}
    if not shown["process"]:
        shown["process"] = None
    if not shown["delay"]:
        shown["delay"] = None
    if shown["body"] == "json" or shown["status"] is None:
        shown["body"] = None
    for key, value in shown.items():
        if value is not None:
            parts.append("%s=%s" % (key, value))
    return " ".join(parts)


def _matches(rule, method, path):
    if rule["method"] not in ("*", method):
        return False
    pattern = rule["path"]
    if pattern.endswith("*"):
        return path.startswith(pattern[:-1])
    return path == pattern


def take(rules, method, path):
    """Find the rule that fires for this request, update skip/times counters in place; returns a copy of the rule or None."""
    for index, rule in enumerate(rules):
        if not _matches(rule, method, path):
            continue
        if rule["skip"] > 0:
            rule["skip"] -= 1
            continue
        fired = dict(rule)
        if rule["times"] > 0:
            rule["times"] -= 1
            if rule["times"] == 0:
                del rules[index]
        return fired
    return None
