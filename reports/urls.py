from django.urls import path

from reports import meeting_views, views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="create"),
    path("compile/", views.compile_view, name="compile"),
    path("compile/docx/", views.compile_docx_view, name="compile_docx"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/edit/", views.report_edit, name="edit"),
    path("<int:report_id>/refresh/", views.report_refresh, name="refresh"),
    path("<int:report_id>/submit/", views.report_submit_view, name="submit"),
    path("meetings/", meeting_views.meeting_list, name="meetings"),
    path("meetings/new/", meeting_views.meeting_new, name="meeting_create"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/agenda/", meeting_views.agenda_add, name="agenda_add"),
    path("meetings/<int:meeting_id>/agenda/reports/", meeting_views.agenda_add_reports, name="agenda_add_reports"),
    path("meetings/agenda/<int:item_id>/remove/", meeting_views.agenda_remove, name="agenda_remove"),
    path("meetings/<int:meeting_id>/minutes/", meeting_views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:meeting_id>/close/", meeting_views.meeting_close_view, name="meeting_close"),
    path("meetings/<int:meeting_id>/decisions/", meeting_views.decision_add_view, name="decision_add"),
    path("meetings/decisions/<int:decision_id>/task/", meeting_views.decision_task, name="decision_task"),
]
