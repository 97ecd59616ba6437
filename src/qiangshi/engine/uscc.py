"""统一社会信用代码 (unified social credit identifier, USCC): validation and construction.

The rules are those of **GB 32100-2015《法人和其他组织统一社会信用代码编码规则》** (with its
修改单), which builds on GB/T 2260 (行政区划代码), GB 11714-1997 (全国组织机构代码编制规则)
and GB/T 17710 (校验码系统). A code is 18 characters from the 31-character set
``0123456789ABCDEFGHJKLMNPQRTUWXY`` (digits and capital letters without I, O, Z, S, V), whose
values are 0..30 in that order:

=========  ===============================================================================
position   part
=========  ===============================================================================
1          登记管理部门代码 — see ``AUTHORITIES`` (1 机构编制, 2 外交, 3 司法行政, 4 文化,
           5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商, A 中央军委改革和编制办公室, N 农业, Y 其他).
2          机构类别代码 — valid values depend on position 1 (9 → 1 企业, 2 个体工商户,
           3 农民专业合作社; Y → 1 only; most others → their listed classes or 9 其他).
3–8        登记管理机关行政区划码 (GB/T 2260): six digits. Accepted: the first two digits are a
           GB/T 2260 province code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82), or
           the whole part is ``100000`` (registration by a central/national authority, e.g.
           中国工商银行 91100000100003962T, 清华大学 12100000400000624D). The remaining four
           digits are not looked up: a registration keeps its code for life, so codes issued
           under since-abolished counties (e.g. 370181 章丘市, now 370114) stay valid, and a
           table of current divisions would reject them.
9–17       主体标识码 = 组织机构代码 (GB 11714-1997): 8 characters + its own check character
           (position 17). Weights 3, 7, 9, 10, 5, 8, 4, 2 over the 8 characters, values
           0–9 for digits and A=10 … Z=35 for letters (GB 11714 values, *not* the USCC ones);
           C = 11 − (sum mod 11), C = 10 → ``X``, C = 11 → ``0``.
18         校验码 (GB/T 17710 as specified in GB 32100-2015): weights
           1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 (3^i mod 31) over
           positions 1–17 with their USCC values; C = 31 − (sum mod 31), C = 31 → 0; the check
           character is the C-th character of the set.
=========  ===============================================================================

Input is normalised (surrounding whitespace — including the full-width space U+3000 — is
stripped and letters are upper-cased); full-width characters inside the code (``９１４４…``)
are *rejected* with a reason rather than silently converted. The first problem is reported, in
this order: empty, length, illegal character (with its position), authority, category, region,
organisation-code check character, USCC check character.

Everything is vectorised as polars expressions (one slice per character position, mapped with
``replace_strict`` and weighted with ``sum_horizontal``): there is no Python loop over codes, so
an import can validate 100 000 codes at once. ``uscc_check`` is ``uscc_validate`` on a
one-element series.

Known real-world exceptions: a few codes issued in early pilot areas are reported (by other
validators) not to satisfy the check character (e.g. some Fujian ``91350…M000…`` codes); they
are reported as invalid, as the standard requires.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

#: The 31 characters of GB 32100-2015, in value order 0..30.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weights of positions 1–17 for the USCC check character (3^i mod 31).
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
#: Weights of the 8 body characters of a GB 11714-1997 organisation code.
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

#: 登记管理部门代码 → (名称, {机构类别代码: 名称}), table 1 of GB 32100-2015 as amended.
AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": ("司法行政", {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构",
                   "5": "仲裁委员会", "9": "其他"}),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": ("旅游", {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
                 "9": "其他"}),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}

#: GB/T 2260 province-level codes (first two digits of a region code).
PROVINCE_PREFIXES = frozenset(
    [str(n) for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
                      *range(61, 66), 71, 81, 82)]
)
#: Region part used by central (national) registration authorities.
CENTRAL_REGION = "100000"

EMPTY_REASON = "代码为空"

_USCC_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_USCC_CHAR = dict(enumerate(ALPHABET))
# GB 11714 values: digits as themselves, letters A=10 … Z=35 (only USCC letters can occur here).
_ORG_VALUE = {ch: (int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10) for ch in ALPHABET}
_AUTHORITY_NAME = {code: name for code, (name, _) in AUTHORITIES.items()}
_ORG_CHAR = {**{i: str(i) for i in range(10)}, 10: "X"}
_CATEGORY_NAME = {code + cat: name for code, (_, cats) in AUTHORITIES.items() for cat, name in cats.items()}
_ILLEGAL = f"[^{ALPHABET}]"
_FULL_WIDTH = "^[\u3000\uff01-\uff5e]$"
_REGION_SHAPE = r"^\d{6}$"

COLUMNS = ("code", "valid", "reason", "authority", "category", "region_code", "organisation_code")


@dataclass(frozen=True)
class UsccCheck:
    code: str  # as given, stripped and upper-cased
    valid: bool
    reason: str | None  # Chinese, the first problem found; None when valid
    authority: str | None  # 登记管理部门, e.g. "工商"
    category: str | None  # 机构类别, e.g. "企业"
    region_code: str | None  # positions 3–8
    organisation_code: str | None  # positions 9–17


# --- expressions --------------------------------------------------------------------------------


def _normalised(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars().str.to_uppercase()


def _char(expr: pl.Expr, position: int) -> pl.Expr:
    """The character at 0-based ``position``."""
    return expr.str.slice(position, 1)


def _organisation_check(expr: pl.Expr, offset: int) -> pl.Expr:
    """GB 11714 check character of the 8 characters of ``expr`` starting at ``offset``."""
    weighted = [
        _char(expr, offset + i).replace_strict(_ORG_VALUE, default=None, return_dtype=pl.Int64) * w
        for i, w in enumerate(ORGANISATION_WEIGHTS)
    ]
    # C = 11 − (sum mod 11), with C = 11 → '0' (so: taken mod 11) and C = 10 → 'X'.
    c = (11 - pl.sum_horizontal(weighted) % 11) % 11
    return c.replace_strict(_ORG_CHAR, return_dtype=pl.String)


def _uscc_check(expr: pl.Expr) -> pl.Expr:
    """GB 32100 check character of the first 17 characters of ``expr``."""
    weighted = [
        _char(expr, i).replace_strict(_USCC_VALUE, default=None, return_dtype=pl.Int64) * w
        for i, w in enumerate(USCC_WEIGHTS)
    ]
    c = (31 - pl.sum_horizontal(weighted) % 31) % 31
    return c.replace_strict(_USCC_CHAR, return_dtype=pl.String)


def _region_ok(region: pl.Expr) -> pl.Expr:
    return region.str.contains(_REGION_SHAPE) & (
        region.str.slice(0, 2).is_in(list(PROVINCE_PREFIXES)) | (region == CENTRAL_REGION)
    )


def _validated(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the validation columns to ``frame``, whose ``code`` column is already normalised.

    Staged so that each intermediate (length, first illegal character, the two expected check
    characters …) is computed once per code and then referred to by name. Eager on purpose: the
    lazy optimiser spends ~50 ms planning these wide expressions, which would dominate the
    validation of a single code.
    """
    code = pl.col("code")
    staged = frame.with_columns(
        _length=code.str.len_chars(),
        # A byte offset, but every character before the first illegal one is ASCII, so it is
        # also the character index.
        _bad_at=code.str.find(_ILLEGAL),
        _authority_code=_char(code, 0),
        _category_code=_char(code, 1),
        region_code=code.str.slice(2, 6),
        organisation_code=code.str.slice(8, 9),
        authority=_char(code, 0).replace_strict(_AUTHORITY_NAME, default=None, return_dtype=pl.String),
        category=code.str.slice(0, 2).replace_strict(_CATEGORY_NAME, default=None, return_dtype=pl.String),
        _org_expected=_organisation_check(code, 8),
        _org_actual=_char(code, 16),
        _uscc_expected=_uscc_check(code),
        _uscc_actual=_char(code, 17),
    ).with_columns(
        _bad_char=code.str.slice(pl.col("_bad_at"), 1),
        _region_ok=_region_ok(pl.col("region_code")),
    )
    bad_char = pl.col("_bad_char")
    hint = (
        pl.when(bad_char.str.contains(_FULL_WIDTH)).then(pl.lit("（全角字符，请改用半角）"))
        .when(bad_char.is_in(list("IOZSV"))).then(pl.lit("（统一社会信用代码不使用 I、O、Z、S、V）"))
        .otherwise(pl.lit(""))
    )
    length, bad_at = pl.col("_length"), pl.col("_bad_at")
    authority_code, authority = pl.col("_authority_code"), pl.col("authority")
    org_expected, org_actual = pl.col("_org_expected"), pl.col("_org_actual")
    uscc_expected, uscc_actual = pl.col("_uscc_expected"), pl.col("_uscc_actual")
    reason = (
        pl.when(code.is_null() | (length == 0)).then(pl.lit(EMPTY_REASON))
        .when(length != 18).then(pl.format("长度应为 18 位，实际 {} 位", length))
        .when(bad_at.is_not_null()).then(pl.format("第 {} 位含非法字符 '{}'{}", bad_at + 1, bad_char, hint))
        .when(authority.is_null()).then(pl.format("登记管理部门代码 '{}' 无效", authority_code))
        .when(pl.col("category").is_null())
        .then(pl.format(
            "机构类别代码 '{}' 与登记管理部门 '{}'（{}）不符",
            pl.col("_category_code"), authority_code, authority,
        ))
        .when(~pl.col("_region_ok")).then(pl.format("行政区划码 '{}' 无效", pl.col("region_code")))
        .when(org_expected != org_actual)
        .then(pl.format("组织机构代码校验位错误：应为 {}，实际为 {}", org_expected, org_actual))
        .when(uscc_expected != uscc_actual)
        .then(pl.format("校验码错误：应为 {}，实际为 {}", uscc_expected, uscc_actual))
    )
    readable = (length == 18) & bad_at.is_null()
    return staged.with_columns(reason=reason).select(
        code,
        valid=pl.col("reason").is_null(),
        reason=pl.col("reason"),
        **{name: pl.when(readable).then(pl.col(name)) for name in COLUMNS[3:]},
    )


