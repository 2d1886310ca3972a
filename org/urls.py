from django.urls import path

from org.views import chart, delegation, directory, importing, leaders, staff

app_name = "org"
urlpatterns = [
    path("", chart.chart, name="chart"),
    path("staff/", directory.directory, name="directory"),
    path("staff/export/", directory.staff_export, name="staff_export"),
    path("staff/import/", importing.staff_import_view, name="staff_import"),
    path("staff/import/template/", importing.staff_import_template, name="staff_import_template"),
    path("staff/import/result/", importing.staff_import_result, name="staff_import_result"),
    path("staff/<int:staff_id>/", staff.staff_detail, name="staff_detail"),
    path("staff/<int:staff_id>/reveal/", staff.staff_reveal_view, name="staff_reveal"),
    path("staff/<int:staff_id>/edit/", staff.staff_edit, name="staff_edit"),
    path("sections/", leaders.sections, name="sections"),
    path("sections/<int:section_id>/leaders/", leaders.section_leaders, name="section_leaders"),
    path("leaders/", leaders.unit_leaders, name="unit_leaders"),
    path("delegation/", delegation.delegation, name="delegation"),
    path("delegation/<int:delegation_id>/cancel/", delegation.delegation_cancel_view, name="delegation_cancel"),
]
