from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import business_required


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Administrators land on their own screens; everyone else on the workbench."""
    from accounts.landing import landing_url

    return redirect(landing_url(request.user))


@require_GET
@business_required
def workbench(request: HttpRequest) -> HttpResponse:
    return render(request, "core/workbench.html", {"breadcrumbs": [(_("Workbench"), None)]})
