"""Calling the domain services from pages, and turning their refusals into messages.

Services are looked up when a page calls them, not when the page module is imported: each app's
services are written in parallel with the pages, and a missing one must refuse clearly instead of
breaking every page.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError


class ServiceMissing(PermissionDenied):
    """The service a page needs is not installed; the page refuses instead of failing."""


def call(path: str, **kwargs: Any) -> Any:
    """Call `app.function` from `convoy.<app>.services` with keyword arguments."""
    app, name = path.split(".", 1)
    try:
        function = getattr(import_module(f"convoy.{app}.services"), name)
    except (ImportError, AttributeError) as error:
        step = name.replace("_", " ")
        raise ServiceMissing(f"This step ({step}) is not available yet.") from error
    return function(**kwargs)


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
