#!/usr/bin/env python
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the marked examples of a docs-site guide (reStructuredText) as files, and print their names:

    python guide_examples.py GUIDE.rst OUT_DIR

A marked example is the ``.. code-block::`` right after a comment line ``.. example: FILE`` (the reStructuredText
counterpart of the Markdown marker ``<!-- example: FILE -->`` that the examples target reads); its indented body is
written to OUT_DIR/FILE. Fails when the guide has no marked example, or a marker has no code block after it.
"""

import os
import re
import sys

MARKER = re.compile(r"^\.\. example: ([A-Za-z0-9_.-]+)\s*$")


def main(guide, out_dir):
    lines = open(guide, encoding="utf-8").read().splitlines()
    written = []
    for index, line in enumerate(lines):
        match = MARKER.match(line)
        if not match:
            continue
        start = index + 1
        while start < len(lines) and not lines[start].strip():
            start += 1
        if start == len(lines) or not lines[start].startswith(".. code-block::"):
            raise SystemExit("%s:%d: no code block after the example marker" % (guide, index + 1))
        body = []
        for text in lines[start + 1:]:
            if text.strip() and not text.startswith(" "):
                break
            body.append(text)
        indent = min(len(t) - len(t.lstrip()) for t in body if t.strip())
        content = "\n".join(t[indent:] for t in body).strip("\n") + "\n"
        with open(os.path.join(out_dir, match.group(1)), "w", encoding="utf-8") as handle:
            handle.write(content)
        written.append(match.group(1))
    if not written:
        raise SystemExit("%s: no marked example" % guide)
    print("\n".join(written))


if __name__ == "__main__":
    main(*sys.argv[1:3])
