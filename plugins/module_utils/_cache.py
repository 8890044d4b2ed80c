# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The controller cache: a private folder per Partner Portal account, shared by every module run on this machine.

Private to the collection; not a public API.

It holds the order ledger (:mod:`._ledger`), the access token shared by the module runs of a play, and one lock
file per purchase order number. Everything here is plain files:

* the cache folder and the account folders are created ``0700`` and refused when they are symbolic links, when
  another user owns them or when others may write to them (a planted ledger could hide an order, a planted token
  could redirect one, a link could send the files elsewhere);
* each folder is checked once, when it is opened, and from then on only used through its open descriptor
  (``dir_fd``), never through its path again; every file is opened with ``O_NOFOLLOW``. Replacing a folder, or a
  file in it, by a symbolic link afterwards cannot redirect a write or a read;
* files are written whole, to a new temporary file (random name, ``O_EXCL``) that is then renamed over the old one
  (readers never see half a file; a link in the file's place is replaced, never written through);
* locks are ``flock`` locks on files, so they hold across forks and across separate ``ansible-playbook`` processes on
  one machine, and are released by the kernel when a process dies.

The folder of the shared access token is keyed by the credentials (:func:`account_key`): it is needed before there
is a token. The order ledger and the locks live in the folder of the account the access token names
(:meth:`AccountCache.for_token`, :func:`identity_key`), the same for client credentials and for an access token of
that account. A token that names no user (an opaque one) leaves them in the credentials' folder: two credentials
of one account then share nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import binascii
import errno
import hashlib
import json
import os
import stat
import time

try:
    import fcntl
except ImportError:  # not a POSIX system: the modules refuse to order without locks
    fcntl = None

from ansible.module_utils.common.text.converters import to_bytes, to_text

from ansible_collections.yeastar.partner.plugins.module_utils._identity import account_key, identity_key, token_user
from ansible_collections.yeastar.partner.plugins.module_utils._store import StoreError

CACHE_ENV = "YEASTAR_CACHE_DIR"

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_ADVICE = "Set cache_dir (or YEASTAR_CACHE_DIR) to a private folder of your own (mode 0700, not a symbolic link)."


class CacheError(StoreError):
    """The controller cache cannot be used safely (permissions, a lock not obtained in time, a broken file)."""


def default_cache_dir():
    """``$XDG_CACHE_HOME/yeastar.partner``, else ``~/.cache/yeastar.partner``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "yeastar.partner")


def _usable():
    """Why this system cannot keep the cache safe (no ``O_NOFOLLOW`` or no ``dir_fd``), or None."""
    supported = getattr(os, "supports_dir_fd", set())
    needed = (os.open, os.mkdir, os.rename, os.unlink, os.stat)
    if not (_O_NOFOLLOW and _O_DIRECTORY) or not all(function in supported for function in needed):
        return ("This system cannot open files without following symbolic links, or relative to an open folder, so "
                "the controller cache cannot be kept safe.")
    return None


def _link_target(lstat_name, readlink):
    try:
        return readlink(lstat_name)
    except OSError:
        return "?"


class _Folder:
    """A folder opened once and checked to be private; later operations go through ``fd``, never ``path`` again."""

    def __init__(self, path, fd):
        self.path = path
        self.fd = fd

    def close(self):
        if self.fd is not None:
            try:
                os.close(self.fd)
            except Exception:  # pylint: disable=broad-except
                pass  # at interpreter exit, os may be gone already
            self.fd = None

    def __del__(self):
        self.close()


def _open_folder(path, parent=None, name=None, create=True):
    """Open the folder ``path`` (``name`` inside the open folder ``parent``, when given), creating it ``0700`` first
    when ``create``; refuse a symbolic link, anything else than a folder, a folder of another user or one others may
    write to. Returns a :class:`_Folder`; raises CacheError saying what is wrong and what to do."""
    problem = _usable()
    if problem:
        raise CacheError(problem)
    where = {} if parent is None else {"dir_fd": parent.fd}
    target = path if parent is None else name
    if create:
        try:
            if parent is None:
                os.makedirs(path, 0o700)
            else:
                os.mkdir(name, 0o700, **where)
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise CacheError("Cannot create the cache folder %s: %s. %s" % (path, exc, _ADVICE))
    try:
        fd = os.open(target, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC, **where)
    except OSError as exc:
        if exc.errno == errno.ENOENT and not create:
            raise
        try:
            info = os.stat(target, follow_symlinks=False, **where)
        except OSError:
            raise CacheError("Cannot open the cache folder %s: %s. %s" % (path, exc, _ADVICE))
        if stat.S_ISLNK(info.st_mode):
            raise CacheError(
                "The cache folder %s is a symbolic link (to %s). It is refused even when it leads to a folder of your "
                "own: the link could be pointed elsewhere later, and the order ledger, the locks and the access token "
                "would then be written there. %s" % (path, _link_target(target, lambda n: os.readlink(n, **where)),
                                                     _ADVICE))
        if not stat.S_ISDIR(info.st_mode):
            raise CacheError("%s is not a folder. %s" % (path, _ADVICE))
        raise CacheError("Cannot open the cache folder %s: %s. %s" % (path, exc, _ADVICE))
    folder = _Folder(path, fd)
    try:
        info = os.fstat(fd)
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise CacheError("%s belongs to another user (uid %d); the cache must be private to the user running "
                             "Ansible. %s" % (path, info.st_uid, _ADVICE))
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise CacheError("%s can be written by other users (mode %o); make it private (chmod 700) or set cache_dir "
                             "(or YEASTAR_CACHE_DIR) to a private folder of your own." % (path, stat.S_IMODE(info.st_mode)))
    except BaseException:
        folder.close()
        raise
    return folder


def _open_file(folder, name, flags, mode=0o600):
    """``os.open`` of ``name`` in the open folder, never following a symbolic link; only a regular file is kept."""
    fd = os.open(name, flags | _O_NOFOLLOW | _O_CLOEXEC, mode, dir_fd=folder.fd)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd


class FileLock:
    """An exclusive ``flock`` on one file, waited for up to ``timeout`` seconds. Use it as a context manager.

    With ``folder`` (an open folder of :class:`AccountCache`), the file is the one named like ``path`` in that folder,
    opened through the folder's descriptor; without, ``path`` itself. Never through a symbolic link.
    """

    def __init__(self, path, timeout, what, sleep=time.sleep, folder=None):
        self.path = self.where = path
        self.timeout = timeout
        self.what = what
        self._sleep = sleep
        self._folder = folder
        self._fd = None
        self.waited = 0.0

    def _open(self):
        flags = os.O_RDWR | os.O_CREAT
        if self._folder is None:
            return os.open(self.path, flags | _O_NOFOLLOW | _O_CLOEXEC, 0o600)
        return _open_file(self._folder, os.path.basename(self.path), flags)

    def __enter__(self):
        if fcntl is None:
            raise CacheError("File locks (fcntl) are not available on this system, so %s cannot be kept safe "
                             "across forks." % self.what)
        try:
            self._fd = self._open()
        except OSError as exc:
            raise CacheError("Cannot open the lock file %s (a symbolic link or not a file?): %s. %s"
                             % (self.path, exc, _ADVICE))
        started = time.time()
        delay = 0.002
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except (IOError, OSError) as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(self._fd)
                    self._fd = None
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
    """The private folder of one account: ``<cache_dir>/<key>/``, the key of a credential (:func:`account_key`) or,
    from :meth:`for_token`, of the account a token names (:func:`identity_key`).

    The cache folder and the account folder are opened and checked once, here; every file operation afterwards goes
    through their open descriptors (see the module's docstring). ``path`` and :meth:`file` are for messages only.
    """

    def __init__(self, cache_dir, api_url, client_id=None, access_token=None, lock_timeout=300.0, _root=None,
                 _key=None):
        if _root is None:
            _root = _open_folder(os.path.abspath(os.path.expanduser(cache_dir or default_cache_dir())))
        self._root = _root
        self.api_url = api_url
        self.key = _key or account_key(api_url, client_id, access_token)
        self._folder = _open_folder(os.path.join(_root.path, self.key), parent=_root, name=self.key)
        self.path = self._folder.path
        self.lock_timeout = lock_timeout
        self.user = None
        self._folders = {"": self._folder}

    def for_token(self, token):
        """The cache of the account ``token`` names (its ``user_name`` claim, read without checking the token), in the
        same, already checked, cache folder: one folder for every credential of that account. This cache itself when
        the token names no user (then two credentials of one account share nothing)."""
        user = token_user(token)
        if user is None:
            return self
        key = identity_key(self.api_url, user)
        if key == self.key:
            return self
        other = AccountCache(None, self.api_url, lock_timeout=self.lock_timeout, _root=self._root, _key=key)
        other.user = user
        return other

    def file(self, name):
        return os.path.join(self.path, name)

    def _where(self, name, create=False):
        """``(open folder, file name)`` of ``name``, whose subfolders (``keys/x.lock``) are opened (and created, with
        ``create``) like the account folder; None when a subfolder is missing."""
        parts = name.split("/")
        if any(part in ("", ".", "..") for part in parts):
            raise CacheError("%s is not a file name in the cache." % name)
        folder = self._folder
        for depth in range(1, len(parts)):
            sub = "/".join(parts[:depth])
            if sub not in self._folders:
                try:
                    self._folders[sub] = _open_folder(self.file(sub), parent=folder, name=parts[depth - 1],
                                                      create=create)
                except OSError:
                    return None
            folder = self._folders[sub]
        return folder, parts[-1]

    def lock(self, name, what):
        """A lock file in the account folder (``name`` is a file name; subfolders are created)."""
        folder, dummy = self._where(name, create=True)
        return FileLock(self.file(name), self.lock_timeout, what, folder=folder)

    def read_json(self, name):
        """The JSON document in ``name``, or None when there is none. A broken file counts as none, and so does
        anything but a regular file (a symbolic link is not followed)."""
        try:
            where = self._where(name)
            if where is None:
                return None
            fd = _open_file(where[0], where[1], os.O_RDONLY)
            with os.fdopen(fd, "rb") as handle:
                return json.loads(to_text(handle.read(), errors="surrogate_or_strict"))
        except (IOError, OSError, ValueError, CacheError):
            return None

    def stat(self, name):
        """What identifies the current version of ``name`` (inode, size, modification time), or None (also for
        anything but a regular file)."""
        try:
            where = self._where(name)
            if where is None:
                return None
            info = os.stat(where[1], dir_fd=where[0].fd, follow_symlinks=False)
        except (OSError, CacheError):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def write_json(self, name, data, durable=False):
        """Write ``data`` as the whole new content of ``name``: a new temporary file, then rename; mode 0600.

        Readers see the old file or the new one, never half of one; whatever was in the file's place (a symbolic link
        too) is replaced, never written through. Only ``durable`` writes are flushed to disk (fsync) before the
        rename: most of what is kept here can be read again from the API.
        """
        folder, base = self._where(name, create=True)
        for dummy in range(100):
            tmp = ".%s.%s.tmp" % (base, to_text(binascii.hexlify(os.urandom(8))))
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o600,
                             dir_fd=folder.fd)
                break
            except OSError as exc:
                if exc.errno != errno.EEXIST:
                    raise
        else:
            raise CacheError("Cannot create a temporary file in %s." % folder.path)
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)
                handle.write(to_bytes(json.dumps(data, separators=(",", ":"))))
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.rename(tmp, base, src_dir_fd=folder.fd, dst_dir_fd=folder.fd)
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=folder.fd)
            except OSError:
                pass
            raise
        if durable:
            try:
                os.fsync(folder.fd)  # the rename itself
            except OSError:
                pass

    def remove(self, name):
        try:
            where = self._where(name)
            if where is not None:
                os.unlink(where[1], dir_fd=where[0].fd)
        except (OSError, CacheError):
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
