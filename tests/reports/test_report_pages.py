"""Report pages: every report shows with its tables and downloads, and refuses what a role may not
see; the briefing is made in the background and only its requester opens it."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from convoy.reports.models import Briefing
from convoy.reports.registry import REPORTS

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "briefing"


@pytest.mark.parametrize("name", list(REPORTS))
@pytest.mark.parametrize("role", ["coordinator", "liaison", "node_operator", "viewer"])
def test_every_report_shows_for_every_role(as_user, name, role):
    page = as_user(role).get(reverse("report", args=[name]))
    assert page.status_code == 200
    assert page.context["report"].tables


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_downloads_as_csv_xlsx_and_json(as_user, name, tmp_path):
    client = as_user("coordinator")
    url = reverse("report", args=[name])
    csv = client.get(url, {"format": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    data = json.loads(client.get(url, {"format": "json"}).content)
    assert data["report"] == name
    xlsx = client.get(url, {"format": "xlsx"})
    (tmp_path / "r.xlsx").write_bytes(xlsx.content)
    assert load_workbook(tmp_path / "r.xlsx").sheetnames[-1] == "notes"


def test_a_liaison_is_refused_another_nations_burden_sharing_detail(as_user, world):
    page = as_user("liaison").get(reverse("report", args=["burden-sharing"]), {"nation": "POL"})
    assert page.status_code == 403


def test_a_liaison_sees_its_own_detail_and_not_the_other_nations_records(as_user, world):
    page = as_user("liaison").get(reverse("report", args=["burden-sharing"]))
    assert b"FP-DEU-1" in page.content
    assert b"FP-POL-1" not in page.content


def test_a_coalition_page_lists_its_members_and_requirements(as_user, world):
    page = as_user("viewer").get(reverse("coalition-report", args=[world.coalition.pk]))
    assert page.status_code == 200
    report = page.context["report"]
    assert [r["nation"] for r in report.table("members").rows] == ["DEU"]
    assert report.table("requirements").rows[0]["unmet_units"] == 70


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "99999"}, {"nation": "ZZZ"},
                                   {"format": "pdf"}, {"format": "csv", "table": "nope"}])
def test_bad_parameters_are_a_400_not_a_500(as_user, query):
    page = as_user("coordinator").get(reverse("report", args=["burden-sharing"]), query)
    assert page.status_code == 400


def test_an_unknown_report_is_a_404(as_user):
    assert as_user("viewer").get(reverse("report", args=["nothing"])).status_code == 404


@pytest.fixture
def background(settings):
    settings.TASKS = IMMEDIATE


def test_a_briefing_is_made_in_the_background_and_holds_every_section(
        as_user, world, background, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    client = as_user("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("briefing-list"), {
            "as_of": datetime.date.today().isoformat(),
            "marking": "NATO UNCLASSIFIED — releasable to UKR"})
    briefing = Briefing.objects.get()
    assert page.status_code == 302
    assert briefing.status == "ready" and briefing.progress == 1.0
    pdf = client.get(reverse("briefing-pdf", args=[briefing.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "coordinator.pdf"
    path.write_bytes(pdf.content)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    for section in ("NATO UNCLASSIFIED — releasable to UKR", "Headline figures",
                    "Air defence", "Unmet priority-1 requirements", "Deliveries of the period",
                    "Node load", "Training pipeline", "Burden sharing", "Manning",
                    "Capability targets", "What changed since the previous briefing"):
        assert section in text, section
    render_pages(path)


def render_pages(path: Path) -> None:
    """Each page as a PNG beside the PDF, to look at as a reader would."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        for number, page in enumerate(document, start=1):
            page.render(scale=1).to_pil().save(path.with_name(f"{path.stem}-{number:02}.png"))
    finally:
        document.close()
    assert path.with_name(f"{path.stem}-01.png").exists()


def test_a_liaisons_briefing_holds_its_own_detail_only(as_user, world, background):
    from pypdf import PdfReader

    from convoy.reports.briefing import render_pdf

    pdf = render_pdf(world.users["liaison"], as_of=datetime.date.today(), marking="TEST")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "liaison.pdf"
    path.write_bytes(pdf)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "FP-DEU-1" in text
    assert "FP-POL-1" not in text
    render_pages(path)


def test_only_its_requester_opens_a_briefing(as_user, world):
    briefing = Briefing.objects.create(as_of=datetime.date.today(), marking="M",
                                       requested_by=world.users["coordinator"])
    client = as_user("liaison")
    assert client.get(reverse("briefing-detail", args=[briefing.pk])).status_code == 404
    assert client.get(reverse("briefing-pdf", args=[briefing.pk])).status_code == 403


def test_a_liaison_cannot_choose_the_marking(world, background):
    from convoy.reports.services import briefing_request

    briefing = briefing_request(actor=world.users["liaison"], as_of=datetime.date.today(),
                                marking="SECRET")
    assert briefing.marking == "NATO UNCLASSIFIED"


def test_a_briefing_in_the_future_is_refused_at_the_date(as_user, world):
    page = as_user("coordinator").post(reverse("briefing-list"), {
        "as_of": (datetime.date.today() + datetime.timedelta(days=3)).isoformat()})
    assert page.status_code == 400
    assert "as_of" in page.context["form"].errors
    assert not Briefing.objects.exists()
