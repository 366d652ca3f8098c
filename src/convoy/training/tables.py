"""Columns of the course session and training request tables."""

from convoy.web.tables import Column

SESSION_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("course.name", "Course", sort="course__name"),
    Column("facility.name", "Facility", sort="facility__name"),
    Column("start_date", "Starts", sort="start_date"),
    Column("seats", "Seats", sort="seats", numeric=True),
    Column("seats_left", "Seats left", sort="seats_left", numeric=True),
    Column("status", "Status", sort="status"),
]

REQUEST_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("recipient_unit", "Unit", sort="recipient_unit"),
    Column("course.name", "Course", sort="course__name"),
    Column("crews_needed", "Crews needed", sort="crews_needed", numeric=True),
    Column("crews_enrolled", "Crews enrolled", sort="crews_enrolled", numeric=True),
    Column("needed_by", "Needed by", sort="needed_by"),
    Column("status", "Status", sort="status"),
]

ENROLMENT_COLUMNS = [
    Column("request", "Training request", link=True),
    Column("request.recipient_unit", "Unit"),
    Column("session", "Session", link=True),
    Column("session.start_date", "Starts"),
    Column("crews", "Crews", numeric=True),
    Column("status", "Status"),
]

COURSE_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("name", "Name", sort="name", link=True),
    Column("capability_area.name", "Capability area", sort="capability_area__name"),
    Column("item_group", "Item group", sort="item_group__name"),
    Column("duration_weeks", "Weeks", sort="duration_weeks", numeric=True),
    Column("language", "Language", sort="language"),
    Column("host_nation.name", "Host nation", sort="host_nation__name"),
]

FACILITY_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("name", "Name", sort="name", link=True),
    Column("nation.name", "Nation", sort="nation__name"),
    Column("place", "Place", sort="place"),
    Column("operator", "Operator", sort="operator__name", link=True),
]
