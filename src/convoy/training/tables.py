"""Columns of the course session and training request tables."""

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column

SESSION_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("course.name", _("Course"), sort="course__name"),
    Column("facility.name", _("Facility"), sort="facility__name"),
    Column("start_date", _("Starts"), sort="start_date"),
    Column("seats", _("Seats"), sort="seats", numeric=True),
    Column("seats_left", _("Seats left"), sort="seats_left", numeric=True),
    Column("status", _("Status"), sort="status"),
]

REQUEST_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("recipient_unit", _("Unit"), sort="recipient_unit"),
    Column("course.name", _("Course"), sort="course__name"),
    Column("crews_needed", _("Crews needed"), sort="crews_needed", numeric=True),
    Column("crews_enrolled", _("Crews enrolled"), sort="crews_enrolled", numeric=True),
    Column("needed_by", _("Needed by"), sort="needed_by"),
    Column("status", _("Status"), sort="status"),
]

ENROLMENT_COLUMNS = [
    Column("request", _("Training request"), link=True),
    Column("request.recipient_unit", _("Unit")),
    Column("session", _("Session"), link=True),
    Column("session.start_date", _("Starts")),
    Column("crews", _("Crews"), numeric=True),
    Column("status", _("Status")),
]

COURSE_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("name", _("Name"), sort="name", link=True),
    Column("capability_area.name", _("Capability area"), sort="capability_area__name"),
    Column("item_group", _("Item group"), sort="item_group__name"),
    Column("duration_weeks", _("Weeks"), sort="duration_weeks", numeric=True),
    Column("language", _("Language"), sort="language"),
    Column("host_nation.name", _("Host nation"), sort="host_nation__name"),
]

FACILITY_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("name", _("Name"), sort="name", link=True),
    Column("nation.name", _("Nation"), sort="nation__name"),
    Column("place", _("Place"), sort="place"),
    Column("operator", _("Operator"), sort="operator__name", link=True),
]
