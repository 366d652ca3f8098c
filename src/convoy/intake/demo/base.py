"""What every step of the demo loader shares: the figures, the seeded random source, the fixed
dates, and `ensure`, which writes a record only when its natural key is not there yet."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any, TypeVar

from django.db import models

from convoy.core.services import create_record
from convoy.intake.demo_figures import FIGURES_PATH

M = TypeVar("M", bound=models.Model)

SEED = 20240614  # the day the defence ministers agreed the plan
# The demo's "now": every step date lies on or before it, every plan after it, whatever the
# date the demo is loaded on, so the demo is the same every time.
TODAY = date(2026, 11, 25)
SYSTEM = None  # the actor of every write: the system, still audited
# The day the demo's history starts: its requirements and requests are taken as raised then
# (the services refuse a new record whose deadline is long past the day it is raised).
RECORDED_FROM = date(2024, 6, 14)


def load_figures() -> dict[str, Any]:
    return json.loads(FIGURES_PATH.read_text(encoding="utf-8"))


@dataclass
class Loader:
    """State of one demo load: the figures and what was written."""

    figures: dict[str, Any] = field(default_factory=load_figures)
    created: dict[str, int] = field(default_factory=dict)

    def ensure(
        self, model: type[M], key: dict[str, Any], service: Callable[..., M], /, **arguments: Any
    ) -> tuple[M, bool]:
        """The record of `model` with `key`, made by `service(**arguments)` only if there is none.

        Returns the record and whether it was made now; the caller takes lifecycle steps only
        for records made now, so a second load writes nothing.
        """
        found = model._base_manager.filter(**key).first()
        if found is not None:
            return found, False
        obj = service(**arguments)
        label = model._meta.label
        self.created[label] = self.created.get(label, 0) + 1
        return obj, True

    def record(self, model: type[M], key: tuple[str, ...], **fields: Any) -> M:
        """A base record with no service of its own, made through the audited `create_record`."""
        obj, _ = self.ensure(model, {name: fields[name] for name in key}, create_record,
                             actor=SYSTEM, model=model, **fields)
        return obj

    def rng_for(self, part: str) -> random.Random:
        """A random source of its own for one part of the demo, so parts do not shift each
        other's draws when one of them changes."""
        return random.Random(f"{SEED}-{part}")

    @cached_property
    def gdp(self) -> dict[str, dict[str, int]]:
        return self.figures["gdp"]

    @cached_property
    def kiel_donors(self) -> dict[str, dict[str, Any]]:
        return self.figures["kiel"]["donors"]


def days(n: int) -> timedelta:
    return timedelta(days=n)


def at_noon(day: date) -> datetime:
    """A step's time stamp: midday UTC on its date."""
    return datetime.combine(day, time(12, 0), tzinfo=UTC)