# --- public API ---------------------------------------------------------------------------------


def uscc_validate(codes: pl.Series) -> pl.DataFrame:
    """Validate a series of codes: one row per input, in order.

    Columns: ``code`` (stripped, upper-cased; null stays null), ``valid``, ``reason`` (the
    first problem, in Chinese; null when valid), ``authority``, ``category`` (names, null when
    unknown), ``region_code`` (positions 3–8) and ``organisation_code`` (positions 9–17). The
    four parts are filled whenever the code is 18 legal characters, also for a code that fails a
    later check, so that a message can show them; use them only where ``valid``.

    A numeric series is read as text; read code columns from spreadsheets as text (an 18-digit
    code stored as a float has already lost digits).
    """
    frame = pl.DataFrame({"code": codes.cast(pl.String)})
    return _validated(frame.select(_normalised(pl.col("code"))))


def uscc_check(code: str | None) -> UsccCheck:
    """Validate one code (see ``uscc_validate``)."""
    row = uscc_validate(pl.Series("code", [code], dtype=pl.String)).row(0, named=True)
    return UsccCheck(
        code=row["code"] or "",
        valid=row["valid"],
        reason=row["reason"],
        authority=row["authority"],
        category=row["category"],
        region_code=row["region_code"],
        organisation_code=row["organisation_code"],
    )


