"""Writes to training: sessions offered, requests for crews, and crews enrolled in sessions.

Seats and crews are counted from the enrolments that are enrolled or trained; withdrawing an
enrolment frees its seats and reopens its request.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from convoy.core.errors import DomainError
from convoy.core.models import Nation
from convoy.core.permissions import consequences_of_step, ensure_allowed
from convoy.core.services import (
    create_record,
    refuse_long_past,
    step_date,
    step_reason,
    transition,
    update_record,
)
from convoy.training.models import (
    Course,
    CourseSession,
    Enrolment,
    TrainingFacility,
    TrainingRequest,
)
from convoy.training.selectors import crews_enrolled, crews_left, seats_left, seats_taken

SESSION_STEPS = {
    CourseSession.Status.OFFERED: [CourseSession.Status.CANCELLED],
    CourseSession.Status.RUNNING: [CourseSession.Status.CANCELLED],
}
REQUEST_STEPS = {
    TrainingRequest.Status.OPEN: [TrainingRequest.Status.CANCELLED],
    TrainingRequest.Status.COVERED: [TrainingRequest.Status.CANCELLED],
}
ENROLMENT_STEPS = {
    Enrolment.Status.ENROLLED: [Enrolment.Status.TRAINED, Enrolment.Status.WITHDRAWN],
}


# Sessions ---------------------------------------------------------------------------------------


def session_create(*, actor: Any, **fields: Any) -> CourseSession:
    """Offer a session; it starts as offered whatever `status` says."""
    fields["status"] = CourseSession.Status.OFFERED
    return create_record(actor=actor, model=CourseSession, **fields)


def session_update(*, actor: Any, session: CourseSession, **changes: Any) -> CourseSession:
    """Change a session's details; never fewer seats than the crews already enrolled."""
    if "status" in changes:
        raise DomainError({"status": _(
            "Session %(session)s: the status changes only by its steps."
        ) % {"session": session}})
    with transaction.atomic():
        ensure_allowed(actor, "change", session)
        locked = CourseSession.objects.select_for_update().get(pk=session.pk)
        check_session_change(locked, changes)
        for name, value in changes.items():
            setattr(locked, name, value)
        update_record(actor=actor, obj=locked)
    session.refresh_from_db()
    return session


def check_session_change(session: CourseSession, changes: dict[str, Any]) -> None:
    """Raise DomainError if `changes` would leave fewer seats than crews enrolled, or move
    enrolled crews to another course or facility."""
    taken = seats_taken(session)
    seats = changes.get("seats", session.seats)
    if seats is not None and seats < taken:
        raise DomainError({"seats": _(
            "Session %(session)s: %(taken)s seats are taken by enrolled crews, so it cannot "
            "have only %(seats)s."
        ) % {"session": session, "taken": taken, "seats": seats}})
    for name in ("course", "facility"):
        if taken and name in changes and changes[name] != getattr(session, name):
            raise DomainError({name: _(
                "Session %(session)s: crews are enrolled, so its %(name)s cannot change."
            ) % {"session": session, "name": name}})


def session_cancel(
    *, actor: Any, session: CourseSession, on: date | None = None, reason: str = ""
) -> CourseSession:
    """Cancel a session, giving the reason; crews enrolled in it are withdrawn and their
    requests reopened."""
    with transaction.atomic():
        ensure_allowed(actor, "change", session)
        locked = CourseSession.objects.select_for_update().get(pk=session.pk)
        if locked.enrolments.filter(status=Enrolment.Status.TRAINED).exists():
            raise DomainError(
                {"status": _(
                    "Session %(locked)s: crews have been trained in it, so it cannot be "
                    "cancelled."
                ) % {"locked": locked}}
            )
        text = step_reason(locked, reason)
        when = step_date(locked, on)
        transition(actor=actor, obj=locked, to=CourseSession.Status.CANCELLED,
                   allowed=SESSION_STEPS, on=when, reason=text)
        for enrolment in locked.enrolments.filter(status=Enrolment.Status.ENROLLED):
            # The actor may cancel the session; withdrawing its crews is part of that step.
            _follow_up(actor, enrolment, f"session {locked} cancelled",
                       status=Enrolment.Status.WITHDRAWN)
            _refresh_request_status(actor, enrolment.request_id)
    session.refresh_from_db()
    return session


# Training requests ------------------------------------------------------------------------------


def training_request_create(
    *, actor: Any, as_of: date | None = None, **fields: Any
) -> TrainingRequest:
    """Ask for crews to be trained, by a date not long past `as_of` (today; an import of
    history passes the day it starts); the request starts open."""
    fields["status"] = TrainingRequest.Status.OPEN
    request = TrainingRequest(**fields)
    ensure_allowed(actor, "add", request)
    check_request_recipient(request)
    refuse_long_past(request, "needed_by", as_of)
    return create_record(actor=actor, model=TrainingRequest, **fields)


