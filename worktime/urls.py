from django.urls import path

from worktime.views import calendar, policies

app_name = "worktime"
urlpatterns = [
    path("calendar/", calendar.calendar_index, name="calendar"),
    path("calendar/import/", calendar.calendar_import, name="calendar_import"),
    path("calendar/import/template/", calendar.calendar_import_template, name="calendar_import_template"),
    path("calendar/<int:year>/", calendar.calendar_year, name="calendar_year"),
    path("calendar/<int:year>/start/", calendar.year_start, name="calendar_year_start"),
    path("calendar/<int:year>/days/new/", calendar.day_create, name="calendar_day_create"),
    path("calendar/<int:year>/days/<int:day_id>/edit/", calendar.day_edit, name="calendar_day_edit"),
    path("calendar/<int:year>/days/<int:day_id>/delete/", calendar.day_delete, name="calendar_day_delete"),
    path("policies/", policies.policy_list, name="policies"),
    path("policies/new/", policies.policy_new, name="policy_create"),
    path("policies/<int:policy_id>/edit/", policies.policy_edit, name="policy_edit"),
    path("policies/<int:policy_id>/delete/", policies.policy_remove, name="policy_delete"),
]