def uscc_make_many(
    region_codes: pl.Series, organisation_bases: pl.Series, *, authority: str = "9", category: str = "1"
) -> pl.Series:
    """Build valid codes from 6-digit region codes and 8-character organisation bases.

    Both check characters are computed; the result is deterministic. ``authority`` and
    ``category`` are positions 1 and 2 (default 91, 工商/企业). Raises ``ValueError`` with a
    Chinese message naming the first bad input (1-based) if an input cannot give a valid code.
    """
    authority, category = authority.strip().upper(), category.strip().upper()
    if authority not in AUTHORITIES:
        raise ValueError(f"登记管理部门代码 '{authority}' 无效")
    if category not in AUTHORITIES[authority][1]:
        raise ValueError(
            f"机构类别代码 '{category}' 与登记管理部门 '{authority}'（{AUTHORITIES[authority][0]}）不符"
        )
    if len(region_codes) != len(organisation_bases):
        raise ValueError(
            f"行政区划码 {len(region_codes)} 个与主体标识码 {len(organisation_bases)} 个数量不一致"
        )

    region, base = pl.col("region"), pl.col("base")
    frame = (
        pl.DataFrame({"region": region_codes.cast(pl.String), "base": organisation_bases.cast(pl.String)})
        .select(region.str.strip_chars(), _normalised(base))
        .with_columns(
            code=pl.concat_str([pl.lit(authority + category), region, base, _organisation_check(base, 0)])
        )
        .with_columns(code=pl.concat_str([pl.col("code"), _uscc_check(pl.col("code"))]))
    )
    shape = (
        pl.when(~pl.col("region").str.contains(_REGION_SHAPE) | pl.col("region").is_null())
        .then(pl.format("行政区划码 '{}' 应为 6 位数字", pl.col("region").fill_null("")))
        .when(~pl.col("base").str.contains(f"^[{ALPHABET}]{{8}}$") | pl.col("base").is_null())
        .then(pl.format("主体标识码本体 '{}' 应为 8 位数字或大写字母（不含 I、O、Z、S、V）",
                        pl.col("base").fill_null("")))
    )
    reasons = _validated(frame.select("code")).get_column("reason")
    problem = (
        frame.select(shape.alias("shape"))
        .with_columns(reasons)
        .select(pl.coalesce("shape", "reason").alias("problem"))
        .with_row_index("row")
        .filter(pl.col("problem").is_not_null())
    )
    if problem.height:
        row, message = problem.row(0)
        raise ValueError(f"第 {row + 1} 个：{message}")
    return frame.get_column("code")


def uscc_make(region_code: str, organisation_base: str, *, authority: str = "9", category: str = "1") -> str:
    """Build one valid code (see ``uscc_make_many``); e.g. ``uscc_make("440300", "19220382")`` is
    华为技术有限公司's 914403001922038216."""
    series = uscc_make_many(
        pl.Series([region_code], dtype=pl.String),
        pl.Series([organisation_base], dtype=pl.String),
        authority=authority,
        category=category,
    )
    return series[0]

