# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared store in PostgreSQL (plugins/module_utils/_pg_store.py) beyond the store contract, against the real server
the session starts (tests/unit/conftest.py): the URL check, the schema (created once, never in check mode, a newer one
refused, the rights it needs), and a database that cannot be reached, refuses the login or goes away under a lock."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import secrets
import socket
import threading

import pytest

from ansible_collections.yeastar.partner.plugins.module_utils._pg_store import (
    SCHEMA_VERSION,
    PgStore,
    check_ledger_url,
    import_psycopg,
    lock_id,
)
from ansible_collections.yeastar.partner.plugins.module_utils._store import JOURNAL, ORDER_KEY, StoreError

psycopg = import_psycopg()


@pytest.mark.parametrize("url, problem", [
    ("mysql://u@h/db", "must be a postgresql:// or postgres:// URL"),
    ("https://u@h/db", "must be a postgresql:// or postgres:// URL"),
    ("h:5432/db", "must be a postgresql:// or postgres:// URL"),
    ("postgresql://h:port/db", "valid port"),
    ("postgresql://u@h/db?foo=1", "unknown parameter foo"),
    ("postgresql://u@h/db?foo=1&bar=2", "unknown parameters bar, foo"),
    ("postgresql://u@h/db?password=s3cret", "must not carry the password as a parameter"),
    ("postgresql://u@h/db?sslmode=maybe", "sslmode must be one of"),
    ("postgresql://u@h/db?connect_timeout=soon", "connect_timeout must be a whole number"),
    ("postgresql://u@h/db?sslmode=require&sslmode=disable", "sslmode more than once"),
    ("postgresql://u@h/db#x", "fragment"),
])
def test_a_bad_url_is_refused_saying_why(url, problem):
    ledger, said = check_ledger_url(url)
    assert ledger is None and problem in said
    assert "s3cret" not in said


def test_a_good_url_is_named_without_its_password():
    ledger, problem = check_ledger_url(" postgres://led%40ger:p%2Fw%25d@DB.example.com:6543/yeastar?sslmode=verify-full ")
    assert problem is None
    assert ledger.password == "p/w%d"
    assert ledger.where == "postgres://led%40ger@db.example.com:6543/yeastar"
    assert ledger.warnings == []


def test_an_unset_url_is_no_ledger():
    assert check_ledger_url(None) == (None, None)
    assert check_ledger_url("  ") == (None, None)


def test_a_remote_database_without_tls_is_warned_about():
    ledger, dummy = check_ledger_url("postgresql://u:pw@db.example.com/x")
    assert len(ledger.warnings) == 1 and "sslmode=verify-full" in ledger.warnings[0] and "pw" not in ledger.where
    for local in ("postgresql://u@127.0.0.1/x", "postgresql://u@localhost/x", "postgresql:///x?sslmode=disable"):
        assert check_ledger_url(local)[0].warnings == []


def test_lock_ids_are_64_bit_and_per_account_kind_and_key():
    ids = set(lock_id(a, k, key) for a in ("a", "b") for k in ("keys", "users") for key in ("PO-1", "PO-2"))
    assert len(ids) == 8 and all(-2 ** 63 <= i < 2 ** 63 for i in ids)


@pytest.fixture
def database(ledger_database):
    return ledger_database


def store_of(url, account="acct", read_only=False, lock_timeout=5.0):
    ledger, problem = check_ledger_url(url)
    assert problem is None, problem
    return PgStore(ledger, account, label=("https://api.example.com", "partner@example.com"), read_only=read_only,
                   lock_timeout=lock_timeout)


def schema_exists(database):
    with psycopg.connect(database()) as conn:
        return conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'yeastar_partner'").fetchone()[0] == 1


def test_check_mode_creates_no_schema_and_reads_an_empty_ledger(database):
    store = store_of(database(), read_only=True)
    assert store.load() is None and store.version() is None
    with store.lock(ORDER_KEY, "PO-1", "the order lock of poNumber PO-1"):
        pass
    with pytest.raises(StoreError):
        store.save({"version": 1})
    assert not schema_exists(database)


