"""Scope on write: which rows of a file a user may create or change.

Reading is scoped by accounts.scoping; an import writes, and must check two rows: the row
as the file gives it (it must lie in the user's scope) and the row already STORED that it
would change (the user must be able to see it). Otherwise a district user could rename
another district's firm by naming its own district in the file. Moving a row to another
district is an analyst's action (scope_all); the importer audits it with old and new value.
A user of None (the command line) may write everything.
"""

import polars as pl

from qiangshi.accounts.scoping import scope_filter, user_sees_everything
from qiangshi.dataio.validation import Check

FILE_OUT_OF_SCOPE = "超出您的数据范围：只能导入本地区的数据"
STORED_OUT_OF_SCOPE = "超出您的数据范围：库中这条记录属于其他地区，您不能修改"
MOVE_NEEDS_ANALYST = "变更所在区县只能由全市数据权限的分析人员操作"


def writes_everywhere(user) -> bool:
    return user is None or user_sees_everything(user)


def visible_ids(model, user, ids: list[int]) -> list[int]:
    """The ids among `ids` of stored `model` rows the user may see (and so change)."""
    if writes_everywhere(user):
        return list(ids)
    return list(scope_filter(model.objects.filter(pk__in=ids), user=user)
                .values_list("pk", flat=True))


def write_scope_checks(user, *, header: str, column: str, file_in_scope: pl.Expr,
                       stored_id: str, visible: list[int],
                       moved: pl.Expr | None = None) -> list[Check]:
    """The row of the file must be in scope, the stored row it changes (id in `stored_id`,
    null for a new row) must be one of `visible`, and only an analyst may move it
    (`moved`: the row names another region than the stored one)."""
    if writes_everywhere(user):
        return []
    stored = pl.col(stored_id).is_not_null()
    checks = [Check(header, column, FILE_OUT_OF_SCOPE, ~file_in_scope),
              Check(header, column, STORED_OUT_OF_SCOPE, stored & ~pl.col(stored_id).is_in(visible))]
    if moved is not None and not user_sees_everything(user):
        checks.append(Check(header, column, MOVE_NEEDS_ANALYST, stored & moved))
    return checks
