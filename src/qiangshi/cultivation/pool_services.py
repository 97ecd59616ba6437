"""Writes of the 倍增计划 pool: intake within the yearly quotas with the base-year snapshot and
the selection score, support measures, exits, and the 已倍增 status kept by the figures."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

import polars as pl
from django.db import transaction

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent, Region, Unit
from qiangshi.accounts.scoping import scope_filter
from qiangshi.cultivation.models import PoolMember, SupportMeasure
from qiangshi.cultivation.pool_selectors import (
    DISTRICT_KINDS,
    YEARLY_QUOTA,
    member_progress,
    population,
)
from qiangshi.cultivation.tables import candidate_table
from qiangshi.engine import doubling
from qiangshi.engine.hashing import input_hash
from qiangshi.enterprises.selectors import base_figures, enterprises_named
from qiangshi.field_values import ValueRefused, number_for_field
from qiangshi.jobs.services import job_start


class PoolRefused(ValueError):
    pass


def intake_allowed(user, *, level: str, region: Region) -> bool:
    """Who may choose firms: the city's analysts at 市级, a district for itself at 区县级."""
    if not user.has_perm("cultivation.add_poolmember"):
        return False
    if level == PoolMember.Level.CITY:
        return user.has_perm("cultivation.select_city_level")
    return scope_filter(Region.objects.filter(pk=region.pk), user=user).exists()


def member_change_allowed(user, member: PoolMember) -> bool:
    return (user.has_perm("cultivation.change_poolmember")
            and intake_allowed(user, level=member.level, region=member.region))


def _level_region_check(level: str, region: Region) -> None:
    if level == PoolMember.Level.CITY and region.kind != Region.Kind.CITY:
        raise PoolRefused("市级入库的遴选地区应为全市")
    if level == PoolMember.Level.DISTRICT and region.kind not in DISTRICT_KINDS:
        raise PoolRefused(f"区县级入库应由区县遴选，{region.name}不是区县")
    if level not in PoolMember.Level.values:
        raise PoolRefused(f"未知的入库层级：{level}")


def _names(firms) -> str:
    return "、".join(firm.name for firm in firms)


def selection_hash(frame: pl.DataFrame, weights: Mapping[str, float]) -> str:
    return input_hash(frame, method=doubling.SELECTION_METHOD_VERSION, parameters=dict(weights))


@transaction.atomic
def pool_intake(*, level: str, region: Region, year: int, willingness: Mapping[int, str],
                weights: Mapping[str, float] = doubling.DEFAULT_WEIGHTS,
                base_year: int | None = None, user=None) -> list[PoolMember]:
    """Take the firms of `willingness` (enterprise id → 强/一般/弱 code) into the pool at
    `level` for `year`, all or none. The base figures are the firms' facts of `base_year`
    (default: the year before intake); the score ranks them among the level's whole
    population with the given weights, stored with the method version and input hash."""
    _level_region_check(level, region)
    if not willingness:
        raise PoolRefused("请至少选择一家企业")
    unknown = set(willingness.values()) - set(PoolMember.Willingness.values)
    if unknown:
        raise PoolRefused(f"倍增意愿应为强、一般或弱，不能是：{'、'.join(sorted(unknown))}")
    try:
        weights = doubling.weights_checked(weights)
    except ValueError as error:
        raise PoolRefused(f"评分权重有误：{error}") from error
    base_year = year - 1 if base_year is None else base_year
    # One intake per region at a time, so two clerks cannot both take the last places.
    Region.objects.select_for_update().filter(pk=region.pk).first()
    firms = enterprises_named(willingness)
    if len(firms) != len(willingness):
        raise PoolRefused("所选企业有的不存在")
    if level == PoolMember.Level.DISTRICT:
        outside = [f for f in firms if f.region_id != region.pk]
        if outside:
            raise PoolRefused(f"以下企业不在{region.name}，不能由其遴选入库：{_names(outside)}")
    pooled = PoolMember.objects.filter(level=level, enterprise__in=firms).select_related(
        "enterprise")
    if pooled:
        listed = "、".join(f"{m.enterprise.name}（{m.intake_year}年入库）" for m in pooled)
        raise PoolRefused(f"以下企业已在{PoolMember.Level(level).label}倍增培育库：{listed}")
    quota = YEARLY_QUOTA[level]
    used = PoolMember.objects.filter(level=level, region=region, intake_year=year).count()
    if used + len(firms) > quota:
        raise PoolRefused(
            f"{region.name}{year}年{PoolMember.Level(level).label}入库已有 {used} 家，"
            f"再入库 {len(firms)} 家将超过每年 {quota} 家的名额（尚余 {quota - used} 家）")
    bases = {e: figures for e, figures in base_figures([f.pk for f in firms], year=base_year).items()
             if figures[0] is not None}
    lacking = [f for f in firms if f.pk not in bases]
    if lacking:
        raise PoolRefused(f"以下企业缺少 {base_year} 年营业收入，不能作为基期入库：{_names(lacking)}")

    chosen = pl.DataFrame({"enterprise_id": list(willingness),
                           "chosen": list(willingness.values())},
                          schema={"enterprise_id": pl.Int64, "chosen": pl.String})
    candidates = (population(candidate_table(base_year=base_year), level=level, region=region)
                  .join(chosen, on="enterprise_id", how="left")
                  .with_columns(pl.coalesce("chosen", "willingness").alias("willingness"))
                  .drop("chosen"))
    scores = dict(doubling.selection_scores(candidates, weights)
                  .select("enterprise_id", "total").iter_rows())
    digest = selection_hash(candidates, weights)
    return [PoolMember.objects.create(
        enterprise=firm, level=level, region=region, intake_year=year, base_year=base_year,
        base_revenue=bases[firm.pk][0], base_profit=bases[firm.pk][1],
        willingness=willingness[firm.pk], selection_score=round(scores[firm.pk], 2),
        score_weights=weights, score_method_version=doubling.SELECTION_METHOD_VERSION,
        score_input_hash=digest, selected_by=user,
    ) for firm in firms]


