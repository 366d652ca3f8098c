"""Nations, organisations, who works for which, and the append-only audit trail."""

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, router
from django.db.models.constraints import BaseConstraint
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.core.nation_names import nation_name
from convoy.core.permissions import RestrictedQuerySet
from convoy.core.validators import year_range

iso3 = RegexValidator(r"^[A-Z]{3}$", _("Use an ISO 3166 alpha-3 code in capitals, e.g. DEU."))
code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$", _("Use letters, digits, dot, dash or underscore.")
)


class ConvoyModel(models.Model):
    """Base of every domain model: reads go through `objects.restrict(user, action)`.

    `owner_nation_path` leads to the donor nation that owns a record (what a donor liaison may
    see); `operator_path` leads to the organisation that operates it (node or facility operators).
    A model with neither is shared reference data every signed-in role may read, unless it is
    `confidential`.
    """

    owner_nation_path: ClassVar[str | None] = None
    operator_path: ClassVar[str | None] = None
    #: Records that hold every nation's details at once (e.g. a plan run's scenario): only
    #: roles that read everything may see them.
    confidential: ClassVar[bool] = False

    #: The field a constraint's message is shown at, where it is not the first field the
    #: constraint names (see `constraint_field`).
    constraint_fields: ClassVar[dict[str, str]] = {}
    #: The pattern of the code Convoy proposes for a new record, `{year}` being this year's
    #: (e.g. "REQ-{year}-" gives REQ-2026-0001, REQ-2026-0002, ...), with `code_digits` digits.
    code_pattern: ClassVar[str | None] = None
    code_digits: ClassVar[int] = 4

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None) -> None:
        """Django's check, with each broken constraint's sentence keyed by its field, so forms
        and the API show it at the field instead of above the form."""
        using = router.db_for_write(type(self), instance=self)
        errors: dict[str, list[ValidationError]] = {}
        for model, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model, self, exclude=exclude, using=using)
                except ValidationError as error:
                    name = constraint_field(model, constraint)
                    errors.setdefault(name, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)


def constraint_field(model: type[models.Model], constraint: BaseConstraint) -> str:
    """The field a constraint is about: declared in the model's `constraint_fields`, else the
    last field of a unique constraint, else the first field its condition names."""
    declared = getattr(model, "constraint_fields", {}).get(constraint.name)
    if declared:
        return declared
    if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
        return constraint.fields[-1]
    condition = getattr(constraint, "condition", None)
    for lookup in _lookups(condition):
        name = lookup.split("__")[0]
        if name in {f.name for f in model._meta.concrete_fields}:
            return name
    return "__all__"


def _lookups(condition: object) -> list[str]:
    """The lookups (`quantity__gte`) of a Q condition, depth first, in order."""
    if isinstance(condition, models.Q):
        found: list[str] = []
        for child in condition.children:
            found += [child[0]] if isinstance(child, tuple) else _lookups(child)
        return found
    return []


