#!/usr/bin/env python
# Copyright: Contributors to the yeastar.partner collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline stand-in for the ``get-pip.py`` script that ansible-test downloads.

ansible-test bootstraps pip in every virtual environment it creates by running
``https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py``, a host
these machines cannot reach.  It first looks for a cached copy at
``~/.ansible/test/cache/get_pip_<version with _>.py``; ``make`` copies this file there.

ansible-test runs it (through its ``quiet_pip.py``, in-process, with ``runpy``) as::

    <venv python> get_pip_X_Y.py --disable-pip-version-check pip==X.Y [--no-setuptools] [--no-wheel]

What it does:

1. make sure ``pip`` is importable by the running interpreter: the stdlib ``ensurepip``
   (run in a child process: ``ensurepip`` points ``PIP_CONFIG_FILE`` at the null device
   in its own process, and we must not inherit that);
2. ``pip install`` the arguments it was given, minus ``--no-setuptools``/``--no-wheel``
   (get-pip.py only options), with the ORIGINAL environment so that the machine's pip
   configuration (index, find-links, constraints, certificates) applies.
"""

import os
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = frozenset(('--no-setuptools', '--no-wheel'))


def log(message):
    sys.stderr.write('get_pip_standin: %s\n' % message)
    sys.stderr.flush()


def pip_importable(python, env):
    return subprocess.call([python, '-c', 'import pip'], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0


def main(argv):
    original_env = dict(os.environ)  # before anything (ensurepip) can touch it
    python = sys.executable

    if not pip_importable(python, original_env):
        log('bootstrapping pip with ensurepip for %s' % python)
        proc = subprocess.run([python, '-m', 'ensurepip', '--default-pip'], env=dict(original_env),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        if proc.returncode != 0 or not pip_importable(python, original_env):
            sys.stderr.write(proc.stdout.decode('utf-8', 'replace'))
            log('ensurepip failed (rc=%s); the interpreter %s has no usable pip' % (proc.returncode, python))
            return 1

    args = [arg for arg in argv if arg not in GET_PIP_ONLY_OPTIONS]
    requested = [arg for arg in args if not arg.startswith('-')]

    if not requested:
        log('pip bootstrapped, nothing else requested')
        return 0

    command = [python, '-m', 'pip', 'install', '--quiet'] + args
    log('running: %s' % ' '.join(command))
    return subprocess.call(command, env=original_env)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
