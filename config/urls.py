from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("org/", include("org.urls")),
    path("audit/", include("audit.urls")),
    path("notify/", include("notify.urls")),
    path("approvals/", include("approvals.urls")),
    path("going-out/", include("goingout.urls")),
    path("worktime/", include("worktime.urls")),
    path("leave/", include("leave.urls")),
    path("attendance/", include("attendance.urls")),
    path("tasks/", include("tasks.urls")),
    path("reports/", include("reports.urls")),
    path("coordination/", include("coordination.urls")),
    path("documents/", include("documents.urls")),
    path("materials/", include("materials.urls")),
]