def measure_record(member: PoolMember, *, on: datetime.date, kind: str, text: str,
                   unit: Unit | None = None, amount: str | Decimal | None = None) -> SupportMeasure:
    text = (text or "").strip()
    if not text:
        raise PoolRefused("请填写扶持内容")
    if kind not in SupportMeasure.Kind.values:
        raise PoolRefused(f"未知的扶持类型：{kind}")
    try:
        amount = number_for_field(SupportMeasure._meta.get_field("amount"), amount)
    except ValueRefused as error:
        raise PoolRefused(str(error)) from error
    if amount is not None and amount < 0:
        raise PoolRefused(f"金额（万元）应为不小于 0 的数字：{amount}")
    return SupportMeasure.objects.create(member=member, on=on, kind=kind, text=text, unit=unit,
                                         amount=amount, recorded_by=current_actor().name)


def member_exit(member: PoolMember, *, note: str) -> PoolMember:
    note = (note or "").strip()
    if not note:
        raise PoolRefused("退出培育库须说明原因")
    if member.status == PoolMember.Status.EXITED:
        raise PoolRefused("该企业已退出培育库")
    member.status, member.exit_note = PoolMember.Status.EXITED, note[:300]
    member.save(update_fields=["status", "exit_note"])
    return member


def pool_doubled_refresh(members=None) -> int:
    """Set 已倍增 on members whose revenue has doubled and take it back where a corrected
    figure undid it; exited members keep their status. Returns the number changed."""
    members = (members if members is not None else PoolMember.objects.all()).exclude(
        status=PoolMember.Status.EXITED)
    revenue = member_progress(members).filter(pl.col("measure") == "revenue")
    doubled = revenue.filter(pl.col("doubled").fill_null(False))["member_id"].to_list()
    now_doubled = list(members.filter(pk__in=doubled, status=PoolMember.Status.IN_POOL)
                       .values_list("pk", flat=True))
    undone = list(members.filter(status=PoolMember.Status.DOUBLED).exclude(pk__in=doubled)
                  .values_list("pk", flat=True))
    with transaction.atomic():
        PoolMember.objects.filter(pk__in=now_doubled).update(status=PoolMember.Status.DOUBLED)
        PoolMember.objects.filter(pk__in=undone).update(status=PoolMember.Status.IN_POOL)
        if now_doubled or undone:
            audit_record(action=AuditEvent.Action.UPDATE, object_type="cultivation.PoolMember",
                         object_repr="倍增状态按企业数据更新", changes={"status": {
                             "doubled": now_doubled, "in_pool": undone,
                             "method": doubling.PROGRESS_METHOD_VERSION}})
    return len(now_doubled) + len(undone)


def registry_changed_refresh(**kwargs) -> None:
    """Receiver of `registry_changed` (sent once the import committed): what cultivation
    derives from the registry is brought up to date by one background job (cultivation.tasks)."""
    job_start("cultivation_refresh", user=current_actor().user)
