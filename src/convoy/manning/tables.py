"""Columns of the post table."""

from django.utils.translation import gettext_lazy as _

from convoy.web.tables import Column

POST_COLUMNS = [
    Column("code", _("Code"), sort="code", link=True),
    Column("title", _("Title"), sort="title"),
    Column("branch", _("Branch"), sort="branch"),
    Column("rank_band", _("Rank band"), sort="rank_band"),
    Column("filled_by.name", _("Filled by"), sort="filled_by__name"),
    Column("filled_from", _("Since"), sort="filled_from"),
    Column("filled_to", _("Until"), sort="filled_to"),
]
