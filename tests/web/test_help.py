"""The user guide: every page renders under /help/, its links resolve, each page's Help link
leads to the part of the guide for it, and the README names only files in the repository."""

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from convoy.web import guide

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parents[2]
ROLE_PAGES = ["coordinator", "donor-liaison", "recipient-planner", "node-operator",
              "facility-operator", "viewer"]


class Links(HTMLParser):
    """The href of every link and the id of every element of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"])
        if found.get("id"):
            self.ids.add(found["id"])


def parsed(response) -> Links:
    links = Links()
    links.feed(response.content.decode())
    return links


def test_the_guide_has_a_page_for_every_role_and_the_running_of_convoy():
    wanted = {*ROLE_PAGES, "index", "planning", "reference-data", "administration",
              "command-line"}
    assert wanted <= set(guide.doc_slugs())


def test_every_guide_page_renders_for_a_signed_in_user(as_user):
    client = as_user("viewer")
    assert client.get(reverse("help")).status_code == 200
    for slug in guide.doc_slugs():
        response = client.get(guide.page_url(slug))
        assert response.status_code == 200, slug
        assert response.context["title"] and "<h1" in response.content.decode()


def test_the_guide_asks_to_sign_in(client, world):
    response = client.get(reverse("help-page", kwargs={"slug": "planning"}))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_unknown_guide_page_is_not_found(as_user):
    client = as_user("viewer")
    assert client.get("/help/no-such-page/").status_code == 404
    assert client.get("/help/..%2Fsettings/").status_code == 404


def test_every_link_between_guide_pages_resolves_to_a_page_and_its_heading(as_user):
    client = as_user("coordinator")
    checked = 0
    for slug in guide.doc_slugs():
        page = parsed(client.get(guide.page_url(slug)))
        for href in page.hrefs:
            if not href.startswith("/help/"):
                continue
            path, _, anchor = href.partition("#")
            target = client.get(path)
            assert target.status_code == 200, f"{slug}: {href}"
            if anchor:
                assert anchor in parsed(target).ids, f"{slug}: {href}"
            checked += 1
    assert checked >= 10


def test_guide_sources_link_only_to_guide_pages_that_exist():
    folder = guide.docs_folder()
    slugs = set(guide.doc_slugs())
    for slug in slugs:
        text = (folder / f"{slug}.md").read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://")):
                continue
            found = guide.DOC_LINK.match(target)
            assert found and found["slug"] in slugs, f"{slug}.md links to {target}"


def test_every_role_page_is_linked_from_the_index(as_user):
    page = parsed(as_user("viewer").get(reverse("help")))
    for slug in ROLE_PAGES:
        assert guide.page_url(slug) in page.hrefs, slug


def test_raw_html_in_the_guide_is_shown_as_text_never_run():
    rendered = guide._markdown().render("<script>alert(1)</script>\n")
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered


def test_header_help_link_leads_to_the_guide_for_the_page_shown(as_user, world):
    cases = [
        ("node_operator", reverse("logistics:node-board", kwargs={"pk": world.node.pk}),
         "node-operator"),
        ("liaison", reverse("home"), "donor-liaison"),
        ("coordinator", reverse("planning:run-list"), "planning"),
        ("coordinator", reverse("core:nation-list"), "reference-data"),
        ("planner", reverse("donations:requirement-list"), "recipient-planner"),
    ]
    for role, url, slug in cases:
        page = as_user(role).get(url).content.decode()
        help_link = re.search(r'<a class="help-link" href="([^"]+)"', page)
        assert help_link and help_link[1] == guide.page_url(slug), (role, url)


def test_sign_in_page_says_what_convoy_is(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "shared record and planner" in page


def test_the_guide_is_shipped_inside_the_package():
    config = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())
    assert "docs/*.md" in config["tool"]["setuptools"]["package-data"]["convoy"]
    assert (REPOSITORY / "src" / "convoy" / "docs" / "index.md").is_file()


def test_readme_names_only_paths_inside_the_repository():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme
    assert not re.search(r"(?<![\w.])/(work|home|tmp|srv)/", readme)
    assert "shared/spec" not in readme and "shared/design" not in readme
    targets = re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", readme)
    paths = re.findall(r"`([\w.-]+(?:/[\w.-]+)+\.(?:md|py|json|toml))`", readme)
    assert targets, "the README links to the guide"
    for target in targets + paths:
        if target.startswith(("http://", "https://")):
            continue
        # Paths inside the package may be named from src/convoy/ (`core/permissions.py`).
        assert any((base / target).exists() for base in (REPOSITORY, REPOSITORY / "src/convoy")
                   ), target
