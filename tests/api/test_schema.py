"""The OpenAPI schema: served at /api/schema/, valid, generated without a warning, listing every
operation with its error shapes; the interactive docs at /api/docs/ come from installed files."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

from convoy.api.urls import router
from tests.core.factories import member

pytestmark = pytest.mark.django_db

RECORD_PREFIXES = {prefix for prefix, _viewset, _basename in router.registry}


@pytest.fixture
def schema():
    client = APIClient()
    client.force_authenticate(member("viewer"))
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_validates_and_is_generated_without_warnings(tmp_path):
    # --fail-on-warn turns every warning of the generator into an error; --validate checks the
    # result against the OpenAPI 3 specification's JSON schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file",
                 str(tmp_path / "schema.yaml"))
    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["openapi"].startswith("3.")


def test_the_schema_is_refused_to_anonymous_callers():
    assert APIClient().get("/api/schema/").status_code in (401, 403)


def test_every_registered_endpoint_is_in_the_schema(schema):
    paths = set(schema["paths"])
    for prefix, viewset, _basename in router.registry:
        assert f"/api/{prefix}/" in paths, prefix
        lookup = viewset.lookup_field if viewset.lookup_field != "pk" else "id"
        for step in viewset.steps:
            assert f"/api/{prefix}/{{{lookup}}}/steps/{step}/" in paths, (prefix, step)


def test_every_operation_describes_its_refusals(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403"} <= codes, (method, path)
            if method in {"post", "put", "patch"}:
                assert codes >= {"400"}, (method, path)
            if method in {"post", "put", "patch"} and path.split("/")[2] in RECORD_PREFIXES:
                assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/FieldErrors"}
            if "{" in path:
                assert "404" in codes, (method, path)


def test_list_filters_are_described(schema):
    names = {p["name"] for p in schema["paths"]["/api/pledges/"]["get"]["parameters"]}
    assert {"status", "page"} <= names


def test_records_without_a_change_service_offer_no_put_or_patch(schema):
    assert set(schema["paths"]["/api/allocations/{id}/"]) == {"get"}
    assert "post" not in schema["paths"]["/api/nations/"]


def test_the_interactive_docs_load_their_scripts_from_installed_files():
    client = APIClient()
    client.force_authenticate(member("viewer"))
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "//cdn" not in html and "unpkg" not in html
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    for asset in assets:
        assert finders.find(asset), asset
