# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python -m yeastar_sim: run the simulator."""

import sys

from yeastar_sim.server import main

sys.exit(main())
