"""Errors raised by the planner engine."""

from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario breaks the planning-model contract.

    `problems` holds one message per broken field, each naming the record and the field
    (``pledges[3] (id P-17): item 'xyz' is not in items``); `str(error)` joins them by newline.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("\n".join(self.problems))


class PlanFormatError(ValueError):
    """A plan document is not a convoy-plan/1 object at all (not a rule violation)."""
