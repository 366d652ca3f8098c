"""The pages and the API of the spreadsheet round trip: export with the list's filters,
template, upload -> preview -> confirm through the background task, and the API's dry run."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from convoy.core.models import Nation
from convoy.donations.models import Pledge
from convoy.intake.import_models import ImportRun
from convoy.intake.spreadsheets.exporter import write_xlsx
from convoy.intake.spreadsheets.reader import count_rows
from convoy.intake.spreadsheets.registry import sheet_type

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def signed_in(client, demo, db, settings, tmp_path, django_capture_on_commit_callbacks):
    """A client as the named demo user; the tasks queued after a commit run at once."""
    settings.TASKS = IMMEDIATE
    settings.VAR_DIR = tmp_path
    post = client.post

    def post_and_run(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_run

    def sign_in(name):
        client.force_login(get_user_model().objects.get(username=name))
        return client

    return sign_in


def lines(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(
        "utf-8-sig"))))


def test_pledge_list_exports_every_field_of_its_filtered_rows(signed_in):
    client = signed_in("coordinator")
    donor = Nation.objects.get(code="DEU").pk
    response = client.get(reverse("donations:pledge-list"),
                          {"donor": donor, "format": "records-csv", "hxl": "1"})
    rows = lines(response)
    assert rows[0][:3] == ["code", "donor", "item"]
    assert rows[1][:3] == ["#activity+pledge+code", "#org+donor", "#item+code"]
    assert len(rows) - 2 == Pledge.objects.filter(donor=donor).count()
    assert {r[1] for r in rows[2:]} == {"DEU"}


def test_donor_liaison_export_holds_only_their_nations_pledges(signed_in):
    client = signed_in("donor-deu")
    rows = lines(client.get(reverse("spreadsheets:export", args=["pledges"])))
    assert rows[1:] and {r[1] for r in rows[1:]} == {"DEU"}


def test_template_is_the_header_only(signed_in):
    rows = lines(signed_in("viewer").get(reverse("spreadsheets:template", args=["items"])))
    assert rows == [["code", "name", "group", "unit_mass_t", "nato_stock_number",
                     "training_course", "crews_per_unit"]]


def test_bad_filter_and_unknown_type_are_refused_not_errors(signed_in):
    client = signed_in("coordinator")
    assert client.get(reverse("spreadsheets:export", args=["pledges"]),
                      {"quantity": "many"}).status_code == 400
    assert client.get(reverse("spreadsheets:export", args=["nope"])).status_code == 404
    assert client.get(reverse("spreadsheets:index")).status_code == 200


def test_upload_preview_then_confirm_imports_the_change(signed_in):
    client = signed_in("coordinator")
    pledge = Pledge.objects.filter(status="announced").first()
    text = f"code,notes\n{pledge.code},checked on the page\n"
    response = client.post(reverse("spreadsheets:import", args=["pledges"]),
                           {"file": SimpleUploadedFile("notes.csv", text.encode())})
    run = ImportRun.objects.get()
    assert response.url == reverse("spreadsheets:run", args=[run.pk])
    assert run.status == ImportRun.Status.PREVIEWED
    page = client.get(response.url).content.decode()
    assert "created 0, updated 1, unchanged 0, errors 0" in page
    assert "checked on the page" in page
    pledge.refresh_from_db()
    assert pledge.notes != "checked on the page"  # nothing written before the confirmation
    client.post(reverse("spreadsheets:run-confirm", args=[run.pk]))
    run.refresh_from_db()
    pledge.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and pledge.notes == "checked on the page"


def test_progress_counts_the_rows_of_an_exported_workbook(signed_in):
    """Convoy's own XLSX exports are written row by row and state no size; the progress bar
    still knows how many rows there are."""
    client = signed_in("coordinator")
    kind = sheet_type("pledges")
    codes = list(Pledge.objects.values_list("code", flat=True)[:7])
    out = io.BytesIO()
    write_xlsx(kind, ([code] + [None] * (len(kind.bound) - 1) for code in codes), out, hxl=True)
    assert count_rows(io.BytesIO(out.getvalue()), "pledges.xlsx") == len(codes) + 1  # HXL row
    client.post(reverse("spreadsheets:import", args=["pledges"]),
                {"file": SimpleUploadedFile("pledges.xlsx", out.getvalue())})
    assert ImportRun.objects.get().size_rows == len(codes) + 1


def test_refused_file_shows_its_errors_and_cannot_be_confirmed(signed_in):
    client = signed_in("donor-deu")
    pledge = Pledge.objects.filter(donor__code="POL").first()
    text = f"code,notes\n{pledge.code},not mine\n"
    client.post(reverse("spreadsheets:import", args=["pledges"]),
                {"file": SimpleUploadedFile("x.csv", text.encode())})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.result["errors"] == 1
    client.post(reverse("spreadsheets:run-confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED


def test_nobody_sees_another_users_import(signed_in):
    client = signed_in("coordinator")
    client.post(reverse("spreadsheets:import", args=["nations"]),
                {"file": SimpleUploadedFile("n.csv", b"code\nDEU\n")})
    run = ImportRun.objects.get()
    other = signed_in("viewer")
    assert other.get(reverse("spreadsheets:run", args=[run.pk])).status_code == 404
    assert other.get(reverse("spreadsheets:run-progress", args=[run.pk])).status_code == 404


def test_api_dry_run_and_refusal(signed_in):
    client = signed_in("coordinator")
    pledge = Pledge.objects.filter(status="announced").first()
    url = reverse("api-import", args=["pledges"])
    ok = client.post(url, {"file": SimpleUploadedFile("a.csv", f"code,quantity\n{pledge.code},"
                                                      f"{pledge.quantity + 1}\n".encode()),
                           "dry_run": "1"})
    assert ok.status_code == 200
    assert ok.json()["summary"] == "created 0, updated 1, unchanged 0, errors 0"
    assert ok.json()["rows"][0]["changes"][0]["column"] == "quantity"
    bad = client.post(url, {"file": SimpleUploadedFile("b.csv", b"code,quantty\nX,1\n")})
    assert bad.status_code == 400 and not bad.json()["written"]
    assert "quantty" in bad.json()["messages"][0]


def test_guide_documents_every_column_and_hashtag():
    from pathlib import Path

    from convoy.intake.spreadsheets.registry import SHEET_TYPES

    guide = (Path(__file__).parents[2] / "src/convoy/docs/intake.md").read_text()
    for kind in SHEET_TYPES.values():
        assert f"(`{kind.name}`, matched by `{kind.key}`)" in guide
        for column in kind.bound:
            assert f"| `{column.name}` | `{column.column.hxl}` |" in guide, (kind.name, column)
