"""`python -m convoy.planner ...` runs the same commands as `convoy plan ...`."""

import sys

from convoy.planner.cli import main

sys.exit(main(sys.argv[1:]))
