"""Where Convoy's message catalogue comes from: the package's sources, minus the parts no person
reads in Convoy's pages (the planner engine, which never imports Django; migrations; demo data).

One definition for the `convoy catalogue` command that rebuilds the catalogue and for the test
that fails when a marked string has no Ukrainian translation.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ("uk",)
IGNORE = ["planner", "migrations", "demo", "demo_figures.py", "docs", "static", "locale"]
#: Keep only file names as locations: line numbers would change the catalogue on every edit.
MAKEMESSAGES_OPTIONS = {
    "locale": list(LANGUAGES),
    "ignore_patterns": IGNORE,
    "no_obsolete": True,
    "add_location": "file",
    "verbosity": 0,
}
