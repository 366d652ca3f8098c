"""Turning the domain services' refusals (ValidationError) into messages a page shows."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def messages_of(error: ValidationError) -> list[str]:
    """Every message of a ValidationError, for a banner."""
    if hasattr(error, "error_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


def apply_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal beside the field it names (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, msgs in error.message_dict.items():
        target = name if name in form.fields else None
        if name == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, msgs)
