"""Proposals read from public trackers and open-source reports, waiting for a coordinator's
review; the aliases that match their item names to the catalogue; and saved column mappings for
trackers of a layout Convoy does not know."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel, Nation
from convoy.core.validators import MAX_UNITS, date_window, units, within


class Proposal(ConvoyModel):
    """A candidate pledge or financial pledge with where it came from.

    `source` names the layout or feed (a preset such as "kiel", a saved mapping, "report");
    `source_key` identifies the record within it (a package id and item, a row's own key), so a
    newer release of the same tracker updates the proposal instead of adding another.
    """

    #: Who reads what a report or tracker claims is for the command, not for each nation.
    confidential = True

    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("Equipment")
        FINANCIAL = "financial", _("Financial")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged into a pledge")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(_("source"), max_length=80)
    source_key = models.CharField(_("key in the source"), max_length=200)
    source_file = models.CharField(_("file"), max_length=200, blank=True)
    source_sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    source_row = models.PositiveIntegerField(
        _("row"), null=True, blank=True, validators=within(1, 10_000_000, _("a row number"))
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    sentence = models.TextField(_("quoted sentence"), blank=True)

    donor_text = models.CharField(_("donor as written"), max_length=200, blank=True)
    donor = models.ForeignKey(
        Nation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("donor"),
    )
    item_text = models.CharField(_("item as written"), max_length=300, blank=True)
    item = models.ForeignKey(
        "catalog.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("item"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True, validators=units())
    quantity_delivered = models.PositiveIntegerField(
        _("delivered"), null=True, blank=True, validators=within(0, MAX_UNITS)
    )
    announced_on = models.DateField(
        _("announced"), null=True, blank=True, validators=[date_window]
    )
    date_text = models.CharField(_("date as written"), max_length=100, blank=True)
    value_eur = models.DecimalField(
        _("value (EUR)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, null=True,
                                 blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence (%)"), default=0, validators=within(0, 100),
        help_text=_("How sure the match of donor and item is, 0 to 100."),
    )

    pledge = models.ForeignKey(
        "donations.Pledge", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals", verbose_name=_("pledge"),
    )
    financial_pledge = models.ForeignKey(
        "funding.FinancialPledge", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposals", verbose_name=_("financial pledge"),
    )
    possible_duplicate = models.ForeignKey(
        "donations.Pledge", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("possible duplicate of"),
    )
    vanished = models.BooleanField(
        _("gone from the newest release"), default=False,
        help_text=_("The last reading of its source no longer had this record."),
    )
    read_at = models.DateTimeField(_("last read"), auto_now=True)

    class Meta:
        verbose_name_plural = _("proposals")
        ordering = ["status", "-confidence", "source", "source_row", "id"]
        verbose_name = _("proposal")
        indexes = [models.Index(fields=["status", "source"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"], name="proposal_unique_in_source",
                violation_error_message=_("This source already has a proposal with this key."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["equipment", "financial"]),
                name="proposal_kind_valid",
                violation_error_message=_("Choose equipment or financial."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "rejected", "merged"]),
                name="proposal_status_valid",
                violation_error_message=_("Choose pending, accepted, rejected or merged."),
            ),
            models.CheckConstraint(
                condition=Q(confidence__lte=100),
                name="proposal_confidence_percent",
                violation_error_message=_("The confidence is a percentage, 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        what = self.item_text or self.currency or self.get_kind_display()
        return f"{self.donor_text or '?'}: {what}"[:200]


def normalised(text: str) -> str:
    """An item name as aliases compare it: lower case, single spaces."""
    return " ".join(str(text).lower().split())


class ItemAlias(ConvoyModel):
    """Another name of a catalogue item, as trackers and reports write it."""

    text = models.CharField(_("name as written"), max_length=300, unique=True)
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.CASCADE, related_name="aliases", verbose_name=_("item")
    )

    class Meta:
        ordering = ["text"]
        verbose_name = _("item alias")
        verbose_name_plural = _("item aliases")

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        self.text = normalised(self.text)
        super().save(*args, **kwargs)


class ColumnMapping(ConvoyModel):
    """Which column of an unseen tracker holds the donor, item, quantity, ...: saved by name.

    `spec` has the same shape as the JSON file `convoy intake tracker --mapping` reads
    (documented in docs/intake-trackers.md).
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    spec = models.JSONField(_("mapping"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name_plural = _("column mappings")
        ordering = ["name"]
        verbose_name = _("column mapping")

    def __str__(self) -> str:
        return self.name
