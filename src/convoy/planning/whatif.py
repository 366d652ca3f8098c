"""What-if runs: a short, declarative list of changes applied to the scenario exported from the
record, never to the record itself.

A change is a JSON object with a `kind` and the fields of that kind (weeks count from the run's
week 0, like the scenario's):

- `node_capacity`: `node`, `capacity_t` (t/week; 0 closes it), `from_week`, `to_week` (both
  optional: the whole horizon);
- `session_seats`: `session`, `seats` (seats to add, negative to remove);
- `pledge`: a hypothetical pledge: `donor`, `item`, `quantity`, `origin`, `available_week`
  (optional: week 0);
- `requirement`: `requirement`, and a new `priority` and/or `due_week`;
- `leave_out_donor`: `donor`, whose pledges are left out.

`check` validates the list against the exported scenario and returns it in its stored form;
each refusal names the change (its number, from 1) and the field, and carries both as the
error's `index` and `field` params so a page can show it beside the field. `apply` returns the
changed scenario.
"""

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from convoy.core.errors import DomainError

#: Each kind: its fields, required or optional, and its words for readers.
KINDS: dict[str, dict[str, Any]] = {
    "node_capacity": {
        "label": _("Change a node's capacity"),
        "required": ("node", "capacity_t"),
        "optional": ("from_week", "to_week"),
    },
    "session_seats": {
        "label": _("Add or remove seats in a session"),
        "required": ("session", "seats"),
        "optional": (),
    },
    "pledge": {
        "label": _("Add a hypothetical pledge"),
        "required": ("donor", "item", "quantity", "origin"),
        "optional": ("available_week",),
    },
    "requirement": {
        "label": _("Change a requirement's priority or due week"),
        "required": ("requirement",),
        "optional": ("priority", "due_week"),
    },
    "leave_out_donor": {
        "label": _("Leave out a donor"),
        "required": ("donor",),
        "optional": (),
    },
}

#: The prefix of a hypothetical pledge's id in the scenario (never a pledge code's shape).
PLEDGE_ID = "what-if-{n}"


def kind_label(kind: str) -> str:
    return str(KINDS[kind]["label"]) if kind in KINDS else kind


class _Checker:
    def __init__(self, scenario: dict[str, Any]) -> None:
        self.scenario = scenario
        self.last_week = scenario["horizon_weeks"] - 1
        self.errors: list[ValidationError] = []
        self.index = 0
        self.kind = ""

    def refuse(self, field: str, problem: Any, **figures: Any) -> None:
        message = str(_("Change %(number)s (%(kind)s), field “%(field)s”: ")) + str(problem)
        self.errors.append(ValidationError(message, code="what-if", params={
            "index": self.index, "number": self.index + 1, "kind": kind_label(self.kind),
            "field": field, **figures}))

    def whole(self, change: dict[str, Any], field: str, minimum: int | None = None,
              maximum: int | None = None) -> int | None:
        value = change.get(field)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.refuse(field, _("give a whole number."))
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.refuse(field, _("%(value)s is not between %(minimum)s and %(maximum)s."),
                        value=value, minimum=minimum, maximum=maximum)
            return None
        return value

    def week(self, change: dict[str, Any], field: str) -> int | None:
        value = change.get(field)
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not value.is_integer()):
            self.refuse(field, _("give a week number."))
            return None
        if not 0 <= value <= self.last_week:
            self.refuse(field, _("week %(value)s is outside the horizon (weeks 0 to %(last)s)."),
                        value=value, last=self.last_week)
            return None
        return int(value)

    def code(self, change: dict[str, Any], field: str, known: set[str], missing: Any) -> str | None:
        value = change.get(field)
        if not isinstance(value, str) or not value.strip():
            self.refuse(field, _("give a code."))
            return None
        value = value.strip()
        if value not in known:
            self.refuse(field, missing, code=value)
            return None
        return value


