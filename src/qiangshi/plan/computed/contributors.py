"""The firms behind a computed figure, read for the indicator page: computed on request from
the same panel as the figure, never stored."""

from qiangshi.engine.aggregate import contributors
from qiangshi.enterprises.selectors import enterprises_by_pk
from qiangshi.plan.computed.panel import registry_panel
from qiangshi.plan.models import ComputedFigure

CONTRIBUTORS_SHOWN = 500


def contributing_firms(figure: ComputedFigure, *, user) -> list[tuple[object, float | None]]:
    """The firms behind a computed figure, in the user's scope, with the value each adds
    (none for figures counted from the project pipeline)."""
    if figure.indicator.formula.get("source") == "projects":
        return []
    panel = registry_panel(figure.indicator.plan)
    rows = contributors(panel, figure.indicator.formula, region=figure.region.code,
                        year=figure.year).head(CONTRIBUTORS_SHOWN)
    firms = enterprises_by_pk(rows["enterprise_id"].to_list(), user=user)
    return [(firms[pk], value) for pk, value in rows.iter_rows() if pk in firms]
