"""Statistical industry classification of GB/T 4754-2017 codes.

A code (门类 letter, 2-digit 大类, 3-digit 中类 or 4-digit 小类; "C3911" is read
as 3911 in 门类 C) is looked up in the code tree and tagged with:

- hightech_mfg   高技术产业（制造业）分类（2017） group, e.g. "04 计算机及办公设备制造业";
- digital_core   数字经济核心产业 大类 (01–04), e.g. "01 数字产品制造业", with its 中类
                 (digital_core_class) and whether only part of the 4754 class belongs
                 (digital_core_partial, the "*" of the NBS table);
- equipment_mfg  装备制造业; advanced_mfg 先进制造业; pillar the plan's 主导支柱产业
                 (several joined by "、"), from the configurable prefix lists.

Mapping tables and lists hold prefixes: a 2-, 3- or 4-digit code covers every 小类
under it, and the longest matching prefix wins.  Every 小类 is classified first;
a 门类, 大类 or 中类 then takes a value only when all the 小类 under it share it
(so "39" is 装备制造业 and 数字产品制造业, but has no single 高技术 group), and a
boolean is true only when it holds for all of them.

Pure functions over polars tables; the tables come in as arguments
(qiangshi.reference.classifications loads the packaged ones).
"""

import polars as pl

CLASSIFY_VERSION = "classify-1.0"

PILLAR_SEPARATOR = "、"
UNION_KEYS = ("hightech_manufacturing", "digital_core", "equipment_manufacturing")
LIST_KEYS = ("equipment_manufacturing", "advanced_manufacturing", "pillars")
LEVELS = ("门类", "大类", "中类", "小类")

OUTPUT_SCHEMA = {
    "code": pl.String,
    "valid": pl.Boolean,
    "name": pl.String,
    "level": pl.String,
    "section": pl.String,
    "division": pl.String,
    "hightech_mfg": pl.String,
    "digital_core": pl.String,
    "digital_core_class": pl.String,
    "digital_core_partial": pl.Boolean,
    "equipment_mfg": pl.Boolean,
    "pillar": pl.String,
    "advanced_mfg": pl.Boolean,
}
_TAGS = [c for c in OUTPUT_SCHEMA if c not in {"code", "valid", "name", "level", "section", "division"}]
_SHARED = ["hightech_mfg", "digital_core", "digital_core_class", "pillar"]  # kept when all 小类 agree
_ALL = ["equipment_mfg", "advanced_mfg"]  # true when true for all 小类


# ---------------------------------------------------------------- configuration