def check(changes: Any, scenario: dict[str, Any],
          sessions: Callable[[str], dict[str, Any] | None] = lambda code: None,
          donors: Callable[[str], bool] = lambda code: False) -> list[dict[str, Any]]:
    """The changes in their stored form, or a DomainError on `changes` listing every problem.

    `sessions(code)` gives a session the scenario leaves out (no seats left) as a scenario
    session with its course, so seats can be added to it; `donors(code)` whether a nation of
    that code exists, for a hypothetical pledge's donor.
    """
    if changes in (None, ""):
        return []
    if not isinstance(changes, list):
        raise DomainError({"changes": _("The changes are a list of objects, each with a kind.")})
    c = _Checker(scenario)
    nodes = {n["id"] for n in scenario["nodes"]}
    in_scenario = {s["id"]: s for course in scenario["courses"] for s in course["sessions"]}
    items = {i["id"] for i in scenario["items"]}
    origins = {ln["from"] for ln in scenario["lanes"]} - nodes
    requirements = {r["id"] for r in scenario["requirements"]}
    # Equipment back from repair is the recipient's own, not a donor's pledge.
    pledge_donors = {p["donor"] for p in scenario["pledges"]
                     if p.get("donor") and p.get("source") != "repair"}
    stored: list[dict[str, Any]] = []
    for c.index, change in enumerate(changes):
        kind = change.get("kind") if isinstance(change, dict) else None
        c.kind = kind if isinstance(kind, str) else ""
        if c.kind not in KINDS:
            c.refuse("kind", _("give one of %(kinds)s."), kinds=", ".join(KINDS))
            continue
        spec = KINDS[c.kind]
        unknown = set(change) - {"kind", *spec["required"], *spec["optional"]}
        for field in sorted(unknown):
            c.refuse(field, _("this kind of change has no such field."))
        for field in spec["required"]:
            if change.get(field) in (None, ""):
                c.refuse(field, _("this field is required."))
        if unknown or any(change.get(f) in (None, "") for f in spec["required"]):
            continue
        given = {k: v for k, v in change.items() if v not in (None, "")}
        before = len(c.errors)
        out: dict[str, Any] = {"kind": c.kind}
        if c.kind == "node_capacity":
            out["node"] = c.code(given, "node", nodes, _("no node “%(code)s”."))
            capacity = given["capacity_t"]
            if isinstance(capacity, bool) or not isinstance(capacity, int | float) or not (
                    0 <= capacity < 1e9):
                c.refuse("capacity_t", _("give a capacity of 0 t/week or more (0 closes it)."))
            out["capacity_t"] = capacity
            out["from_week"] = c.week(given, "from_week") if "from_week" in given else 0
            out["to_week"] = (c.week(given, "to_week") if "to_week" in given
                              else c.last_week)
            if (isinstance(out["from_week"], int) and isinstance(out["to_week"], int)
                    and out["from_week"] > out["to_week"]):
                c.refuse("to_week", _("the last week comes before the first (%(first)s)."),
                         first=out["from_week"])
        elif c.kind == "session_seats":
            seats = c.whole(given, "seats", -100000, 100000)
            code = given["session"]
            session = in_scenario.get(code) if isinstance(code, str) else None
            if session is None and isinstance(code, str):
                session = sessions(code.strip())
            if session is None:
                c.refuse("session", _("no session “%(code)s” offered in the horizon for a "
                                      "course an item needs."), code=code)
            elif seats is not None and session["seats"] + seats < 0:
                c.refuse("seats", _("the session has %(left)s seats left; at most that many "
                                    "can be removed."), left=session["seats"])
            out["session"] = session and session["id"]
            out["seats"] = seats
        elif c.kind == "pledge":
            donor = given["donor"]
            if not isinstance(donor, str) or not (donor.strip() in pledge_donors
                                                  or donors(donor.strip())):
                c.refuse("donor", _("no nation “%(code)s”."), code=donor)
            out["donor"] = donor.strip() if isinstance(donor, str) else donor
            out["item"] = c.code(given, "item", items, _(
                "no item “%(code)s” of a group an open requirement needs."))
            out["quantity"] = c.whole(given, "quantity", 1, 10**9)
            out["origin"] = c.code(given, "origin", origins, _(
                "no lane leads from “%(code)s” to a node."))
            out["available_week"] = (c.week(given, "available_week")
                                     if "available_week" in given else 0)
        elif c.kind == "requirement":
            out["requirement"] = c.code(given, "requirement", requirements, _(
                "no open requirement “%(code)s” with a quantity left to plan."))
            if "priority" not in given and "due_week" not in given:
                c.refuse("priority", _("give a new priority, a new due week, or both."))
            if "priority" in given:
                out["priority"] = c.whole(given, "priority", 1, 5)
            if "due_week" in given:
                out["due_week"] = c.week(given, "due_week")
        elif c.kind == "leave_out_donor":
            out["donor"] = c.code(given, "donor", pledge_donors, _(
                "no pledge of donor “%(code)s” in the scenario."))
        if len(c.errors) == before:
            stored.append(out)
    if c.errors:
        raise DomainError({"changes": c.errors})
    return stored


