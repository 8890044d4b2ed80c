# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared store (:class:`PgStore`): the ledger and the locks of an account in PostgreSQL (``ledger_url``), shared
by every controller, job and container that uses the same database.

* The ledger's two documents are two rows of ``yeastar_partner.ledger`` per account: the index in the row keyed by
  the account (:attr:`PgStore.account`), the journal in the row keyed by the account and ``:journal``
  (:data:`JOURNAL_SUFFIX`; an account key is a hex digest, so it never ends so). Each is written whole in one
  transaction, with a counter of its own (``version``) that tells a change; both counters are read in one query. A
  durable save (an order's record, a question) is committed with synchronous commit; a document that can be read
  again is committed without waiting for the disk.
* A lock is a session-level advisory lock (``pg_advisory_lock``) on the store's own connection, its 64-bit key taken
  from a digest of the account, the lock's kind and its key. The server releases it when the connection ends, however
  the holder ends; there is no lease that can run out in the middle of an order. The wait is limited by
  ``lock_timeout``, as the file locks are.
* The connection is opened once, on first use, and never again: a store whose connection broke refuses every later
  call, because a lock it held may be gone with it.
* The schema (its own, ``yeastar_partner``, with a version) is created on first use; a schema newer than this code
  stops it, and one older is brought to :data:`SCHEMA_VERSION` (see there). In check mode (``read_only``) nothing is
  created or changed: a missing schema reads as an empty ledger, an older one is read as it is.

``psycopg`` (version 3) is imported only when a store is made (:func:`import_psycopg`).

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import struct

from ansible.module_utils.common.text.converters import to_bytes, to_native, to_text
from ansible.module_utils.six.moves.urllib.parse import parse_qsl, quote, unquote, urlsplit

from ansible_collections.yeastar.partner.plugins.module_utils._store import INDEX, JOURNAL, PARTS, LedgerStore, StoreError

LEDGER_URL_ENV = "YEASTAR_LEDGER_URL"
SCHEMA = "yeastar_partner"
# The schema's versions (rows of yeastar_partner.schema_version; the highest counts):
# 1: the table ledger, one row per account holding the whole ledger document.
# 2: the same tables; a second row per account holds the ledger's journal (the account key and JOURNAL_SUFFIX), and
#    the first one an index that the journal completes. Nothing but the version row is added (no DDL, so a ledger user
#    without CREATE rights upgrades too): it is there so that a release that knows version 1 only, which would read the
#    index without the journal and could order twice, refuses the database ("schema is newer").
SCHEMA_VERSION = 2
JOURNAL_SUFFIX = ":journal"
SCHEMES = ("postgresql", "postgres")
# The libpq parameters a ledger URL may carry (anything else is refused before anything is sent).
URL_PARAMETERS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslcrldir", "sslsni", "connect_timeout",
                  "application_name", "passfile", "target_session_attrs", "keepalives", "keepalives_idle",
                  "keepalives_interval", "keepalives_count", "tcp_user_timeout", "channel_binding", "gssencmode")
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
ENCRYPTED_SSL_MODES = ("require", "verify-ca", "verify-full")
WHOLE_NUMBER_PARAMETERS = ("connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
                           "tcp_user_timeout")
DEFAULT_CONNECT_TIMEOUT = 10
PSYCOPG_PACKAGE = "psycopg (version 3; pip install \"psycopg[binary]\")"
# The key of the lock that makes creating the schema one step for everyone who meets an empty database.
_SCHEMA_LOCK = "yeastar.partner schema"


def import_psycopg():
    """The ``psycopg`` module, or None when it cannot be imported (then :data:`PSYCOPG_PACKAGE` says what to install)."""
    try:
        import psycopg  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    return psycopg


class LedgerURL:
    """A checked ledger URL: :attr:`url` to connect with (the password as given), :attr:`where` to name it in
    messages (no password), :attr:`password` (to mask; None when the URL has none), :attr:`warnings`."""

    def __init__(self, url, where, password, warnings):
        self.url = url
        self.where = where
        self.password = password
        self.warnings = warnings


