"""Targets for the long-term development of the recipient's armed forces."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation
from convoy.core.validators import MAX_UNITS, within, year_range


class CapabilityTarget(ConvoyModel):
    recipient = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="capability_targets",
        verbose_name=_("recipient"),
    )
    area = models.ForeignKey(
        "catalog.CapabilityArea", on_delete=models.PROTECT, related_name="targets",
        verbose_name=_("area"),
    )
    year = models.PositiveSmallIntegerField(validators=year_range(), verbose_name=_("year"))
    description = models.CharField(max_length=200, verbose_name=_("description"))
    target_quantity = models.PositiveIntegerField(
        null=True, blank=True, validators=within(0, MAX_UNITS),
        verbose_name=_("target quantity"),
    )
    achieved_quantity = models.PositiveIntegerField(
        default=0, validators=within(0, MAX_UNITS), verbose_name=_("achieved quantity")
    )
    target_level = models.CharField(
        max_length=120, blank=True, help_text=_(
            "Where a count does not fit, e.g. 'brigade-level'."
        ),
        verbose_name=_("target level"),
    )
    # What measures the progress from the record; a target with neither has its progress typed.
    measured_item_group = models.ForeignKey(
        "catalog.ItemGroup", null=True, blank=True, on_delete=models.PROTECT,
        related_name="targets", verbose_name=_("measured by units handed over of"),
        help_text=_("Progress is the units of this item group handed over to the recipient."),
    )
    measured_course = models.ForeignKey(
        "training.Course", null=True, blank=True, on_delete=models.PROTECT,
        related_name="targets", verbose_name=_("measured by crews trained on"),
        help_text=_("Progress is the crews trained on this course."),
    )

    class Meta:
        verbose_name = _("capability target")
        verbose_name_plural = _("capability targets")
        ordering = ["year", "area", "description"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "area", "year", "description"],
                name="target_unique",
                violation_error_message=_("This target is already set for the area and year."),
            ),
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=False) | ~Q(target_level=""),
                name="target_has_quantity_or_level",
                violation_error_message=_("Give a target quantity or a target level."),
            ),
            models.CheckConstraint(
                condition=Q(measured_item_group__isnull=True) | Q(measured_course__isnull=True),
                name="target_measured_once",
                violation_error_message=_("A target is measured by handovers or by crews "
                                          "trained, not both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}: {self.description}"

    @property
    def measured(self) -> bool:
        """Whether a record measures the progress (else it is typed by hand)."""
        return self.measured_item_group_id is not None or self.measured_course_id is not None
