"""Demo target lists and carriers: fictional external firms (marked 演示) on the weak and
missing nodes of several chains, followed through events at every stage, one landed and
linked to a demo project of its chain; fictional carriers in a few districts and zones
suiting those nodes. Built over the newest chain run (chains.demo loads it first)."""

import datetime
import re

from qiangshi.accounts.models import Region
from qiangshi.chains.lists_services import event_add
from qiangshi.chains.models import NodeResult, Run
from qiangshi.chains.models_lists import Carrier, TargetEvent, TargetFirm
from qiangshi.projects.selectors import chain_project_codes

DEMO = "（演示）"
PLACES = ("江苏省苏州市", "广东省深圳市", "上海市", "浙江省宁波市", "安徽省合肥市", "北京市",
          "湖北省武汉市", "四川省成都市")
HEADS = ("恒芯", "瑞拓", "华擎", "启明", "博远", "中拓", "远峰", "凯越", "天工", "晟达")
SCALES = ("行业前十，年营收约 {:.0f} 亿元", "细分领域龙头，年营收约 {:.0f} 亿元",
          "专精特新“小巨人”，年营收约 {:.0f} 亿元")
# Stages the demo targets end in, and the events that take them there.
PATHS = (
    (),
    ((TargetEvent.Kind.CONTACT, 120),),
    ((TargetEvent.Kind.CONTACT, 150), (TargetEvent.Kind.FIRST_TALK, 110)),
    ((TargetEvent.Kind.FIRST_TALK, 160), (TargetEvent.Kind.NEGOTIATION, 90)),
    ((TargetEvent.Kind.CONTACT, 200), (TargetEvent.Kind.NEGOTIATION, 120),
     (TargetEvent.Kind.TOP_PUSH, 60)),
    ((TargetEvent.Kind.FIRST_TALK, 240), (TargetEvent.Kind.NEGOTIATION, 150),
     (TargetEvent.Kind.SIGNED, 45)),
)
CARRIERS = (("智造产业园", Carrier.Kind.PARK, 1500, 220, 36000),
            ("标准厂房集中区", Carrier.Kind.FACTORY, 300, 40, 82000),
            ("先进制造业地块", Carrier.Kind.LAND, 260, 260, None),
            ("先进制造产业片区", Carrier.Kind.ZONE, 5200, 640, 120000))
CHAINS = 5  # chains given a target list
PER_CHAIN = 4


def _nodes() -> dict[str, list[NodeResult]]:
    """The ranked 补链 nodes of the newest run, the chains with most of them first."""
    run = Run.objects.first()
    by_chain: dict[str, list[NodeResult]] = {}
    for node in run.nodes.filter(score__isnull=False).order_by("chain", "target_rank"):
        by_chain.setdefault(node.chain, []).append(node)
    ordered = sorted(by_chain, key=lambda code: (code != "new-energy-vehicle", -len(by_chain[code])))
    return {code: by_chain[code][:PER_CHAIN] for code in ordered[:CHAINS]}


def _trade(node: str) -> str:
    """A firm-name word from a node's name: its first term, without brackets or slashes."""
    return re.split(r"[（(/:：、与]", node.removeprefix("应用:"))[0][:8]


def _targets(nodes: dict[str, list[NodeResult]], today: datetime.date) -> int:
    count = 0
    for code, chain_nodes in nodes.items():
        for node in chain_nodes:
            head, revenue = HEADS[count % len(HEADS)], float(100_000 + 35_000 * count)
            target = TargetFirm.objects.create(
                chain=code, node=node.node, name=f"{head}{_trade(node.node)}科技有限公司{DEMO}",
                location=PLACES[count % len(PLACES)], products=node.node,
                scale=SCALES[count % len(SCALES)].format(revenue / 10_000), revenue=revenue,
                contact=f"招商专员{count + 1:02d}{DEMO}",
                mode=TargetFirm.Mode.BUILD if node.rating == "missing" else TargetFirm.Mode.FILL)
            # stepping by 5 gives the first chain (the demo task force's) a signed target
            for kind, days in PATHS[count * 5 % len(PATHS)]:
                event_add(user=None, target=target, kind=kind, on=today - datetime.timedelta(days=days),
                          note=f"演示：{TargetEvent.Kind(kind).label}")
            count += 1
    return count


def _landing(nodes: dict[str, list[NodeResult]], today: datetime.date) -> str:
    """The first signed target of a chain with demo projects lands as one of them."""
    for code in nodes:
        projects = chain_project_codes(code)
        target = TargetFirm.objects.filter(chain=code, stage=TargetFirm.Stage.SIGNED).first()
        if target is None or not projects:
            continue
        event_add(user=None, target=target, kind=TargetEvent.Kind.LANDED, on=today,
                  note="演示：项目落地", project_code=projects[0])
        return target.name
    return ""


def _carriers(nodes: dict[str, list[NodeResult]]) -> int:
    regions = [*Region.objects.filter(kind=Region.Kind.DISTRICT).order_by("sort_order")[:4],
               *Region.objects.filter(kind=Region.Kind.ZONE).order_by("sort_order")[:2]]
    suits = [{"chain": code, "node": node.node} for code, chain_nodes in nodes.items()
             for node in chain_nodes]
    count = 0
    for index, region in enumerate(regions):
        name, kind, total, free, floor = CARRIERS[index % len(CARRIERS)]
        Carrier.objects.create(
            name=f"{region.short_name}{name}{DEMO}", region=region, kind=kind, total_area=total,
            free_area=free, free_floor=floor, note="演示数据",
            suits=suits[index::len(regions)] + ([{"chain": "new-energy-vehicle", "node": ""}]
                                                if index == 0 else []))
        count += 1
    return count


def demo_lists_load(stdout) -> None:
    if TargetFirm.objects.exists() or not Run.objects.exists():
        return
    today = datetime.date.today()
    nodes = _nodes()
    targets = _targets(nodes, today)
    landed = _landing(nodes, today)
    carriers = _carriers(nodes)
    stdout.write(f"目标企业：{targets} 家（{len(nodes)} 条产业链）"
                 + (f"，{landed} 已落地并关联项目" if landed else "") + f"；落地载体：{carriers} 个。")
