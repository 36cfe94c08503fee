from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The pages that combine several record apps: HQ's board, a branch's dashboard, a
    member's page and a user's reminders with his open work."""

    name = "overview"
    verbose_name = _("Overview")
