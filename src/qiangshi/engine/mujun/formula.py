"""Formulas of the method's indicators: which facts they use, and compiled to polars.

A formula is a Python expression over the yearly facts (``FACT_NUMBERS``), numbers,
``+ - * /``, brackets and ``coalesce``/``min``/``max``; it is checked on its syntax tree
(never evaluated as Python) and compiled from that tree to a polars expression.
"""

from __future__ import annotations

import ast

import polars as pl

from .schema import FACT_NUMBERS, FORMULA_FUNCTIONS, MethodInvalid


def formula_columns(formula: str) -> tuple[list[str], list[str]]:
    """The fact columns a formula uses, and its problems (Chinese)."""
    problems: list[str] = []
    columns: list[str] = []
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        return [], [f"公式无法解析：{formula!r}"]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Expression):
            visit(node.body)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            visit(node.left)
            visit(node.right)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            visit(node.operand)
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            pass
        elif isinstance(node, ast.Name):
            if node.id not in FACT_NUMBERS:
                problems.append(f"公式中的数据项 {node.id!r} 不存在（可用：{'、'.join(FACT_NUMBERS)}）")
            elif node.id not in columns:
                columns.append(node.id)
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in FORMULA_FUNCTIONS and not node.keywords and len(node.args) >= 2
        ):
            for arg in node.args:
                visit(arg)
        else:
            problems.append(
                f"公式 {formula!r} 含不支持的写法（只能用数据项、数字、+ - * /、括号和 "
                f"{'/'.join(FORMULA_FUNCTIONS)}(…)）"
            )

    visit(tree)
    if not columns and not problems:
        problems.append(f"公式 {formula!r} 未使用任何数据项")
    return columns, problems


def formula_is_ratio(formula: str) -> bool:
    """True when the formula's top operation is a division (needed by benchmark mode aggregate)."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        return False
    return isinstance(tree.body, ast.BinOp) and isinstance(tree.body.op, ast.Div)


def _compile(node: ast.AST) -> pl.Expr:
    """A validated formula AST as a polars expression (division by ≤ 0 or missing → missing)."""
    if isinstance(node, ast.Expression):
        return _compile(node.body)
    if isinstance(node, ast.BinOp):
        left, right = _compile(node.left), _compile(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return pl.when(right > 0).then(left / right)
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Constant):
        return pl.lit(float(node.value))
    if isinstance(node, ast.Name):
        return pl.col(node.id)
    if isinstance(node, ast.Call):
        args = [_compile(arg) for arg in node.args]
        function = {"coalesce": pl.coalesce, "min": pl.min_horizontal, "max": pl.max_horizontal}
        return function[node.func.id](args)
    raise MethodInvalid([f"公式含不支持的写法：{ast.dump(node)}"])  # unreachable after validation


def compile_formula(formula: str) -> pl.Expr:
    return _compile(ast.parse(formula, mode="eval"))


def ratio_parts(formula: str) -> tuple[pl.Expr, pl.Expr]:
    body = ast.parse(formula, mode="eval").body
    assert isinstance(body, ast.BinOp)  # noqa: S101 - guaranteed by validation (aggregate mode)
    return _compile(body.left), _compile(body.right)
