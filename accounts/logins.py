"""What django-axes does not do the way the ledger needs (its settings: AXES_* in
config/settings/base.py)."""

from axes.models import AccessAttempt

from .security_log import client_address


def forgive_own_failures(sender, request, user, **kwargs):
    """A user who logs in has shown he knows his password, so the failures he made under
    his own name from this address stop counting, for the name and for the address.

    Other names' failures from the address keep counting until the cool-off: axes' own
    AXES_RESET_ON_SUCCESS would forget them too, letting anyone with an account guess nine
    times, log into his own account and guess nine more, without end.
    """
    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=client_address(request)
    ).delete()