def _prefix_list(value: object, where: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{where}：应为代码列表，实为 {value!r}")
        return []
    good = []
    for item in value:
        if isinstance(item, str) and item.isascii() and item.isdigit() and 2 <= len(item) <= 4:
            good.append(item)
        else:
            problems.append(f"{where}：{item!r} 不是 2–4 位的国民经济行业代码（须加引号写成字符串）")
    return good


def _list_rules(groups: dict, problems: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """The prefix rules of every list as one table (list, order, name, prefix, exclude),
    and the union keys of 先进制造业."""
    rows: list[tuple[str, int, str, str, bool]] = []
    if not isinstance(groups, dict):
        problems.append("行业分组配置应为映射（YAML 字典）")
        return _rules_frame(rows), []
    for key in LIST_KEYS:
        if key not in groups or not isinstance(groups[key], dict):
            problems.append(f"行业分组配置缺少 {key}")
    equipment = groups.get("equipment_manufacturing") or {}
    advanced = groups.get("advanced_manufacturing") or {}
    pillars = groups.get("pillars") or {}
    singles = [("equipment_manufacturing", equipment), ("advanced_manufacturing", advanced)]
    for key, spec in singles:
        if not isinstance(spec, dict):
            continue
        name = str(spec.get("name", key))
        for prefix in _prefix_list(spec.get("include"), f"{key}.include", problems):
            rows.append((key, 0, name, prefix, False))
        for prefix in _prefix_list(spec.get("exclude"), f"{key}.exclude", problems):
            rows.append((key, 0, name, prefix, True))
    union = (advanced.get("union_of") or []) if isinstance(advanced, dict) else []
    if not isinstance(union, list):
        problems.append(f"advanced_manufacturing.union_of：应为列表，实为 {union!r}")
        union = []
    for item in union:
        if item not in UNION_KEYS:
            problems.append(f"advanced_manufacturing.union_of：未知的口径 {item!r}"
                            f"（可用 {', '.join(UNION_KEYS)}）")
    union = [item for item in union if item in UNION_KEYS]
    pillar_groups = pillars.get("groups") if isinstance(pillars, dict) else None
    if pillars and not isinstance(pillar_groups, list):
        problems.append("pillars.groups：应为产业列表")
        pillar_groups = []
    names: set[str] = set()
    for order, group in enumerate(pillar_groups or []):
        if not isinstance(group, dict) or not group.get("name"):
            problems.append(f"pillars.groups 第 {order + 1} 项缺少 name")
            continue
        name = str(group["name"])
        if name in names:
            problems.append(f"pillars.groups：产业名称重复 {name}")
        names.add(name)
        for prefix in _prefix_list(group.get("include"), f"{name}.include", problems):
            rows.append(("pillars", order, name, prefix, False))
        for prefix in _prefix_list(group.get("exclude"), f"{name}.exclude", problems):
            rows.append(("pillars", order, name, prefix, True))
    return _rules_frame(rows), union


def _rules_frame(rows: list[tuple[str, int, str, str, bool]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"list": pl.String, "order": pl.Int64, "list_name": pl.String,
                      "prefix": pl.String, "exclude": pl.Boolean}, orient="row",
    )


def _require(table: pl.DataFrame, columns: list[str], label: str, problems: list[str]) -> bool:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        problems.append(f"{label} 缺少列 {', '.join(missing)}")
    return not missing


def classification_problems(*, tree: pl.DataFrame, hightech: pl.DataFrame,
                            digital_core: pl.DataFrame, groups: dict) -> list[str]:
    """Everything wrong with the tables and lists, in Chinese, one line each: missing
    columns, malformed lists, codes that are not in the tree, a code mapped twice."""
    problems: list[str] = []
    if not _require(tree, ["code", "level", "name", "section"], "行业代码表", problems):
        return problems
    codes = set(tree.filter(pl.col("level") != "门类")["code"].to_list())
    rules, _ = _list_rules(groups, problems)
    for row in rules.iter_rows(named=True):
        if row["prefix"] not in codes:
            where = row["list_name"] if row["list"] == "pillars" else row["list"]
            problems.append(f"{where}：代码 {row['prefix']} 不在 GB/T 4754-2017 代码表中")
    tables = [
        (hightech, "高技术产业（制造业）对照表", ["gbt4754_code", "hightech_code", "hightech_name"]),
        (digital_core, "数字经济核心产业对照表",
         ["gbt4754_code", "dalei_code", "dalei_name", "zhonglei_code", "zhonglei_name", "partial"]),
    ]
    for table, label, columns in tables:
        if not _require(table, columns, label, problems):
            continue
        for code in table["gbt4754_code"].to_list():
            if code not in codes:
                problems.append(f"{label}：代码 {code} 不在 GB/T 4754-2017 代码表中")
        for code in table.filter(pl.col("gbt4754_code").is_duplicated())["gbt4754_code"].unique().sort():
            problems.append(f"{label}：代码 {code} 出现多次")
    return problems


# ---------------------------------------------------------------- classification


def _leaf_prefixes(tree: pl.DataFrame) -> pl.DataFrame:
    """One row per (小类, prefix) for its 2-, 3- and 4-digit prefixes."""
    return (
        tree.filter(pl.col("level") == "小类")
        .select(pl.col("code").alias("leaf"))
        .with_columns(pl.concat_list(pl.col("leaf").str.slice(0, 2), pl.col("leaf").str.slice(0, 3),
                                     pl.col("leaf")).alias("prefix"))
        .explode("prefix")
    )


def _longest_match(leaf_prefixes: pl.DataFrame, table: pl.DataFrame) -> pl.DataFrame:
    """Each 小类 with the table row of its longest matching prefix (小类 without a match
    are left out)."""
    return (
        leaf_prefixes.join(table.rename({"gbt4754_code": "prefix"}), on="prefix", how="inner")
        .sort(["leaf", pl.col("prefix").str.len_chars()], descending=[False, True])
        .unique("leaf", keep="first", maintain_order=True)
        .drop("prefix")
    )


def _label(code: str, name: str) -> pl.Expr:
    return pl.when(pl.col(code).is_not_null()).then(pl.concat_str(pl.col(code), pl.lit(" "), pl.col(name)))


def _members(leaf_prefixes: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """(leaf, list, order, list_name) for every list a 小类 belongs to: an include prefix
    covers it and no exclude prefix does."""
    return (
        leaf_prefixes.join(rules, on="prefix", how="inner")
        .group_by(["leaf", "list", "order", "list_name"])
        .agg((~pl.col("exclude")).any().alias("included"), pl.col("exclude").any().alias("excluded"))
        .filter(pl.col("included") & ~pl.col("excluded"))
        .select("leaf", "list", "order", "list_name")
    )


def _leaf_table(tree: pl.DataFrame, hightech: pl.DataFrame, digital_core: pl.DataFrame,
                rules: pl.DataFrame, union: list[str]) -> pl.DataFrame:
    prefixes = _leaf_prefixes(tree)
    leaves = prefixes.select("leaf").unique(maintain_order=True)
    high = _longest_match(prefixes, hightech.select("gbt4754_code", "hightech_code", "hightech_name")).select(
        "leaf", _label("hightech_code", "hightech_name").alias("hightech_mfg"))
    digital = _longest_match(
        prefixes, digital_core.select("gbt4754_code", "dalei_code", "dalei_name", "zhonglei_code",
                                      "zhonglei_name", "partial"),
    ).select(
        "leaf",
        _label("dalei_code", "dalei_name").alias("digital_core"),
        _label("zhonglei_code", "zhonglei_name").alias("digital_core_class"),
        (pl.col("partial").str.strip_chars().str.to_uppercase() == "Y").fill_null(False)
        .alias("digital_core_partial"),
    )
    members = _members(prefixes, rules)
    equipment = members.filter(pl.col("list") == "equipment_manufacturing").select(
        "leaf", pl.lit(True).alias("equipment_mfg"))
    pillar = (
        members.filter(pl.col("list") == "pillars")
        .sort(["leaf", "order"])
        .group_by("leaf", maintain_order=True)
        .agg(pl.col("list_name").str.join(PILLAR_SEPARATOR).alias("pillar"))
    )
    own_advanced = members.filter(pl.col("list") == "advanced_manufacturing").select(
        "leaf", pl.lit(True).alias("_advanced_own"))
    table = (
        leaves.join(high, on="leaf", how="left", maintain_order="left")
        .join(digital, on="leaf", how="left", maintain_order="left")
        .join(equipment, on="leaf", how="left", maintain_order="left")
        .join(pillar, on="leaf", how="left", maintain_order="left")
        .join(own_advanced, on="leaf", how="left", maintain_order="left")
        .with_columns(pl.col("equipment_mfg").fill_null(False), pl.col("_advanced_own").fill_null(False))
    )
    in_union = {
        "hightech_manufacturing": pl.col("hightech_mfg").is_not_null(),
        "digital_core": pl.col("digital_core").is_not_null(),
        "equipment_manufacturing": pl.col("equipment_mfg"),
    }
    advanced = pl.col("_advanced_own")
    for key in union:
        advanced = advanced | in_union[key]
    # An exclude of 先进制造业 also removes what the union brought in.
    excluded = (
        prefixes.join(rules.filter((pl.col("list") == "advanced_manufacturing") & pl.col("exclude")),
                      on="prefix", how="inner")
        .select("leaf").unique().with_columns(pl.lit(True).alias("_advanced_excluded"))
    )
    return (
        table.join(excluded, on="leaf", how="left", maintain_order="left")
        .with_columns((advanced & pl.col("_advanced_excluded").is_null()).alias("advanced_mfg"))
        .drop("_advanced_own", "_advanced_excluded")
    )


def industry_code_table(*, tree: pl.DataFrame, hightech: pl.DataFrame, digital_core: pl.DataFrame,
                        groups: dict) -> pl.DataFrame:
    """Every code of the tree (all four levels) with its classifications, in tree order:
    code, name, level, section, division and the tags of OUTPUT_SCHEMA."""
    problems = classification_problems(tree=tree, hightech=hightech, digital_core=digital_core,
                                       groups=groups)
    if problems:
        raise ValueError("行业分类配置有误：\n" + "\n".join(problems))
    rules, union = _list_rules(groups, [])
    leaves = _leaf_table(tree, hightech, digital_core, rules, union).join(
        tree.select(pl.col("code").alias("leaf"), "section"), on="leaf", how="left")
    # Each 小类 counts towards its 门类, 大类, 中类 and itself.
    by_node = (
        leaves.with_columns(pl.concat_list(pl.col("section"), pl.col("leaf").str.slice(0, 2),
                                           pl.col("leaf").str.slice(0, 3), pl.col("leaf")).alias("node"))
        .explode("node")
        .group_by("node")
        .agg(
            *[pl.when(pl.col(c).n_unique() == 1).then(pl.col(c).first()).alias(c) for c in _SHARED],
            pl.when((pl.col("digital_core").n_unique() == 1) & pl.col("digital_core").first().is_not_null())
            .then(pl.col("digital_core_partial").any()).alias("digital_core_partial"),
            *[pl.col(c).all().alias(c) for c in _ALL],
        )
    )
    return (
        tree.select("code", "name", "level", "section")
        .with_columns(
            pl.when(pl.col("level") != "门类").then(pl.col("code").str.slice(0, 2)).alias("division"))
        .join(by_node.rename({"node": "code"}), on="code", how="left", maintain_order="left")
        .select("code", "name", "level", "section", "division", *_TAGS)
    )


def classify(codes: pl.Series, *, tree: pl.DataFrame, hightech: pl.DataFrame,
             digital_core: pl.DataFrame, groups: dict) -> pl.DataFrame:
    """One row per input code, in input order, with the columns of OUTPUT_SCHEMA.

    Codes are trimmed and upper-cased; a 门类 letter before the digits ("C3911") is
    accepted when it is the code's own 门类.  An unknown or empty code gives
    valid=false and nulls elsewhere."""
    if codes.dtype not in (pl.String, pl.Null):
        raise TypeError(f"行业代码须为文本（保留前导 0，如 \"0111\"），实为 {codes.dtype}")
    known = industry_code_table(tree=tree, hightech=hightech, digital_core=digital_core, groups=groups)
    norm = pl.col("code").cast(pl.String).str.strip_chars().str.to_uppercase()
    lettered = norm.str.contains(r"^[A-Z][0-9]{2,4}$")
    frame = (
        pl.DataFrame({"code": codes.cast(pl.String)})
        .with_row_index("_row")
        .with_columns(
            pl.when(lettered).then(norm.str.slice(1)).otherwise(norm).alias("_key"),
            pl.when(lettered).then(norm.str.slice(0, 1)).alias("_given_section"),
        )
        .join(known.rename({"code": "_key"}), on="_key", how="left", maintain_order="left")
    )
    valid = (pl.col("name").is_not_null()
             & (pl.col("_given_section").is_null() | (pl.col("_given_section") == pl.col("section"))))
    return (
        frame.with_columns(valid.fill_null(False).alias("valid"))
        .with_columns(*[pl.when(pl.col("valid")).then(pl.col(c)).alias(c)
                        for c in OUTPUT_SCHEMA if c not in {"code", "valid"}])
        .sort("_row")
        .select([pl.col(c).cast(t) for c, t in OUTPUT_SCHEMA.items()])
    )

