from django.urls import path

from tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("section/", views.section, name="section"),
    path("all/", views.all_tasks, name="all"),
    path("overdue/", views.overdue, name="overdue"),
    path("new/", views.create, name="create"),
    path("figures/", views.figures, name="figures"),
    path("settings/", views.settings_view, name="settings"),
    path("<int:task_id>/", views.detail, name="detail"),
    path("<int:task_id>/sign-for/", views.sign_for, name="sign_for"),
    path("<int:task_id>/report/", views.report, name="report"),
    path("<int:task_id>/complete/", views.complete, name="complete"),
    path("<int:task_id>/close/", views.close, name="close"),
    path("<int:task_id>/return/", views.return_, name="return"),
    path("<int:task_id>/urge/", views.urge, name="urge"),
    path("<int:task_id>/assign/", views.assign, name="assign"),
    path("<int:task_id>/cancel/", views.cancel, name="cancel"),
    path("<int:task_id>/extend/", views.extend, name="extend"),
    path("<int:task_id>/extension/withdraw/", views.extension_withdraw, name="extension_withdraw"),
    path("<int:task_id>/milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
