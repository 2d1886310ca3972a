from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("export/", views.event_export, name="export"),
    path("verify/", views.chain_verify, name="verify"),
    path("access/", views.access_list, name="access"),
]