def apply(scenario: dict[str, Any], changes: list[dict[str, Any]],
          sessions: Callable[[str], dict[str, Any] | None] = lambda code: None
          ) -> dict[str, Any]:
    """A copy of the scenario with the (checked) changes made, in their order."""
    out = copy.deepcopy(scenario)
    by_session = {s["id"]: s for course in out["courses"] for s in course["sessions"]}
    taken = {p["id"] for p in out["pledges"]}
    for change in changes:
        kind = change["kind"]
        if kind == "node_capacity":
            node = next(n for n in out["nodes"] if n["id"] == change["node"])
            overrides = node.setdefault("capacity_overrides", {})
            for week in range(change["from_week"], change["to_week"] + 1):
                overrides[str(week)] = float(change["capacity_t"])
        elif kind == "session_seats":
            session = by_session.get(change["session"])
            if session is None:  # full in the record: it enters with the seats added
                extra = sessions(change["session"])
                assert extra is not None, "checked changes name a known session"
                course = next(c for c in out["courses"] if c["id"] == extra.pop("course"))
                session = {**extra, "seats": 0}
                course["sessions"].append(session)
                by_session[session["id"]] = session
            session["seats"] += change["seats"]
        elif kind == "pledge":
            n = 1
            while PLEDGE_ID.format(n=n) in taken:
                n += 1
            pledge_id = PLEDGE_ID.format(n=n)
            taken.add(pledge_id)
            out["pledges"].append({
                "id": pledge_id, "donor": change["donor"], "item": change["item"],
                "quantity": change["quantity"], "available_week": change["available_week"],
                "origin": change["origin"]})
        elif kind == "requirement":
            requirement = next(r for r in out["requirements"] if r["id"] == change["requirement"])
            for field in ("priority", "due_week"):
                if field in change:
                    requirement[field] = change[field]
        elif kind == "leave_out_donor":
            out["pledges"] = [p for p in out["pledges"] if p.get("donor") != change["donor"]
                              or p.get("source") == "repair"]
    for course in out["courses"]:  # a session with every seat removed offers none
        course["sessions"] = [s for s in course["sessions"] if s["seats"] > 0]
    return out


def describe(change: dict[str, Any]) -> str:
    """A stored change in words, for the run's page."""
    kind = change.get("kind")
    if kind == "node_capacity":
        words = _("%(node)s: %(capacity)s t/week in weeks %(first)s to %(last)s") if change[
            "capacity_t"] else _("%(node)s closed in weeks %(first)s to %(last)s")
        return str(words) % {"node": change["node"], "capacity": change["capacity_t"],
                             "first": change["from_week"], "last": change["to_week"]}
    if kind == "session_seats":
        return str(_("Session %(session)s: %(seats)+d seats")) % change
    if kind == "pledge":
        return str(_("%(quantity)s × %(item)s from %(donor)s, leaving %(origin)s in week "
                     "%(available_week)s")) % change
    if kind == "requirement":
        parts = []
        if "priority" in change:
            parts.append(str(_("priority %(priority)s")) % change)
        if "due_week" in change:
            parts.append(str(_("due in week %(due_week)s")) % change)
        return f"{change['requirement']}: {', '.join(parts)}"
    if kind == "leave_out_donor":
        return str(_("Without the pledges of %(donor)s")) % change
    return str(change)


def record_sessions(scenario: dict[str, Any]) -> Callable[[str], dict[str, Any] | None]:
    """A session the export leaves out because its seats are taken, as a scenario session of
    its course (with no seats left), when it is offered in the horizon for a course listed."""
    from convoy.planning.export import week_of
    from convoy.training.models import CourseSession

    monday = date.fromisoformat(scenario["start_date"])
    courses = {c["id"] for c in scenario["courses"]}

    def lookup(code: str) -> dict[str, Any] | None:
        session = CourseSession.objects.filter(
            code=code, status="offered", course__code__in=courses, start_date__gte=monday,
        ).select_related("course", "facility").first()
        if session is None or week_of(session.start_date, monday) >= scenario["horizon_weeks"]:
            return None
        return {"id": session.code, "facility": session.facility.code,
                "start_week": week_of(session.start_date, monday),
                "duration_weeks": session.course.duration_weeks, "seats": 0,
                "course": session.course.code}

    return lookup


def record_donor(code: str) -> bool:
    from convoy.core.models import Nation

    return Nation.objects.filter(code=code).exists()
