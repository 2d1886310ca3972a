from django.urls import reverse


def landing_url(user) -> str:
    """Where a user lands after login: each administrator on their own screens."""
    return reverse("core:workbench")
