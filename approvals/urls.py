from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("done/", views.done, name="done"),
    path("mine/", views.mine, name="mine"),
    path("<int:approval_id>/", views.open_approval, name="open"),
    path("<int:approval_id>/decide/", views.decide, name="decide"),
    path("<int:approval_id>/comment/", views.comment, name="comment"),
    path("rules/", views.rules, name="rules"),
    path("rules/<str:kind>/", views.rule_edit, name="rule_edit"),
]
