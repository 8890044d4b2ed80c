# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every link of README.md works where the README is read: on GitHub, and on Galaxy and Automation Hub, which render
README.md alone, out of the repository, so that a relative link there leads nowhere.

- A link to a file or folder of this repository is a full URL, ``REPOSITORY/blob/main/<path>`` (a file) or
  ``REPOSITORY/tree/main/<path>`` (a folder), and names one that exists (the test runs in a copy of the tree).
- A ``#anchor`` names a heading of README.md, by GitHub's rule (lower case, punctuation dropped, spaces to ``-``,
  ``-1``, ``-2``... for repeated headings).
- Any other link is https, to a host of ALLOWED (the tests run offline: the allow-list is what is checked, so a new
  host is added here on purpose, after opening the link once by hand).
- No relative links.

Links are Markdown inline links and images, reference definitions, ``<autolinks>`` and bare URLs, outside code
blocks, code spans and HTML comments (which are not links where the README is rendered).
"""

import os
import re
from urllib.parse import urlsplit

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
README = os.path.join(ROOT, "README.md")
# galaxy.yml: repository
REPOSITORY = "https://github.com/yeastar-partner/yeastar.partner"
REPOSITORY_PATH = re.compile(r"^%s/(?P<kind>blob|tree)/main/(?P<path>[^#?]+)(?:#[^#]*)?$" % re.escape(REPOSITORY))
# Hosts any https URL of which may be linked; and, for github.com, the repositories (and pages) that may be.
ALLOWED_HOSTS = {
    "docs.ansible.com",
    "galaxy.ansible.com",
    "console.redhat.com",
    "help.yeastar.com",
    "www.gnu.org",
    "semver.org",
}
ALLOWED_PREFIXES = (
    REPOSITORY + "/issues",
    REPOSITORY + "/security",
    "https://github.com/ansible-community/ansible-test-gh-action",
)

FENCE = re.compile(r"^\s*(```|~~~)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
# [text](target "title") and ![alt](target): the target up to whitespace or the closing parenthesis.
INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t].*)?$", re.M)
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
BARE = re.compile(r"(?<![(<\w/])(?:https?://|www\.)[^\s<>()\[\]`]+")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def strip_code(text, spans=True):
    """The text without fenced code blocks, HTML comments and (``spans``) code spans; line numbers are kept."""
    lines = []
    fenced = None
    for line in text.splitlines():
        match = FENCE.match(line)
        if fenced:
            if match and match.group(1) == fenced:
                fenced = None
            lines.append("")
        elif match:
            fenced = match.group(1)
            lines.append("")
        else:
            lines.append(line)
    text = "\n".join(lines)
    text = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text) if spans else text


def links(text):
    """[(line number, target)] of every link of Markdown ``text``, in order."""
    text = strip_code(text)
    found = []
    for pattern in (INLINE, REFERENCE, AUTOLINK):
        for match in pattern.finditer(text):
            found.append((match.start(1), match.group(1)))
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)   # a link's URL is not also a bare URL
    for match in BARE.finditer(text):
        found.append((match.start(), match.group(0).rstrip(".,;:!?*_'\"")))
    return sorted((text.count("\n", 0, start) + 1, target) for start, target in found)


def slug(heading):
    """GitHub's anchor of a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)   # a link in a heading counts by its text
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text):
    """The anchors of every heading of Markdown ``text`` (a repeated one gets -1, -2...)."""
    seen = {}
    result = set()
    for line in strip_code(text, spans=False).splitlines():
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else "%s-%d" % (base, count))
    return result


