"""Chain maps stored as versions, and runs of the chain method: registry + maps →
engine.chains → stored results.

A chain's document lives in the database (the city's packaged map is stored as version 1 of
each chain the first time chains are used); every edit is a new version. A run takes every
chain's newest version and one year's facts, stores the engine's method version and an input
hash, and a run asked for again with identical inputs is the stored one. The newest run's
attachments are the chain users' data scope; the 链主 proposals follow the newest run, while
the task force's confirmations and rejections stay.
"""

import polars as pl
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.chains.maps import NOT_A_MAPPING, ChainMap, bundle_chains, chain_read
from qiangshi.chains.models import (
    Attachment,
    Benchmark,
    ChainResult,
    ChainVersion,
    Decision,
    Leader,
    NodeResult,
    Run,
)
from qiangshi.chains.monitoring import monitoring_store
from qiangshi.dataio.documents import DocumentInvalid, mapping_read, plain
from qiangshi.dataio.versions import version_next, version_save
from qiangshi.engine.chains import (
    METHOD_VERSION,
    ChainInputInvalid,
    benchmark_table,
    chain_run,
    decision_table,
    fact_table,
    firm_table,
    propose_leaders,
    rule_table,
)
from qiangshi.engine.hashing import input_hash
from qiangshi.enterprises.selectors import fact_year_latest
from qiangshi.enterprises.tables import chain_firm_table
from qiangshi.enterprises.tables import fact_table as registry_facts
from qiangshi.jobs.progress import ProgressCallback, no_progress
from qiangshi.reference.documents import chain_map_text


class ChainRefused(ValueError):
    """A chain action that cannot be done; the message says why in Chinese."""


@transaction.atomic
def chain_save(document: dict, *, based_on: ChainVersion | None, note: str,
               position: int | None = None) -> ChainVersion:
    """Store a chain document as the next version of its code; DocumentInvalid with every
    problem (on its line when `document` came from dataio.documents.yaml_read)."""
    try:
        chain = chain_read(document)
        problems = []
    except DocumentInvalid as invalid:
        chain, problems = None, invalid.problems
    code = str(document.get("code") or "") if isinstance(document, dict) else ""
    if position is None:
        position = based_on.position if based_on else ChainVersion.objects.values("name").distinct().count()
    return version_save(
        ChainVersion, problems=problems, note=note, name=code,
        version=version_next(ChainVersion.objects.filter(name=code), "version"),
        title=chain.name if chain else "", level=chain.level if chain else "",
        position=position, content=plain(document), based_on=based_on,
        created_by=current_actor().name)


def chains_load(text: str, *, note: str) -> list[ChainVersion]:
    """A chain file (one chain or a bundle): every chain checked first; then each chain whose
    content changed is stored as a new version, the unchanged ones are left as they are."""
    document = mapping_read(text, NOT_A_MAPPING)
    documents = bundle_chains(document)
    problems = []
    for chain in documents:
        try:
            chain_read(chain)
        except DocumentInvalid as invalid:
            problems += invalid.problems
    codes = [str(chain.get("code")) for chain in documents if isinstance(chain, dict)]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    problems += [f"产业链代码 {code} 在文件中重复出现" for code in repeated]
    if problems:
        raise DocumentInvalid(problems)
    saved = []
    with transaction.atomic():
        for position, chain in enumerate(documents):
            stored = newest(chain["code"])
            if stored is not None and stored.content == plain(chain):
                saved.append(stored)
                continue
            saved.append(chain_save(chain, based_on=stored, note=note,
                                    position=stored.position if stored else position))
    return saved


def newest(code: str) -> ChainVersion | None:
    return ChainVersion.objects.filter(name=code).order_by("-version").first()


def chains_ensure() -> list[ChainVersion]:
    """Every chain's newest version; the city's packaged map is loaded when none is stored."""
    if not ChainVersion.objects.exists():
        text = chain_map_text(settings.CHAIN_MAP)
        if text is None:
            raise ChainRefused(f"没有名为 {settings.CHAIN_MAP} 的内置产业链图谱")
        chains_load(text, note="平台内置产业链图谱")
    latest = ChainVersion.objects.values("name").annotate(v=Max("version"))
    wanted = {row["name"]: row["v"] for row in latest}
    versions = [v for v in ChainVersion.objects.filter(name__in=wanted)
                if v.version == wanted[v.name]]
    return sorted(versions, key=lambda v: (v.position, v.name))


