"""Every report by the name the page and `convoy report NAME` know it by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from convoy.reports import burden_sharing, coalitions, manning, repair, scorecard, targets
from convoy.reports.common import Report


@dataclass(frozen=True)
class Entry:
    name: str
    title: Any
    summary: Any
    build: Callable[..., Report]
    #: The parameters it takes besides the user: "year", "nation", "coalition".
    params: tuple[str, ...] = ()


REPORTS: dict[str, Entry] = {e.name: e for e in [
    Entry("burden-sharing", _("Burden sharing"),
          _("Each ally's and partner's contributions in a year against its fair share of the "
            "baseline by GDP."), burden_sharing.build, ("year", "nation")),
    Entry("coalitions", _("Capability coalitions"),
          _("Lead nations, members, requirements, pledges and deliveries by member, what is "
            "still unmet (air defence first)."), coalitions.build, ("coalition", "nation")),
    Entry("targets", _("Capability targets"),
          _("Progress toward the targets for the recipient's forces, from handovers and crews "
            "trained, by year against the trajectory."), targets.build),
    Entry("manning", _("Manning"),
          _("Fill rate by nation and branch, tours ending in the next 90 days and who follows, "
            "nations that fill no post."), manning.build),
    Entry("repair", _("Repair"),
          _("Expected return of each order, facility load per week against capacity, "
            "equipment back in service by month, overdue orders."), repair.build),
    Entry("scorecard", _("The cell's scorecard"),
          _("Fill rate by priority, on-time delivery, time from announcement to commitment to "
            "delivery, crews ready before equipment, node utilisation, by month."),
          scorecard.build),
]}