class Nation(ConvoyModel):
    class Kind(models.TextChoices):
        ALLY = "ally", _("Ally")
        PARTNER = "partner", _("Partner")
        RECIPIENT = "recipient", _("Recipient")

    class Participation(models.TextChoices):
        TAKES_PART = "takes_part", _("Takes part")
        ABSTAINS = "abstains", _("Does not take part, does not block")

    code = models.CharField(max_length=3, unique=True, validators=[iso3], verbose_name=_("code"))
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name=_("kind"))
    participation = models.CharField(
        max_length=12, choices=Participation.choices, default=Participation.TAKES_PART,
        verbose_name=_("participation"),
    )
    gdp_usd = models.DecimalField(
        _("GDP (current USD)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    gdp_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=year_range(1960), verbose_name=_("gdp year")
    )

    class Meta:
        verbose_name = _("nation")
        verbose_name_plural = _("nations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["ally", "partner", "recipient"]),
                name="nation_kind_valid",
                violation_error_message=_("Choose ally, partner or recipient."),
            ),
            models.CheckConstraint(
                condition=models.Q(participation__in=["takes_part", "abstains"]),
                name="nation_participation_valid",
                violation_error_message=_("Choose whether the nation takes part."),
            ),
            models.CheckConstraint(
                condition=models.Q(gdp_usd__isnull=True) | models.Q(gdp_usd__gt=0),
                name="nation_gdp_positive",
                violation_error_message=_("GDP must be more than zero, or left empty."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_name} ({self.code})"

    @property
    def local_name(self) -> str:
        """The name in the page's language (the recorded name on English pages)."""
        return nation_name(self.code, self.name)


class Organisation(ConvoyModel):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry of defence")
        AGENCY = "agency", _("Agency")
        COMMAND = "command", _("Command")
        NODE_OPERATOR = "node_operator", _("Logistics node operator")
        FACILITY_OPERATOR = "facility_operator", _("Training or repair facility operator")
        ARMED_FORCES = "armed_forces", _("Armed forces")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    short_name = models.CharField(max_length=40, blank=True, verbose_name=_("short name"))
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("nation")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    DONOR_LIAISON = "donor_liaison", _("Donor liaison")
    RECIPIENT_PLANNER = "recipient_planner", _("Recipient planner")
    NODE_OPERATOR = "node_operator", _("Node operator")
    FACILITY_OPERATOR = "facility_operator", _("Facility operator")
    VIEWER = "viewer", _("Viewer")


class Membership(ConvoyModel):
    """A user works for an organisation in a role; permissions follow from these rows."""

    #: Who works where in which role is for the roles that read everything, not for every
    #: nation's liaison or every operator.
    confidential = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name=_("role"))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique",
                violation_error_message=_("This user already works for this organisation."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="membership_role_valid",
                violation_error_message=_("Choose a role from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"


class AuditRecordQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> "AuditRecordQuerySet":
        """The audit records of the records `user` may see (see `restrict_audit`)."""
        from convoy.core.permissions import restrict_audit

        return restrict_audit(self, user, action)

    def update(self, **kwargs):
        raise PermissionError(_("Audit records cannot be changed."))

    def delete(self):
        raise PermissionError(_("Audit records cannot be deleted."))


class AuditRecord(models.Model):
    """One write: who, when, from where, which object, its values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    # Set by `audit.record` before the hash is computed (auto_now_add would set it after).
    at = models.DateTimeField(
        default=timezone.now, editable=False, db_index=True, verbose_name=_("at")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("actor"),
    )
    source = models.CharField(max_length=12, verbose_name=_("source"))
    action = models.CharField(max_length=8, choices=Action.choices, verbose_name=_("action"))
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("content type")
    )
    object_id = models.CharField(max_length=64, verbose_name=_("object id"))
    object_repr = models.CharField(max_length=200, verbose_name=_("object repr"))
    summary = models.CharField(max_length=200, blank=True, verbose_name=_("summary"))
    before = models.JSONField(null=True, blank=True, verbose_name=_("before"))
    after = models.JSONField(null=True, blank=True, verbose_name=_("after"))
    #: The file a write came from (an imported spreadsheet) and its SHA-256, so a record can be
    #: traced to the exact file that changed it.
    origin_file = models.CharField(max_length=255, blank=True, verbose_name=_("origin file"))
    origin_checksum = models.CharField(max_length=64, blank=True, verbose_name=_("origin checksum"))
    # The hash chain (see core/auditchain.py): the previous record's hash and this one's.
    prev_hash = models.CharField(max_length=64, editable=False, verbose_name=_("prev hash"))
    hash = models.CharField(max_length=64, editable=False, verbose_name=_("hash"))

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(_("Audit records cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(_("Audit records cannot be deleted."))

    @property
    def changes(self) -> dict[str, tuple[object, object]]:
        """Fields whose value differs between before and after."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}


class UserProfile(models.Model):
    """A user's own choices that follow them from browser to browser (the page language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Empty: the language the browser asks for."),
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return str(self.user)


class TablePreference(models.Model):
    """The columns a user hid on one list (its URL name), so the list shows what they use."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="table_preferences", verbose_name=_("user"))
    table = models.CharField(_("list"), max_length=100)
    hidden_columns = models.JSONField(_("hidden columns"), default=list, blank=True)

    class Meta:
        verbose_name = _("table preference")
        verbose_name_plural = _("table preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "table"], name="table_preference_once",
                violation_error_message=_("A user has one choice of columns per list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.table}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker (`convoy worker`), on whichever host it runs.

    Operational telemetry, not a record of the coalition's work: written every few seconds, so it
    is neither audited nor restricted (only /healthz reads it, and says no more than its age).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host}"
