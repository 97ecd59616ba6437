"""A small hand-worked registry for the chain engine's tests.

Two chains. 新能源汽车: 动力电池 (上游, 3841, 动力电池/电芯), 驱动电机 (上游, 3812, 电机),
整车 (中游, 3612, 整车), 充电设施 (下游, 3829, 充电桩), 检测 (支撑, 7452). 工程机械: 液压件
(上游, 3444, 液压), 挖掘机 (中游, 3514). Firms (revenue 万元, prior year):

F1 3841 锂电池 600 / 500 · F2 3990 “电芯 模组” 300 / — · F3 3841 “动力电池” 100 / 100
F4 3444 “液压电机” 200 / 160 · F5 3612 (rejected on 整车) 400 / 400 · F6 1234 (confirmed on
充电设施) 50 / 40 · F7 9999 outside every chain 1000 / 1000. City revenue 2650.
"""

from __future__ import annotations

from qiangshi.engine.chains import decision_table, fact_table, firm_table, node_table

NEV, MACH = "新能源汽车", "工程机械"


def nodes():
    return node_table(
        [
            {
                "chain": NEV,
                "node": "动力电池",
                "segment": "上游",
                "codes": ["3841"],
                "keywords": ["动力电池", "电芯"],
            },
            {"chain": NEV, "node": "驱动电机", "segment": "上游", "codes": ["3812"], "keywords": ["电机"]},
            {"chain": NEV, "node": "整车", "segment": "中游", "codes": ["3612"], "keywords": ["整车"]},
            {"chain": NEV, "node": "充电设施", "segment": "下游", "codes": ["3829"], "keywords": ["充电桩"]},
            {"chain": NEV, "node": "检测", "segment": "支撑", "codes": ["7452"], "keywords": None},
            {"chain": MACH, "node": "液压件", "segment": "上游", "codes": ["3444"], "keywords": ["液压"]},
            {"chain": MACH, "node": "挖掘机", "segment": "中游", "codes": ["3514"], "keywords": []},
        ]
    )


def firms():
    return firm_table(
        [
            {"enterprise_id": "F1", "name": "甲电池公司", "industry_code": "3841", "products": "锂电池"},
            {"enterprise_id": "F2", "name": "乙科技公司", "industry_code": "3990", "products": "电芯 模组"},
            {"enterprise_id": "F3", "name": "丙能源公司", "industry_code": "3841", "products": "动力电池"},
            {"enterprise_id": "F4", "name": "丁机械公司", "industry_code": "3444", "products": "液压电机"},
            {"enterprise_id": "F5", "name": "戊汽车公司", "industry_code": "3612", "products": "零部件"},
            {"enterprise_id": "F6", "name": "己电气公司", "industry_code": "1234", "products": "配电柜"},
            {"enterprise_id": "F7", "name": "庚食品公司", "industry_code": "9999", "products": "面粉"},
        ]
    )


def decisions():
    return decision_table(
        [
            {"enterprise_id": "F5", "chain": NEV, "node": "整车", "decision": "rejected"},
            {"enterprise_id": "F6", "chain": NEV, "node": "充电设施", "decision": "confirmed"},
            {"enterprise_id": "F1", "chain": NEV, "node": "动力电池", "decision": "confirmed"},
        ],
        nodes(),
    )


def facts():
    rows = [
        ("F1", 600, 500, True),
        ("F2", 300, None, False),
        ("F3", 100, 100, True),
        ("F4", 200, 160, True),
        ("F5", 400, 400, True),
        ("F6", 50, 40, False),
        ("F7", 1000, 1000, True),
    ]
    return fact_table(
        [
            {
                "enterprise_id": firm,
                "revenue": revenue,
                "prior_revenue": prior,
                "profit": revenue / 10,
                "tax": revenue / 20,
                "rd": revenue / 50,
                "above_scale": above,
            }
            for firm, revenue, prior, above in rows
        ]
    )
