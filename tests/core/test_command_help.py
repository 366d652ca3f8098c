"""Every Convoy command answers --help, whatever language its help texts are marked in."""

import argparse

import pytest
from django.core.management import get_commands, load_command_class

CONVOY_COMMANDS = sorted((name, app) for name, app in get_commands().items()
                         if app.startswith("convoy."))


def test_the_walk_finds_the_commands():
    assert {"demo", "report", "plan_run", "intake", "import", "export"} <= {
        name for name, _ in CONVOY_COMMANDS}


@pytest.mark.parametrize(("name", "app"), CONVOY_COMMANDS, ids=[n for n, _ in CONVOY_COMMANDS])
def test_help_is_formatted(name, app):
    parser = load_command_class(app, name).create_parser("convoy", name)
    parsers = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers.extend(action.choices.values())
    for each in parsers:
        assert "usage:" in each.format_help()
