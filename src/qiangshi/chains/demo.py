"""Demo chains: the city's packaged map, its 4个1 filled in as an illustration, one run over
the demo registry, the rule's 链主 proposals confirmed for most chains (one rejected, so
both decisions show), and a few attachments decided by the task force."""

from qiangshi.chains.demo_lists import demo_lists_load
from qiangshi.chains.models import Attachment, Leader, Run
from qiangshi.chains.services import (
    chain_save,
    chains_ensure,
    decision_set,
    leader_decide,
    run_create,
)

LEADS = ("市委常委、副市长（演示）", "副市长（演示）")
OFFICES = ("市工业和信息化局产业链推进处（演示）", "市工业和信息化局电子信息产业处（演示）",
           "市工业和信息化局装备工业处（演示）", "市工业和信息化局消费品与医药产业处（演示）")


def _people(index: int) -> dict:
    return {"chain_leader": LEADS[index % len(LEADS)], "lead_office": OFFICES[index % len(OFFICES)],
            "servicer": f"产业链服务员{index + 1:02d}（演示）",
            "members": ["市发展改革委（演示）", "市科技局（演示）", "市投资促进局（演示）"]}


def demo_load(stdout, **_) -> None:
    if Run.objects.exists():
        return
    for index, version in enumerate(chains_ensure()):
        if not any(version.content.get("people", {}).values()):
            chain_save({**version.content, "people": _people(index)}, based_on=version,
                       note="演示：填写“4个1”")
    run = run_create()
    proposals = list(Leader.objects.filter(status=Leader.Status.PROPOSED).order_by("chain", "pk"))
    for number, leader in enumerate(proposals):
        status = Leader.Status.REJECTED if number == 1 else Leader.Status.CONFIRMED
        leader_decide(user=None, leader=leader, status=status, note="演示：专班研究确定")
    rejected = Attachment.objects.filter(basis=Attachment.Basis.KEYWORD).order_by("pk").first()
    if rejected is not None:
        decision_set(user=None, enterprise=rejected.enterprise, chain=rejected.chain,
                     node=rejected.node, decision="rejected", note="演示：名称相近，实为其他产品")
        run = run_create()
    stdout.write(f"产业链：{run.chain_count} 条，{run.firm_count} 家企业挂接（{run.year} 年数据）。")
    demo_lists_load(stdout)
