"""Pages work under the Content-Security-Policy: the browser reports no violation on them."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/donations/pledges/", "/logistics/shipments/", "/training/sessions/calendar/",
         "/administration/", "/administration/sign-in-locks/", "/help/", "/search/?q=a",
         "/planning/runs/", "/api/docs/"]


def watch_violations(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => console.error('Content Security Policy violation: ' + e.violatedDirective
                           + ' ' + e.blockedURI));""")
    return violations


def test_the_watch_sees_an_inline_script_refused(page, live_server, world):
    violations = watch_violations(page)
    page.goto(f"{live_server.url}/sign-in/")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.injected = true'; document.head.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected === undefined")
    assert any("script-src" in v for v in violations)


def test_no_policy_violation_on_the_main_pages(page, live_server, world):
    violations = watch_violations(page)
    sign_in(page, live_server, "coordinator")
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert "camera=()" in response.headers["permissions-policy"], path
        page.wait_for_load_state("networkidle")
    assert violations == []
