"""Request parsers of the API. Kept apart from the viewsets: DRF reads its settings' parser
classes while its views module is still being imported."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; nesting too deep for Python's decoder is bad input (400), not a
    server error."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("JSON parse error: the document is nested too deeply.")) from error
