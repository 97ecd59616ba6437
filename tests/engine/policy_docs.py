"""Small policy documents for the policy engine's tests: one clause, built from its parts."""

from qiangshi.engine.policies import case_firms, match, policy_read


def document(*clauses: dict, parameters: dict | None = None, **top) -> dict:
    doc = {
        "code": "test-policy",
        "title": "测试政策",
        "doc_no": "济政发〔2019〕1号",
        "issuer": "济南市人民政府",
        "in_force": {"from": "2019-01-01"},
        "category": "奖补",
        "delivery": "免申即享",
        "department": "市工业和信息化局",
        "phone": "12345",
        "clauses": list(clauses),
    }
    if parameters:
        doc["parameters"] = parameters
    return {**doc, **top}


def clause(code: str = "c1", conditions: list | None = None, amount: dict | None = None, **more) -> dict:
    return {
        "code": code,
        "article": "第2条",
        "title": more.pop("title", "测试条款"),
        "conditions": conditions or [],
        "amount": amount or {"kind": "fixed", "value": 30},
        "tests": more.pop("tests", [{"firm": {}, "year": 2024, "eligible": not conditions}]),
        **more,
    }


def run(doc: dict, firms: list[dict], year: int = 2024, keep: str = "all") -> list[dict]:
    """The match rows of `firms` (facts by field; uscc F0, F1 … in order) under `doc`."""
    table = case_firms([{"uscc": f"F{i}", **f} for i, f in enumerate(firms)])
    return match([policy_read(doc)], table, year, keep=keep).sort(["uscc", "clause"]).to_dicts()


def amounts(amount: dict, firms: list[dict], year: int = 2024, parameters: dict | None = None) -> list[float]:
    """The amount each firm gets under a clause with no conditions and the given `amount`."""
    rows = run(document(clause(amount=amount), parameters=parameters), firms, year)
    return [r["amount"] for r in rows]
