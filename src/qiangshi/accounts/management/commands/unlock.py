from django.core.management.base import BaseCommand
from django.utils import timezone

from qiangshi.accounts.lockout import lock_release, locks_current


class Command(BaseCommand):
    help = "解除登录锁定：按用户名或来源地址；不带参数时列出当前被锁定的用户名和地址。"

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="用户名或地址")

    def handle(self, *args, names, **options):
        if not names:
            locks = locks_current()
            for row in locks:
                at = timezone.localtime(row.last_failure_at)
                self.stdout.write(f"{row.get_kind_display()} {row.key}：失败 {row.failures} 次，"
                                  f"最近一次 {at:%Y-%m-%d %H:%M}")
            self.stdout.write(f"当前被锁定：{len(locks)} 个。")
            return
        for name in names:
            released = lock_release(name)
            if released:
                self.stdout.write(f"已解除 {name} 的登录锁定（清除 {len(released)} 个失败计数）。")
            else:
                self.stdout.write(f"{name} 没有登录失败计数，无需解除。")
