# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where every integration target runs, as its aliases file says: `make test` (hack/run.sh, step_integration_lanes)
takes its lanes from there and lists no target itself.

Every target that ansible-test runs on its own has exactly one `lane/N` (its lane on the newest series) and at most
one `older/lane/N` (it also runs on the oldest series, in lane N); N is 1 or 2, the two lanes of the 2 CPUs. The runner
fails on a target without its lane; this test says so before integration starts (docs/module-conventions.md).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGETS_DIR = os.path.join(COLLECTION_ROOT, "tests", "integration", "targets")
LANES = ("1", "2")


def aliases(target):
    """The words of a target's aliases file, as ansible-test reads them: comments and blank lines left out."""
    path = os.path.join(TARGETS_DIR, target, "aliases")
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as handle:
        lines = [re.sub(r"\s*#.*$", "", line).strip() for line in handle]
    return [line for line in lines if line]


def is_hidden(target):
    """ansible-test runs a hidden target only for another one that needs it (needs/target/...), never in a lane."""
    return target.startswith(("setup_", "prepare_")) or "hidden" in aliases(target)


def all_targets():
    return sorted(name for name in os.listdir(TARGETS_DIR) if os.path.isdir(os.path.join(TARGETS_DIR, name)))


def lane_targets():
    return [target for target in all_targets() if not is_hidden(target)]


def test_the_collection_has_lane_targets():
    assert len(lane_targets()) >= 2
    assert any(is_hidden(target) for target in all_targets())


@pytest.mark.parametrize("target", lane_targets())
def test_every_target_has_exactly_one_lane(target):
    lanes = [word for word in aliases(target) if word.startswith("lane/")]
    assert len(lanes) == 1, "%s: needs exactly one of %s in its aliases file, has %s" % (
        target, ", ".join("lane/%s" % lane for lane in LANES), lanes or "none")
    assert lanes[0] in ["lane/%s" % lane for lane in LANES], "%s: unknown lane %s" % (target, lanes[0])


@pytest.mark.parametrize("target", lane_targets())
def test_a_target_runs_on_the_older_series_in_at_most_one_lane(target):
    olders = [word for word in aliases(target) if word.startswith("older/")]
    assert len(olders) <= 1, "%s: more than one older/lane/N alias: %s" % (target, olders)
    for word in olders:
        assert word in ["older/lane/%s" % lane for lane in LANES], "%s: unknown alias %s" % (target, word)


@pytest.mark.parametrize("target", [target for target in all_targets() if is_hidden(target)])
def test_a_hidden_target_has_no_lane(target):
    """The runner leaves hidden targets out: a lane alias there would be a promise nobody keeps."""
    assert not [word for word in aliases(target) if word.startswith(("lane/", "older/"))], target


def test_both_lanes_are_used_on_the_newest_series():
    used = set(word[len("lane/"):] for target in lane_targets() for word in aliases(target) if word.startswith("lane/"))
    assert used == set(LANES)
