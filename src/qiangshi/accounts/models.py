"""Who uses the platform and where they may look: regions, units, users, and the audit trail."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Region(models.Model):
    """An area the plan is reported for: the city, its districts and counties, functional zones."""

    class Kind(models.TextChoices):
        CITY = "city", "市"
        DISTRICT = "district", "区"
        COUNTY = "county", "县"
        ZONE = "zone", "功能区"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64, unique=True)
    short_name = models.CharField("简称", max_length=32)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    official_code = models.BooleanField(
        "国家区划代码", default=True,
        help_text="是：GB/T 2260 或统计用区划代码；否：平台内部代码（功能区无国家代码）。",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    scope_paths = {"region": "pk"}

    class Meta:
        verbose_name = verbose_name_plural = "行政区划与功能区"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A responsible unit (责任单位) named by the plan, or a district government."""

    class Kind(models.TextChoices):
        PARTY = "party", "市委部门"
        DEPARTMENT = "department", "市政府部门"
        OFFICE = "office", "议事协调机构办公室"
        GOVERNMENT = "government", "区县政府"
        ZONE_ADMIN = "zone_admin", "功能区管委会"
        CENTRAL = "central", "中央驻济机构"
        COLLECTIVE = "collective", "集合单位"

    code = models.CharField("单位代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64, unique=True)
    short_name = models.CharField("简称", max_length=32)
    aliases = models.JSONField("别名", default=list, blank=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所属地区", null=True, blank=True, on_delete=models.PROTECT,
        related_name="units",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    scope_paths = {"unit": "pk", "region": "region"}

    class Meta:
        verbose_name = verbose_name_plural = "责任单位"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A platform user. Roles are groups; the scope says which rows the user may read."""

    display_name = models.CharField("姓名", max_length=64, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    scope_all = models.BooleanField("全市范围", default=False)
    regions = models.ManyToManyField(Region, verbose_name="地区范围", blank=True, related_name="+")
    units = models.ManyToManyField(Unit, verbose_name="单位范围", blank=True, related_name="+")
    chain_codes = models.JSONField(
        "产业链范围", default=list, blank=True,
        help_text="产业链代码列表，与计划中的产业链代码一致。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name or self.username


class PasswordHistory(models.Model):
    audit_exempt = True  # holds hashes; the password change itself is audited on the user
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"


class LoginThrottle(models.Model):
    """Failed log-ins counted for one user name or one client address, locked row by row.

    Each attempt adds its failure before the password is checked (see accounts/lockout.py),
    so parallel attempts queue on this row and never pass the limit together.
    """

    audit_exempt = True  # log-in events have their own audit actions

    class Kind(models.TextChoices):
        USERNAME = "username", "用户名"
        ADDRESS = "address", "来源地址"

    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    key = models.CharField("用户名或地址", max_length=150)
    failures = models.PositiveIntegerField("失败次数", default=0)
    last_failure_at = models.DateTimeField("最近失败时间", null=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录失败计数"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="accounts_login_throttle_unique")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}: {self.failures}"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志不可修改")

    def delete(self):
        raise PermissionError("审计日志不可删除")


class AuditEvent(models.Model):
    """One entry of the audit trail. Written once, never changed or deleted."""

    audit_exempt = True

    class Action(models.TextChoices):
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOGIN_BLOCKED = "login_blocked", "锁定期间尝试登录"
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        BACKUP = "backup", "备份数据库"
        RESTORE = "restore", "恢复数据库"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        # PROTECT: users are deactivated, never deleted; the audit trigger refuses to rewrite
        # an event's actor anyway, so SET_NULL only turned a deletion into a server error.
        User, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人名称", max_length=150)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    channel = models.CharField("渠道", max_length=16, default="web")
    action = models.CharField("操作", max_length=16, choices=Action.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    object_id = models.CharField("对象标识", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志不可删除")
