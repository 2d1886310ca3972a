from django.urls import path

from coordination import views

app_name = "coordination"
urlpatterns = [
    path("", views.unit_board, name="unit_board"),
    path("my-section/", views.my_board, name="my_board"),
    path("sections/<int:section_id>/", views.section_board, name="section_board"),
    path("requests/", views.requests, name="requests"),
    path("requests/waiting/", views.waiting, name="waiting"),
    path("requests/all/", views.all_requests, name="all"),
    path("requests/new/", views.create, name="create"),
    path("requests/<int:request_id>/", views.detail, name="detail"),
    path("requests/<int:request_id>/pick/", views.pick, name="pick"),
    path("requests/<int:request_id>/decline/", views.decline, name="decline"),
    path("requests/<int:request_id>/escalate/", views.escalate, name="escalate"),
    path("requests/<int:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path("borrowings/<int:borrowing_id>/end/", views.end_early, name="end_early"),
    path("settings/", views.settings, name="settings"),
]
