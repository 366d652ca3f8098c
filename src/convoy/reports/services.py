"""Writes of the reports app: requesting a briefing and making it in the background."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from convoy.core import audit
from convoy.core.errors import DomainError
from convoy.core.permissions import grants, memberships
from convoy.reports.models import Briefing


def may_choose_marking(user: Any) -> bool:
    """Coordinators (and superusers) choose the marking; others get the default one."""
    return grants(user, Briefing, "add") is None


def briefing_request(*, actor: Any, as_of: date, marking: str = "") -> Briefing:
    """Queue a briefing of the record as of `as_of` for `actor`, with what `actor` may see."""
    from convoy.reports.briefing import DEFAULT_MARKING
    from convoy.reports.tasks import make_briefing

    if not getattr(actor, "is_superuser", False) and not memberships(actor):
        raise PermissionDenied(_("You may not request a briefing: you hold no role."))
    if as_of is None or as_of > timezone.localdate():
        raise DomainError({"as_of": _("Briefing: the date as of which it is made cannot be in "
                                      "the future.")})
    marking = (marking or "").strip()
    if not may_choose_marking(actor) or not marking:
        marking = DEFAULT_MARKING
    if len(marking) > 200:
        raise DomainError({"marking": _("Briefing: the marking is longer than 200 "
                                        "characters.")})
    with transaction.atomic():
        briefing = Briefing.objects.create(as_of=as_of, marking=marking, requested_by=actor)
        audit.record(actor=actor, action="create", obj=briefing, before=None,
                     after={"as_of": as_of.isoformat(), "marking": marking},
                     summary=gettext_noop("briefing requested"))
        transaction.on_commit(lambda: make_briefing.enqueue(briefing.pk))
    return briefing


def briefing_make(briefing: Briefing) -> Briefing:
    """Make the PDF, reporting progress on the record as it goes (telemetry, not audited)."""
    from convoy.reports.briefing import render_pdf

    previous = (Briefing.objects.filter(requested_by=briefing.requested_by, status="ready",
                                        created_at__lt=briefing.created_at)
                .order_by("-created_at").values_list("created_at", flat=True).first())
    Briefing.objects.filter(pk=briefing.pk).update(status=Briefing.Status.RUNNING,
                                                   progress=0.02)

    def progress(stage: str, fraction: float) -> None:
        Briefing.objects.filter(pk=briefing.pk).update(progress=fraction, message=stage[:200])

    try:
        pdf = render_pdf(briefing.requested_by, as_of=briefing.as_of, marking=briefing.marking,
                         since_at=previous, progress=progress)
    except Exception as error:  # a failed briefing says why on its page instead of vanishing
        Briefing.objects.filter(pk=briefing.pk).update(
            status=Briefing.Status.FAILED, message=str(error)[:200],
            finished_at=timezone.now())
        raise
    Briefing.objects.filter(pk=briefing.pk).update(
        status=Briefing.Status.READY, progress=1.0, message="", pdf=pdf,
        finished_at=timezone.now())
    briefing.refresh_from_db()
    return briefing
