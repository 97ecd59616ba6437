"""Demo users, one or more per role, for `qiangshi demo load`."""

from dataclasses import dataclass

from qiangshi.accounts.models import User
from qiangshi.accounts.roles import ROLE_BY_CODE
from qiangshi.accounts.services import user_create

# Meets the password rules; printed by `make run`. Change it on a real deployment.
DEMO_PASSWORD = "Jinan@2025"  # noqa: S105 - a published demo password


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: str
    region_codes: tuple[str, ...] = ()
    unit_codes: tuple[str, ...] = ()
    chain_codes: tuple[str, ...] = ()


DEMO_USERS = (
    DemoUser("admin", "系统管理员", "admin"),
    DemoUser("analyst", "王分析（市工信局）", "analyst", unit_codes=("gxj",)),
    DemoUser("leader", "李领导", "leader"),
    DemoUser("reporter", "赵填报（市统计局）", "reporter", unit_codes=("tjj",)),
    DemoUser("lixia", "历下区工信局", "region", region_codes=("370102",), unit_codes=("lxqzf",)),
    DemoUser("huaiyin", "槐荫区工信局", "region", region_codes=("370104",), unit_codes=("hyqzf",)),
    DemoUser("gaoxin", "高新区经发局", "region", region_codes=("370171",),
             unit_codes=("gxqgwh",)),
    DemoUser("chain", "新能源汽车链专班", "chain", chain_codes=("new-energy-vehicle",)),
)


def demo_load(stdout, **_) -> None:
    """Create the demo users that do not exist yet; existing ones are left as they are."""
    existing = set(User.objects.filter(username__in=[d.username for d in DEMO_USERS])
                   .values_list("username", flat=True))
    for demo in DEMO_USERS:
        if demo.username in existing:
            continue
        user_create(
            username=demo.username, password=DEMO_PASSWORD, display_name=demo.display_name,
            role=demo.role, region_codes=demo.region_codes, unit_codes=demo.unit_codes,
            chain_codes=demo.chain_codes,
        )
    stdout.write(f"演示账号：{len(DEMO_USERS) - len(existing)} 个新建，{len(existing)} 个已存在。")


def demo_logins_print(stdout) -> None:
    stdout.write(f"演示账号（初始密码均为 {DEMO_PASSWORD}）：")
    for demo in DEMO_USERS:
        role = ROLE_BY_CODE[demo.role].name
        stdout.write(f"  {demo.username:<10} {role:<12} {demo.display_name}")