def _engine_inputs(year: int, maps: list[ChainMap]):
    """The engine's tables: firms, nodes, the year's facts with last year's revenue, the
    registry by place (a firm's zone, else its district) for relatedness, decisions, edges."""
    firms = chain_firm_table()
    facts = registry_facts(years=(year - 1, year))
    prior = facts.filter(pl.col("year") == year - 1).select(
        "enterprise_id", pl.col("revenue").alias("prior_revenue"))
    joined = (facts.filter(pl.col("year") == year).join(prior, on="enterprise_id", how="left")
              .join(firms, on="enterprise_id"))
    ids = pl.col("enterprise_id").cast(pl.Utf8)
    engine_facts = fact_table(joined.select(
        ids, "revenue", "prior_revenue", "profit", pl.col("tax_paid").alias("tax"),
        pl.col("rd_expense").alias("rd"), "above_scale"))
    registry = joined.select(pl.coalesce("zone", "region").alias("region"), "industry_code",
                             "revenue").drop_nulls()
    engine_firms = firm_table(firms.select(ids, "name", "industry_code", pl.col("products").fill_null("")))
    nodes = pl.concat([m.nodes for m in maps])
    edges = pl.concat([m.edges for m in maps])
    stored = Decision.objects.filter(chain__in=[m.code for m in maps]).values_list(
        "enterprise_id", "chain", "node", "decision")
    decisions = pl.DataFrame(list(stored), orient="row", schema={
        "enterprise_id": pl.Int64, "chain": pl.Utf8, "node": pl.Utf8, "decision": pl.Utf8,
    }).with_columns(ids)
    # A decision on a node that a later map version renamed or removed no longer applies.
    decisions = decisions.join(nodes.select("chain", "node"), on=["chain", "node"], how="semi")
    return engine_firms, nodes, engine_facts, registry, decision_table(decisions, nodes), edges


def run_create(*, year: int | None = None, job_id: int | None = None,
               progress: ProgressCallback = no_progress) -> Run:
    """Attach every firm, figure and rate every node, relate and rank, for `year` (the newest
    year with facts by default), and keep the run (an identical earlier run is returned)."""
    progress(0, 4, "读取产业链图谱与企业数据")
    versions = chains_ensure()
    year = year or fact_year_latest()
    if year is None:
        raise ChainRefused("企业库中尚无年度数据，无法测算产业链")
    maps = [chain_read(v.content) for v in versions]
    firms, nodes, facts, registry, decisions, edges = _engine_inputs(year, maps)
    rules = rule_table()
    benchmark = Benchmark.objects.first()
    shares = benchmark_table(benchmark.shares if benchmark else None)
    fingerprint = input_hash(firms, nodes, facts, registry, decisions, edges, rules, shares,
                             method=METHOD_VERSION, parameters={"year": year})
    same = Run.objects.filter(year=year, input_hash=fingerprint).first()
    if same is not None and same.pk == Run.objects.values_list("pk", flat=True).first():
        monitoring_store(same)
        progress(4, 4, f"输入未变，沿用产业链测算批次 #{same.pk}")
        return same
    progress(1, 4, f"挂接 {firms.height} 家企业到 {nodes.height} 个节点，计算节点指标与强弱")
    try:
        result = chain_run(firms, nodes, facts, registry, rules, decisions=decisions, edges=edges,
                           benchmark=shares if benchmark else None)
    except ChainInputInvalid as invalid:
        raise ChainRefused("；".join(invalid.problems)) from None
    leaders = propose_leaders(result.attachments, facts)
    progress(2, 4, "保存节点、产业链与挂接企业")
    with transaction.atomic():
        run = Run.objects.create(
            year=year, input_hash=fingerprint, method_version=METHOD_VERSION,
            versions={v.name: v.pk for v in versions}, benchmark=benchmark, chain_count=len(versions),
            firm_count=result.attachments["enterprise_id"].n_unique(),
            computed_by=current_actor().name, job_id=job_id)
        _store(run, versions, result)
        monitoring_store(run)
        progress(3, 4, "更新链主企业提名")
        _leaders_store(leaders)
    progress(4, 4, f"已完成{year}年产业链测算：{len(versions)} 条产业链，{run.firm_count} 家企业")
    return run


