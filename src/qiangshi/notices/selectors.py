from qiangshi.notices.models import Notice


def notices_of(user):
    return Notice.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