def check_ledger_url(value):
    """``(LedgerURL, None)`` for a usable ``ledger_url``, ``(None, what is wrong)`` otherwise; nothing is sent.
    An empty value is no URL: ``(None, None)``."""
    text = to_text(value or "", errors="surrogate_or_replace").strip()
    if not text:
        return None, None
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None, "ledger_url is not a URL with a valid port (postgresql://user@host:5432/dbname)."
    if parts.scheme.lower() not in SCHEMES:
        return None, ("ledger_url must be a postgresql:// or postgres:// URL (postgresql://user@host:5432/dbname), got a "
                      "%s URL." % (parts.scheme + "://" if parts.scheme else "scheme-less"))
    if parts.fragment:
        return None, "ledger_url must not have a #fragment."
    problems = []
    params = parse_qsl(parts.query, keep_blank_values=True)
    names = [name for name, dummy in params]
    if "password" in names:
        problems.append("ledger_url must not carry the password as a parameter (password=): put it in the URL's user "
                        "part (postgresql://user:password@host/db, percent-encoded), in PGPASSWORD or in a .pgpass file.")
    unknown = sorted(set(n for n in names if n not in URL_PARAMETERS and n != "password"))
    if unknown:
        problems.append("ledger_url has unknown parameter%s %s; it accepts %s." % (
            "s" if len(unknown) > 1 else "", ", ".join(unknown), ", ".join(URL_PARAMETERS)))
    repeated = sorted(set(n for n in names if names.count(n) > 1))
    if repeated:
        problems.append("ledger_url gives %s more than once." % ", ".join(repeated))
    values = dict(params)
    if "sslmode" in values and values["sslmode"] not in SSL_MODES:
        problems.append("ledger_url sslmode must be one of %s, got %r." % (", ".join(SSL_MODES), values["sslmode"]))
    for name in WHOLE_NUMBER_PARAMETERS:
        if name in values and not values[name].isdigit():
            problems.append("ledger_url %s must be a whole number, got %r." % (name, values[name]))
    database = unquote(parts.path.lstrip("/"))
    if "/" in database:
        problems.append("ledger_url names the database after the host and port, once (postgresql://host/dbname).")
    if problems:
        return None, " ".join(problems)
    password = unquote(parts.password) if parts.password is not None else None
    user = unquote(parts.username) if parts.username else None
    host = parts.hostname or ""
    where = "%s://%s%s%s%s" % (
        parts.scheme.lower(), quote(user, safe="") + "@" if user else "",
        "[%s]" % host if ":" in host else host, ":%d" % port if port else "", "/" + quote(database, safe="") if database else "")
    warnings = []
    local = not host or host.startswith("/") or host in ("localhost", "127.0.0.1", "::1") or host.startswith("127.")
    if not local and values.get("sslmode") not in ENCRYPTED_SSL_MODES:
        warnings.append("ledger_url %s does not require TLS (sslmode=%s): the database password and the ledger may travel "
                        "unencrypted. Add sslmode=verify-full (or require) to the URL."
                        % (where, values.get("sslmode") or "prefer, the default"))
    return LedgerURL(text, where, password, warnings), None


def lock_id(account, kind, key):
    """The advisory lock key (a signed 64-bit number) of one lock of one account."""
    digest = hashlib.sha256(to_bytes("yeastar.partner\n%s\n%s\n%s" % (account, kind, key))).digest()
    return struct.unpack(">q", digest[:8])[0]


class PgLock:
    """One advisory lock of a :class:`PgStore`, a context manager like the file locks (``where``, ``timeout``)."""

    def __init__(self, store, ident, what):
        self.store = store
        self.ident = ident
        self.what = what
        self.where = store.where
        self.timeout = store.lock_timeout
        self.held = False

    def __enter__(self):
        self.store.take_lock(self.ident, self.what)
        self.held = True
        return self

    def __exit__(self, *exc_info):
        if self.held:
            self.held = False
            self.store.release_lock(self.ident)


