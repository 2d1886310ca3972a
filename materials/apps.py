from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"

    def ready(self) -> None:
        from core import nav
        from core.access import is_business_user
        from core.demo import register_demo
        from materials.demo import build_demo

        nav.register("materials", _("Materials library"), "materials:list", visible=is_business_user, order=10)
        nav.register("materials", _("Add material"), "materials:create", visible=is_business_user, order=20)
        register_demo("materials", build_demo, order=90)
