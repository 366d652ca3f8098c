"""What can be pledged and required: capability areas, coalitions, substitutable item groups
and items."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation, code_validator
from convoy.core.validators import within

nsn_validator = RegexValidator(r"^\d{4}-\d{2}-\d{3}-\d{4}$", _(
    "Use the NSN form 1234-12-123-1234."
))


class CapabilityArea(ConvoyModel):
    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))

    class Meta:
        verbose_name = _("capability area")
        verbose_name_plural = _("capability areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CapabilityCoalition(ConvoyModel):
    """Nations that lead the support in one capability area (e.g. the drone coalition)."""

    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    area = models.ForeignKey(
        CapabilityArea, on_delete=models.PROTECT, related_name="coalitions", verbose_name=_("area")
    )
    lead_nations = models.ManyToManyField(
        Nation, related_name="led_coalitions", verbose_name=_("lead nations")
    )
    members = models.ManyToManyField(
        Nation, related_name="coalitions", blank=True, verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("capability coalition")
        verbose_name_plural = _("capability coalitions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalName:
    """A record with a name and an optional Ukrainian one, named in the page's language."""

    name: str
    name_uk: str

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The Ukrainian name on Ukrainian pages where one is recorded, else the name."""
        if self.name_uk and (translation.get_language() or "").startswith("uk"):
            return self.name_uk
        return self.name


def ukrainian_name() -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(
        _("name in Ukrainian"), max_length=120, blank=True,
        help_text=_("Shown on Ukrainian pages; the name above where empty."),
    )


class ItemGroup(LocalName, ConvoyModel):
    """Items that can stand in for each other: any item of the group fills a requirement for it."""

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    name_uk = ukrainian_name()
    area = models.ForeignKey(
        CapabilityArea,
        on_delete=models.PROTECT,
        related_name="item_groups",
        verbose_name=_("area"),
    )

    class Meta:
        verbose_name = _("item group")
        verbose_name_plural = _("item groups")
        ordering = ["name"]


class Item(LocalName, ConvoyModel):
    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    name_uk = ukrainian_name()
    group = models.ForeignKey(
        ItemGroup, on_delete=models.PROTECT, related_name="items", verbose_name=_("group")
    )
    unit_mass_t = models.DecimalField(_("unit mass (t)"), max_digits=10, decimal_places=4)
    nato_stock_number = models.CharField(
        max_length=16, unique=True, null=True, blank=True, validators=[nsn_validator],
        verbose_name=_("nato stock number"),
    )
    training_course = models.ForeignKey(
        "training.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="items",
        verbose_name=_("training course"),
    )
    crews_per_unit = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=within(1, 20, _("a number of crews")),
        verbose_name=_("crews per unit"),
    )

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_mass_t__gt=0),
                name="item_mass_positive",
                violation_error_message=_("The unit mass must be more than zero tonnes."),
            ),
            models.CheckConstraint(
                condition=Q(training_course__isnull=True, crews_per_unit__isnull=True)
                | Q(training_course__isnull=False, crews_per_unit__gte=1),
                name="item_training_needs_crews",
                violation_error_message=_(
                    "An item that needs training needs at least one crew per unit, and crews "
                    "per unit need a training course."
                ),
            ),
        ]
