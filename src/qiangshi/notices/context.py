from qiangshi.notices.selectors import unread_count


def unread(request):
    """The header's unread count, counted only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": lambda: unread_count(user)}