def test_the_schema_is_made_once_by_many_at_the_same_time(database):
    errors = []

    def first_use(n):
        try:
            store_of(database(), account="a%d" % n).save({"version": 1, "orders": {}})
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)
    threads = [threading.Thread(target=first_use, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with psycopg.connect(database()) as conn:
        assert conn.execute("SELECT count(*), max(version) FROM yeastar_partner.schema_version").fetchone() == (1, SCHEMA_VERSION)
        assert conn.execute("SELECT count(*) FROM yeastar_partner.ledger").fetchone()[0] == 6
        owner = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
        assert owner is False  # all of it done by a user without superuser rights


def test_a_newer_schema_stops_this_collection(database):
    store_of(database()).save({"version": 1})
    database.server.sql("INSERT INTO yeastar_partner.schema_version (version) VALUES (%d)" % (SCHEMA_VERSION + 1),
                        database=database.name)
    with pytest.raises(StoreError) as err:
        store_of(database()).load()
    assert "newer than this yeastar.partner knows" in str(err.value) and "Upgrade yeastar.partner" in str(err.value)


def test_a_schema_a_dba_made_needs_no_create_right_on_the_database(database):
    server = database.server
    server.sql("REVOKE CREATE ON DATABASE %s FROM ledger" % database.name, database="postgres")
    with pytest.raises(StoreError) as err:
        store_of(database()).save({"version": 1})
    assert "preparing its schema yeastar_partner" in str(err.value) and "permission denied" in str(err.value)
    server.sql("CREATE SCHEMA yeastar_partner AUTHORIZATION ledger", database=database.name)
    store = store_of(database())
    store.save({"version": 1, "orders": {}}, durable=True)
    assert store_of(database()).load() == {"version": 1, "orders": {}}


def versions_of_schema(database):
    with psycopg.connect(database()) as conn:
        return [row[0] for row in conn.execute("SELECT version FROM yeastar_partner.schema_version ORDER BY version")]


def older_release(monkeypatch):
    """This module as a release that knows schema version 1 only (the one before the journal) runs it."""
    from ansible_collections.yeastar.partner.plugins.module_utils import _pg_store
    monkeypatch.setattr(_pg_store, "SCHEMA_VERSION", 1)
    return monkeypatch.undo


V1_LEDGER = {"version": 1, "orders": {"7": ["SO-7", "PO-7", "succeed", 1.0, None, 1]}, "contents": {},
             "unknown": {"PO-8": {"at": "then", "reason": "timeout"}}}


def test_a_version_1_schema_is_upgraded_and_an_older_release_then_refuses_it(database, monkeypatch):
    back = older_release(monkeypatch)
    store_of(database()).save(V1_LEDGER, durable=True)  # what the older release made and wrote
    back()
    assert versions_of_schema(database) == [1]
    # Check mode reads it as it is and changes nothing.
    assert store_of(database(), read_only=True).load() == V1_LEDGER
    assert versions_of_schema(database) == [1]
    # A real run upgrades it (a version row, nothing else) and reads the same ledger.
    store = store_of(database())
    assert store.load() == V1_LEDGER and store.versions()[1] is None
    assert versions_of_schema(database) == [1, SCHEMA_VERSION]
    store.save({"version": 2, "generation": "g", "orders": {}}, part=JOURNAL)
    # The older release refuses the database from now on (it would read the index without the journal).
    older_release(monkeypatch)
    with pytest.raises(StoreError) as err:
        store_of(database()).load()
    assert "has schema version 2, newer than this yeastar.partner knows (1)" in str(err.value)


def test_a_ledger_user_without_create_rights_upgrades_the_schema(database, monkeypatch):
    server = database.server
    server.sql("REVOKE CREATE ON DATABASE %s FROM ledger" % database.name, database="postgres")
    server.sql("CREATE SCHEMA yeastar_partner AUTHORIZATION ledger", database=database.name)
    back = older_release(monkeypatch)
    store_of(database()).save(V1_LEDGER, durable=True)
    back()
    assert store_of(database()).load() == V1_LEDGER
    assert versions_of_schema(database) == [1, SCHEMA_VERSION]


def test_a_ledger_user_that_cannot_upgrade_the_schema_writes_nothing(database, monkeypatch):
    server = database.server
    back = older_release(monkeypatch)
    store_of(database()).save(V1_LEDGER, durable=True)
    back()
    # The tables belong to someone else now; the ledger user may read and write the ledger, not the schema's version.
    for statement in ("ALTER TABLE yeastar_partner.ledger OWNER TO CURRENT_USER",
                      "ALTER TABLE yeastar_partner.schema_version OWNER TO CURRENT_USER",
                      "GRANT SELECT, INSERT, UPDATE ON yeastar_partner.ledger TO ledger",
                      "GRANT SELECT ON yeastar_partner.schema_version TO ledger"):
        server.sql(statement, database=database.name)
    with pytest.raises(StoreError) as err:
        store_of(database()).save({"version": 2, "generation": "g", "orders": {}}, part=JOURNAL)
    said = str(err.value)
    assert "upgrading its schema yeastar_partner from version 1 to 2" in said and "permission denied" in said
    assert versions_of_schema(database) == [1]
    assert store_of(database(), read_only=True).load() == V1_LEDGER
    assert store_of(database(), read_only=True).versions()[1] is None


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_database_that_cannot_be_reached_is_named_without_the_password(pg_server):
    url = "postgresql://ledger:%s@127.0.0.1:%d/ledger?connect_timeout=2" % ("Sekr1t-pw", _closed_port())
    with pytest.raises(StoreError) as err:
        store_of(url).version()
    said = str(err.value)
    assert said.startswith("the shared ledger postgresql://ledger@127.0.0.1:")
    assert "could not be used while connecting: connection failed" in said and ".." not in said
    assert "Nothing is ordered while the ledger cannot record it" in said
    assert "Sekr1t" not in said


def test_a_refused_login_is_named_without_the_password(database):
    wrong = "Wr0ng-%s" % secrets.token_hex(4)
    with pytest.raises(StoreError) as err:
        store_of(database(password=wrong)).load()
    said = str(err.value)
    assert "password authentication failed" in said and wrong not in said
    assert database.server["password"] not in said


def test_a_connection_lost_under_a_lock_stops_the_store_and_frees_the_lock(database):
    store = store_of(database())
    store.save({"version": 1})
    lock = store.lock(ORDER_KEY, "PO-LOST", "the order lock of poNumber PO-LOST")
    with lock:
        database.server.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                            "'yeastar.partner' AND datname = '%s'" % database.name, database="postgres")
        with pytest.raises(StoreError) as err:
            store.save({"version": 1, "orders": {}}, durable=True)
        assert "could not be used while writing the ledger" in str(err.value)
        with pytest.raises(StoreError) as err:
            store.load()
        assert "cannot be used" in str(err.value) and "a lock this run held may be gone" in str(err.value)
        other = store_of(database(), lock_timeout=1.0)
        with other.lock(ORDER_KEY, "PO-LOST", "the order lock of poNumber PO-LOST"):
            pass  # the server ended the lock with the connection


def test_a_lock_waits_and_says_what_it_waited_for(database):
    holder, waiter = store_of(database()), store_of(database(), lock_timeout=0.5)
    with holder.lock(ORDER_KEY, "PO-W", "the order lock of poNumber PO-W"):
        with pytest.raises(StoreError) as err:
            with waiter.lock(ORDER_KEY, "PO-W", "the order lock of poNumber PO-W"):
                pass
    assert "Waited 0 s for the order lock of poNumber PO-W" in str(err.value)
    assert "the shared ledger postgresql://ledger@" in str(err.value)
    with waiter.lock(ORDER_KEY, "PO-W", "the order lock of poNumber PO-W"):
        pass  # the waiter's connection is still good after a wait that timed out
    waiter.save({"version": 1}, durable=True)


def test_without_psycopg_the_store_names_the_package(monkeypatch):
    from ansible_collections.yeastar.partner.plugins.module_utils import _pg_store
    monkeypatch.setattr(_pg_store, "import_psycopg", lambda: None)
    ledger, dummy = check_ledger_url("postgresql://u@127.0.0.1/x")
    with pytest.raises(StoreError) as err:
        PgStore(ledger, "acct")
    assert 'pip install "psycopg[binary]"' in str(err.value)
