import pytest
from django.urls import NoReverseMatch, reverse

from accounts.landing import landing_url

pytestmark = pytest.mark.django_db


def test_each_role_lands_on_its_own_screen(cast):
    assert landing_url(cast.sysadmin) == reverse("accounts:admin_users")
    assert landing_url(cast.secadmin) == reverse("accounts:admin_grants")
    assert landing_url(cast.staff.user) == reverse("core:workbench")
    assert landing_url(cast.principal.user) == reverse("core:workbench")


def test_audit_admin_lands_on_the_audit_events(cast):
    try:
        expected = reverse("audit:events")
    except NoReverseMatch:
        expected = reverse("accounts:security")
    assert landing_url(cast.auditadmin) == expected


def test_home_redirects_each_role_to_its_landing(login, cast):
    assert login(cast.secadmin).get("/")["Location"] == reverse("accounts:admin_grants")


def test_sidebar_shows_each_administrator_only_their_screens(login, cast):
    html = login(cast.sysadmin).get(reverse("accounts:admin_users")).content.decode()
    assert reverse("accounts:admin_users") in html
    assert reverse("accounts:admin_grants") not in html
    html = login(cast.secadmin).get(reverse("accounts:admin_grants")).content.decode()
    assert reverse("accounts:admin_security_settings") in html
    assert reverse("accounts:admin_users") not in html
