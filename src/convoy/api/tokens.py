"""Creating, revoking and checking personal API tokens.

A token reads `cvy_<prefix>_<secret>`: 32 random bytes, so a plain SHA-256 digest is enough to
keep it (no password-style slow hash is needed against guessing), compared in constant time.
Creation and revocation are audited like every other write.
"""

import hashlib
import hmac
import secrets
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from convoy.api.models import ApiToken
from convoy.core import audit
from convoy.core.errors import DomainError
from convoy.core.services import validate_record

SCHEME = "cvy"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _audited(token: ApiToken) -> dict[str, Any]:
    """What the audit trail keeps of a token: never its digest."""
    return {"user_id": token.user_id, "name": token.name, "prefix": token.prefix,
            "expires_on": token.expires_on and token.expires_on.isoformat(),
            "revoked_at": token.revoked_at and token.revoked_at.isoformat()}


def token_create(*, actor: Any, name: str, expires_on: date | None = None
                 ) -> tuple[ApiToken, str]:
    """A new token of `actor`'s own, and its secret (which is not kept anywhere)."""
    if not getattr(actor, "is_authenticated", False):
        raise DomainError({"name": _("Sign in to create an API token.")})
    if expires_on is not None and expires_on < timezone.localdate():
        raise DomainError({"expires_on": _("API token: the expiry %(day)s is in the past; give "
                                           "today or a later day.") % {"day": expires_on}})
    prefix = secrets.token_hex(4)
    secret = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=actor, name=" ".join(name.split()), prefix=prefix,
                     digest=_digest(secret), expires_on=expires_on)
    with transaction.atomic():
        validate_record(token, exclude=["digest"])
        token.save()
        audit.record(actor=actor, action="create", obj=token, before=None,
                     after=_audited(token), summary=_("API token created"))
    return token, secret


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of `actor`'s own tokens; scripts that hold it are refused from now on."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.user_id != getattr(actor, "pk", None):
            raise DomainError({"token": _("Only its owner may revoke an API token.")})
        if locked.revoked_at is not None:
            return locked
        before = _audited(locked)
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="update", obj=locked, before=before,
                     after=_audited(locked), summary=_("API token revoked"))
    return locked


def tokens_of(user: Any):
    """A user's own tokens: nobody else's are ever listed, not even to a coordinator."""
    return ApiToken.objects.filter(user=user)


class TokenRefused(Exception):
    """A token that does not authenticate, with the reason to tell its caller."""


def token_user(secret: str) -> tuple[Any, ApiToken]:
    """The user a token acts for, and the token; TokenRefused says why it does not."""
    scheme, _sep, rest = secret.partition("_")
    prefix = rest.partition("_")[0]
    token = None
    if scheme == SCHEME and prefix:
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        raise TokenRefused(_("Invalid API token."))
    if token.revoked_at is not None:
        raise TokenRefused(_("This API token was revoked."))
    if token.expired:
        raise TokenRefused(_("This API token expired on %(day)s.") % {"day": token.expires_on})
    if not token.user.is_active:
        raise TokenRefused(_("The account of this API token is deactivated."))
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        # Kept to the minute: a script calling in a loop does not write a row per request.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token
