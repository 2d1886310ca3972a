from django.urls import path

from materials import views

app_name = "materials"
urlpatterns = [
    path("", views.library, name="list"),
    path("new/", views.create, name="create"),
    path("<int:material_id>/", views.detail, name="detail"),
    path("<int:material_id>/edit/", views.edit, name="edit"),
    path("<int:material_id>/archive/", views.archive, name="archive"),
    path("<int:material_id>/download/", views.download, name="download"),
]
