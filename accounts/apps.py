from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import logins, security_log

        security_log.connect()
        user_logged_in.connect(logins.forgive_own_failures, dispatch_uid="forgive-own-failures")
