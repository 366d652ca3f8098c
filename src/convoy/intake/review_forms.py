"""Forms of the intake review pages: reading a tracker or a report, deciding a proposal,
aliases and column mappings. They check the input's shape; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.catalog.models import Item
from convoy.donations.models import Pledge
from convoy.intake.proposal_models import ColumnMapping, Proposal
from convoy.intake.reports_text.documents import MAX_BYTES
from convoy.intake.trackers.layouts import FIELDS, PRESETS
from convoy.logistics.models import Location

AUTO = ""


def layout_choices() -> list[tuple[str, str]]:
    choices = [(AUTO, _("Recognise from the columns"))]
    choices += [(f"preset:{name}", _("Preset: %(name)s") % {"name": name}) for name in PRESETS]
    choices += [(f"saved:{m.name}", _("Saved mapping: %(name)s") % {"name": m.name})
                for m in ColumnMapping.objects.order_by("name")]
    return choices


class TrackerReadForm(forms.Form):
    file = forms.FileField(label=_("Tracker file"),
                           help_text=_("CSV, XLSX or a JSON list of rows."))
    layout = forms.ChoiceField(label=_("Layout"), required=False)
    preview = forms.BooleanField(label=_("Preview only (write nothing)"), required=False,
                                 initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = layout_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 50 * MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 250 MB."))
        return upload


class ReportReadForm(forms.Form):
    text = forms.CharField(label=_("Text of the report"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}), max_length=200_000)
    file = forms.FileField(label=_("Or a file"), required=False,
                           help_text=_(".txt, .html or .pdf"))
    preview = forms.BooleanField(label=_("Preview only (write nothing)"), required=False,
                                 initial=True)

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste the report's text or choose a file."))
        return data


class AcceptForm(forms.Form):
    """What the source did not say, for the pledge the proposal becomes."""

    quantity = forms.IntegerField(label=_("Quantity"), required=False, min_value=1,
                                  max_value=10_000_000)
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.none(),
                                  required=False, to_field_name="code")
    origin = forms.ModelChoiceField(label=_("Origin depot"), queryset=Location.objects.none(),
                                    required=False, to_field_name="code")
    amount_eur = forms.DecimalField(label=_("Amount (EUR)"), required=False, min_value=0,
                                    max_digits=18, decimal_places=2)

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.order_by("name")
        depots = Location.objects.filter(kind=Location.Kind.DEPOT).order_by("code")
        if proposal.donor_id:
            depots = depots.filter(nation_id=proposal.donor_id)
        self.fields["origin"].queryset = depots
        if proposal.kind == Proposal.Kind.FINANCIAL:
            for name in ("quantity", "item", "origin"):
                del self.fields[name]
        else:
            del self.fields["amount_eur"]


class MergeForm(forms.Form):
    pledge = forms.ModelChoiceField(label=_("Existing pledge (code)"),
                                    queryset=Pledge.objects.none(), to_field_name="code",
                                    widget=forms.TextInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge"].queryset = Pledge.objects.restrict(user, "view")


class AliasForm(forms.Form):
    text = forms.CharField(label=_("Name as written"), max_length=300)
    item = forms.ModelChoiceField(label=_("Catalogue item"), queryset=Item.objects.none(),
                                  to_field_name="code")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.order_by("name")


class MappingForm(forms.Form):
    """A column mapping: one header per field, made beside the file's own headers."""

    name = forms.CharField(label=_("Name of the mapping"), max_length=80)
    sample = forms.FileField(label=_("A file of this layout"), required=False,
                             help_text=_("Shows its column headers to choose from."))
    sheet = forms.CharField(label=_("Sheet (XLSX)"), max_length=100, required=False)
    skip_rows = forms.IntegerField(label=_("Rows above the header to skip"), min_value=0,
                                   max_value=1000, initial=0)
    kind = forms.ChoiceField(label=_("Rows are"), choices=Proposal.Kind.choices)
    currency = forms.CharField(label=_("Currency of amounts (ISO 4217)"), max_length=3,
                               required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, meaning in FIELDS.items():
            if name == "kind":
                continue
            self.fields[f"col_{name}"] = forms.CharField(
                label=_("Column: %(field)s") % {"field": name}, help_text=meaning,
                max_length=200, required=False,
                widget=forms.TextInput(attrs={"list": "file-headers"}))

    def spec(self) -> dict:
        data = self.cleaned_data
        columns = {name: data[f"col_{name}"].strip() for name in FIELDS
                   if data.get(f"col_{name}", "").strip()}
        spec = {"kind": data["kind"], "skip_rows": data.get("skip_rows") or 0,
                "columns": columns}
        if data.get("sheet"):
            spec["sheet"] = data["sheet"].strip()
        if data.get("currency"):
            spec["currency"] = data["currency"].strip().upper()
        return spec
