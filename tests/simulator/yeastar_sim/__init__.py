# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local, stateful simulator of the Yeastar Partner Portal OpenAPI (docs/api-contract.md)."""

__version__ = "1.0.0"
