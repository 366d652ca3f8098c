"""`POST /api/imports/<type>/`: a spreadsheet (multipart field `file`) checked (`dry_run=1`) or
imported, answered with the counts, the rows that change and every error; 400 and nothing
written when any row has an error."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from convoy.intake.spreadsheets.importer import import_file
from convoy.intake.spreadsheets.registry import SHEET_TYPES, UnknownType, sheet_type
from convoy.intake.spreadsheets.runs import as_data


class SpreadsheetImportAPIView(APIView):
    parser_classes = [MultiPartParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Import a spreadsheet (CSV or XLSX) of one record type",
        description="Types: " + ", ".join(SHEET_TYPES) + ". `dry_run=1` checks and writes "
                    "nothing.",
        request={"multipart/form-data": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"},
            "dry_run": {"type": "boolean"}}}},
        responses={200: dict, 400: dict},
    )
    def post(self, request: Request, type: str, *args: Any, **kwargs: Any) -> Response:
        try:
            kind = sheet_type(type)
        except UnknownType:
            return Response({"detail": _("No record type “%(name)s”.") % {"name": type}},
                            status=status.HTTP_404_NOT_FOUND)
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Send the spreadsheet as the multipart field "
                                        "“file”.")]}, status=status.HTTP_400_BAD_REQUEST)
        dry_run = str(request.data.get("dry_run", request.query_params.get("dry_run", "")
                                       )).lower() in ("1", "true", "yes")
        outcome = import_file(kind, upload.file, upload.name, actor=request.user,
                              dry_run=dry_run)
        return Response(as_data(outcome), status=status.HTTP_400_BAD_REQUEST
                        if outcome.errors else status.HTTP_200_OK)
