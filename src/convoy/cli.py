"""The `convoy` console script.

`convoy plan ...` goes straight to the planner engine, which needs no database; `convoy plan export`
and every other command are Django management commands (`convoy migrate`, `convoy demo`,
`convoy serve`, ...).
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["plan"] and args[1:2] != ["export"]:
        from convoy.planner.cli import main as plan_main

        return plan_main(args[1:])
    if args[:2] == ["plan", "export"]:
        args = ["plan_export", *args[2:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convoy.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["convoy", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
