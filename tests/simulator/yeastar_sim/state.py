# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's state: one JSON document kept in one file, guarded by one lock, written atomically after a change.

``state.data["orders"]`` is kept sorted oldest first by (createTime, int(id)), so a page of the order list is a slice of it
(an account with 100,000 orders is served without sorting them per request); add orders with insert_order / prepend_orders.

Saving 100,000 orders is made cheap by keeping the JSON text of every full chunk of ORDER_CHUNK orders: code that changes
an order already stored must call state.order_changed(order) (adding orders through the methods above is taken care of).
"""

import bisect
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
    # Whether the order list echoes the poNumber of an order as customReferenceNo (docs/api-contract.md §6 says
    # it does; set False to rehearse a service that does not, which the order module must notice).
    "echo_po_number": True,
    # How the real service may differ from the vendor guide (see README.md, "Settings"); each default is the guide's behaviour.
    "page_size_cap": 0,
    "order_sort": "newest_first",
    "order_fields": "full",
    "order_id_type": "string",
    "new_orders_per_read": 0,
    # Which member of Create an Order names the customer (docs/api-contract.md, "The customer of an order"): assignId
    # (the reference; partnerId, when also sent, must name the same user), partnerId (the Turnkey tutorial: assignId is
    # ignored), or either of them "_strict": that member is read and the other one is refused as unknown.
    "customer_member": "assignId",
    # Seconds after its creation before an order shows in the order list (0: at once); its details are there at once.
    # Rehearses a list that lags behind the orders: an order whose answer was lost is found only by a later run.
    "list_lag": 0,
    # How the price list (my_price_info) shows prices: "full" (a price object per plan and service), "flat" (the
    # amount as a string and the currency as members of the row itself), or "none" (no price members at all).
    "prices": "full",
    # Which device fields the product list and the details show (a tolerant reader's test): "full", "list_without_quantity"
    # (list rows lack quantity, the details have it), "without_quantity" (neither has it), or "nested" (plan fields in a
    # "plan" object, serviceList entries as id/name/count, ids as numbers).
    "instance_fields": "full",
}

# Settings that take one of a few words.
CONFIG_CHOICES = {
    "order_sort": ("newest_first", "oldest_first"),
    "order_fields": ("full", "documented"),
    "order_id_type": ("string", "number"),
    "customer_member": ("assignId", "partnerId", "assignId_strict", "partnerId_strict"),
    "prices": ("full", "flat", "none"),
    "instance_fields": ("full", "list_without_quantity", "without_quantity", "nested"),
}
# Settings that take a whole number >= 0, with their upper bounds.
CONFIG_INTEGERS = {"page_size_cap": 1000000, "new_orders_per_read": 1000, "list_lag": 86400}

# A change that may wait (a pending order's read counter, orders made by new_orders_per_read) is saved at most this often.
LAZY_SAVE_SECONDS = 1.0
# save() keeps the JSON text of each full chunk of this many orders until one of them changes.
ORDER_CHUNK = 1000


def order_key(order):
    """The sort key of an order: (createTime, numeric id); state.data["orders"] is sorted by it, oldest first."""
    return order["createTime"], int(order["id"])


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

    Callers hold ``state.lock`` while they read or change ``state.data`` and call ``state.save()`` after a change (or
    ``state.save_later()`` for one that may wait a second, ``state.commit()`` for one an API request made),
    ``state.order_changed(order)`` after changing a stored order.

    lazy_save: ``commit()`` saves like ``save_later()`` (at most once every LAZY_SAVE_SECONDS, and at exit) instead of
    at once; off by default (``--lazy-save``). For a benchmark, where a save of 100,000 orders per order POST would
    cost the simulator more than the client it measures; a simulator killed with SIGKILL loses the last second.
    """

    def __init__(self, path, log_path, lazy_save=False):
        self.path = os.path.abspath(path)
        self.log_path = os.path.abspath(log_path)
        self.lazy_save = bool(lazy_save)
        self.lock = threading.RLock()
        self.log = []
        self.data = None
        self._dirty = False
        self._saved_at = 0.0
        self._timer = None
        self._order_index = None
        self._indexed = 0
        self._long_ids = None
        self._chunks = []
        if os.path.exists(self.path) and os.path.getsize(self.path) > 0:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
            for key, value in DEFAULT_CONFIG.items():
                data.setdefault("config", {}).setdefault(key, value)
            data.setdefault("faults", [])
            data.setdefault("tokens", {})
            data["orders"].sort(key=order_key)
            self._use(data)
        else:
            self._use(_fresh())
            self.save()
        self._load_log()

    def _use(self, data):
        """Make data the state; drops the caches built from the previous one."""
        self.data = data
        self._order_index = None
        self._indexed = 0
        self._long_ids = None
        self._chunks = []

    # persistence -------------------------------------------------------------------------------------------------
    def save(self):
        """Write the state atomically: compact JSON to a temp file in the same folder, flushed and fsynced, then os.replace."""
        with self.lock:
            folder = os.path.dirname(self.path)
            os.makedirs(folder, exist_ok=True)
            parts = self._dump_parts()
            fd, tmp = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    for part in parts:
                        handle.write(part)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
            self._dirty = False
            self._saved_at = time.time()

    def dump(self):
        """The state document as compact JSON (bytes): what save() writes and GET /_sim/state answers."""
        with self.lock:
            return b"".join(self._dump_parts())

    def _dump_parts(self):
        """The state document as compact JSON in pieces (bytes) that add up to it."""
        rest = json.dumps({key: value for key, value in self.data.items() if key != "orders"}, separators=(",", ":"))
        parts = [b'{"orders":[']
        for number, text in enumerate(self._order_texts()):
            if number:
                parts.append(b",")
            parts.append(text)
        parts.append(b"]}" if rest == "{}" else b"]," + rest[1:].encode("utf-8"))
        return parts

    def _order_texts(self):
        """The orders as JSON texts (bytes) of chunks, oldest first; a full chunk's text is kept until an order in it changes."""
        orders = self.data["orders"]
        chunks = self._chunks
        texts = []
        for number, start in enumerate(range(0, len(orders), ORDER_CHUNK)):
            text = chunks[number] if number < len(chunks) else None
            if text is None:
                part = orders[start:start + ORDER_CHUNK]
                text = json.dumps(part, separators=(",", ":"))[1:-1].encode("utf-8")
                if len(part) == ORDER_CHUNK:
                    chunks.extend([None] * (number + 1 - len(chunks)))
                    chunks[number] = text
            texts.append(text)
        return texts

    def order_changed(self, order):
        """Call after changing an order that is stored, so that save() writes it anew."""
        with self.lock:
            position = bisect.bisect_left(self.data["orders"], order_key(order), key=order_key)
            if position // ORDER_CHUNK < len(self._chunks):
                self._chunks[position // ORDER_CHUNK] = None

    def save_later(self):
        """Note a change that may wait: it is saved within LAZY_SAVE_SECONDS by a timer (or by the next save(), or at exit)."""
        with self.lock:
            self._dirty = True
            if self._timer is not None:
                return
            delay = max(0.0, LAZY_SAVE_SECONDS - (time.time() - self._saved_at))
            self._timer = threading.Timer(delay, self._flush)
            self._timer.daemon = True
            self._timer.start()

    def commit(self):
        """Save the change an API request made (an order, a token, a user, a fault rule used up): at once, before the
        request is answered, or with lazy_save like save_later()."""
        if self.lazy_save:
            self.save_later()
        else:
            self.save()

    def _flush(self):
        with self.lock:
            self._timer = None
            if self._dirty:
                self.save()

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
            self._use(_fresh())
            self.save()
            self.clear_log()

    # configuration -----------------------------------------------------------------------------------------------
    @property
    def config(self):
        return self.data["config"]

    def configure(self, settings):
        """Apply some of the DEFAULT_CONFIG settings; returns the new configuration.

        Raises ValueError on bad input (and then changes nothing)."""
        with self.lock:
            new = dict(self.config)
            for key, value in settings.items():
                if key not in DEFAULT_CONFIG:
                    raise ValueError("unknown setting %r (known: %s)" % (key, ", ".join(sorted(DEFAULT_CONFIG))))
                if key == "echo_po_number":
                    if not isinstance(value, bool):
                        raise ValueError("setting 'echo_po_number' must be true or false")
                    new[key] = value
                elif key in CONFIG_CHOICES:
                    if value not in CONFIG_CHOICES[key]:
                        raise ValueError("setting %r must be one of %s" % (key, ", ".join(CONFIG_CHOICES[key])))
                    new[key] = value
                elif key in CONFIG_INTEGERS:
                    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= CONFIG_INTEGERS[key]:
                        raise ValueError("setting %r must be a whole number from 0 to %d" % (key, CONFIG_INTEGERS[key]))
                    new[key] = value
                else:
                    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                        raise ValueError("setting %r must be a number >= 0" % key)
                    new[key] = int(value) if key == "pending_polls" else value
            self.data["config"] = new
            self.save()
            return dict(new)

    # orders ------------------------------------------------------------------------------------------------------
    def insert_order(self, order):
        """Add one order where its (createTime, id) puts it: at the end when it is the newest, as a new order is."""
        with self.lock:
            orders = self.data["orders"]
            if not orders or order_key(orders[-1]) <= order_key(order):
                orders.append(order)
            else:
                position = bisect.bisect_right(orders, order_key(order), key=order_key)
                orders.insert(position, order)
                del self._chunks[position // ORDER_CHUNK:]
            self._index_orders([order])

    def prepend_orders(self, rows):
        """Add orders that are all older than every order there is (sorted oldest first among themselves) at the front."""
        with self.lock:
            orders = self.data["orders"]
            if rows and orders and order_key(rows[-1]) >= order_key(orders[0]):
                raise ValueError("prepend_orders takes only orders older than the oldest one")
            orders[:0] = rows
            if rows:
                self._chunks = []
            self._index_orders(rows)

    def _index_orders(self, rows):
        """Add just-inserted orders to the index, if there is one and it was up to date before they came."""
        if self._order_index is None:
            return
        if self._indexed + len(rows) != len(self.data["orders"]):
            self._order_index = None
            return
        for order in rows:
            self._order_index[order["orderNo"]] = order
            self._order_index[order["id"]] = order
        self._indexed += len(rows)

    def find_order(self, ident):
        """The order whose id or orderNo is ident, or None (looked up in an index kept beside the list)."""
        with self.lock:
            orders = self.data["orders"]
            if self._order_index is None or self._indexed != len(orders):
                index = {}
                for order in orders:
                    index[order["orderNo"]] = order
                for order in orders:
                    index[order["id"]] = order
                self._order_index = index
                self._indexed = len(orders)
            return self._order_index.get(ident)

    # instances, contacts and users ------------------------------------------------------------------------------
    def find_instance(self, product_id, product_no):
        """The product instance of product product_id whose productNo (device SN) is product_no, or None."""
        with self.lock:
            for inst in self.data["instances"]:
                if inst["productNo"] == product_no and inst["productId"] == product_id:
                    return inst
            return None

    def find_contact(self, contact_id):
        """The billing contact whose billingContactId is contact_id (compared as a string), or None."""
        with self.lock:
            for contact in self.data["billingContacts"]:
                if contact["billingContactId"] == str(contact_id):
                    return contact
            return None

    def find_subordinate(self, partner_id):
        """The subordinate user whose partnerId is partner_id, or None."""
        with self.lock:
            for user in self.data["subordinates"]:
                if user["partnerId"] == partner_id:
                    return user
            return None

    # ids ---------------------------------------------------------------------------------------------------------
    def next_counter(self, name):
        with self.lock:
            counters = self.data.setdefault("counters", {})
            counters[name] = counters.get(name, 1000000) + 1
            return str(counters[name])

    def new_long_id(self, prefix=""):
        """A 19-digit numeric id starting with 3 (optionally prefixed), unique among the orders' and instances' numbers.

        The numbers in use are collected once per state (then every id handed out is added), not on every call."""
        with self.lock:
            used = self._long_ids
            if used is None:
                used = set()
                for order in self.data["orders"]:
                    used.update((order["orderNo"], order["transactionNo"], order["productNo"]))
                for inst in self.data["instances"]:
                    used.add(inst["productNo"])
                self._long_ids = used
            while True:
                value = "%s3%018d" % (prefix, secrets.randbelow(10 ** 18))
                if value not in used:
                    used.add(value)
                    return value

    # tokens ------------------------------------------------------------------------------------------------------
    def remember_token(self, jti, kind, exp, token=None):
        """Remember an issued token by its jti; ``token`` (the whole JWT) is kept so that tests can search their output
        for it."""
        with self.lock:
            now = time.time()
            tokens = self.data["tokens"]
            for old in [key for key, rec in tokens.items() if rec["exp"] < now - 3600]:
                del tokens[old]
            tokens[jti] = {"kind": kind, "exp": exp, "expired": False, "token": token}

    def expire_access_tokens(self):
        with self.lock:
            count = 0
            for rec in self.data["tokens"].values():
                if rec["kind"] == "access" and not rec.get("expired"):
                    rec["expired"] = True
                    count += 1
            self.save()
            return count
