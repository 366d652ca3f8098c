"""Dense, formatted tables whose columns each user may show or hide, remembered per user."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.urls import reverse

from convoy.core.errors import DomainError
from convoy.core.models import AuditRecord, TablePreference
from convoy.core.preferences import hidden_columns, table_columns_set
from convoy.donations.tables import PLEDGE_COLUMNS

pytestmark = pytest.mark.django_db

PLEDGES = "donations:pledge-list"
KEYS = [c.key for c in PLEDGE_COLUMNS]


def headers(response) -> list[str]:
    return [str(h["label"]) for h in response.context["header"]]


def choose(client, shown, table=PLEDGES, follow=False):
    return client.post(reverse("table-columns"), {
        "table": table, "shown": shown, "next": reverse(PLEDGES) + "?sort=code"}, follow=follow)


def test_a_user_hides_columns_and_the_list_remembers_it_for_them_only(as_user, world):
    client = as_user("coordinator")
    assert "Origin" in headers(client.get(reverse(PLEDGES)))
    response = choose(client, [k for k in KEYS if k not in ("origin.name", "source")])
    assert response.status_code == 302 and response["Location"].endswith("?sort=code")
    shown = headers(client.get(reverse(PLEDGES)))
    assert "Origin" not in shown and "Source" not in shown and "Code" in shown
    rows = client.get(reverse(PLEDGES)).context["rows"]
    assert all(len(row) == len(KEYS) - 2 for row in rows)
    assert hidden_columns(world.users["coordinator"], PLEDGES) == ["origin.name", "source"]
    # Someone else's list is as it was.
    assert "Origin" in headers(as_user("viewer").get(reverse(PLEDGES)))
    record = AuditRecord.objects.get(content_type__model="tablepreference")
    assert record.actor == world.users["coordinator"] and record.action == "create"


def test_showing_them_again_is_remembered_too(as_user, world):
    client = as_user("coordinator")
    choose(client, KEYS[:3])
    choose(client, KEYS)
    assert headers(client.get(reverse(PLEDGES))) == [str(c.label) for c in PLEDGE_COLUMNS]
    assert TablePreference.objects.get().hidden_columns == []


def test_hiding_every_column_is_refused_with_a_message(as_user, world):
    client = as_user("coordinator")
    response = choose(client, [], follow=True)
    assert "keep at least one column shown" in response.content.decode()
    assert not TablePreference.objects.exists()


def test_a_column_the_list_does_not_have_is_refused(world):
    user = world.users["coordinator"]
    with pytest.raises(DomainError) as refused:
        table_columns_set(actor=user, user=user, table=PLEDGES, hidden=["secret"],
                          columns=KEYS)
    assert "hidden_columns" in refused.value.message_dict


def test_nobody_chooses_another_users_columns(world):
    with pytest.raises(PermissionDenied):
        table_columns_set(actor=world.users["viewer"], user=world.users["coordinator"],
                          table=PLEDGES, hidden=["source"], columns=KEYS)


def test_an_unknown_list_is_not_found(as_user):
    assert choose(as_user("coordinator"), ["code"], table="no-such-list").status_code == 404
    assert choose(as_user("coordinator"), ["code"], table="picture").status_code == 404


def test_every_list_offers_the_columns_control(as_user):
    content = as_user("coordinator").get(reverse(PLEDGES)).content.decode()
    assert 'action="/table-columns/"' in content
    assert content.count('name="shown"') == len(KEYS)
    assert 'data-scroll-hint="Scroll sideways for more columns"' in content


def test_years_print_without_separator_and_dates_never_wrap(as_user, world):
    client = as_user("coordinator")
    rows = client.get(reverse("funding:pledge-list")).context["rows"]
    years = {cell["text"] for row in rows for cell in row[3:5]}
    assert str(world.today.year) in {cell["text"] for row in rows for cell in row}
    assert not any("," in y and len(y) == 5 for y in years)
    pledge_rows = client.get(reverse(PLEDGES)).context["rows"]
    available = KEYS.index("available_from")
    assert all(row[available]["nowrap"] for row in pledge_rows)


def test_the_number_filter_separates_thousands():
    rendered = Template("{% load convoy %}{{ a|number }} {{ b|number }} {{ c|number }} "
                        "{{ y|year }}").render(Context({"a": 87712, "b": 1234.5, "c": None,
                                                         "y": 2025}))
    assert rendered == "87,712 1,234.5  2025"
