"""The base of Convoy's management commands: help texts marked for translation.

Commands mark their help (`help = _(...)`, `help=_(...)` on arguments) so that the command line
speaks the user's language, but argparse formats only real strings; a lazy one fails `--help`
with a TypeError. The parser is therefore given plain strings, translated when it is built.
"""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class ConvoyCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _plain_texts(parser)
        return parser


def _plain_texts(parser: argparse.ArgumentParser) -> None:
    for name in ("description", "epilog", "usage"):
        if getattr(parser, name, None) is not None:
            setattr(parser, name, str(getattr(parser, name)))
    for action in parser._actions:
        for name in ("help", "metavar"):
            value = getattr(action, name, None)
            if value is not None and not isinstance(value, str | tuple):
                setattr(action, name, str(value))
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _plain_texts(sub)
            for choice in action._choices_actions:
                if choice.help is not None:
                    choice.help = str(choice.help)
    for group in parser._action_groups:
        if group.title is not None:
            group.title = str(group.title)
        if group.description is not None:
            group.description = str(group.description)
