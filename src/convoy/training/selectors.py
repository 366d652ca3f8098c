"""Reads of training: seats and crews left, the session calendar, requests still to cover."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from convoy.training.models import CourseSession, Enrolment, TrainingFacility, TrainingRequest

#: Enrolments that hold seats and count towards a request (withdrawn ones free both).
ACTIVE_ENROLMENT = (Enrolment.Status.ENROLLED, Enrolment.Status.TRAINED)


def _active_crews(enrolments: QuerySet[Enrolment]) -> int:
    return enrolments.filter(status__in=ACTIVE_ENROLMENT).aggregate(
        total=Coalesce(Sum("crews"), 0)
    )["total"]


def seats_taken(session: CourseSession) -> int:
    """Crews enrolled (or trained) in the session."""
    return _active_crews(Enrolment.objects.filter(session=session))


def seats_left(session: CourseSession) -> int:
    """Crews the session can still take (never below zero)."""
    return max(session.seats - seats_taken(session), 0)


def crews_enrolled(request: TrainingRequest) -> int:
    """Crews of the request enrolled (or trained) in sessions."""
    return _active_crews(Enrolment.objects.filter(request=request))


def crews_left(request: TrainingRequest) -> int:
    """Crews of the request not yet placed in a session (never below zero)."""
    return max(request.crews_needed - crews_enrolled(request), 0)


def _crews_taken() -> Coalesce:
    return Coalesce(Sum("enrolments__crews", filter=Q(enrolments__status__in=ACTIVE_ENROLMENT)), 0)


@dataclass(frozen=True)
class SessionSlot:
    session: CourseSession
    seats_left: int


@dataclass
class FacilityCalendar:
    facility: TrainingFacility
    sessions: list[SessionSlot] = field(default_factory=list)


def sessions_calendar(user: Any, start: date, end: date) -> list[FacilityCalendar]:
    """Sessions the user may see that run at some time between `start` and `end` (inclusive),
    grouped by facility (by name), each with the seats it has left. Cancelled sessions are left out.
    """
    sessions = (
        CourseSession.objects.restrict(user, "view")
        .exclude(status=CourseSession.Status.CANCELLED)
        .filter(start_date__lte=end)
        .select_related("course", "facility", "facility__nation")
        .annotate(taken=_crews_taken())
        .order_by("facility__name", "start_date", "code")
    )
    calendar: dict[int, FacilityCalendar] = {}
    for session in sessions:
        # The end date depends on the course's length, so the overlap is checked here.
        if session.end_date < start:
            continue
        row = calendar.setdefault(session.facility_id, FacilityCalendar(session.facility))
        row.sessions.append(SessionSlot(session, max(session.seats - session.taken, 0)))
    return list(calendar.values())


def uncovered_requests(user: Any) -> QuerySet[TrainingRequest]:
    """Open requests the user may see with crews still to place, soonest needed first; each is
    annotated with `crews_enrolled` and `crews_left`."""
    return (
        TrainingRequest.objects.restrict(user, "view")
        .filter(status=TrainingRequest.Status.OPEN)
        .select_related("course", "recipient")
        .annotate(crews_enrolled=_crews_taken())
        .annotate(crews_left=F("crews_needed") - F("crews_enrolled"))
        .filter(crews_left__gt=0)
        .order_by("needed_by", "code")
    )


# What needs attention (through `restrict()`; web.attention shows it)

#: Sessions starting within this many days with empty seats are worth filling now.
EMPTY_SEATS_WITHIN_DAYS = 14


def sessions_with_empty_seats(user: Any, today: date,
                              days: int = EMPTY_SEATS_WITHIN_DAYS) -> QuerySet[CourseSession]:
    """Offered sessions starting within `days` with seats left while open training requests
    for their course still have crews to place."""
    waiting = (
        TrainingRequest.objects.filter(status=TrainingRequest.Status.OPEN,
                                       course=OuterRef("course"))
        .annotate(placed=_crews_taken()).filter(placed__lt=F("crews_needed"))
    )
    return (
        CourseSession.objects.restrict(user, "view")
        .filter(status=CourseSession.Status.OFFERED, start_date__gte=today,
                start_date__lte=today + timedelta(days=days))
        .annotate(taken=_crews_taken()).filter(taken__lt=F("seats"))
        .filter(Exists(waiting))
    )