def training_request_update(
    *, actor: Any, request: TrainingRequest, **changes: Any
) -> TrainingRequest:
    """Change a request's details; never fewer crews than already enrolled, and the course only
    while no crews are enrolled. Open or covered follows from the crews left."""
    if "status" in changes:
        raise DomainError({"status": _(
            "Training request %(request)s: the status changes only by its steps."
        ) % {"request": request}})
    with transaction.atomic():
        ensure_allowed(actor, "change", request)
        locked = TrainingRequest.objects.select_for_update().get(pk=request.pk)
        check_request_change(locked, changes)
        enrolled = crews_enrolled(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        check_request_recipient(locked)
        if locked.status != TrainingRequest.Status.CANCELLED and locked.crews_needed is not None:
            locked.status = (TrainingRequest.Status.COVERED if locked.crews_needed == enrolled
                             else TrainingRequest.Status.OPEN)
        update_record(actor=actor, obj=locked)
    request.refresh_from_db()
    return request


def check_request_recipient(request: TrainingRequest) -> None:
    """A request's recipient is a recipient nation, when it is made and whenever it changes."""
    recipient = request.recipient if request.recipient_id else None
    if recipient is not None and recipient.kind != Nation.Kind.RECIPIENT:
        raise DomainError(
            {"recipient": _(
                "Training request %(request)s: %(recipient)s is not a recipient nation."
            ) % {"request": request, "recipient": recipient}}
        )


def check_request_change(request: TrainingRequest, changes: dict[str, Any]) -> None:
    """Raise DomainError if `changes` would need fewer crews than enrolled, or move enrolled
    crews to another course."""
    enrolled = crews_enrolled(request)
    needed = changes.get("crews_needed", request.crews_needed)
    if needed is not None and needed < enrolled:
        raise DomainError({"crews_needed": _(
            "Training request %(request)s: %(enrolled)s crews are enrolled, so it cannot need "
            "only %(needed)s."
        ) % {"request": request, "enrolled": enrolled, "needed": needed}})
    if enrolled and "course" in changes and changes["course"] != request.course:
        raise DomainError({"course": _(
            "Training request %(request)s: crews are enrolled in sessions of its course, so "
            "the course cannot change."
        ) % {"request": request}})


def training_request_cancel(
    *, actor: Any, request: TrainingRequest, on: date | None = None, reason: str = ""
) -> TrainingRequest:
    """Cancel a request, giving the reason; its crews still enrolled are withdrawn, freeing
    their seats."""
    with transaction.atomic():
        ensure_allowed(actor, "change", request)
        text = step_reason(request, reason)
        when = step_date(request, on)
        transition(actor=actor, obj=request, to=TrainingRequest.Status.CANCELLED,
                   allowed=REQUEST_STEPS, on=when, reason=text)
        for enrolment in request.enrolments.filter(status=Enrolment.Status.ENROLLED):
            _follow_up(actor, enrolment, f"training request {request} cancelled",
                       status=Enrolment.Status.WITHDRAWN)
    request.refresh_from_db()
    return request


# Enrolments -------------------------------------------------------------------------------------


def enrolment_create(
    *,
    actor: Any,
    request: TrainingRequest,
    session: CourseSession,
    crews: int,
    plan_run: Any = None,
) -> Enrolment:
    """Place `crews` of `request` in `session`.

    The session row is locked before its seats are counted, so two people enrolling at the same
    time queue and the second sees the first one's crews; the request row is locked after it
    (always in that order, so two enrolments cannot deadlock) for its crews left.
    """
    ensure_allowed(actor, "add", Enrolment(request=request, session=session, crews=crews))
    with transaction.atomic():
        session = CourseSession.objects.select_for_update().select_related("course").get(
            pk=session.pk
        )
        request = TrainingRequest.objects.select_for_update().get(pk=request.pk)
        check_enrolment(request, session, crews)
        withdrawn = Enrolment.objects.filter(
            request=request, session=session, status=Enrolment.Status.WITHDRAWN
        ).first()
        if withdrawn is not None:
            # One enrolment per request and session: enrolling again revives the withdrawn one.
            enrolment = update_record(actor=actor, obj=withdrawn, crews=crews, plan_run=plan_run,
                                      status=Enrolment.Status.ENROLLED,
                                      summary=gettext_noop("enrolled again"))
        else:
            enrolment = create_record(actor=actor, model=Enrolment, request=request,
                                      session=session, crews=crews, plan_run=plan_run)
        _refresh_request_status(actor, request.pk)
    return enrolment


def check_enrolment(request: TrainingRequest, session: CourseSession, crews: int) -> None:
    """Raise DomainError naming the field if `crews` of `request` may not go into `session`."""
    label = _(
        "Enrolment of %(request)s in session %(session)s"
    ) % {"request": request, "session": session}
    if session.status == CourseSession.Status.CANCELLED:
        raise DomainError({"session": _(
            "%(label)s: the session is cancelled."
        ) % {"label": label}})
    if session.status != CourseSession.Status.OFFERED:
        raise DomainError({"session": _(
            "%(label)s: the session is %(status)s and takes no more crews."
        ) % {"label": label, "status": session.get_status_display().lower()}})
    if request.status != TrainingRequest.Status.OPEN:
        raise DomainError({"request": _(
            "%(label)s: the request is %(status)s."
        ) % {"label": label, "status": request.get_status_display().lower()}})
    if session.course_id != request.course_id:
        raise DomainError({"session": _(
            "%(label)s: the session teaches %(course)s, the request asks for %(course2)s."
        ) % {"label": label, "course": session.course, "course2": request.course}})
    if Enrolment.objects.filter(request=request, session=session,
                                status__in=[Enrolment.Status.ENROLLED,
                                            Enrolment.Status.TRAINED]).exists():
        raise DomainError({"session": _(
            "%(label)s: crews of this request are already enrolled in this session; withdraw "
            "them first to change the number."
        ) % {"label": label}})
    if crews is None or crews < 1:
        raise DomainError({"crews": _("%(label)s: enrol at least one crew.") % {"label": label}})
    seats, needed = seats_left(session), crews_left(request)
    if crews > seats:
        raise DomainError({"crews": _(
            "%(label)s: %(crews)s crews, but the session has only %(seats)s seats left."
        ) % {"label": label, "crews": crews, "seats": seats}})
    if crews > needed:
        raise DomainError({"crews": _(
            "%(label)s: %(crews)s crews, but the request needs only %(needed)s more."
        ) % {"label": label, "crews": crews, "needed": needed}})


def enrolment_mark_trained(
    *, actor: Any, enrolment: Enrolment, on: date | None = None
) -> Enrolment:
    """Record that the crews finished the course; not before the session's end date, not in
    the future."""
    ensure_allowed(actor, "change", enrolment)
    when = on or timezone.localdate()
    session = CourseSession.objects.select_related("course").get(pk=enrolment.session_id)
    if when < session.end_date:
        raise DomainError(
            {"on": _(
                "Enrolment %(enrolment)s: session %(session)s ends on %(end_date)s, so its "
                "crews cannot be trained on %(when)s."
            ) % {
                "enrolment": enrolment,
                "session": session,
                "end_date": session.end_date,
                "when": when,
            }}
        )
    on = step_date(enrolment, when)
    return transition(actor=actor, obj=enrolment, to=Enrolment.Status.TRAINED,
                      allowed=ENROLMENT_STEPS, on=on)


def enrolment_withdraw(
    *, actor: Any, enrolment: Enrolment, on: date | None = None, reason: str = ""
) -> Enrolment:
    """Take the crews out of the session: the seats are free again and the request reopens."""
    ensure_allowed(actor, "change", enrolment)
    on = step_date(enrolment, on)
    with transaction.atomic():
        # Same lock order as enrolment_create: session, then request.
        CourseSession.objects.select_for_update().get(pk=enrolment.session_id)
        TrainingRequest.objects.select_for_update().get(pk=enrolment.request_id)
        transition(actor=actor, obj=enrolment, to=Enrolment.Status.WITHDRAWN,
                   allowed=ENROLMENT_STEPS, on=on, reason=" ".join(reason.split())[:160])
        _refresh_request_status(actor, enrolment.request_id)
    return enrolment


# Consequences -----------------------------------------------------------------------------------


def _refresh_request_status(actor: Any, request_id: int) -> None:
    """Open or covered follows from the crews left (a cancelled request stays cancelled)."""
    request = TrainingRequest.objects.select_for_update().get(pk=request_id)
    if request.status == TrainingRequest.Status.CANCELLED:
        return
    status = (TrainingRequest.Status.COVERED if crews_left(request) == 0
              else TrainingRequest.Status.OPEN)
    if status != request.status:
        _follow_up(actor, request, f"{request.status} → {status} by its enrolments", status=status)


def _follow_up(actor: Any, obj: Any, summary: str, **changes: Any) -> None:
    """A change that follows from a step the actor was allowed to take (a facility operator
    enrolling crews covers the request, which their role does not otherwise change): audited
    under the actor's name with the step as summary, not checked against the role again."""
    with consequences_of_step(actor):
        update_record(actor=actor, obj=obj, summary=summary, **changes)


# Courses and training facilities (reference data coordinators keep) --------------------------


def course_create(*, actor: Any, **fields: Any) -> Course:
    return create_record(actor=actor, model=Course, summary=gettext_noop("course added"), **fields)


def course_update(*, actor: Any, course: Course, **changes: Any) -> Course:
    return update_record(actor=actor, obj=course, summary=gettext_noop("course changed"), **changes)


def facility_create(*, actor: Any, **fields: Any) -> TrainingFacility:
    return create_record(actor=actor, model=TrainingFacility,
                         summary=gettext_noop("facility added"), **fields)


def facility_update(*, actor: Any, facility: TrainingFacility, **changes: Any
                    ) -> TrainingFacility:
    return update_record(actor=actor, obj=facility,
                         summary=gettext_noop("facility changed"), **changes)
