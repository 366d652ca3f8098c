"""Errors the services raise; every interface turns them into a clear message for the user."""

from django.core.exceptions import PermissionDenied, ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused the write (state transition, quantity left, ...).

    It is a ValidationError so forms and the API show it beside the field it names.
    """


__all__ = ["DomainError", "PermissionDenied", "ValidationError"]
