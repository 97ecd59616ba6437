"""Who a firm is: its unique company name (and a former one), organisation base, stock code,
founding date and registered capital, drawn as people register them."""

from __future__ import annotations

import numpy as np

from .calibration import DIVISIONS, NAME_OVERRIDES, USCC_ALPHABET, ZIHAO_FIRST, ZIHAO_SECOND
from .draws import choice


def company_names(rng: np.random.Generator, divisions: np.ndarray, codes: np.ndarray,
                  joint_stock: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique company names 济南/山东/泉城/齐鲁 + 字号 + industry word + 有限公司 (or a
    “字号 + word（济南）有限公司” form), and a former name for some firms."""
    n = divisions.size
    words = np.empty(n, dtype=object)
    for division in np.unique(divisions):
        rows = np.flatnonzero(divisions == division)
        words[rows] = choice(rng, DIVISIONS[division][2], np.ones(len(DIVISIONS[division][2])), rows.size)
    for prefix in sorted(NAME_OVERRIDES, key=len):
        rows = np.flatnonzero(np.char.startswith(codes, prefix))
        if rows.size:
            options = NAME_OVERRIDES[prefix]
            words[rows] = choice(rng, options, np.ones(len(options)), rows.size)
    limited = choice(rng, ["有限公司", "有限责任公司"], [0.92, 0.08], n)
    suffix = np.where(joint_stock, "股份有限公司", limited)
    pattern = choice(rng, ["济南", "山东", "泉城", "齐鲁", "（济南）"], [0.55, 0.27, 0.06, 0.06, 0.06], n)
    names = np.empty(n, dtype=object)
    bracket = pattern == "（济南）"
    todo = np.arange(n)
    for _ in range(30):
        first = rng.integers(len(ZIHAO_FIRST), size=todo.size)
        second = rng.integers(len(ZIHAO_SECOND), size=todo.size)
        same = np.asarray(ZIHAO_FIRST)[first] == np.asarray(ZIHAO_SECOND)[second]
        second = np.where(same, (second + 1) % len(ZIHAO_SECOND), second)
        zihao = np.char.add(np.asarray(ZIHAO_FIRST)[first], np.asarray(ZIHAO_SECOND)[second])
        head = np.where(bracket[todo], zihao, np.char.add(pattern[todo].astype(str), zihao))
        own = suffix[todo].astype(str)
        tail = np.where(bracket[todo], np.char.add("（济南）", own), own)
        names[todo] = np.char.add(np.char.add(head, words[todo].astype(str)), tail)
        _, unique = np.unique(names.astype(str), return_index=True)
        todo = np.setdiff1d(np.arange(n), unique)
        if todo.size == 0:
            break
    else:
        raise ValueError("无法生成不重复的企业名称：企业数过多")
    names = names.astype(str)
    # Former names: a joint-stock company was usually a 有限公司 before; some older firms were 厂.
    former = np.full(n, None, dtype=object)
    renamed = joint_stock & (rng.random(n) < 0.8)
    factory = ~joint_stock & ~bracket & (rng.random(n) < 0.05) & (divisions != "65")
    if renamed.any():  # (np.char.replace fails on an empty array)
        former[renamed] = np.char.replace(names[renamed], "股份有限公司", "有限公司")
    if factory.any():
        former[factory] = np.char.add(np.char.replace(
            np.char.replace(names[factory], "有限责任公司", ""), "有限公司", ""), "厂")
    return names, former


def organisation_bases(rng: np.random.Generator, founded_year: np.ndarray) -> np.ndarray:
    """8-character organisation bases, unique: “MA” + 6 for firms founded since 2016, 8 digits
    (the pre-2015 organisation codes) before."""
    n = founded_year.size
    alphabet = np.array(list(USCC_ALPHABET))
    bases = np.empty(n, dtype="<U8")
    todo = np.arange(n)
    for _ in range(30):
        new = founded_year[todo] >= 2016
        digits = alphabet[rng.integers(1, 8, size=todo.size)].astype("<U8")
        for _position in range(7):
            digits = np.char.add(digits, alphabet[rng.integers(0, 10, size=todo.size)])
        ma = np.full(todo.size, "MA", dtype="<U8")
        for _position in range(6):
            ma = np.char.add(ma, alphabet[rng.integers(0, len(alphabet), size=todo.size)])
        bases[todo] = np.where(new, ma, digits)
        _, first = np.unique(bases, return_index=True)
        todo = np.setdiff1d(np.arange(n), first)
        if todo.size == 0:
            return bases
    raise ValueError("无法生成不重复的组织机构代码")


def listing_codes(rng: np.random.Generator, exchanges: np.ndarray, tech: np.ndarray) -> np.ndarray:
    """Stock codes in each exchange's format: 上交所 600/601/603/605 (科创板 688), 深交所
    000/001/002 (创业板 300/301), 北交所 920, 港交所 five digits."""
    n = exchanges.size
    codes = np.empty(n, dtype=object)
    todo = np.arange(n)
    for _ in range(30):
        number = rng.integers(1, 1000, size=todo.size)
        board = rng.random(todo.size)
        sh = np.where(tech[todo] & (board < 0.6), "688",
                      np.asarray(["600", "601", "603", "605"])[rng.integers(4, size=todo.size)])
        sz = np.where(tech[todo] & (board < 0.6), np.asarray(["300", "301"])[rng.integers(2, size=todo.size)],
                      np.asarray(["000", "001", "002"])[rng.integers(3, size=todo.size)])
        where = exchanges[todo]
        prefix = np.select([where == "上交所", where == "深交所", where == "北交所"], [sh, sz, "920"], "")
        six = np.char.add(prefix.astype(str), np.char.zfill(number.astype(str), 3))
        hk = np.char.zfill(rng.integers(100, 10_000, size=todo.size).astype(str), 5)
        codes[todo] = np.where(exchanges[todo] == "港交所", hk, six)
        _, first = np.unique(codes.astype(str), return_index=True)
        todo = np.setdiff1d(np.arange(n), first)
        if todo.size == 0:
            break
    return codes.astype(str)


def dates(rng: np.random.Generator, years: np.ndarray) -> list[str]:
    day = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    day = day + rng.integers(0, 365, size=years.size).astype("timedelta64[D]")
    return np.datetime_as_string(day, unit="D").tolist()


def nice(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Registered capital as people register it: mostly round figures."""
    magnitude = 10 ** np.floor(np.log10(values))
    one = np.round(values / magnitude) * magnitude
    two = np.round(values / magnitude * 10) * magnitude / 10
    pick = rng.random(values.size)
    return np.where(pick < 0.5, one, np.where(pick < 0.8, two, np.round(values, 2)))
