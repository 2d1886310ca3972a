from django.urls import path

from accounts import admin_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.totp_setup, name="totp_setup"),
    path("password/", views.password_change_view, name="password_change"),
    path("security/", views.security, name="security"),
    path("security/totp/disable/", views.totp_disable_view, name="totp_disable"),
    # System administrator
    path("admin/users/", admin_views.admin_users, name="admin_users"),
    path("admin/users/<int:user_id>/disable/", admin_views.admin_user_disable, name="admin_user_disable"),
    path("admin/users/<int:user_id>/enable/", admin_views.admin_user_enable, name="admin_user_enable"),
    path("admin/users/<int:user_id>/unlock/", admin_views.admin_user_unlock, name="admin_user_unlock"),
    path("admin/users/<int:user_id>/reset-totp/", admin_views.admin_user_totp_reset, name="admin_user_totp_reset"),
    path(
        "admin/users/<int:user_id>/reset-password/",
        admin_views.admin_user_reset_password,
        name="admin_user_reset_password",
    ),
    # Security administrator
    path("admin/grants/", admin_views.admin_grants, name="admin_grants"),
    path("admin/grants/new/", admin_views.admin_grant_create, name="admin_grant_create"),
    path("admin/grants/<int:grant_id>/revoke/", admin_views.admin_grant_revoke, name="admin_grant_revoke"),
    path("admin/security-policy/", admin_views.admin_security_settings, name="admin_security_settings"),
    path("admin/units/<int:unit_id>/require-totp/", admin_views.admin_unit_totp, name="admin_unit_totp"),
]
