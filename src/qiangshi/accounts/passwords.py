"""Password rules required by 等保 2.0 (GB/T 22239-2019): complexity and no recent reuse."""

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

CLASSES = {
    "大写字母": set(string.ascii_uppercase),
    "小写字母": set(string.ascii_lowercase),
    "数字": set(string.digits),
}


def character_classes(password: str) -> set[str]:
    found = {name for name, chars in CLASSES.items() if any(c in chars for c in password)}
    if any(not c.isalnum() or not c.isascii() for c in password):
        found.add("特殊字符")
    return found


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、特殊字符中的至少 {self.min_classes} 类。"


class PasswordHistoryValidator:
    def __init__(self, depth: int = 5):
        self.depth = depth

    def _recent(self, user):
        if user is None or user.pk is None:
            return []
        return list(user.password_history.values_list("password", flat=True)[: self.depth])

    def validate(self, password, user=None):
        if any(check_password(password, encoded) for encoded in self._recent(user)):
            raise ValidationError(
                f"新密码不能与最近 {self.depth} 次使用过的密码相同。", code="password_reused"
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        user.password_history.create(password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[self.depth :]
        user.password_history.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return f"不能重复使用最近 {self.depth} 次的密码。"
