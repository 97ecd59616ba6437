import json
from pathlib import Path

import polars as pl
from django.core.management.base import BaseCommand, CommandError

from qiangshi.chains.models import ChainResult, ChainVersion, NodeResult
from qiangshi.chains.selectors import run_latest
from qiangshi.chains.services import ChainRefused, benchmark_load, chains_load
from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.dataio.tables import TableFileError, header_key, read_sheets
from qiangshi.jobs.command import job_in_command

RATINGS = dict(NodeResult.Rating.choices)
BENCHMARK_COLUMNS = {"行业代码": "industry_code", "占比": "share", "营业收入": "revenue"}


def _newest() -> list[ChainVersion]:
    """Every chain's newest stored version, in the map's order."""
    newest: dict[str, ChainVersion] = {}
    for version in ChainVersion.objects.order_by("name", "-version"):
        newest.setdefault(version.name, version)
    return sorted(newest.values(), key=lambda v: (v.position, v.name))


def _chain(code: str) -> ChainVersion:
    version = ChainVersion.objects.filter(name=code).order_by("-version").first()
    if version is None:
        raise CommandError(f"没有代码为 {code} 的产业链（qiangshi chains list 列出全部产业链）")
    return version


def _nodes(code: str):
    """The chain's node results of the newest run; an error when no run is stored."""
    run = run_latest()
    if run is None:
        raise CommandError("尚未进行产业链测算，请先运行 qiangshi chains run")
    return NodeResult.objects.filter(run=run, chain=code)


class Command(BaseCommand):
    help = ("产业链：list 列出产业链；map 某链的节点与强弱；targets 某链的补链目标排序；"
            "run 运行产业链测算；load 载入产业链图谱 YAML 文件；benchmark 载入区位熵基准。")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="列出产业链：代码、名称、层级、节点数、挂接企业数")
        chain_map = actions.add_parser("map", help="某条产业链的节点：环节、企业数、营收、强弱、区位熵")
        chain_map.add_argument("code", help="产业链代码，如 new-energy-vehicle")
        targets = actions.add_parser("targets", help="某条产业链的补链目标（薄弱与缺失节点）排序、得分与理由")
        targets.add_argument("code", help="产业链代码")
        for parser_ in (listing, chain_map, targets):
            parser_.add_argument("--json", action="store_true", dest="as_json", help="输出 JSON")
        run = actions.add_parser("run", help="运行产业链测算（挂接、节点指标与强弱、补链排序、运行监测）")
        run.add_argument("--year", type=int, default=None, help="数据年度（默认：企业库最新年度）")
        load = actions.add_parser("load", help="载入产业链图谱 YAML 文件（内容有变的链存为新版本）")
        load.add_argument("file")
        load.add_argument("--note", required=True, help="版本说明")
        benchmark = actions.add_parser(
            "benchmark", help="载入区位熵基准（.xlsx 或 .csv：行业代码，以及占比或营业收入）")
        benchmark.add_argument("file")
        benchmark.add_argument("--name", required=True, help="基准名称，如 山东省规上工业分行业营业收入")
        benchmark.add_argument("--source", required=True, help="来源，如 山东统计年鉴2024 表13-5")
        benchmark.add_argument("--year", type=int, required=True, help="基准数据年度")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _print(self, rows: list[dict], as_json: bool, line) -> None:
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(line(row))

    def _list(self, as_json=False, **options):
        run = run_latest()
        firms = {} if run is None else dict(
            ChainResult.objects.filter(run=run).values_list("chain", "firms"))
        rows = [{"code": v.name, "name": v.title, "level": v.level,
                 "nodes": len(v.content.get("nodes") or []), "firms": firms.get(v.name)}
                for v in _newest()]
        if not rows and not as_json:
            self.stdout.write("尚未载入产业链图谱（qiangshi chains load 文件 --note 说明）。")
        self._print(rows, as_json, lambda r: (
            f"{r['name']}（{r['level']}）：{r['nodes']} 个节点，"
            f"{'—' if r['firms'] is None else r['firms']} 家挂接企业"))

    def _map(self, code, as_json=False, **options):
        version = _chain(code)
        rows = [{"segment": n.segment, "node": n.node, "codes": n.codes, "firms": n.firms,
                 "revenue": n.revenue, "strength": n.rating, "lq": n.lq}
                for n in _nodes(code).order_by("position")]
        if not as_json:
            self.stdout.write(f"{version.title}：{len(rows)} 个节点（营业收入单位：万元）")
        self._print(rows, as_json, lambda r: (
            f"{r['segment']}｜{r['node']}：{r['firms']} 家，营收 {r['revenue']:,.2f}，"
            f"{RATINGS.get(r['strength'], r['strength'])}，区位熵 "
            f"{'未载入基准' if r['lq'] is None else format(r['lq'], '.2f')}"))

    def _targets(self, code, as_json=False, **options):
        version = _chain(code)
        rows = [{"rank": n.target_rank, "segment": n.segment, "node": n.node, "strength": n.rating,
                 "score": n.score, "density": n.density, "reasons": n.target_reasons}
                for n in _nodes(code).filter(target_rank__isnull=False).order_by("target_rank")]
        if not as_json:
            self.stdout.write(f"{version.title}：{len(rows)} 个补链目标节点")
        self._print(rows, as_json, lambda r: (
            f"第{r['rank']}位 {r['segment']}｜{r['node']}（{RATINGS.get(r['strength'], r['strength'])}）"
            f"：得分 {r['score']:.3f}；{r['reasons']}"))

    def _run(self, year=None, **options):
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError("数据年度应为 2000 至 2100 之间的整数")
        run = job_in_command(self, "chain_run", year=year)
        self.stdout.write(f"产业链测算批次 #{run.pk}：{run.year}年，{run.chain_count} 条产业链，"
                          f"{run.firm_count} 家企业。")

    def _load(self, file, note, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        try:
            saved = chains_load(path.read_text(encoding="utf-8"), note=note)
        except (DocumentInvalid, UnicodeDecodeError) as invalid:
            messages = invalid.messages if isinstance(invalid, DocumentInvalid) else ["文件不是 UTF-8 文本"]
            raise CommandError("产业链图谱有误：" + "；".join(messages)) from None
        for version in saved:
            self.stdout.write(f"{version.title}：第 {version.version} 版")

    def _benchmark(self, file, name, source, year, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}")
        try:
            frame = next(iter(read_sheets(path.read_bytes(), path.name).values()))
        except TableFileError as error:
            raise CommandError(f"基准文件无法读取：{error}") from None
        columns = {header_key(c): c for c in frame.columns}
        renamed = {columns[key]: field for key, field in BENCHMARK_COLUMNS.items() if key in columns}
        rows = frame.select(list(renamed)).rename(renamed).with_columns(
            pl.col(c).cast(pl.Float64, strict=False) for c in ("share", "revenue") if c in renamed.values())
        try:
            benchmark = benchmark_load(rows, name=name, source=source, year=year)
        except ChainRefused as refused:
            raise CommandError(f"未载入基准：{refused}") from None
        self.stdout.write(f"已载入区位熵基准 {benchmark}：{len(benchmark.shares)} 个行业。"
                          "下次产业链测算起按此基准计算区位熵。")
