from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from qiangshi.accounts.models import Region, Unit, User


@admin.register(User)
class QiangshiUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "scope_all", "is_active", "last_login")
    list_filter = ("is_active", "scope_all", "groups")
    search_fields = ("username", "display_name")
    filter_horizontal = ("groups", "regions", "units")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "phone", "email")}),
        ("角色", {"fields": ("groups", "is_active", "is_staff", "is_superuser")}),
        ("数据范围", {"fields": ("scope_all", "regions", "units", "chain_codes")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
    )
    actions = ["users_deactivate"]

    def has_delete_permission(self, request, obj=None):
        # Users are deactivated, never deleted: audit events, submissions and reviews keep
        # pointing at the person who made them (AuditEvent.actor is PROTECT).
        return False

    @admin.action(description="停用所选用户", permissions=["change"])
    def users_deactivate(self, request, queryset):
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, "不能停用自己的账号。", messages.ERROR)
            return
        # One save per user, not queryset.update(): the save is what the audit trail records.
        users = list(queryset.filter(is_active=True))
        for user in users:
            user.is_active = False
            user.save(update_fields=["is_active"])
        self.message_user(request, f"已停用 {len(users)} 个用户；停用的用户不能再登录，记录全部保留。")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind", "parent", "official_code")
    list_filter = ("kind", "official_code")
    search_fields = ("code", "name", "short_name")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name")
