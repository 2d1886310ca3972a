from django.urls import path

from goingout import views

app_name = "goingout"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("overview/", views.overview, name="overview"),
    path("<int:report_id>/", views.detail, name="detail"),
    path("<int:report_id>/edit/", views.edit, name="edit"),
    path("<int:report_id>/withdraw/", views.withdraw, name="withdraw"),
]
