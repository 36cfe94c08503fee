from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A login. What the user may see follows from the member or officer record linked to it."""
