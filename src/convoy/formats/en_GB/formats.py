"""English pages keep ISO dates (2026-03-31): unambiguous across the coalition's nations."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
