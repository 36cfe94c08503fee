from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """The count on the navigation's badge, read only when a page shows it."""

    def count():
        if not request.user.is_authenticated:
            return 0
        unread = request.user.notifications.unread()
        return request.access.scope(unread, "item__branch").count()

    return {"unread_notifications": SimpleLazyObject(count)}
