"""The OpenAPI schema's view of Convoy's API: besides each operation's success, the error shapes
every integrator meets (400 by field, 401 without credentials, 403 with the reason, 404 for a
record outside the caller's scope), so a client can be written from the schema alone."""

from typing import Any

from drf_spectacular.openapi import AutoSchema

from convoy.api.error_shapes import FIELD_ERRORS, REFUSAL

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


class ConvoyAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the error responses of every operation."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        errors: dict[str, tuple[str, str]] = {
            "401": (REFUSAL, "No credentials, or credentials that are wrong, expired or revoked."),
            "403": (REFUSAL, "The caller's role does not allow this; the reason says why."),
        }
        if self.method in WRITE_METHODS or self._has_query_filters():
            errors["400"] = (FIELD_ERRORS, "Bad input, by field; nothing was written.")
        if self._is_detail():
            errors["404"] = (REFUSAL, "No such record among those the caller may see.")
        for code, (component, description) in errors.items():
            responses.setdefault(code, {
                "description": description,
                "content": {"application/json": {"schema": _ref(component)}},
            })
        return responses

    def _is_detail(self) -> bool:
        return "{" in self.path

    def _has_query_filters(self) -> bool:
        return self.method == "GET" and self._is_list_view()
