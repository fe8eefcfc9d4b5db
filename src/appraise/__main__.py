"""``python -m appraise``: the same as the ``appraise`` command."""

import sys

from appraise.cli import main

sys.exit(main())
