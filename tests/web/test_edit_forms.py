"""Every edit form, saved exactly as it was shown, succeeds and changes nothing.

The forms are found in the URL configuration, so a new edit page is covered without touching
this file; the other forms with a record in their URL (steps such as a handover) are listed.
"""

from html.parser import HTMLParser

import pytest
from django.forms.models import model_to_dict
from django.urls import URLResolver, get_resolver, reverse

from convoy.core.permissions import is_allowed
from convoy.web.records import ServiceFormView

pytestmark = pytest.mark.django_db

#: Forms on a record that take a step rather than edit it; they start empty on purpose.
STEP_FORMS = {"DisbursementCreateView", "PostFillView", "PostVacateView", "PostSuccessorView"}


def record_forms() -> list[tuple[str, type[ServiceFormView]]]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            else:
                view = getattr(pattern.callback, "view_class", None)
                if (view and issubclass(view, ServiceFormView)
                        and "pk" in pattern.pattern.converters):
                    yield f"{namespace}{pattern.name}", view

    return sorted(walk(get_resolver().url_patterns), key=lambda pair: pair[0])


EDIT_FORMS = [(name, view) for name, view in record_forms() if view.__name__ not in STEP_FORMS]


def test_every_form_on_a_record_is_an_edit_form_or_a_known_step():
    steps = {view.__name__ for _, view in record_forms()} - {v.__name__ for _, v in EDIT_FORMS}
    assert steps == STEP_FORMS
    assert all(view.update_service is not None for _, view in EDIT_FORMS)
    assert len(EDIT_FORMS) >= 5


class FormValues(HTMLParser):
    """What a browser submits for the page's post form: enabled fields with their values."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.in_form = False
        self.select: tuple[str, list[str], list[str]] | None = None
        self.option: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and not self.in_form:
            self.in_form = "action" not in a
            return
        if not self.in_form or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self.select = (name, [], [])
        elif tag == "option" and self.select:
            self.select[1].append(a.get("value", ""))
            if "selected" in a:
                self.select[2].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select:
            name, options, chosen = self.select
            self.values[name] = chosen or options[:1]
            self.select = None
        elif tag == "textarea":
            if self.textarea:  # the HTML parser drops the newline after <textarea>
                self.values[self.textarea][0] = self.values[self.textarea][0].removeprefix("\n")
            self.textarea = None


@pytest.mark.parametrize(("url_name", "view"), EDIT_FORMS, ids=[n for n, _ in EDIT_FORMS])
def test_an_edit_form_saved_unchanged_succeeds_and_changes_nothing(client, world, url_name,
                                                                  view):
    record = view.model.objects.order_by("pk").first()
    assert record is not None, f"the test world holds no {view.model._meta.verbose_name}"
    user = next(u for u in world.users.values() if is_allowed(u, "change", record))
    client.force_login(user)
    record.refresh_from_db()  # signing in stamps a user's last login
    url = reverse(url_name, kwargs={"pk": record.pk})
    before = model_to_dict(record)

    page = client.get(url)
    assert page.status_code == 200
    parser = FormValues()
    parser.feed(page.content.decode())
    assert parser.values, "the page shows no form"
    response = client.post(url, parser.values)

    errors = response.context["form"].errors if response.status_code == 400 else None
    assert response.status_code == 302, errors
    record.refresh_from_db()
    assert model_to_dict(record) == before
