"""The scenario (convoy-scenario/1 or /2): frozen records, parsed and validated from a JSON dict.

Format 2 is format 1 plus two optional keys that change what a plan may do: `source` on a pledge
(equipment coming back from repair) and `ready_week` on trained crews (crews still in training).
A format-1 file carrying them is refused rather than read with a meaning format 1 does not have.
Validation collects every problem before raising one `ScenarioError`, so a coordinator fixing a
file sees all broken records at once. Input dicts are never mutated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from convoy.planner.errors import ScenarioError

SCENARIO_FORMAT = "convoy-scenario/1"
SCENARIO_FORMAT_2 = "convoy-scenario/2"
SCENARIO_FORMATS = (SCENARIO_FORMAT, SCENARIO_FORMAT_2)
PLEDGE_SOURCES = ("pledge", "repair")
DEFAULT_PRIORITY_POINTS: Mapping[int, float] = {1: 100.0, 2: 40.0, 3: 15.0, 4: 5.0, 5: 1.0}
DEFAULT_LATE_DECAY = 0.1
DEFAULT_EUR_PER_POINT = 10000.0


@dataclass(frozen=True)
class Training:
    course: str
    crews_per_unit: int


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    group: str
    unit_mass_t: float
    training: Training | None = None


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    capacity_t_per_week: float
    capacity_overrides: tuple[tuple[int, float], ...] = ()

    def capacity(self, week: int) -> float:
        for override_week, value in self.capacity_overrides:
            if override_week == week:
                return value
        return self.capacity_t_per_week


@dataclass(frozen=True)
class Lane:
    origin: str  # the JSON field "from"
    to: str
    weeks: int
    cost_per_t: float


@dataclass(frozen=True)
class Pledge:
    id: str
    donor: str
    item: str
    quantity: int
    available_week: int
    origin: str
    #: "pledge", or "repair": units of a repair order, available when its turnaround ends.
    source: str = "pledge"


@dataclass(frozen=True)
class Requirement:
    id: str
    group: str
    quantity: int
    priority: int
    due_week: int
    destination: str


@dataclass(frozen=True)
class Session:
    id: str
    course: str
    facility: str
    start_week: int
    duration_weeks: int
    seats: int

    @property
    def end_week(self) -> int:
        return self.start_week + self.duration_weeks


@dataclass(frozen=True)
class Course:
    id: str
    name: str
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class TrainedCrews:
    requirement: str
    course: str
    crews: int
    #: The week the crews are ready: 0 if trained already, else the end of their session.
    ready_week: int = 0


@dataclass(frozen=True)
class Weights:
    priority: tuple[float, float, float, float, float] = (100.0, 40.0, 15.0, 5.0, 1.0)
    late_decay_per_week: float = DEFAULT_LATE_DECAY
    eur_per_point: float = DEFAULT_EUR_PER_POINT

    def points(self, priority: int) -> float:
        return self.priority[priority - 1]


@dataclass(frozen=True)
class Scenario:
    start_date: str
    horizon_weeks: int
    weights: Weights
    items: tuple[Item, ...]
    nodes: tuple[Node, ...]
    lanes: tuple[Lane, ...]
    pledges: tuple[Pledge, ...]
    requirements: tuple[Requirement, ...]
    courses: tuple[Course, ...] = ()
    trained_crews: tuple[TrainedCrews, ...] = ()

    @staticmethod
    def from_json(data: object) -> Scenario:
        """Parse and validate a convoy-scenario/1 document.

        Raises ScenarioError listing every fault, each naming its record and field."""
        return _Parser(data).parse()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SCENARIO_FORMAT_2 if self.needs_format_2 else SCENARIO_FORMAT,
            "start_date": self.start_date,
            "horizon_weeks": self.horizon_weeks,
            "weights": {
                "priority": {str(p): self.weights.points(p) for p in range(1, 6)},
                "late_decay_per_week": self.weights.late_decay_per_week,
                "eur_per_point": self.weights.eur_per_point,
            },
            "items": [_item_json(i) for i in self.items],
            "nodes": [_node_json(n) for n in self.nodes],
            "lanes": [
                {"from": ln.origin, "to": ln.to, "weeks": ln.weeks, "cost_per_t": ln.cost_per_t}
                for ln in self.lanes
            ],
            "pledges": [_pledge_json(p) for p in self.pledges],
            "requirements": [
                {"id": r.id, "group": r.group, "quantity": r.quantity, "priority": r.priority,
                 "due_week": r.due_week, "destination": r.destination}
                for r in self.requirements
            ],
            "courses": [
                {"id": c.id, "name": c.name, "sessions": [
                    {"id": s.id, "facility": s.facility, "start_week": s.start_week,
                     "duration_weeks": s.duration_weeks, "seats": s.seats}
                    for s in c.sessions]}
                for c in self.courses
            ],
            "trained_crews": [
                {"requirement": t.requirement, "course": t.course, "crews": t.crews,
                 **({"ready_week": t.ready_week} if t.ready_week else {})}
                for t in self.trained_crews
            ],
        }

    @property
    def needs_format_2(self) -> bool:
        """Whether the scenario uses what only format 2 can say (written as format 1 if not)."""
        return (any(p.source != "pledge" for p in self.pledges)
                or any(t.ready_week for t in self.trained_crews))

    # Lookups used by the checker and the solvers (computed once per scenario).
    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def node_by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def pledge_by_id(self) -> dict[str, Pledge]:
        return {p.id: p for p in self.pledges}

    @cached_property
    def requirement_by_id(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements}

    @cached_property
    def session_by_id(self) -> dict[str, Session]:
        return {s.id: s for c in self.courses for s in c.sessions}

    @cached_property
    def lane_by_ends(self) -> dict[tuple[str, str], Lane]:
        return {(ln.origin, ln.to): ln for ln in self.lanes}

    @cached_property
    def trained(self) -> dict[tuple[str, str], int]:
        """Crews already trained at week 0, by (requirement, course). Crews ready later are in
        `ready_later`; a solver that reads only this stays valid, merely cautious."""
        out: dict[tuple[str, str], int] = {}
        for t in self.trained_crews:
            if t.ready_week == 0:
                out[(t.requirement, t.course)] = out.get((t.requirement, t.course), 0) + t.crews
        return out

    @cached_property
    def ready_later(self) -> dict[tuple[str, str], tuple[tuple[int, int], ...]]:
        """Crews still in training at week 0, by (requirement, course): (ready week, crews),
        in week order."""
        out: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for t in self.trained_crews:
            if t.ready_week > 0:
                out.setdefault((t.requirement, t.course), []).append((t.ready_week, t.crews))
        return {key: tuple(sorted(v)) for key, v in out.items()}

    def crews_ready(self, requirement: str, course: str, week: int) -> int:
        """Crews for (requirement, course) trained by `week` outside the plan's own bookings."""
        return self.trained.get((requirement, course), 0) + sum(
            c for w, c in self.ready_later.get((requirement, course), ()) if w <= week)


