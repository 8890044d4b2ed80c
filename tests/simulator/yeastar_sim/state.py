# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's state: one JSON document kept in one file, guarded by one lock, written atomically after every change."""

import json
import os
import secrets
import tempfile
import threading
import time

from yeastar_sim import catalog

DEFAULT_CONFIG = {
    "access_ttl": 1800,
    "refresh_ttl": 15 * 86400,
    "pending_polls": 0,
    # Whether the order list echoes the poNumber of an order as customReferenceNo (partner-api.md section 16.1 says
    # it does; set False to rehearse a service that does not, which the order module must notice).
    "echo_po_number": True,
}


def _fresh(config=None):
    data = catalog.seed_data()
    data["version"] = 1
    data["signingKey"] = secrets.token_hex(32)
    data["config"] = dict(DEFAULT_CONFIG if config is None else config)
    data["tokens"] = {}
    data["faults"] = []
    return data


class State:
    """All mutable data of the simulator plus the API request log.

    Callers hold ``state.lock`` while they read or change ``state.data`` and call ``state.save()`` after a change.
    """

    def __init__(self, path, log_path):
        self.path = os.path.abspath(path)
        self.log_path = os.path.abspath(log_path)
        self.lock = threading.RLock()
        self.log = []
        if os.path.exists(self.path) and os.path.getsize(self.path) > 0:
            with open(self.path, encoding="utf-8") as handle:
                self.data = json.load(handle)
            for key, value in DEFAULT_CONFIG.items():
                self.data.setdefault("config", {}).setdefault(key, value)
            self.data.setdefault("faults", [])
            self.data.setdefault("tokens", {})
        else:
            self.data = _fresh()
            self.save()
        self._load_log()

    # persistence -------------------------------------------------------------------------------------------------
    def save(self):
        """Write the state atomically: a temp file in the same folder, flushed and fsynced, then os.replace."""
        with self.lock:
            folder = os.path.dirname(self.path)
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(self.data, handle, indent=1, sort_keys=True)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise

    def _load_log(self):
        if not os.path.exists(self.log_path):
            return
        with open(self.log_path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if not line:
                    continue
                try:
                    self.log.append(json.loads(line))
                except ValueError:
                    continue

    def add_log(self, entry):
        with self.lock:
            self.log.append(entry)
            folder = os.path.dirname(self.log_path)
            os.makedirs(folder, exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, sort_keys=True) + "\n")

    def clear_log(self):
        with self.lock:
            self.log = []
            with open(self.log_path, "w", encoding="utf-8"):
                pass

    def reset(self):
        """Back to the seed data: faults, tokens and the log are cleared; the configuration is back to its defaults."""
        with self.lock:
            self.data = _fresh()
            self.save()
            self.clear_log()

    # configuration -----------------------------------------------------------------------------------------------
    @property
    def config(self):
        return self.data["config"]

    def configure(self, settings):
        """Apply access_ttl / refresh_ttl / pending_polls / echo_po_number; returns the new configuration.

        Raises ValueError on bad input."""
        with self.lock:
            new = dict(self.config)
            for key, value in settings.items():
                if key not in DEFAULT_CONFIG:
                    raise ValueError("unknown setting %r" % key)
                if key == "echo_po_number":
                    if not isinstance(value, bool):
                        raise ValueError("setting 'echo_po_number' must be true or false")
                    new[key] = value
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    raise ValueError("setting %r must be a number >= 0" % key)
                new[key] = int(value) if key == "pending_polls" else value
            self.data["config"] = new
            self.save()
            return dict(new)

    # ids ---------------------------------------------------------------------------------------------------------
    def next_counter(self, name):
        with self.lock:
            counters = self.data.setdefault("counters", {})
            counters[name] = counters.get(name, 1000000) + 1
            return str(counters[name])

    def new_long_id(self, prefix=""):
        """A 19-digit numeric id (optionally prefixed), unique among the orders and instances of this state."""
        with self.lock:
            used = set()
            for order in self.data["orders"]:
                used.update((order["orderNo"], order["transactionNo"]))
            for inst in self.data["instances"]:
                used.add(inst["productNo"])
            while True:
                value = prefix + "3" + "".join(str(secrets.randbelow(10)) for dummy in range(18))
                if value not in used:
                    return value

    # tokens ------------------------------------------------------------------------------------------------------
    def remember_token(self, jti, kind, exp):
        with self.lock:
            now = time.time()
            tokens = self.data["tokens"]
            for old in [key for key, rec in tokens.items() if rec["exp"] < now - 3600]:
                del tokens[old]
            tokens[jti] = {"kind": kind, "exp": exp, "expired": False}

    def expire_access_tokens(self):
        with self.lock:
            count = 0
            for rec in self.data["tokens"].values():
                if rec["kind"] == "access" and not rec.get("expired"):
                    rec["expired"] = True
                    count += 1
            self.save()
            return count
