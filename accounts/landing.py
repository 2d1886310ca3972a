from django.urls import NoReverseMatch, reverse

from accounts.models import AdminRole


def landing_url(user) -> str:
    """Where a user lands after login: each administrator on their own screens, everyone else on the workbench."""
    if user.admin_role == AdminRole.SYSTEM:
        return reverse("accounts:admin_users")
    if user.admin_role == AdminRole.SECURITY:
        return reverse("accounts:admin_grants")
    if user.admin_role == AdminRole.AUDIT:
        try:
            return reverse("audit:events")
        except NoReverseMatch:
            # Not "/": the home view redirects here, which would loop.
            return reverse("accounts:security")
    return reverse("core:workbench")