def problem(target, text, root):
    """What is wrong with one link of ``text`` (a Markdown file at ``root``), or None."""
    if target.startswith("#"):
        if target[1:] not in anchors(text):
            return "no heading of README.md has the anchor %s" % target
        return None
    parts = urlsplit(target)
    if not parts.scheme and not target.startswith("www."):
        return ("relative link: Galaxy and Automation Hub render README.md alone, where it leads nowhere; use the full "
                "URL %s/blob/main/<path> (a file) or %s/tree/main/<path> (a folder)" % (REPOSITORY, REPOSITORY))
    if parts.scheme != "https":
        return "not an https URL"
    match = REPOSITORY_PATH.match(target)
    if match:
        path = match.group("path").rstrip("/")
        if ".." in path.split("/"):
            return "a repository URL with '..' in its path"
        local = os.path.join(root, *path.split("/"))
        if match.group("kind") == "blob" and not os.path.isfile(local):
            return "no file %s in the repository" % path
        if match.group("kind") == "tree" and not os.path.isdir(local):
            return "no folder %s in the repository" % path
        return None
    if target.startswith(REPOSITORY + "/") and not target.startswith(ALLOWED_PREFIXES):
        return "a repository URL must be %s/blob/main/<file> or %s/tree/main/<folder>" % (REPOSITORY, REPOSITORY)
    if target.rstrip("/") == REPOSITORY or target.startswith(ALLOWED_PREFIXES):
        return None
    if parts.hostname not in ALLOWED_HOSTS:
        return "host %s is not on the allow-list of tests/unit/docs/test_readme_links.py" % parts.hostname
    return None


def problems(text, root):
    """One line per broken link of ``text``."""
    found = []
    for line, target in links(text):
        why = problem(target, text, root)
        if why is not None:
            found.append("README.md line %d: %s: %s" % (line, target, why))
    return found


@pytest.fixture(scope="module")
def readme():
    with open(README, encoding="utf-8") as handle:
        return handle.read()


def test_readme_has_links(readme):
    found = links(readme)
    assert len(found) >= 10, found
    assert any(REPOSITORY_PATH.match(target) for _line, target in found)


def test_every_readme_link_resolves(readme):
    found = problems(readme, ROOT)
    assert not found, "broken links in README.md:\n" + "\n".join(found)


# ---- the checker itself ----------------------------------------------------------------------------------------

SAMPLE = """# A title

## Try it (no credentials needed)

## Development / tests

## `make test`, again

## Try it (no credentials needed)

See [the guide](%(repo)s/blob/main/README.md), [a folder](%(repo)s/tree/main/tests/unit/docs/),
[issues](%(repo)s/issues), <https://docs.ansible.com/ansible/latest/>, https://semver.org/ and [up](#a-title).
Also [that](#development--tests), [this](#make-test-again) and [the second](#try-it-no-credentials-needed-1).

```sh
cat docs/not-a-link.md http://127.0.0.1:18080
```

`http://in.a.code.span` <!-- [hidden](nowhere.md) -->
""" % {"repo": REPOSITORY}


def test_checker_passes_good_links():
    assert problems(SAMPLE, ROOT) == []
    assert len(links(SAMPLE)) == 9


@pytest.mark.parametrize("link, why", [
    ("[a](docs/benchmark.md)", "relative link"),
    ("[a](./README.md)", "relative link"),
    ("[a](%s/blob/main/docs/no-such-file.md)" % REPOSITORY, "no file docs/no-such-file.md"),
    ("[a](%s/tree/main/no-such-folder)" % REPOSITORY, "no folder no-such-folder"),
    ("[a](%s/blob/main/docs)" % REPOSITORY, "no file docs"),
    ("[a](%s/blob/main/../etc/passwd)" % REPOSITORY, "'..'"),
    ("[a](%s/pulls)" % REPOSITORY, "must be"),
    ("[a](#no-such-heading)", "no heading"),
    ("[a](http://docs.ansible.com/)", "not an https URL"),
    ("[a](https://example.com/)", "host example.com is not on the allow-list"),
    ("see https://example.org/page.", "host example.org"),
    ("<https://example.net/>", "host example.net"),
    ("[a]: docs/benchmark.md", "relative link"),
])
def test_checker_fails_broken_links(link, why):
    found = problems("# Title\n\nText %s\n" % link if not link.startswith("[a]:") else "# Title\n\n%s\n" % link, ROOT)
    assert len(found) == 1, found
    assert why in found[0]
    assert "line 3" in found[0]


@pytest.mark.parametrize("heading, anchor", [
    ("Try it (no credentials needed)", "try-it-no-credentials-needed"),
    ("Development / tests", "development--tests"),
    ("Versioning and deprecation policy", "versioning-and-deprecation-policy"),
    ("`yeastar.partner` and `ledger_url`", "yeastarpartner-and-ledger_url"),
    ("Use it with the [real](https://x) Partner Portal", "use-it-with-the-real-partner-portal"),
])
def test_slug(heading, anchor):
    assert slug(heading) == anchor
