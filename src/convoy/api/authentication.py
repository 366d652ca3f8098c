"""`Authorization: Bearer cvy_...`: a personal API token, acting with its owner's rights.

Failed tokens are counted by django-axes like failed sign-ins, per address (under the name
`TOKEN_ACCOUNT`, which no account can have): after AXES_FAILURE_LIMIT of them the address gets a
429 for every token until the lock expires or a coordinator lifts it on the sign-in locks page.
A token that works costs one small query more (is the address locked?) and is never counted.
"""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from convoy.api.tokens import TokenRefused, token_user
from convoy.core.signin_locks import TOKEN_ACCOUNT, SignInLocked, token_lock_message

CREDENTIALS = {"username": TOKEN_ACCOUNT}


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # another scheme (or none): left to the other authentication classes
        # Axes keeps its view of the client on Django's request, not on DRF's wrapper.
        django_request = request._request
        if AxesProxyHandler.is_locked(django_request, CREDENTIALS):
            # Refused before the token is looked at: a locked address learns nothing more.
            raise SignInLocked(token_lock_message())
        try:
            if len(header) != 2:
                raise TokenRefused(_("Give the token after 'Bearer', and nothing else."))
            return token_user(header[1].decode("ascii", errors="replace"))
        except TokenRefused as refused:
            user_login_failed.send(sender=type(self), credentials=CREDENTIALS,
                                   request=django_request)
            if getattr(django_request, "axes_locked_out", False):
                raise SignInLocked(token_lock_message()) from refused
            raise exceptions.AuthenticationFailed(str(refused)) from refused

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token from /account/tokens/ (cvy_...)."}
