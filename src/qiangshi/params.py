"""Query-string and form values read the one safe way.

Every view reads request.GET / request.POST through these helpers instead of calling int(),
float() or date.fromisoformat() itself, so that no value a user can type (junk, -1, 99999,
0001-01-01, 1e400, an id beyond the column) reaches the database or the engine. A value that
cannot be used falls back to the default the page would show anyway; an id that cannot name a
row is a 404 (the row does not exist), never a 500.
"""

import datetime
import re

from django.http import Http404

# The platform's calendar: the People's Republic's statistics start in 1949, plans reach 2100.
YEAR_MIN, YEAR_MAX = 1949, 2100
# Row versions of optimistic concurrency live in a positive 32-bit integer column.
VERSION_MAX = 2**31 - 1
DATE_MIN, DATE_MAX = datetime.date(YEAR_MIN, 1, 1), datetime.date(YEAR_MAX, 12, 31)
# Primary keys are BigAutoField (settings.DEFAULT_AUTO_FIELD): positive, below 2**63.
ID_MAX = 2**63 - 1
# Plain ASCII digits only: int() would also take "１２", "1_000" and " 7 ".
_INTEGER = re.compile(r"-?[0-9]{1,19}")
# Plain decimal notation: float() would also take "nan", "inf", "1e400" and "1_000".
_NUMBER = re.compile(r"-?(?:[0-9]{1,15}(?:\.[0-9]{0,15})?|\.[0-9]{1,15})")


def integer(text, *, low: int, high: int) -> int | None:
    """The integer the text spells, if it lies in [low, high]; else None."""
    text = (text or "").strip()
    if not _INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def int_param(params, name: str, default: int | None = None, *, low: int, high: int) -> int | None:
    value = integer(params.get(name), low=low, high=high)
    return default if value is None else value


def year_param(params, name: str, default: int | None = None) -> int | None:
    return int_param(params, name, default, low=YEAR_MIN, high=YEAR_MAX)


def id_param(params, name: str) -> int:
    """A row id from the request, or 404: an id that is not a positive integer names no row."""
    value = integer(params.get(name), low=1, high=ID_MAX)
    if value is None:
        raise Http404("参数不是有效的编号")
    return value


def id_list_param(params, name: str) -> list[int]:
    """The row ids of a multi-valued field (ticked boxes); values that cannot name a row are
    left out."""
    found = (integer(text, low=1, high=ID_MAX) for text in params.getlist(name))
    return [value for value in found if value is not None]


def number_param(params, name: str, default: float | None = None, *, low: float, high: float
                 ) -> float | None:
    """A plain decimal number within [low, high] (a percentage, a weight), else the default."""
    text = (params.get(name) or "").strip()
    if not _NUMBER.fullmatch(text):
        return default
    value = float(text)
    return value if low <= value <= high else default


def date_of(text) -> datetime.date | None:
    """The ISO date (YYYY-MM-DD) the text spells, within the platform's calendar; else None."""
    try:
        value = datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return value if DATE_MIN <= value <= DATE_MAX else None


def date_param(params, name: str, default: datetime.date | None = None) -> datetime.date | None:
    value = date_of(params.get(name))
    return default if value is None else value


def choice_param(params, name: str, choices, default: str = "") -> str:
    """The value if it is one of the choices (any container of str), else the default."""
    value = params.get(name)
    return value if isinstance(value, str) and value in choices else default
