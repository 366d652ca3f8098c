"""Ukrainian pages: dates as 31.03.2026, numbers as 1 234,5 (Django's own Ukrainian separators)."""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
