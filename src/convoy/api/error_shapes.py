"""The error shapes of the API as OpenAPI components. Plain data, no imports: the settings read
it before Django and DRF are set up."""

FIELD_ERRORS = "FieldErrors"
REFUSAL = "Refusal"

#: Appended to the schema's components (settings.SPECTACULAR_SETTINGS["APPEND_COMPONENTS"]).
ERROR_COMPONENTS = {
    "schemas": {
        FIELD_ERRORS: {
            "type": "object",
            "description": "Bad input: each field named in the request (or `non_field_errors` "
            "for the record as a whole) with the sentences that say what is wrong. Nothing was "
            "written.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"quantity": ["Pledge P-2026-DEU-0001, field “quantity”: Enter a whole "
                                     "number from 1 to 10,000,000."]},
        },
        REFUSAL: {
            "type": "object",
            "description": "A refusal with its reason (no credentials, a role that does not "
            "allow the write, or a record outside the caller's scope).",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
            "example": {"detail": "You may not change pledge P-DEU-1: your role does not allow "
                                  "it."},
        },
    }
}
