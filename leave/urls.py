from django.urls import path

from leave import views

app_name = "leave"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("count/", views.count, name="count"),
    path("away/", views.away, name="away"),
    path("overdue/", views.overdue, name="overdue"),
    path("adjust/", views.adjust, name="adjust"),
    path("types/", views.types, name="types"),
    path("types/policy/", views.policy, name="policy"),
    path("types/<int:type_id>/", views.type_edit, name="type_edit"),
    path("ledger/<int:type_id>/", views.ledger_view, name="ledger"),
    path("<int:request_id>/", views.detail, name="detail"),
    path("<int:request_id>/edit/", views.edit, name="edit"),
    path("<int:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:request_id>/report-back/", views.report_back, name="report_back"),
    path("<int:request_id>/certificate/", views.certificate, name="certificate"),
    path("<int:request_id>/extend/", views.extend, name="extend"),
    path("<int:request_id>/cancel/", views.cancel, name="cancel"),
    path("extensions/<int:extension_id>/", views.extension, name="extension"),
    path("extensions/<int:extension_id>/edit/", views.extension_edit, name="extension_edit"),
    path("extensions/<int:extension_id>/withdraw/", views.extension_withdraw, name="extension_withdraw"),
    path("cancellations/<int:cancellation_id>/", views.cancellation, name="cancellation"),
    path("cancellations/<int:cancellation_id>/edit/", views.cancellation_edit, name="cancellation_edit"),
    path("cancellations/<int:cancellation_id>/withdraw/", views.cancellation_withdraw, name="cancellation_withdraw"),
]
