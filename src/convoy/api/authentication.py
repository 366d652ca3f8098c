"""`Authorization: Bearer cvy_...`: a personal API token, acting with its owner's rights."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from convoy.api.tokens import TokenRefused, token_user


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # another scheme (or none): left to the other authentication classes
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after 'Bearer', and nothing "
                                                  "else.")
        try:
            return token_user(header[1].decode("ascii", errors="replace"))
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from refused

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token from /account/tokens/ (cvy_...)."}
