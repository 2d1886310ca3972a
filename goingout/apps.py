from django.apps import AppConfig


class GoingoutConfig(AppConfig):
    name = "goingout"
