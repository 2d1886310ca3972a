from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
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
    from approvals import selectors as approvals
    from notify.models import Notification
    from org.absence import away_reasons
    from org.models import Position, Staff
    from tasks.selectors import my_open_tasks

    staff = request.user.staff
    today = timezone.localdate()
    todo = approvals.todo(staff)
    # Who of my section (a leader: the sections they lead) is away today, from every absence source.
    if staff.section_id:
        colleagues = list(Staff.objects.filter(section_id=staff.section_id).select_related("user"))
    else:
        colleagues = list(
            Staff.objects.filter(section__supervisor=staff).select_related("user", "section")
            if staff.position < Position.EXECUTIVE_DEPUTY
            else Staff.objects.filter(unit_id=staff.unit_id).select_related("user", "section")
        )
    reasons = away_reasons([c.pk for c in colleagues], today)
    away = [(c, reasons[c.pk]) for c in colleagues if c.pk in reasons]
    return render(
        request,
        "core/workbench.html",
        {
            "today": today,
            "todo": todo[:6],
            "todo_count": approvals.todo_count(staff),
            "mine": approvals.mine(staff)[:6],
            "notices": Notification.objects.filter(recipient=request.user)[:6],
            "away": away,
            "tasks": list(my_open_tasks(staff, today)[:6]),
        },
    )
