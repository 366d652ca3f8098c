"""Errors the services raise; every interface turns them into a clear message for the user."""

from django.core.exceptions import PermissionDenied, ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused the write (state transition, quantity left, ...).

    It is a ValidationError so forms and the API show it beside the field it names.
    """


__all__ = ["DomainError", "PermissionDenied", "ValidationError"]


class RowErrors(Exception):
    """A bulk write refused: the error of each refused record, by its position in the batch.

    Nothing of the batch is written.
    """

    def __init__(self, errors: dict[int, Exception]) -> None:
        super().__init__(f"{len(errors)} records refused")
        self.errors = errors
