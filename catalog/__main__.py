"""`python -m catalog` is the `catalog` command."""

import sys

from catalog.cli import main

sys.exit(main())
