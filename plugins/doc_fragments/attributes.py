# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    # Every module of the collection is in the action group (meta/runtime.yml; a unit test checks it).
    DOCUMENTATION = r"""
attributes:
  action_group:
    description: Use C(group/yeastar.partner.all) in C(module_defaults) to set the connection options once for this module.
    support: full
    membership:
      - yeastar.partner.all
"""

    # For the modules that only read.
    INFO_MODULE = r"""
attributes:
  check_mode:
    description: Can run in check mode; the module only reads, so it returns the same data as without it.
    support: full
  diff_mode:
    description: Nothing changes, so there is no difference to show.
    support: none
"""
