"""The kinds of event a person can hear about, and which a role hears about unless it chooses.

A notice keeps its kind and the facts of the event (`params`), not a finished sentence: the
sentence is made when it is read, in the reader's language.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Role


@dataclass(frozen=True)
class Kind:
    """key: stored on notices, preferences, webhooks and in webhook bodies (never translated).
    label: the choice on the preferences page. text: the sentence, filled with the params."""

    key: str
    label: Any
    text: Any
    group: Any
    #: Params whose stored value is a code, shown as its words (e.g. a plan run's outcome).
    words: dict[str, dict[str, Any]] | None = None


EQUIPMENT = pgettext_lazy("notification group", "Pledges")
SHIPMENTS = pgettext_lazy("notification group", "Shipments")
PLANNING = pgettext_lazy("notification group", "Planning")
WORKLOAD = pgettext_lazy("notification group", "What needs attention")
SYSTEM = pgettext_lazy("notification group", "Convoy itself")

PLEDGE_COMMITTED = Kind("pledge-committed", _("Pledge committed"),
                        _("Pledge %(record)s was committed."), EQUIPMENT)
PLEDGE_CANCELLED = Kind("pledge-cancelled", _("Pledge cancelled"),
                        _("Pledge %(record)s was cancelled."), EQUIPMENT)
SHIPMENT_DISPATCHED = Kind("shipment-dispatched", _("Shipment dispatched"),
                           _("%(record)s left its origin for %(node)s."), SHIPMENTS)
SHIPMENT_ARRIVED = Kind("shipment-arrived", _("Shipment arrived at its node"),
                        _("%(record)s arrived at %(node)s."), SHIPMENTS)
SHIPMENT_SHORT = Kind("shipment-short", _("Shipment handed over short"),
                      _("%(record)s was handed over with %(missing)s of %(quantity)s units "
                        "missing."), SHIPMENTS)
SHIPMENT_LATE = Kind("shipment-late", _("Shipment handed over late"),
                     _("%(record)s was handed over on %(handed_over_on)s, after its planned "
                       "arrival on %(planned_on)s."), SHIPMENTS)
PLAN_RUN_FINISHED = Kind("plan-run-finished", _("Plan run finished"),
                         _("Plan run %(record)s finished: %(outcome)s."), PLANNING,
                         {"outcome": {"succeeded": _("ready for review"),
                                      "failed": _("it failed")}})
PLAN_RUN_WAITING = Kind("plan-run-waiting", _("Plan run waiting for approval"),
                        _("Plan run %(record)s has been ready for approval since "
                          "%(ready_on)s."), PLANNING)
NODE_OVER_CAPACITY = Kind("node-over-capacity", _("Node-week over capacity"),
                          _("%(record)s is planned to move %(load)s t in the week of "
                            "%(week_on)s, over its capacity of %(capacity)s t."), WORKLOAD)
SESSION_EMPTY_SEATS = Kind("session-empty-seats", _("Session starting with empty seats"),
                           _("Session %(record)s starts on %(start_on)s with %(empty)s empty "
                             "seats while training requests for its course wait."), WORKLOAD)
REQUIREMENT_DUE = Kind("requirement-due", _("Requirement due with nothing allocated"),
                       _("Requirement %(record)s is needed by %(needed_on)s and nothing is "
                         "allocated to it."), WORKLOAD)
PROPOSALS_WAITING = Kind("proposals-waiting", _("Proposals waiting for review"),
                         _("Proposals from trackers and reports waiting for review: "
                           "%(count)s, the newest %(record)s."), WORKLOAD)
DELIVERY_FAILED = Kind("delivery-failed", _("A mail or webhook call failed for good"),
                       _("%(record)s could not be delivered after %(attempts)s tries: "
                         "%(error)s"), SYSTEM)

KINDS: tuple[Kind, ...] = (
    PLEDGE_COMMITTED, PLEDGE_CANCELLED, SHIPMENT_DISPATCHED, SHIPMENT_ARRIVED, SHIPMENT_SHORT,
    SHIPMENT_LATE, PLAN_RUN_FINISHED, PLAN_RUN_WAITING, NODE_OVER_CAPACITY, SESSION_EMPTY_SEATS,
    REQUIREMENT_DUE, PROPOSALS_WAITING, DELIVERY_FAILED,
)
BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS}
#: Kinds a webhook can carry: every event about a record (a failed delivery is Convoy's own).
WEBHOOK_KINDS: tuple[Kind, ...] = tuple(k for k in KINDS if k is not DELIVERY_FAILED)

_ALL = tuple(k.key for k in KINDS)
#: What each role hears about until its user chooses (the union over a user's roles).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    Role.COORDINATOR: _ALL,
    Role.DONOR_LIAISON: (PLEDGE_COMMITTED.key, PLEDGE_CANCELLED.key, SHIPMENT_DISPATCHED.key,
                         SHIPMENT_SHORT.key, SHIPMENT_LATE.key, SESSION_EMPTY_SEATS.key),
    Role.RECIPIENT_PLANNER: (PLEDGE_COMMITTED.key, PLEDGE_CANCELLED.key, SHIPMENT_ARRIVED.key,
                             SHIPMENT_SHORT.key, SHIPMENT_LATE.key, REQUIREMENT_DUE.key,
                             SESSION_EMPTY_SEATS.key, PROPOSALS_WAITING.key),
    Role.NODE_OPERATOR: (SHIPMENT_DISPATCHED.key, SHIPMENT_ARRIVED.key, NODE_OVER_CAPACITY.key),
    Role.FACILITY_OPERATOR: (SESSION_EMPTY_SEATS.key,),
    Role.VIEWER: (),
}


def default_kinds(roles: list[str]) -> list[str]:
    wanted = {key for role in roles for key in ROLE_DEFAULTS.get(role, ())}
    return [key for key in _ALL if key in wanted]


def label(key: str) -> str:
    kind = BY_KEY.get(key)
    return str(kind.label) if kind else key


def sentence(key: str, params: dict[str, Any]) -> str:
    """The notice as a sentence in the active language; dates (params ending in `_on`, stored
    as ISO days) in the language's format."""
    kind = BY_KEY.get(key)
    if kind is None:
        return gettext("An event of a kind this Convoy no longer knows (%(kind)s).") % {
            "kind": key}
    shown = {}
    for name, value in params.items():
        if kind.words and name in kind.words:
            value = kind.words[name].get(value, value)
        elif name.endswith("_on") and isinstance(value, str):
            with suppress(ValueError):
                value = formats.date_format(date.fromisoformat(value))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = formats.number_format(value, use_l10n=True, force_grouping=True)
        shown[name] = value
    try:
        return str(kind.text) % shown
    except (KeyError, TypeError, ValueError):
        return f"{kind.label}: {params.get('record', '')}"
