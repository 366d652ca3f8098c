"""Every page is served with the Content-Security-Policy and the Permissions-Policy."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/sign-in/", "/healthz", "/help/"])
def test_policies_on_every_response(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_pages_carry_no_inline_script_or_style(admin_client):
    text = admin_client.get("/").content.decode()
    assert "<script>" not in text and "<style" not in text and " style=" not in text


def test_only_the_api_documentation_may_use_inline_styles(admin_client):
    response = admin_client.get("/api/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy + ";"