def _store(run: Run, versions: list[ChainVersion], result) -> None:
    by_code = {v.name: v for v in versions}
    ChainResult.objects.bulk_create([
        ChainResult(run=run, chain=row["chain"], version=by_code[row["chain"]], firms=row["firms"],
                    above_scale_firms=row["above_scale_firms"], revenue=row["revenue"] or 0,
                    growth=row["growth"], profit=row["profit"] or 0, tax=row["tax"] or 0,
                    rd=row["rd"] or 0, city_share=row["city_share"])
        for row in _all_chains(result.chains, versions).iter_rows(named=True)])
    order = pl.concat([
        pl.DataFrame({"chain": v.name, "node": [n["name"] for n in v.content["nodes"]]})
        .with_row_index("position") for v in versions])
    nodes = (result.nodes.join(order, on=["chain", "node"], how="left")
             .join(result.targets.select("chain", "node", "density", "score", "rank", "reasons"),
                   on=["chain", "node"], how="left"))
    NodeResult.objects.bulk_create([
        NodeResult(run=run, chain=row["chain"], node=row["node"], segment=row["segment"],
                   position=row["position"], codes=row["codes"], firms=row["firms"],
                   above_scale_firms=row["above_scale_firms"], revenue=row["revenue"],
                   growth=row["growth"], profit=row["profit"], tax=row["tax"], rd=row["rd"],
                   top_share=row["top_share"],
                   top_firm_id=int(row["top_firm"]) if row["top_firm"] is not None else None,
                   city_share=row["city_share"], lq=row["lq"], rating=row["rating"],
                   dependent=bool(row["dependent"]), reason=row["reason"][:500],
                   density=row["density"], score=row["score"], target_rank=row["rank"],
                   target_reasons=(row["reasons"] or "")[:500])
        for row in nodes.iter_rows(named=True)], batch_size=1000)
    Attachment.objects.exclude(run=run).delete()
    Attachment.objects.bulk_create([
        Attachment(run=run, enterprise_id=int(row["enterprise_id"]), chain=row["chain"],
                   node=row["node"], basis=row["basis"], reason=row["reason"][:300])
        for row in result.attachments.iter_rows(named=True)], batch_size=2000)


def _all_chains(chains: pl.DataFrame, versions: list[ChainVersion]) -> pl.DataFrame:
    """Every chain of the run, one with no firm at all shown with zeros."""
    codes = pl.DataFrame({"chain": [v.name for v in versions]})
    return codes.join(chains, on="chain", how="left").with_columns(
        pl.col("firms", "above_scale_firms").fill_null(0))


def _leaders_store(leaders: pl.DataFrame) -> None:
    """Proposals follow the newest run: a new candidate is proposed, a proposal the rule no
    longer makes is withdrawn; the task force's confirmations and rejections are kept."""
    wanted = {(row["chain"], int(row["enterprise_id"])): row["reason"]
              for row in leaders.iter_rows(named=True)}
    decided = set(Leader.objects.exclude(status=Leader.Status.PROPOSED)
                  .values_list("chain", "enterprise_id"))
    Leader.objects.filter(status=Leader.Status.PROPOSED).delete()
    Leader.objects.bulk_create([
        Leader(chain=chain, enterprise_id=firm, status=Leader.Status.PROPOSED, rule=reason[:300])
        for (chain, firm), reason in wanted.items() if (chain, firm) not in decided])
    for (chain, firm), reason in wanted.items():
        if (chain, firm) in decided:
            Leader.objects.filter(chain=chain, enterprise_id=firm).update(rule=reason[:300])


