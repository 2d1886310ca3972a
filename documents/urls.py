from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("register/", views.register, name="register"),
    path("register/export/", views.register_export, name="register_export"),
    path("figures/", views.figures, name="figures"),
    path("settings/", views.settings_edit, name="settings"),
    path("<int:document_id>/", views.detail, name="detail"),
    path("<int:document_id>/edit/", views.edit, name="edit"),
    path("<int:document_id>/submit/", views.submit, name="submit"),
    path("<int:document_id>/decide/", views.decide, name="decide"),
    path("<int:document_id>/reconfirm/", views.reconfirm, name="reconfirm"),
    path("<int:document_id>/issue/", views.issue, name="issue"),
    path("<int:document_id>/archive/", views.archive, name="archive"),
    path("<int:document_id>/versions/", views.versions, name="versions"),
    path("<int:document_id>/export/<str:fmt>/", views.export, name="export"),
    path("<int:document_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:attachment_id>/delete/", views.attachment_delete, name="attachment_delete"),
]
