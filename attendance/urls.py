from django.urls import path

from attendance.views import fatigue as fatigue_views
from attendance.views import figures, mine, punch, requests, settings, sheets

app_name = "attendance"
urlpatterns = [
    path("", punch.page, name="punch"),
    path("punch/", punch.punch, name="punch_submit"),
    path("me/", mine.month, name="me"),
    path("me/<int:year>/<int:month>/<int:day>/", mine.day, name="me_day"),
    path("corrections/", requests.corrections, name="corrections"),
    path("corrections/new/", requests.correction_create, name="correction_create"),
    path("corrections/<int:correction_id>/", requests.correction_detail, name="correction"),
    path("corrections/<int:correction_id>/edit/", requests.correction_edit, name="correction_edit"),
    path("corrections/<int:correction_id>/withdraw/", requests.correction_withdraw_view, name="correction_withdraw"),
    path("overtime/", requests.overtime_list, name="overtime_list"),
    path("overtime/new/", requests.overtime_create, name="overtime_create"),
    path("overtime/<int:overtime_id>/", requests.overtime_detail, name="overtime"),
    path("overtime/<int:overtime_id>/edit/", requests.overtime_edit, name="overtime_edit"),
    path("overtime/<int:overtime_id>/withdraw/", requests.overtime_withdraw_view, name="overtime_withdraw"),
    path("sheets/", sheets.index, name="sheets"),
    path("sheets/unit/", sheets.unit_sheet, name="unit_sheet"),
    path("sheets/unit/export/", sheets.unit_export, name="unit_export"),
    path("sheets/unit/lock/", sheets.lock, name="lock"),
    path("sheets/section/<int:section_id>/", sheets.section_sheet, name="section_sheet"),
    path("sheets/section/<int:section_id>/export/", sheets.section_export, name="section_export"),
    path("sheets/section/<int:section_id>/confirm/", sheets.confirm, name="confirm"),
    path("sheets/section/<int:section_id>/reopen/", sheets.reopen, name="reopen"),
    path("figures/", figures.index, name="figures"),
    path("figures/person/<int:staff_id>/", figures.person_days, name="person_days"),
    path("fatigue/", fatigue_views.page, name="fatigue"),
    path("settings/", settings.edit, name="settings"),
]
