# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The controller cache: a private folder per Partner Portal account, shared by every module run on this machine.

Private to the collection; not a public API.

It holds the order ledger (:mod:`._ledger`), the access token shared by the module runs of a play, and one lock
file per purchase order number. Everything here is plain files:

* the folder is created ``0700`` and refused when another user owns it or others may write to it (a planted ledger
  could hide an order, a planted token could redirect one);
* files are written whole, to a temporary file that is then renamed over the old one (readers never see half a file);
* locks are ``flock`` locks on files, so they hold across forks and across separate ``ansible-playbook`` processes on
  one machine, and are released by the kernel when a process dies.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import hashlib
import json
import os
import stat
import tempfile
import time

try:
    import fcntl
except ImportError:  # not a POSIX system: the modules refuse to order without locks
    fcntl = None

from ansible.module_utils.common.text.converters import to_bytes, to_text

CACHE_ENV = "YEASTAR_CACHE_DIR"


class CacheError(Exception):
    """The controller cache cannot be used safely (permissions, a lock not obtained in time, a broken file)."""


def default_cache_dir():
    """``$XDG_CACHE_HOME/yeastar.partner``, else ``~/.cache/yeastar.partner``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "yeastar.partner")


def account_key(api_url, client_id=None, access_token=None):
    """A short, stable name for one account at one API URL (never the secret itself)."""
    who = "client:%s" % client_id if client_id else "token:%s" % hashlib.sha256(to_bytes(access_token or "")).hexdigest()
    return hashlib.sha256(to_bytes("%s\n%s" % (api_url.rstrip("/"), who))).hexdigest()[:20]


def _check_private(path):
    info = os.stat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise CacheError("%s is not a folder." % path)
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise CacheError("%s belongs to another user (uid %d); the cache must be private to the user running Ansible. "
                         "Set cache_dir (or YEASTAR_CACHE_DIR) to a folder of your own." % (path, info.st_uid))
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise CacheError("%s can be written by other users (mode %o); make it private (chmod 700) or set cache_dir "
                         "to a folder of your own." % (path, stat.S_IMODE(info.st_mode)))


def _private_dir(path):
    try:
        os.makedirs(path, 0o700)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise CacheError("Cannot create the cache folder %s: %s" % (path, exc))
    _check_private(path)
    return path


class FileLock:
    """An exclusive ``flock`` on one file, waited for up to ``timeout`` seconds. Use it as a context manager."""

    def __init__(self, path, timeout, what, sleep=time.sleep):
        self.path = path
        self.timeout = timeout
        self.what = what
        self._sleep = sleep
        self._fd = None
        self.waited = 0.0

    def __enter__(self):
        if fcntl is None:
            raise CacheError("File locks (fcntl) are not available on this system, so %s cannot be kept safe "
                             "across forks." % self.what)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        started = time.time()
        delay = 0.002
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except (IOError, OSError) as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(self._fd)
                    raise CacheError("Cannot lock %s: %s" % (self.path, exc))
            if time.time() - started >= self.timeout:
                os.close(self._fd)
                self._fd = None
                raise CacheError("Waited %d s for %s, which another run on this machine holds (lock file %s). "
                                 "Nothing was sent for it; run again when the other run is done."
                                 % (self.timeout, self.what, self.path))
            # Waiters poll often: the ledger lock is held for a few milliseconds at a time, by many forks in turn.
            self._sleep(delay)
            delay = min(0.02, delay * 2)
        self.waited = time.time() - started
        return self

    def __exit__(self, *exc_info):
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class AccountCache:
    """The private folder of one account: ``<cache_dir>/<account key>/``."""

    def __init__(self, cache_dir, api_url, client_id=None, access_token=None, lock_timeout=300.0):
        root = _private_dir(os.path.abspath(os.path.expanduser(cache_dir or default_cache_dir())))
        self.path = _private_dir(os.path.join(root, account_key(api_url, client_id, access_token)))
        self.lock_timeout = lock_timeout

    def file(self, name):
        return os.path.join(self.path, name)

    def lock(self, name, what):
        """A lock file in the account folder (``name`` is a file name; subfolders are created)."""
        path = self.file(name)
        folder = os.path.dirname(path)
        if folder != self.path:
            _private_dir(folder)
        return FileLock(path, self.lock_timeout, what)

    def read_json(self, name):
        """The JSON document in ``name``, or None when there is none. A broken file counts as none."""
        try:
            with open(self.file(name), "rb") as handle:
                return json.loads(to_text(handle.read(), errors="surrogate_or_strict"))
        except (IOError, OSError, ValueError):
            return None

    def stat(self, name):
        """What identifies the current version of ``name`` (inode, size, modification time), or None."""
        try:
            info = os.stat(self.file(name))
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def write_json(self, name, data, durable=False):
        """Write ``data`` as the whole new content of ``name``: temporary file, then rename; mode 0600.

        Readers see the old file or the new one, never half of one. Only ``durable`` writes are flushed to disk
        (fsync) before the rename: most of what is kept here can be read again from the API.
        """
        fd, tmp = tempfile.mkstemp(prefix=".%s." % name, suffix=".tmp", dir=self.path)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(to_bytes(json.dumps(data, separators=(",", ":"))))
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.rename(tmp, self.file(name))
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def remove(self, name):
        try:
            os.unlink(self.file(name))
        except OSError:
            pass


class TokenStore:
    """The access token shared by the module runs of this account, so that a play authenticates once.

    Only the access token, its ``tokenHead`` and its expiry are kept (not the refresh token, never the client secret),
    in a 0600 file of the private account folder.
    """

    NAME = "token.json"

    def __init__(self, cache, client_id, client_secret):
        self.cache = cache
        # A token is only handed to a run with the same credentials (a digest, never the secret itself).
        self.fingerprint = hashlib.sha256(to_bytes("%s\0%s" % (client_id, client_secret))).hexdigest()

    def load(self):
        data = self.cache.read_json(self.NAME)
        if not isinstance(data, dict) or not data.get("token") or data.get("credentials") != self.fingerprint:
            return None
        return data

    def save(self, token, token_head, expires_at):
        """Keep the token for the next module runs; a cache that cannot be written only costs a token request."""
        if expires_at is None:
            return
        try:
            self.cache.write_json(self.NAME, {"token": token, "tokenHead": token_head, "expiresAt": expires_at,
                                              "credentials": self.fingerprint})
        except (IOError, OSError):
            pass

    def lock(self):
        """Held while a module run asks for a token, so that the forks of a play share one instead of asking at once."""
        return self.cache.lock("token.lock", "the shared access token")

    def forget(self, token):
        data = self.load()
        if data and data.get("token") == token:
            self.cache.remove(self.NAME)
