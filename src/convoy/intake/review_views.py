"""Pages of tracker and report intake: the proposals to review and each one's decision, reading
a tracker or a report, item aliases and column mappings."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from convoy.core import audit
from convoy.core.models import Nation
from convoy.core.permissions import grants, is_allowed
from convoy.intake import proposal_services as services
from convoy.intake import review_forms as forms
from convoy.intake.proposal_models import ColumnMapping, ItemAlias, Proposal
from convoy.intake.report_intake import report_read
from convoy.intake.reports_text.documents import text_of_bytes
from convoy.intake.tracker_intake import layout_for, tracker_read
from convoy.intake.trackers.layouts import PRESETS
from convoy.intake.trackers.tables import TrackerFileError, read_rows
from convoy.web import refusals
from convoy.web.lists import RecordListView
from convoy.web.tables import Column

SOURCE_PAGES = (
    (gettext_lazy("Read a tracker"), "intake_review:tracker-read"),
    (gettext_lazy("Read a report"), "intake_review:report-read"),
    (gettext_lazy("Item aliases"), "intake_review:alias-list"),
    (gettext_lazy("Column mappings"), "intake_review:mapping-list"),
)


def highlighted(sentence: str, *words: str) -> SafeString:
    """The sentence, escaped, with each of `words` marked where it occurs."""
    html = escape(sentence)
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        html = re.sub(re.escape(escape(word)), lambda m: f"<mark>{m.group(0)}</mark>", html,
                      count=1, flags=re.IGNORECASE)
    return mark_safe(html)


def require_reader(user: Any) -> None:
    if grants(user, Proposal, "add") == []:
        raise PermissionDenied(_("Your role may not read trackers or reports into proposals."))


def sources(request=None):
    return [(s, s) for s in Proposal.objects.order_by("source").values_list(
        "source", flat=True).distinct()]


class ProposalFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(choices=sources, label=gettext_lazy("Source"))
    donor = django_filters.ModelChoiceFilter(
        queryset=Nation.objects.exclude(kind=Nation.Kind.RECIPIENT),
        label=gettext_lazy("Donor"))
    confidence_at_least = django_filters.NumberFilter(
        field_name="confidence", lookup_expr="gte", label=gettext_lazy("Confidence at least (%)"))

    class Meta:
        model = Proposal
        fields = ["status", "kind", "source", "donor", "confidence_at_least", "vanished"]


def _duplicate(proposal: Proposal) -> str:
    return str(proposal.possible_duplicate) if proposal.possible_duplicate_id else ""


PROPOSAL_COLUMNS = [
    Column(lambda p: _("Proposal %(id)s") % {"id": p.pk}, gettext_lazy("Proposal"), link=True,
           sort="id"),
    Column("source", gettext_lazy("Source"), sort="source"),
    Column("kind", gettext_lazy("Kind")),
    Column("donor_text", gettext_lazy("Donor as written")),
    Column("donor.code", gettext_lazy("Donor"), sort="donor__code"),
    Column(lambda p: p.item_text or p.currency, gettext_lazy("Item or currency")),
    Column("item.code", gettext_lazy("Matched item")),
    Column("quantity", gettext_lazy("Quantity"), numeric=True),
    Column(lambda p: p.amount or p.value_eur, gettext_lazy("Amount"), numeric=True),
    Column("announced_on", gettext_lazy("Announced"), sort="announced_on"),
    Column("confidence", gettext_lazy("Confidence (%)"), numeric=True, sort="confidence"),
    Column("status", gettext_lazy("Status"), sort="status"),
    Column(_duplicate, gettext_lazy("Possible duplicate of")),
    Column(lambda p: _("gone") if p.vanished else "", gettext_lazy("In the newest release")),
]


class ProposalListView(RecordListView):
    model = Proposal
    title = gettext_lazy("Proposals from trackers and reports")
    columns = PROPOSAL_COLUMNS
    filterset_class = ProposalFilter
    search_fields = ("donor_text", "item_text", "source_key", "source_file", "sentence")
    search_hint = gettext_lazy("Donor or item as written, key, file or sentence")
    select_related = ("donor", "item", "possible_duplicate")
    related_pages = SOURCE_PAGES


class ProposalDetailView(LoginRequiredMixin, View):
    template_name = "intake/proposal_detail.html"

    def get_object(self) -> Proposal:
        queryset = Proposal.objects.restrict(self.request.user, "view").select_related(
            "donor", "item", "pledge", "financial_pledge", "possible_duplicate")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(self.get_object())

    def render(self, proposal: Proposal, accept=None, merge=None, status: int = 200):
        user = self.request.user
        decidable = (proposal.status == Proposal.Status.PENDING
                     and is_allowed(user, "change", proposal))
        initial = {"item": proposal.item.code if proposal.item_id else None,
                   "quantity": proposal.quantity}
        context = {
            "title": _("Proposal %(id)s") % {"id": proposal.pk},
            "proposal": proposal,
            "sentence": highlighted(proposal.sentence, proposal.donor_text, proposal.item_text),
            "decidable": decidable,
            "accept_form": accept or (forms.AcceptForm(proposal=proposal, initial=initial)
                                      if decidable else None),
            "merge_form": merge or (forms.MergeForm(user=user) if decidable
                                    and proposal.kind == Proposal.Kind.EQUIPMENT else None),
            "history": list(audit.history(proposal)[:50]),
            "list_url": reverse("intake_review:proposal-list"),
        }
        return render(self.request, self.template_name, context, status=status)


class ProposalDecisionView(ProposalDetailView):
    """POST only: accept, reject or merge; GET shows the proposal."""

    decision = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = self.get_object()
        if not is_allowed(request.user, "change", proposal):
            raise PermissionDenied(_("Your role may not decide proposals."))
        form = self.make_form(proposal)
        if form is not None and not form.is_valid():
            return self.render_with(proposal, form, status=400)
        try:
            decided = self.decide(proposal, form)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(refusals.messages_of(error)))
                return HttpResponseRedirect(reverse("intake_review:proposal-detail",
                                                    kwargs={"pk": pk}))
            refusals.apply_to_form(form, error)
            return self.render_with(proposal, form, status=400)
        messages.success(request, _("Proposal %(id)s: %(state)s.") % {
            "id": decided.pk, "state": decided.get_status_display().lower()})
        return HttpResponseRedirect(reverse("intake_review:proposal-detail",
                                            kwargs={"pk": pk}))

    def make_form(self, proposal: Proposal) -> Any:
        return None

    def render_with(self, proposal: Proposal, form: Any, status: int) -> HttpResponse:
        return self.render(proposal, status=status)

    def decide(self, proposal: Proposal, form: Any) -> Proposal:
        raise NotImplementedError


class ProposalAcceptView(ProposalDecisionView):
    def make_form(self, proposal):
        return forms.AcceptForm(self.request.POST, proposal=proposal)

    def render_with(self, proposal, form, status):
        return self.render(proposal, accept=form, status=status)

    def decide(self, proposal, form):
        return services.proposal_accept(actor=self.request.user, proposal=proposal,
                                        **{k: v for k, v in form.cleaned_data.items() if v})


class ProposalRejectView(ProposalDecisionView):
    def decide(self, proposal, form):
        return services.proposal_reject(actor=self.request.user, proposal=proposal)


class ProposalMergeView(ProposalDecisionView):
    def make_form(self, proposal):
        return forms.MergeForm(self.request.POST, user=self.request.user)

    def render_with(self, proposal, form, status):
        return self.render(proposal, merge=form, status=status)

    def decide(self, proposal, form):
        return services.proposal_merge(actor=self.request.user, proposal=proposal,
                                       pledge=form.cleaned_data["pledge"])


# Reading ---------------------------------------------------------------------------------------


def _saved_upload(upload: Any) -> Path:
    suffix = Path(upload.name).suffix.lower()[:8]
    with tempfile.NamedTemporaryFile(delete=False, suffix=suffix) as file:
        for chunk in upload.chunks():
            file.write(chunk)
    return Path(file.name)


class TrackerReadView(LoginRequiredMixin, View):
    template_name = "intake/tracker_read.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        require_reader(request.user)
        return self.show(forms.TrackerReadForm())

    def show(self, form: Any, summary: Any = None, layout: Any = None, status: int = 200):
        return render(self.request, self.template_name, {
            "title": _("Read a tracker"), "form": form, "summary": summary, "layout": layout,
            "presets": PRESETS, "list_url": reverse("intake_review:proposal-list"),
        }, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        require_reader(request.user)
        form = forms.TrackerReadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        path = _saved_upload(upload)
        try:
            choice = form.cleaned_data.get("layout") or ""
            kind, _sep, name = choice.partition(":")
            layout = layout_for(preset=name if kind == "preset" else None,
                                mapping=name if kind == "saved" else None, path=path)
            summary = tracker_read(actor=request.user, path=path, layout=layout,
                                   dry_run=form.cleaned_data["preview"],
                                   file_name=upload.name)
        except TrackerFileError as error:
            form.add_error("file", str(error).replace(path.name, upload.name))
            return self.show(form, status=400)
        finally:
            path.unlink(missing_ok=True)
        return self.show(form, summary=summary, layout=layout)


class ReportReadView(LoginRequiredMixin, View):
    template_name = "intake/report_read.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        require_reader(request.user)
        return self.show(forms.ReportReadForm())

    def show(self, form: Any, found: Any = None, summary: Any = None, status: int = 200):
        return render(self.request, self.template_name, {
            "title": _("Read a report"), "form": form, "found": found, "summary": summary,
            "list_url": reverse("intake_review:proposal-list"),
        }, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        require_reader(request.user)
        form = forms.ReportReadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                text, name = text_of_bytes(upload.read(), upload.name), upload.name
            else:
                text, name = form.cleaned_data["text"], ""
        except TrackerFileError as error:
            form.add_error("file", str(error))
            return self.show(form, status=400)
        preview = form.cleaned_data["preview"]
        summary, drafts = report_read(actor=request.user, text=text, file_name=name,
                                      dry_run=preview)
        found = [{"draft": d, "proposal": None if preview else p,
                  "sentence": highlighted(d.sentence, d.donor_text, d.item_text)}
                 for d, p in zip(drafts, summary.stored, strict=True)]
        return self.show(form, found=found, summary=summary)


# Aliases and mappings ----------------------------------------------------------------------


class AliasListView(LoginRequiredMixin, View):
    template_name = "intake/aliases.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"text": request.GET.get("text", "")[:300]}
        return self.show(forms.AliasForm(initial=initial))

    def show(self, form: Any, status: int = 200) -> HttpResponse:
        user = self.request.user
        aliases = ItemAlias.objects.restrict(user, "view").select_related("item")
        unmatched = Counter(dict(
            Proposal.objects.restrict(user, "view")
            .filter(kind=Proposal.Kind.EQUIPMENT, item__isnull=True,
                    status=Proposal.Status.PENDING)
            .values_list("item_text").annotate(n=Count("id")).order_by("-n")[:100]))
        return render(self.request, self.template_name, {
            "title": _("Item aliases"), "aliases": aliases[:500], "form": form,
            "unmatched": unmatched.most_common(),
            "may_edit": grants(user, ItemAlias, "add") != [],
            "list_url": reverse("intake_review:proposal-list"),
        }, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        if grants(request.user, ItemAlias, "add") == []:
            raise PermissionDenied(_("Your role may not add item aliases."))
        form = forms.AliasForm(request.POST)
        if form.is_valid():
            try:
                alias = services.alias_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                refusals.apply_to_form(form, error)
            else:
                messages.success(request, _("Alias '%(text)s' → %(item)s added; read the "
                                            "source again to match it.") % {
                    "text": alias.text, "item": alias.item})
                return HttpResponseRedirect(reverse("intake_review:alias-list"))
        return self.show(form, status=400)


class AliasDeleteView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alias = get_object_or_404(ItemAlias.objects.restrict(request.user, "view"), pk=pk)
        services.alias_delete(actor=request.user, alias=alias)
        messages.success(request, _("Alias '%(text)s' removed.") % {"text": alias.text})
        return HttpResponseRedirect(reverse("intake_review:alias-list"))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(reverse("intake_review:alias-list"))


class MappingView(LoginRequiredMixin, View):
    template_name = "intake/mappings.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        saved = None
        name = request.GET.get("name", "")[:80]
        if name:
            saved = ColumnMapping.objects.restrict(request.user, "view").filter(
                name=name).first()
        return self.show(forms.MappingForm(initial=_initial(saved)))

    def show(self, form: Any, headers: Any = (), status: int = 200) -> HttpResponse:
        mappings = ColumnMapping.objects.restrict(self.request.user, "view")
        return render(self.request, self.template_name, {
            "title": _("Column mappings"), "form": form, "headers": headers,
            "mappings": mappings, "may_edit": grants(self.request.user, ColumnMapping,
                                                     "add") != [],
            "list_url": reverse("intake_review:proposal-list"),
        }, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        if grants(request.user, ColumnMapping, "add") == []:
            raise PermissionDenied(_("Your role may not save column mappings."))
        form = forms.MappingForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        headers: list[str] = []
        sample = form.cleaned_data.get("sample")
        if sample:
            path = _saved_upload(sample)
            try:
                headers, _rows = read_rows(path, sheet=form.cleaned_data.get("sheet") or None,
                                           skip_rows=form.cleaned_data.get("skip_rows") or 0)
            except TrackerFileError as error:
                form.add_error("sample", str(error).replace(path.name, sample.name))
                return self.show(form, status=400)
            finally:
                path.unlink(missing_ok=True)
        if "show" in request.POST:
            return self.show(form, headers=headers)
        try:
            mapping = services.mapping_save(actor=request.user, name=form.cleaned_data["name"],
                                            spec=form.spec())
        except ValidationError as error:
            refusals.apply_to_form(form, error)
            return self.show(form, headers=headers, status=400)
        messages.success(request, _("Column mapping '%(name)s' saved; choose it when you read "
                                    "a tracker.") % {"name": mapping.name})
        return HttpResponseRedirect(reverse("intake_review:mapping-list"))


def _initial(mapping: ColumnMapping | None) -> dict[str, Any]:
    if mapping is None:
        return {"kind": Proposal.Kind.EQUIPMENT, "skip_rows": 0}
    spec = mapping.spec or {}
    initial = {"name": mapping.name, "sheet": spec.get("sheet", ""),
               "skip_rows": spec.get("skip_rows", 0), "kind": spec.get("kind", "equipment"),
               "currency": spec.get("currency", "")}
    for name, value in (spec.get("columns") or {}).items():
        initial[f"col_{name}"] = value[0] if isinstance(value, list) else value
    return initial
