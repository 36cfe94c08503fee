from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Tools for headquarters scale: a generated dataset and the page benchmark."""

    name = "scale"
    verbose_name = "Scale"
