"""``python -m bot`` runs the ``heard`` command line."""

import sys

from bot.cli import main

sys.exit(main())
