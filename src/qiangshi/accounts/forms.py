from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.context import client_ip, request_actor
from qiangshi.accounts.lockout import attempt_admit, attempt_succeeded
from qiangshi.accounts.models import AuditEvent


class LoginForm(AuthenticationForm):
    """Django's log-in form with lock-out per user name and per client address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用。",
    }

    def _locked_error(self, until) -> forms.ValidationError:
        local = timezone.localtime(until)
        return forms.ValidationError(
            f"登录失败次数过多，已锁定至 {local:%H:%M}，请稍后再试或联系系统管理员。",
            code="locked",
        )

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # the missing field has its own error; nothing was tried
        ip = client_ip(self.request)
        admission = attempt_admit(username=username, ip=ip)
        if not admission.allowed:
            audit_record(
                action=AuditEvent.Action.LOGIN_BLOCKED, object_type="accounts.User",
                object_repr=username[:200], changes={"username": username},
                actor=request_actor(self.request),
            )
            raise self._locked_error(admission.until)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            # The failure was counted before the password was checked.
            if admission.failures_left == 0:
                raise self._locked_error(admission.until) from None
            raise forms.ValidationError(
                f"用户名或密码错误，再失败 {admission.failures_left} 次将锁定 "
                f"{settings.LOGIN_LOCKOUT_MINUTES} 分钟。",
                code="invalid_login",
            ) from None
        attempt_succeeded(username=username, ip=ip)
        return cleaned