class PgStore(LedgerStore):
    """The ledger and the locks of one account in the database ``ledger`` (a :class:`LedgerURL`).

    :param account: the account's name in the database (a digest: :func:`._identity.identity_key` or
        :func:`._identity.account_key`), never a secret
    :param label: ``(api_url, user)`` kept beside the document, for a person reading the table
    :param read_only: check mode: nothing is created or written (the ledger also takes no lock then)
    """

    def __init__(self, ledger, account, label=(None, None), lock_timeout=300.0, read_only=False, psycopg=None):
        self.ledger = ledger
        self.where = "the shared ledger %s" % ledger.where
        self.account = account
        self.label = label
        self.lock_timeout = float(lock_timeout)
        self.read_only = read_only
        self._psycopg = psycopg or import_psycopg()
        if self._psycopg is None:
            raise StoreError("ledger_url is set, and the shared ledger needs the Python package %s on the controller "
                             "(the Python that runs the modules). Nothing was sent." % PSYCOPG_PACKAGE)
        self._conn = None
        self._broken = None
        self._has_schema = False
        self._held = {}

    # -- the connection -----------------------------------------------------------------------------------------------

    def _fail(self, doing, error):
        """A StoreError for ``error`` of psycopg while ``doing``; the connection is not used again."""
        self._broken = "%s failed earlier (%s)" % (doing, _reason(error, self.ledger.password))
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # pylint: disable=broad-except
                pass  # it is broken already
        what = "%s could not be used while %s: %s." % (self.where, doing, _reason(error, self.ledger.password))
        return StoreError("%s Nothing is ordered while the ledger cannot record it; fix the database or ledger_url and "
                          "run again." % what, what=what)

    def _connection(self):
        if self._broken:
            raise StoreError("%s cannot be used: %s, and a lock this run held may be gone with that connection. Nothing "
                             "more is ordered in this run." % (self.where, self._broken))
        if self._conn is None:
            kwargs = dict(autocommit=True, application_name="yeastar.partner")
            if "connect_timeout=" not in self.ledger.url:
                kwargs["connect_timeout"] = DEFAULT_CONNECT_TIMEOUT
            try:
                self._conn = self._psycopg.connect(self.ledger.url, **kwargs)
            except self._psycopg.Error as error:
                raise self._fail("connecting", error)
            self._prepare_schema()
        return self._conn

    def _execute(self, doing, statement, args=None, fetch=False):
        conn = self._connection()
        try:
            cursor = conn.execute(statement, args)
            return cursor.fetchall() if fetch else None
        except self._psycopg.Error as error:
            raise self._fail(doing, error)

    def close(self):
        """End the connection (and so every lock it holds)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # pylint: disable=broad-except
                pass

    # -- the schema ---------------------------------------------------------------------------------------------------

    def _prepare_schema(self):
        """Check (and, unless read-only, create or upgrade) the schema; raise StoreError when this code cannot use it.

        A schema of an older version is brought to :data:`SCHEMA_VERSION` by adding its version row, so that older
        releases refuse the database from then on; read-only, it is used as it is (a version 1 database holds no
        journal, which is what version 2 reads then)."""
        conn = self._conn
        doing = "preparing its schema %s (see the rights it needs in docs/shared-ledger.md)" % SCHEMA
        try:
            found = self._schema_version(conn)
            if (found is None or found < SCHEMA_VERSION) and not self.read_only:
                # One creator at a time; the others look again once it is done (in a new transaction, which sees it).
                ident = lock_id("", "schema", _SCHEMA_LOCK)
                conn.execute("SELECT pg_advisory_lock(%s)", (ident,))
                try:
                    found = self._schema_version(conn)
                    if found is None:
                        with conn.transaction():
                            self._create_schema(conn)
                        found = SCHEMA_VERSION
                    elif found < SCHEMA_VERSION:
                        doing = ("upgrading its schema %s from version %d to %d (the ledger user needs INSERT on "
                                 "%s.schema_version; see docs/shared-ledger.md)" % (SCHEMA, found, SCHEMA_VERSION, SCHEMA))
                        with conn.transaction():
                            conn.execute("INSERT INTO %s.schema_version (version) VALUES (%%s)" % SCHEMA, (SCHEMA_VERSION,))
                        found = SCHEMA_VERSION
                finally:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (ident,))
        except self._psycopg.Error as error:
            raise self._fail(doing, error)
        if found is not None and found > SCHEMA_VERSION:
            self.close()
            self._broken = "its schema is newer than this collection"
            raise StoreError("%s has schema version %d, newer than this yeastar.partner knows (%d): a newer collection "
                             "uses this database. Upgrade yeastar.partner on this controller (or execution environment); "
                             "nothing was sent." % (self.where, found, SCHEMA_VERSION))
        self._has_schema = found is not None

    @staticmethod
    def _schema_version(conn):
        """The schema's version, or None when there is no schema (or no version table) yet."""
        row = conn.execute("SELECT to_regclass(%s)", ("%s.schema_version" % SCHEMA,)).fetchone()
        if row is None or row[0] is None:
            return None
        row = conn.execute("SELECT max(version) FROM %s.schema_version" % SCHEMA).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    @staticmethod
    def _create_schema(conn):
        exists = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (SCHEMA,)).fetchone()
        if not exists:
            # Needs CREATE on the database; a schema a DBA made for this user beforehand needs nothing more.
            conn.execute("CREATE SCHEMA %s" % SCHEMA)
        conn.execute("CREATE TABLE IF NOT EXISTS %s.ledger (account text PRIMARY KEY, api_url text, account_user text, "
                     "version bigint NOT NULL, doc text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())" % SCHEMA)
        conn.execute("CREATE TABLE IF NOT EXISTS %s.schema_version (version integer NOT NULL, "
                     "created_at timestamptz NOT NULL DEFAULT now())" % SCHEMA)
        conn.execute("INSERT INTO %s.schema_version (version) VALUES (%%s)" % SCHEMA, (SCHEMA_VERSION,))

    # -- locks --------------------------------------------------------------------------------------------------------

    def lock(self, kind, key, what):
        return PgLock(self, lock_id(self.account, kind, key), what)

    def index_lock(self):
        return PgLock(self, lock_id(self.account, "ledger", "index"), "the order ledger")

    def take_lock(self, ident, what):
        conn = self._connection()
        if self._held.get(ident):
            self._held[ident] += 1  # advisory locks stack within a session; so do these
            return
        try:
            got = conn.execute("SELECT pg_try_advisory_lock(%s)", (ident,)).fetchone()[0]
            if not got:
                with conn.transaction():
                    conn.execute("SELECT set_config('lock_timeout', %s, true)", ("%dms" % max(1, int(self.lock_timeout * 1000)),))
                    conn.execute("SELECT pg_advisory_lock(%s)", (ident,))
        except self._psycopg.errors.LockNotAvailable:
            raise StoreError("Waited %d s for %s, which another run holds (%s, possibly on another controller). Nothing "
                             "was sent for it; run again when the other run is done." % (self.lock_timeout, what, self.where))
        except self._psycopg.Error as error:
            raise self._fail("taking %s" % what, error)
        self._held[ident] = 1

    def release_lock(self, ident):
        count = self._held.get(ident, 0)
        if count > 1:
            self._held[ident] = count - 1
            return
        self._held.pop(ident, None)
        if self._conn is None:
            return  # the connection is gone, and the lock with it
        try:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (ident,))
        except self._psycopg.Error as error:
            self._fail("releasing a lock", error)  # the lock ends with the connection, which is closed now

    # -- the document -------------------------------------------------------------------------------------------------

    def _row(self, part):
        """The key of the row that holds the document ``part``."""
        return self.account + JOURNAL_SUFFIX if part == JOURNAL else self.account

    def versions(self):
        self._connection()
        if not self._has_schema:
            return (None, None)
        rows = self._execute("reading the ledger's version", "SELECT account, version FROM %s.ledger WHERE account IN "
                             "(%%s, %%s)" % SCHEMA, tuple(self._row(part) for part in PARTS), fetch=True)
        found = dict((account, int(version)) for account, version in rows)
        return tuple(found.get(self._row(part)) for part in PARTS)

    def version(self, part=INDEX):
        return self.versions()[PARTS.index(part)]

    def load(self, part=INDEX):
        self._connection()
        if not self._has_schema:
            return None
        rows = self._execute("reading the ledger", "SELECT doc FROM %s.ledger WHERE account = %%s" % SCHEMA,
                             (self._row(part),), fetch=True)
        if not rows:
            return None
        try:
            doc = json.loads(rows[0][0])
        except ValueError:
            return None  # a broken document is no index: the whole list is read again
        return doc if isinstance(doc, dict) else None

    def save(self, doc, durable=False, part=INDEX):
        if self.read_only:
            raise StoreError("%s is read-only in check mode; nothing is written." % self.where)
        conn = self._connection()
        text = json.dumps(doc, separators=(",", ":"), sort_keys=True)
        try:
            with conn.transaction():
                if not durable:
                    conn.execute("SET LOCAL synchronous_commit = off")
                row = conn.execute(
                    "INSERT INTO %s.ledger AS l (account, api_url, account_user, version, doc) VALUES (%%s, %%s, %%s, 1, %%s) "
                    "ON CONFLICT (account) DO UPDATE SET doc = EXCLUDED.doc, version = l.version + 1, updated_at = now(), "
                    "api_url = EXCLUDED.api_url, account_user = COALESCE(EXCLUDED.account_user, l.account_user) "
                    "RETURNING version" % SCHEMA,
                    (self._row(part), self.label[0], self.label[1], text)).fetchone()
        except self._psycopg.Error as error:
            raise self._fail("writing the ledger", error)
        return int(row[0])


def _reason(error, password):
    """What psycopg said, on one line, without the password."""
    text = " ".join(to_native(error).split()).rstrip(".") or type(error).__name__
    for secret in (password, quote(password or "", safe="")):
        if secret:
            text = text.replace(secret, "********")
    return text
