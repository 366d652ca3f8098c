"""Columns of the post table."""

from convoy.web.tables import Column

POST_COLUMNS = [
    Column("code", "Code", sort="code", link=True),
    Column("title", "Title", sort="title"),
    Column("branch", "Branch", sort="branch"),
    Column("rank_band", "Rank band", sort="rank_band"),
    Column("filled_by.name", "Filled by", sort="filled_by__name"),
    Column("filled_from", "Since", sort="filled_from"),
    Column("filled_to", "Until", sort="filled_to"),
]
