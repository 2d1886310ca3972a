from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "notify"

    def ready(self) -> None:
        from core import nav

        nav.register("home", _("Notifications"), "notify:inbox", visible=lambda user: user.is_authenticated, order=10)
