# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Entry point: python tests/simulator/run_simulator.py --port 0 [--state FILE | --keep-state] [--log FILE] ...

Prints PORT=<number> as the first line of stdout, then serves until SIGTERM/SIGINT/SIGHUP. Without --state the state
lives in a new temp dir that is removed on exit, unless --keep-state.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from yeastar_sim.server import main  # noqa: E402  pylint: disable=wrong-import-position

if __name__ == "__main__":
    sys.exit(main())
