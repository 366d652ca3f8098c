"""The command's posts and which nation fills them."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation, code_validator
from convoy.core.validators import date_window


class Post(ConvoyModel):
    code_pattern = "POST-"
    code_digits = 3

    class Branch(models.TextChoices):
        COMMAND = "command", _("Command group")
        J1 = "J1", _("J1 Personnel")
        J2 = "J2", _("J2 Intelligence")
        J3 = "J3", _("J3 Operations")
        J4 = "J4", _("J4 Logistics")
        J5 = "J5", _("J5 Plans")
        J6 = "J6", _("J6 Communications and IT")
        J7 = "J7", _("J7 Training")
        J8 = "J8", _("J8 Finance")
        J9 = "J9", _("J9 Civil-military")

    class RankBand(models.TextChoices):
        OR = "OR", _("Other ranks (OR-1 to OR-9)")
        OF_JUNIOR = "OF1-2", _("Junior officer (OF-1 to OF-2)")
        OF_FIELD = "OF3-4", _("Field officer (OF-3 to OF-4)")
        OF_SENIOR = "OF5+", _("Senior officer (OF-5 and above)")
        CIVILIAN = "CIV", _("Civilian")

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    title = models.CharField(max_length=120, verbose_name=_("title"))
    branch = models.CharField(max_length=8, choices=Branch.choices, verbose_name=_("branch"))
    rank_band = models.CharField(
        max_length=6, choices=RankBand.choices, verbose_name=_("rank band")
    )
    filled_by = models.ForeignKey(
        Nation, null=True, blank=True, on_delete=models.PROTECT, related_name="posts",
        verbose_name=_("filled by"),
    )
    filled_from = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("filled from")
    )
    filled_to = models.DateField(
        null=True, blank=True, validators=[date_window], verbose_name=_("filled to")
    )
    # Who takes the post over when the tour ends: the manning report lists tours ending soon.
    next_filled_by = models.ForeignKey(
        Nation, null=True, blank=True, on_delete=models.PROTECT, related_name="posts_next",
        verbose_name=_("next filled by"),
    )
    next_filled_from = models.DateField(
        _("next filled from"), null=True, blank=True, validators=[date_window]
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["branch", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    filled_by__isnull=True, filled_from__isnull=True, filled_to__isnull=True
                )
                | Q(filled_by__isnull=False, filled_from__isnull=False),
                name="post_filled_has_nation_and_start",
                violation_error_message=_(
                    "A filled post names its nation and the date filled from."
                ),
            ),
            models.CheckConstraint(
                condition=Q(filled_to__isnull=True) | Q(filled_to__gte=F("filled_from")),
                name="post_dates_ordered",
                violation_error_message=_("The post cannot be vacated before it was filled."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
