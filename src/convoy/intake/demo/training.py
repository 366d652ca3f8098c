"""Training facilities in allied countries, course sessions, the recipient's training requests
and the crews enrolled (and trained) in sessions.

Facility places are real training sites; which course runs where, seats, dates and units are
illustrative.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from convoy.core.models import Nation, Organisation
from convoy.core.services import update_record
from convoy.donations.models import Requirement
from convoy.intake.demo.base import RECORDED_FROM, SYSTEM, TODAY, Loader, days
from convoy.intake.demo.nations import organisation
from convoy.training.models import (
    Course,
    CourseSession,
    Enrolment,
    TrainingFacility,
    TrainingRequest,
)
from convoy.training.services import (
    enrolment_create,
    enrolment_mark_trained,
    session_cancel,
    session_create,
    training_request_cancel,
    training_request_create,
)


@dataclass(frozen=True)
class FacilitySpec:
    code: str
    name: str
    nation: str
    place: str
    operator: str
    operator_nation: str
    courses: tuple[str, ...]


# The Polish armour centre's operator also runs the armour repair hub (see repairs.py), so one
# demo login sees both a training facility and a repair facility.
ARMOUR_CENTRE_OPERATOR = "Armour training and repair centre (POL)"

FACILITIES = [
    FacilitySpec("TF-DEU-MUNSTER", "Munster training area", "DEU", "Munster",
                 "Bundeswehr armour training group Munster", "DEU", ("LEO1-CREW", "PZH-CREW")),
    FacilitySpec("TF-DEU-TODENDORF", "Air defence training range Todendorf", "DEU", "Todendorf",
                 "Bundeswehr air defence training group", "DEU", ("PATRIOT-CREW", "IRIST-CREW")),
    FacilitySpec("TF-DEU-GRAFENWOEHR", "Grafenwöhr training area", "DEU", "Grafenwöhr",
                 "7th Army Training Command", "USA", ("HIMARS-CREW",)),
    FacilitySpec("TF-GBR-INTERFLEX", "Operation Interflex training areas", "GBR",
                 "Salisbury Plain", "Interflex training group", "GBR", ("M777-CREW", "MEDIC")),
    FacilitySpec("TF-POL-SWIETOSZOW", "Świętoszów armour training centre", "POL", "Świętoszów",
                 ARMOUR_CENTRE_OPERATOR, "POL", ("LEO2-CREW",)),
    FacilitySpec("TF-DNK-SKRYDSTRUP", "Skrydstrup Air Base", "DNK", "Skrydstrup",
                 "Fighter Wing Skrydstrup", "DNK", ("F16-PILOT",)),
    FacilitySpec("TF-ROU-FETESTI", "European F-16 Training Centre", "ROU", "Fetești",
                 "European F-16 Training Centre staff", "ROU", ("F16-MAINT",)),
    FacilitySpec("TF-SWE-SKOVDE", "Skövde training area", "SWE", "Skövde",
                 "Skaraborg Regiment", "SWE", ("CV90-CREW",)),
    FacilitySpec("TF-LTU-KAUNAS", "Engineer training centre Kaunas", "LTU", "Kaunas",
                 "Engineer Battalion training cell", "LTU", ("DEMINING",)),
    FacilitySpec("TF-LVA-ADAZI", "Ādaži training area", "LVA", "Ādaži",
                 "Latvian drone training cell", "LVA", ("DRONE-OP",)),
    FacilitySpec("TF-NOR-RENA", "Rena training area", "NOR", "Rena",
                 "Norwegian air defence training cell", "NOR", ("NASAMS-CREW",)),
    FacilitySpec("TF-ITA-SABAUDIA", "Air defence artillery school Sabaudia", "ITA", "Sabaudia",
                 "Italian air defence school", "ITA", ("SAMPT-CREW",)),
]
SEATS = {
    "PATRIOT-CREW": 2, "SAMPT-CREW": 1, "IRIST-CREW": 3, "NASAMS-CREW": 2, "LEO2-CREW": 14,
    "LEO1-CREW": 12, "CV90-CREW": 10, "PZH-CREW": 8, "M777-CREW": 12, "HIMARS-CREW": 6,
    "F16-MAINT": 8, "F16-PILOT": 4, "DEMINING": 12, "DRONE-OP": 20, "MEDIC": 30,
}
UNITS = ["47th Mechanised Brigade", "93rd Mechanised Brigade", "155th Mechanised Brigade",
         "35th Marine Brigade", "Air Force Command", "Air Defence Regiment Kyiv",
         "Operational Command East", "Operational Command South", "State Emergency Service",
         "Engineer Regiment 12", "Unmanned Systems Forces"]


@dataclass
class SessionPlan:
    code: str
    start: date
    final: str  # offered, running, completed or cancelled


def load_training(
    loader: Loader, nations: dict[str, Nation], courses: dict[str, Course],
) -> dict[str, Organisation]:
    operators = {}
    rng = loader.rng_for("training")
    for spec in FACILITIES:
        operators[spec.code] = organisation(
            loader, name=spec.operator, short_name=spec.code.removeprefix("TF-"),
            nation=nations[spec.operator_nation], kind=Organisation.Kind.FACILITY_OPERATOR,
        )
        facility = loader.record(
            TrainingFacility, ("code",), code=spec.code, name=spec.name,
            nation=nations[spec.nation], place=spec.place, operator=operators[spec.code],
        )
        for course_code in spec.courses:
            _course_sessions(loader, rng, facility, courses[course_code], nations["UKR"])
    return operators


def _session_plans(rng: random.Random, course: Course) -> list[SessionPlan]:
    """Two completed sessions, one running, two or three offered (one of them cancelled now
    and then)."""
    weeks = timedelta(weeks=course.duration_weeks)
    running = TODAY - days(rng.randint(7, max(8, weeks.days - 7)))
    completed = running - weeks - days(rng.randint(14, 56))
    earliest = completed - weeks - days(rng.randint(30, 200))
    offered = running + weeks + days(rng.randint(7, 28))
    starts = [(earliest, "completed"), (completed, "completed"), (running, "running"),
              (offered, "offered"), (offered + weeks + days(rng.randint(14, 42)), "offered")]
    if rng.random() < 0.3:
        starts.append((starts[-1][0] + weeks + days(14), "cancelled"))
    return [SessionPlan(f"S-{course.code}-{start:%Y%m%d}", start, final)
            for start, final in starts]


def _course_sessions(
    loader: Loader, rng: random.Random, facility: TrainingFacility, course: Course,
    recipient: Nation,
) -> None:
    seats = SEATS[course.code]
    sessions = []
    for plan in _session_plans(rng, course):
        session, made = loader.ensure(
            CourseSession, {"code": plan.code}, session_create, actor=SYSTEM, code=plan.code,
            course=course, facility=facility, start_date=plan.start, seats=seats,
        )
        sessions.append((plan, session, made))
    requests = _requests(loader, rng, course, recipient, seats)
    _enrol(loader, sessions, requests)
    for plan, session, made in sessions:
        if not made:
            continue
        if plan.final == "cancelled":
            session_cancel(actor=SYSTEM, session=session,
                           reason="Too few crews could be released from the front.")
        elif plan.final in ("running", "completed"):
            # Training has no step service for a session starting or ending; the historical
            # status is written through the audited generic update.
            update_record(actor=SYSTEM, obj=session, status=plan.final,
                          summary=f"historical import: session {plan.final}")
        if plan.final == "completed":
            for enrolment in session.enrolments.filter(status=Enrolment.Status.ENROLLED):
                enrolment_mark_trained(actor=SYSTEM, enrolment=enrolment, on=session.end_date)


def _requests(
    loader: Loader, rng: random.Random, course: Course, recipient: Nation, seats: int
) -> list[tuple[TrainingRequest, bool]]:
    """Three requests for crews, the last one needed later, and for some courses a fourth that
    was cancelled."""
    # Crews are requested for a requirement when its items need this course (F-16 pilots,
    # for one, are trained for the air force as a whole, not for an item's requirement).
    requirement = (
        Requirement.objects.filter(item_group=course.item_group_id).order_by("code").first()
        if course.item_group_id and course.items.exists() else None
    )
    sizes = [seats * 2, seats + max(1, seats // 2), seats + max(1, seats // 3)]
    needed = [TODAY - days(200), TODAY + days(60), TODAY + days(240)]
    specs = [(n, size, day) for n, (size, day) in enumerate(zip(sizes, needed, strict=True), 1)]
    cancelled = rng.random() < 0.3
    if cancelled:
        specs.append((4, max(1, seats // 2), TODAY + days(120)))
    requests = []
    for n, crews, needed_by in specs:
        code = f"TR-{course.code}-{n}"
        request, made = loader.ensure(
            TrainingRequest, {"code": code}, training_request_create, actor=SYSTEM,
            as_of=RECORDED_FROM, code=code,
            recipient=recipient, recipient_unit=rng.choice(UNITS), course=course,
            crews_needed=crews, needed_by=needed_by, requirement=requirement,
        )
        if n == 4:
            if made:
                training_request_cancel(actor=SYSTEM, request=request,
                                        reason="The unit was re-equipped with another system.")
            continue
        requests.append((request, made))
    return requests


def _enrol(
    loader: Loader,
    sessions: list[tuple[SessionPlan, CourseSession, bool]],
    requests: list[tuple[TrainingRequest, bool]],
) -> None:
    """Fill sessions in date order with the requests in the order they are needed; the last
    request is left open for the planner, with seats left in the offered sessions."""
    open_sessions = [(s, made) for plan, s, made in sessions if plan.final != "cancelled"]
    left = {s.pk: s.seats for s, _ in open_sessions}
    for request, request_made in requests[:-1]:
        wanted = request.crews_needed
        for session, session_made in open_sessions:
            take = min(wanted, left[session.pk])
            if not take:
                continue
            if request_made and session_made:
                loader.ensure(Enrolment, {"request": request, "session": session},
                              enrolment_create, actor=SYSTEM, request=request, session=session,
                              crews=take)
            left[session.pk] -= take
            wanted -= take
            if not wanted:
                break
