from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.models import Session
from django.utils import timezone


class User(AbstractUser):
    """A login. What the user may see follows from the member or officer record linked to it."""

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.is_active:
            self.end_sessions()

    def end_sessions(self):
        """Delete the user's sessions. Django alone would only refuse them while he is
        disabled, and an old cookie would work again once he is enabled again."""
        user_id = str(self.pk)
        sessions = Session.objects.filter(expire_date__gt=timezone.now())
        ended = [
            session.pk
            for session in sessions.iterator()
            if session.get_decoded().get("_auth_user_id") == user_id
        ]
        Session.objects.filter(pk__in=ended).delete()
