# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Search files for every form of every secret of a run: the marker secrets in the environment (MARKER_*) and every
access and refresh token the simulator issued (its state keeps them for this purpose).

    python find_secrets.py SIM_URL --harvest TOKENS_FILE     add the tokens the simulator holds now to TOKENS_FILE
    python find_secrets.py SIM_URL TOKENS_FILE FILE...        search FILEs (tokens: TOKENS_FILE and the simulator's)

Forms: as is, stripped, escaped as Python repr and JSON show it, URL-encoded (quote and quote_plus), and for a token
its signature alone. Prints one summary line; exits 1, naming file and line (never the secret), when any is found.
"""

import json
import os
import sys
import urllib.parse
import urllib.request


def issued_tokens(base):
    with urllib.request.urlopen(base + "/_sim/state", timeout=60) as answer:
        state = json.loads(answer.read().decode("utf-8"))
    return [rec["token"] for rec in state.get("tokens", {}).values() if rec.get("token")]


def forms(secret):
    found = set()
    for value in (secret, secret.strip()):
        if len(value) < 4:
            continue
        found.update([value, repr(value)[1:-1], json.dumps(value)[1:-1], value.encode("unicode_escape").decode("ascii"),
                      urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value, safe="")])
        if value.count(".") == 2:  # a JWT: its signature alone is enough to be a leak
            found.add(value.rsplit(".", 1)[1])
    return found


def harvest(base, path):
    """Keep the tokens the simulator issued before a reset forgets them."""
    with open(path, "a", encoding="utf-8") as handle:
        for token in issued_tokens(base):
            handle.write(token + "\n")
    return 0


def main(base, token_file, paths):
    markers = [(name, value) for name, value in sorted(os.environ.items()) if name.startswith("MARKER_") and value]
    tokens = set(issued_tokens(base))
    if os.path.exists(token_file):
        with open(token_file, encoding="utf-8") as handle:
            tokens.update(line.strip() for line in handle if line.strip())
    tokens = sorted(tokens)
    secrets = markers + [("token #%d" % (n + 1), token) for n, token in enumerate(tokens)]
    searched = dict((form, name) for name, value in secrets for form in forms(value))
    hits = []
    size = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                size += len(line)
                for form, name in searched.items():
                    if form in line:
                        hits.append("%s:%d: %s" % (path, number, name))
    print("secrets: %d markers and %d issued tokens, %d forms, searched in %d files (%d characters): found %d"
          % (len(markers), len(tokens), len(searched), len(paths), size, len(hits)))
    for hit in hits[:50]:
        print("  FOUND " + hit)
    if not tokens:
        print("  the simulator issued no token: the runs did not authenticate, so the search proves little")
        return 1
    return 1 if hits else 0


if __name__ == "__main__":
    if sys.argv[2] == "--harvest":
        sys.exit(harvest(sys.argv[1], sys.argv[3]))
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