def _item_json(i: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": i.id, "name": i.name, "group": i.group,
                           "unit_mass_t": i.unit_mass_t}
    if i.training is not None:
        out["training"] = {"course": i.training.course,
                           "crews_per_unit": i.training.crews_per_unit}
    return out


def _pledge_json(p: Pledge) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "donor": p.donor, "item": p.item, "quantity": p.quantity,
                           "available_week": p.available_week, "origin": p.origin}
    if p.source != "pledge":
        out["source"] = p.source
    return out


def _node_json(n: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"id": n.id, "name": n.name,
                           "capacity_t_per_week": n.capacity_t_per_week}
    if n.capacity_overrides:
        out["capacity_overrides"] = {str(w): c for w, c in n.capacity_overrides}
    return out


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Parser:
    """One pass over the document; every check appends to `problems` instead of raising."""

    def __init__(self, data: object) -> None:
        self.data = data
        self.problems: list[str] = []
        self.horizon = 0
        self.format = SCENARIO_FORMAT

    # -- field readers: return a safe placeholder after recording the problem -----------------
    def text(self, rec: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
        value = rec.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value:
            self.problems.append(f"{where}: {key} must be a non-empty string, got {value!r}")
            return ""
        return value

    def integer(self, rec: Mapping[str, Any], key: str, where: str, minimum: int = 0) -> int:
        value = rec.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.problems.append(f"{where}: {key} must be an integer, got {value!r}")
            return minimum
        if value < minimum:
            self.problems.append(f"{where}: {key} must be >= {minimum}, got {value}")
        return int(value)

    def number(self, rec: Mapping[str, Any], key: str, where: str, positive: bool = False) -> float:
        value = rec.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.problems.append(f"{where}: {key} must be a number, got {value!r}")
            return 1.0
        if positive and value <= 0:
            self.problems.append(f"{where}: {key} must be > 0, got {value}")
        elif value < 0:
            self.problems.append(f"{where}: {key} must be >= 0, got {value}")
        return float(value)

    def week(self, rec: Mapping[str, Any], key: str, where: str) -> int:
        value = self.integer(rec, key, where, minimum=-(10**9))
        if _is_int(rec.get(key)) and not 0 <= value < self.horizon:
            self.problems.append(
                f"{where}: {key} {value} is outside the horizon 0..{self.horizon - 1}")
        return value

    def format_2_key(self, rec: Mapping[str, Any], key: str, where: str) -> bool:
        """Whether `key` is present and may be read; in format 1 it is refused, not ignored."""
        if key not in rec:
            return False
        if self.format != SCENARIO_FORMAT_2:
            self.problems.append(f"{where}: {key} needs format '{SCENARIO_FORMAT_2}'")
            return False
        return True

    def records(self, key: str, optional: bool = False) -> list[tuple[str, Mapping[str, Any]]]:
        assert isinstance(self.data, Mapping)
        value = self.data.get(key)
        if value is None and optional:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{key}: must be a list, got {type(value).__name__}")
            return []
        out = []
        for k, rec in enumerate(value):
            if not isinstance(rec, Mapping):
                self.problems.append(f"{key}[{k}]: must be an object, got {type(rec).__name__}")
                continue
            rid = rec.get("id")
            label = f"{key}[{k}] (id {rid})" if isinstance(rid, str) else f"{key}[{k}]"
            out.append((label, rec))
        return out

    def unique_ids(self, key: str, recs: list[tuple[str, Mapping[str, Any]]]) -> set[str]:
        seen: set[str] = set()
        for where, rec in recs:
            rid = self.text(rec, "id", where)
            if rid and rid in seen:
                self.problems.append(f"{where}: id '{rid}' is not unique in {key}")
            seen.add(rid)
        seen.discard("")
        return seen

    # -- the document -------------------------------------------------------------------------
    def parse(self) -> Scenario:
        data = self.data
        if not isinstance(data, Mapping):
            raise ScenarioError([f"scenario: must be a JSON object, got {type(data).__name__}"])
        if data.get("format") not in SCENARIO_FORMATS:
            self.problems.append(f"format: must be '{SCENARIO_FORMAT}' or '{SCENARIO_FORMAT_2}', "
                                 f"got {data.get('format')!r}")
        else:
            self.format = str(data["format"])
        start_date = self.text(data, "start_date", "scenario")
        if start_date:
            try:
                dt.date.fromisoformat(start_date)
            except ValueError:
                self.problems.append(f"start_date: '{start_date}' is not an ISO date (YYYY-MM-DD)")
        self.horizon = self.integer(data, "horizon_weeks", "scenario", minimum=1)
        if self.problems and "horizon_weeks" in self.problems[-1]:
            self.horizon = 10**9  # unknown horizon: do not also flag every week against it
        weights = self.weights(data.get("weights"))
        courses = self.courses()
        course_ids = {c.id for c in courses}
        items = self.items(course_ids)
        groups = {i.group for i in items}
        nodes = self.nodes()
        node_ids = {n.id for n in nodes}
        lanes = self.lanes(node_ids)
        pledges = self.pledges({i.id for i in items})
        requirements = self.requirements(groups)
        trained = self.trained_crews({r.id for r in requirements}, course_ids)
        if self.problems:
            raise ScenarioError(self.problems)
        return Scenario(start_date, self.horizon, weights, tuple(items), tuple(nodes),
                        tuple(lanes), tuple(pledges), tuple(requirements), tuple(courses),
                        tuple(trained))

    def weights(self, raw: object) -> Weights:
        if raw is None:
            return Weights()
        if not isinstance(raw, Mapping):
            self.problems.append("weights: must be an object")
            return Weights()
        points = dict(DEFAULT_PRIORITY_POINTS)
        prio = raw.get("priority", {})
        if not isinstance(prio, Mapping):
            self.problems.append("weights: priority must be an object mapping '1'..'5' to points")
            prio = {}
        for key, value in prio.items():
            if key not in {"1", "2", "3", "4", "5"}:
                self.problems.append(f"weights.priority: key {key!r} is not a priority 1..5")
            elif not _is_number(value) or value < 0:
                self.problems.append(f"weights.priority: '{key}' must be a number >= 0")
            else:
                points[int(key)] = float(value)
        decay = raw.get("late_decay_per_week", DEFAULT_LATE_DECAY)
        if not _is_number(decay) or decay < 0:
            self.problems.append("weights: late_decay_per_week must be a number >= 0")
            decay = DEFAULT_LATE_DECAY
        eur = raw.get("eur_per_point", DEFAULT_EUR_PER_POINT)
        if not _is_number(eur) or eur <= 0:
            self.problems.append("weights: eur_per_point must be a number > 0")
            eur = DEFAULT_EUR_PER_POINT
        return Weights((points[1], points[2], points[3], points[4], points[5]),
                       float(decay), float(eur))

    def courses(self) -> list[Course]:
        recs = self.records("courses", optional=True)
        self.unique_ids("courses", recs)
        out: list[Course] = []
        session_ids: set[str] = set()
        for where, rec in recs:
            cid = self.text(rec, "id", where)
            sessions: list[Session] = []
            raw_sessions = rec.get("sessions", [])
            if not isinstance(raw_sessions, list):
                self.problems.append(f"{where}: sessions must be a list")
                raw_sessions = []
            for k, srec in enumerate(raw_sessions):
                swhere = f"{where}.sessions[{k}]"
                if not isinstance(srec, Mapping):
                    self.problems.append(f"{swhere}: must be an object")
                    continue
                sid = self.text(srec, "id", swhere)
                swhere = f"{swhere} (id {sid})" if sid else swhere
                if sid in session_ids:
                    self.problems.append(f"{swhere}: session id '{sid}' is not unique")
                session_ids.add(sid)
                sessions.append(Session(
                    sid, cid, self.text(srec, "facility", swhere, required=False),
                    self.week(srec, "start_week", swhere),
                    self.integer(srec, "duration_weeks", swhere),
                    self.integer(srec, "seats", swhere)))
            out.append(Course(cid, self.text(rec, "name", where, required=False),
                              tuple(sessions)))
        return out

    def items(self, course_ids: set[str]) -> list[Item]:
        recs = self.records("items")
        self.unique_ids("items", recs)
        out = []
        for where, rec in recs:
            training = None
            raw = rec.get("training")
            if raw is not None:
                if not isinstance(raw, Mapping):
                    self.problems.append(f"{where}: training must be an object")
                else:
                    course = self.text(raw, "course", f"{where}: training")
                    if course and course not in course_ids:
                        self.problems.append(
                            f"{where}: training course '{course}' is not in courses")
                    cpu = self.integer(raw, "crews_per_unit", f"{where}: training", minimum=1)
                    training = Training(course, cpu)
            out.append(Item(self.text(rec, "id", where), self.text(rec, "name", where, False),
                            self.text(rec, "group", where),
                            self.number(rec, "unit_mass_t", where, positive=True), training))
        return out

    def nodes(self) -> list[Node]:
        recs = self.records("nodes")
        self.unique_ids("nodes", recs)
        out = []
        for where, rec in recs:
            overrides: list[tuple[int, float]] = []
            raw = rec.get("capacity_overrides", {})
            if not isinstance(raw, Mapping):
                self.problems.append(f"{where}: capacity_overrides must be an object")
                raw = {}
            for key, value in raw.items():
                try:
                    week = int(key)
                except ValueError:
                    self.problems.append(
                        f"{where}: capacity_overrides key {key!r} is not a week number")
                    continue
                if not 0 <= week < self.horizon:
                    self.problems.append(f"{where}: capacity_overrides week {week} is outside "
                                         f"the horizon 0..{self.horizon - 1}")
                if not _is_number(value) or value < 0:
                    self.problems.append(
                        f"{where}: capacity_overrides['{key}'] must be a number >= 0")
                    continue
                overrides.append((week, float(value)))
            out.append(Node(self.text(rec, "id", where), self.text(rec, "name", where, False),
                            self.number(rec, "capacity_t_per_week", where),
                            tuple(sorted(overrides))))
        return out

    def lanes(self, node_ids: set[str]) -> list[Lane]:
        recs = self.records("lanes")
        out = []
        seen: set[tuple[str, str]] = set()
        for k, (_, rec) in enumerate(recs):
            where = f"lanes[{k}] ({rec.get('from')} -> {rec.get('to')})"
            origin, to = self.text(rec, "from", where), self.text(rec, "to", where)
            if origin and to and origin not in node_ids and to not in node_ids:
                self.problems.append(f"{where}: neither end is in nodes")
            if (origin, to) in seen:
                self.problems.append(f"{where}: lane {origin} -> {to} is not unique")
            seen.add((origin, to))
            out.append(Lane(origin, to, self.integer(rec, "weeks", where),
                            self.number(rec, "cost_per_t", where)))
        return out

    def pledges(self, item_ids: set[str]) -> list[Pledge]:
        recs = self.records("pledges")
        self.unique_ids("pledges", recs)
        out = []
        for where, rec in recs:
            item = self.text(rec, "item", where)
            if item and item not in item_ids:
                self.problems.append(f"{where}: item '{item}' is not in items")
            source = "pledge"
            if self.format_2_key(rec, "source", where):
                source = self.text(rec, "source", where)
                if source and source not in PLEDGE_SOURCES:
                    self.problems.append(f"{where}: source must be one of {PLEDGE_SOURCES}, "
                                         f"got {source!r}")
            out.append(Pledge(self.text(rec, "id", where), self.text(rec, "donor", where, False),
                              item, self.integer(rec, "quantity", where),
                              self.week(rec, "available_week", where),
                              self.text(rec, "origin", where), source))
        return out

    def requirements(self, groups: set[str]) -> list[Requirement]:
        recs = self.records("requirements")
        self.unique_ids("requirements", recs)
        out = []
        for where, rec in recs:
            group = self.text(rec, "group", where)
            if group and group not in groups:
                self.problems.append(f"{where}: group '{group}' is not a group of any item")
            priority = self.integer(rec, "priority", where, minimum=1)
            if _is_int(rec.get("priority")) and priority > 5:
                self.problems.append(f"{where}: priority must be 1..5, got {priority}")
            out.append(Requirement(self.text(rec, "id", where), group,
                                   self.integer(rec, "quantity", where),
                                   min(max(priority, 1), 5),
                                   self.week(rec, "due_week", where),
                                   self.text(rec, "destination", where)))
        return out

    def trained_crews(self, req_ids: set[str], course_ids: set[str]) -> list[TrainedCrews]:
        recs = self.records("trained_crews", optional=True)
        out = []
        for k, (_, rec) in enumerate(recs):
            where = f"trained_crews[{k}]"
            req, course = self.text(rec, "requirement", where), self.text(rec, "course", where)
            if req and req not in req_ids:
                self.problems.append(f"{where}: requirement '{req}' is not in requirements")
            if course and course not in course_ids:
                self.problems.append(f"{where}: course '{course}' is not in courses")
            ready = (self.week(rec, "ready_week", where)
                     if self.format_2_key(rec, "ready_week", where) else 0)
            out.append(TrainedCrews(req, course, self.integer(rec, "crews", where), ready))
        return out