def decision_set(*, user, enterprise, chain: str, node: str, decision: str, note: str = "") -> Decision:
    """The task force confirms or rejects a firm at a node (or withdraws its decision with
    decision ""); the chain must be in the user's scope and the node on its newest map."""
    chain_in_scope(user, chain)
    version = newest(chain)
    if version is None or node not in {n["name"] for n in version.content.get("nodes", [])}:
        raise ChainRefused("该节点不在本产业链图谱中")
    if decision == "":
        Decision.objects.filter(enterprise=enterprise, chain=chain, node=node).delete()
        return None
    if decision not in Decision.Kind.values:
        raise ChainRefused("判定应为 确认挂接 或 否定挂接")
    stored, _ = Decision.objects.update_or_create(
        enterprise=enterprise, chain=chain, node=node,
        defaults={"decision": decision, "note": note[:300], "decided_by": current_actor().name})
    return stored


def leader_decide(*, user, leader: Leader, status: str, note: str = "") -> Leader:
    """The task force confirms or rejects a 链主 (who and when kept)."""
    chain_in_scope(user, leader.chain)
    if status not in (Leader.Status.CONFIRMED, Leader.Status.REJECTED):
        raise ChainRefused("请选择 确认 或 否定")
    leader.status, leader.note = status, note[:300]
    leader.decided_by, leader.decided_at = current_actor().name, timezone.now()
    leader.save()
    return leader


def leader_add(*, user, chain: str, enterprise, note: str = "") -> Leader:
    """A 链主 named by the task force itself, confirmed at once."""
    chain_in_scope(user, chain)
    leader, _ = Leader.objects.update_or_create(
        chain=chain, enterprise=enterprise,
        defaults={"status": Leader.Status.CONFIRMED, "note": note[:300],
                  "decided_by": current_actor().name, "decided_at": timezone.now()})
    return leader


def chain_in_scope(user, chain: str) -> None:
    """ChainRefused unless `user` may write to `chain`: the whole city, or the chain's own
    task force (产业链范围), checked on the stored chain, not on what a form says."""
    if user is None or user.is_superuser or user.scope_all or chain in (user.chain_codes or []):
        return
    raise ChainRefused("超出您的数据范围：只能维护本产业链")


def chain_document_save(user, document, *, based_on: ChainVersion, note: str) -> ChainVersion:
    """An edited chain document saved as the next version of the chain it was based on: the
    user must be the chain's task force or see the whole city, and the code cannot change
    (a chain is renamed by its name, never moved onto another chain's versions)."""
    chain_in_scope(user, based_on.name)
    if isinstance(document, dict) and document.get("code") != based_on.name:
        raise DocumentInvalid([f"code：产业链代码不能修改（应为 {based_on.name}）"])
    return chain_save(document, based_on=based_on, note=note)


def benchmark_load(rows: pl.DataFrame, *, name: str, source: str, year: int) -> Benchmark:
    """A location-quotient benchmark from a table of 行业代码 with 占比 (0–1) or 营业收入 by
    industry (shares of the table's total): checked whole by the engine, refused in Chinese;
    its source is required, since a quotient is only as good as what it is measured against."""
    problems = [] if source.strip() else ["请写明基准的来源（如 山东统计年鉴2024 表13-5）"]
    if not name.strip():
        problems.append("请写明基准的名称")
    if "share" not in rows.columns and "revenue" in rows.columns:
        rows = rows.with_columns((pl.col("revenue") / pl.col("revenue").sum()).alias("share"))
    if "share" not in rows.columns or "industry_code" not in rows.columns:
        problems.append("基准表须有 行业代码 列，以及 占比 或 营业收入 列")
    if problems:
        raise ChainRefused("；".join(problems))
    # A spreadsheet reads 0111 as the number 111: codes are written back to their four digits.
    try:
        shares = benchmark_table(rows.select(pl.col("industry_code").cast(pl.Utf8).str.zfill(4), "share"))
    except ChainInputInvalid as invalid:
        raise ChainRefused("；".join(invalid.problems)) from None
    return Benchmark.objects.create(name=name.strip()[:200], source=source.strip()[:300], year=year,
                                    shares=shares.to_dicts(), loaded_by=current_actor().name)
