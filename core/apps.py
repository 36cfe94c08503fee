from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every record app builds on and nothing party-specific; imports no project app."""

    name = "core"
    verbose_name = _("Core")
