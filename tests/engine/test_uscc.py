"""统一社会信用代码 (GB 32100-2015) validation and construction."""

import polars as pl
import pytest

from qiangshi.engine.uscc import (
    COLUMNS,
    EMPTY_REASON,
    UsccCheck,
    uscc_check,
    uscc_make,
    uscc_make_many,
    uscc_validate,
)

# Real, published codes (business licences / invoice headers as shown in public registries and
# in many public repositories; each also passes both check characters, which a mistyped code
# does with probability 1/341).
REAL_CODES = [
    # 华为技术有限公司 — hand-worked below.
    ("914403001922038216", "工商", "企业", "440300", "192203821"),
    # 腾讯科技（深圳）有限公司 — 组织机构代码 check 'X' and a letter check character 'G'.
    ("9144030071526726XG", "工商", "企业", "440300", "71526726X"),
    # 阿里巴巴（中国）有限公司 — letter check character.
    ("91330100799655058B", "工商", "企业", "330100", "799655058"),
    # 北京百度网讯科技有限公司.
    ("91110000802100433B", "工商", "企业", "110000", "802100433"),
    # 北京抖音信息服务有限公司 (formerly 北京字节跳动科技有限公司): organisation check C = 11 → '0'
    # and USCC check C = 31 → '0' (weighted sum 992 = 32 × 31).
    ("911101085923662400", "工商", "企业", "110108", "592366240"),
    # 小米科技有限责任公司.
    ("91110108551385082Q", "工商", "企业", "110108", "551385082"),
    # 上海浦东发展银行股份有限公司 — organisation check 'X', letter check character.
    ("9131000013221158XC", "工商", "企业", "310000", "13221158X"),
    # 中国工商银行股份有限公司 — registered centrally: region part 100000.
    ("91100000100003962T", "工商", "企业", "100000", "100003962"),
    # 清华大学 (invoice header) — 机构编制 / 事业单位, central registration.
    ("12100000400000624D", "机构编制", "事业单位", "100000", "400000624"),
    # 复旦大学 — organisation check 'X', USCC check '0' (weighted sum 1395 = 45 × 31).
    ("1210000042500615X0", "机构编制", "事业单位", "100000", "42500615X"),
    # 阿里巴巴达摩院（杭州）科技有限公司 — a post-2015 'MA…' 主体标识码.
    ("91330110MA2AXY0E7F", "工商", "企业", "330110", "MA2AXY0E7"),
]

HUAWEI = "914403001922038216"
TENCENT = "9144030071526726XG"


@pytest.mark.parametrize("code, authority, category, region, organisation", REAL_CODES)
def test_real_published_codes_validate(code, authority, category, region, organisation):
    assert uscc_check(code) == UsccCheck(
        code=code,
        valid=True,
        reason=None,
        authority=authority,
        category=category,
        region_code=region,
        organisation_code=organisation,
    )


def test_huawei_check_characters_worked_by_hand():
    # 914403001922038216, organisation code 19220382-1 (GB 11714-1997):
    #   weights 3 7 9 10 5 8 4 2 over 1 9 2 2 0 3 8 2
    #   = 3 + 63 + 18 + 20 + 0 + 24 + 32 + 4 = 164; 164 mod 11 = 10; C = 11 − 10 = 1  → '1' ✓
    # USCC check (GB 32100-2015), values of positions 1–17: 9 1 4 4 0 3 0 0 1 9 2 2 0 3 8 2 1
    #   × 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    #   = 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 20 + 261 + 50 + 26 + 0 + 72 + 80 + 60 + 28 = 831
    #   831 mod 31 = 25 (26 × 31 = 806); C = 31 − 25 = 6 → '6' ✓
    assert uscc_check(HUAWEI).valid
    assert uscc_make("440300", "19220382") == HUAWEI


def test_tencent_letter_check_characters_worked_by_hand():
    # Organisation code 71526726-X: 21 + 7 + 45 + 20 + 30 + 56 + 8 + 12 = 199; 199 mod 11 = 1;
    #   C = 10 → 'X' ✓
    # USCC: 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 140 + 29 + 125 + 26 + 48 + 168 + 20 + 180
    #   + 29 × 28 (X = 29) = 1782; 1782 mod 31 = 15 (57 × 31 = 1767); C = 16 → 'G' ✓
    assert uscc_check(TENCENT).valid
    assert uscc_make("440300", "71526726") == TENCENT


@pytest.mark.parametrize(
    "code, reason",
    [
        ("", EMPTY_REASON),
        ("   ", EMPTY_REASON),
        (None, EMPTY_REASON),
        ("91440300192203821", "长度应为 18 位，实际 17 位"),
        ("9144030019220382160", "长度应为 18 位，实际 19 位"),
        # old 15-digit 工商注册号
        ("440301103573458", "长度应为 18 位，实际 15 位"),
        ("9144030019220382I6", "第 17 位含非法字符 'I'（统一社会信用代码不使用 I、O、Z、S、V）"),
        ("91440300O92203821X", "第 9 位含非法字符 'O'（统一社会信用代码不使用 I、O、Z、S、V）"),
        ("9144030019-2203821", "第 11 位含非法字符 '-'"),
        ("91440300 192203821", "第 9 位含非法字符 ' '"),
        ("Q14403001922038216", "登记管理部门代码 'Q' 无效"),
        ("B14403001922038216", "登记管理部门代码 'B' 无效"),
        ("974403001922038216", "机构类别代码 '7' 与登记管理部门 '9'（工商）不符"),
        # 工商 has no class 9; Y has only 1
        ("994403001922038216", "机构类别代码 '9' 与登记管理部门 '9'（工商）不符"),
        ("Y24403001922038216", "机构类别代码 '2' 与登记管理部门 'Y'（其他）不符"),
        ("919901001922038216", "行政区划码 '990100' 无效"),
        ("910000001922038216", "行政区划码 '000000' 无效"),
        ("911001001922038216", "行政区划码 '100100' 无效"),
        ("9144A3001922038216", "行政区划码 '44A300' 无效"),
        # position 17 changed 1 → 2: hand-worked organisation check is 1 (sum 164, see above)
        ("914403001922038226", "组织机构代码校验位错误：应为 1，实际为 2"),
        # Tencent's organisation check is X (sum 199, see above)
        ("91440300715267260G", "组织机构代码校验位错误：应为 X，实际为 0"),
        # hand-worked USCC check for Huawei's first 17 characters is 6 (sum 831)
        ("914403001922038217", "校验码错误：应为 6，实际为 7"),
        # hand-worked USCC check for Tencent's first 17 characters is G (sum 1782)
        ("9144030071526726X3", "校验码错误：应为 G，实际为 3"),
    ],
)
def test_each_failure_has_a_specific_chinese_reason(code, reason):
    result = uscc_check(code)
    assert not result.valid
    assert result.reason == reason


def test_every_single_character_substitution_is_caught():
    # the MOD 31 check detects every single-character error; build all 18 × 30 variants of a real code
    variants = [
        HUAWEI[:i] + other + HUAWEI[i + 1:]
        for i in range(18)
        for other in "0123456789ABCDEFGHJKLMNPQRTUWXY"
        if other != HUAWEI[i]
    ]
    checked = uscc_validate(pl.Series(variants))
    assert checked.height == 18 * 30
    assert not checked.get_column("valid").any()


def test_first_problem_is_reported_in_order():
    # wrong category, wrong region, wrong organisation check and wrong USCC check at once
    assert uscc_check("97990100192203822A").reason == "机构类别代码 '7' 与登记管理部门 '9'（工商）不符"
    # wrong region and wrong checks
    assert uscc_check("91990100192203822A").reason == "行政区划码 '990100' 无效"
    # an illegal character beats a wrong authority
    assert uscc_check("Q144030019220382I6").reason.startswith("第 17 位含非法字符 'I'")


def test_parts_are_given_for_a_readable_invalid_code_and_not_for_an_unreadable_one():
    wrong_check = uscc_check("914403001922038217")
    assert (wrong_check.authority, wrong_check.category) == ("工商", "企业")
    assert (wrong_check.region_code, wrong_check.organisation_code) == ("440300", "192203821")
    wrong_category = uscc_check("974403001922038216")
    assert (wrong_category.authority, wrong_category.category) == ("工商", None)
    too_short = uscc_check("91440300192203821")
    assert (too_short.authority, too_short.region_code, too_short.organisation_code) == (None, None, None)


def test_lower_case_and_surrounding_spaces_are_normalised():
    result = uscc_check("  9144030071526726xg\t")
    assert result.valid
    assert result.code == TENCENT
    # an ideographic (full-width) space around the code, as pasted from a Chinese document
    assert uscc_check("\u300091330110ma2axy0e7f\u3000").code == "91330110MA2AXY0E7F"


def test_full_width_characters_are_rejected_with_a_reason():
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in HUAWEI)  # ９１４４０３…
    result = uscc_check(full_width)
    assert not result.valid
    assert result.reason == "第 1 位含非法字符 '９'（全角字符，请改用半角）"
    # one full-width letter inside an otherwise half-width code
    assert uscc_check("9144030071526726ＸG").reason == "第 17 位含非法字符 'Ｘ'（全角字符，请改用半角）"
    # a full-width lower-case letter is upper-cased but still full-width
    assert uscc_check("9144030071526726ｘG").reason == "第 17 位含非法字符 'Ｘ'（全角字符，请改用半角）"


def test_vectorised_validation_matches_one_by_one_checks():
    codes = [
        HUAWEI,
        None,
        " 9144030071526726xg ",
        "914403001922038217",
        "",
        "974403001922038216",
        "９１４４０３００１９２２０３８２１６",
        "919901001922038216",
        "1210000042500615X0",
        "91440300192203821",
        "914403001922038226",
    ]
    frame = uscc_validate(pl.Series("uscc", codes))
    assert frame.columns == list(COLUMNS)
    assert frame.schema["valid"] == pl.Boolean
    assert frame.height == len(codes)
    for row, code in zip(frame.iter_rows(named=True), codes, strict=True):
        one = uscc_check(code)
        assert row["valid"] == one.valid
        assert row["reason"] == one.reason
        assert (row["authority"], row["category"]) == (one.authority, one.category)
        assert (row["region_code"], row["organisation_code"]) == (one.region_code, one.organisation_code)
        assert (row["code"] or "") == one.code
    assert frame.get_column("valid").to_list() == [
        True, False, True, False, False, False, False, False, True, False, False,
    ]
    assert frame.row(1, named=True)["reason"] == EMPTY_REASON
    assert frame.row(1, named=True)["code"] is None


def test_nulls_give_empty_reason():
    frame = uscc_validate(pl.Series([None, None], dtype=pl.String))
    assert frame.get_column("reason").to_list() == [EMPTY_REASON, EMPTY_REASON]
    assert not frame.get_column("valid").any()


def test_all_real_codes_validate_in_one_call():
    frame = uscc_validate(pl.Series([code for code, *_ in REAL_CODES]))
    assert frame.get_column("valid").all()
    assert frame.get_column("reason").null_count() == len(REAL_CODES)


def test_a_numeric_column_is_read_as_text():
    assert uscc_validate(pl.Series([914403001922038216]))["valid"].to_list() == [True]


def test_empty_series_gives_an_empty_frame():
    frame = uscc_validate(pl.Series([], dtype=pl.String))
    assert frame.height == 0
    assert frame.columns == list(COLUMNS)


def test_uscc_make_rebuilds_real_codes():
    assert uscc_make("110108", "59236624") == "911101085923662400"
    assert uscc_make("330110", "ma2axy0e") == "91330110MA2AXY0E7F"
    assert uscc_make("100000", "40000062", authority="1", category="2") == "12100000400000624D"
    assert uscc_make("100000", "42500615", authority="1", category="2") == "1210000042500615X0"


def test_uscc_make_many_gives_valid_deterministic_codes():
    n = 2_000
    regions = pl.Series(["370100", "370102", "370112", "370181"] * (n // 4))
    # digits-only bases (old-style organisation codes) and 'MA…' bases (post-2015) alternately
    bases = pl.Series([f"MA{i * 7:06X}" if i % 2 else f"{i:08d}" for i in range(n)])
    made = uscc_make_many(regions, bases)
    again = uscc_make_many(regions, bases)
    assert made.to_list() == again.to_list()
    assert made.len() == n
    checked = uscc_validate(made)
    assert checked.get_column("valid").all()
    assert checked.get_column("region_code").to_list() == regions.to_list()
    assert checked.get_column("organisation_code").str.slice(0, 8).to_list() == bases.to_list()
    assert made.str.slice(0, 2).unique().to_list() == ["91"]
    assert made.n_unique() == n


def test_uscc_make_many_agrees_with_uscc_make():
    regions = pl.Series(["440300", "110108", "330110"])
    bases = pl.Series(["19220382", "59236624", "MA2AXY0E"])
    assert uscc_make_many(regions, bases).to_list() == [
        uscc_make(r, b) for r, b in zip(regions, bases, strict=True)
    ]


def test_uscc_make_other_authorities():
    assert uscc_check(uscc_make("370100", "50000000", authority="5", category="1")).category == "社会团体"
    village = uscc_make("370100", "N0000001", authority="n", category="2")
    assert uscc_check(village).category == "村级集体经济组织"
    assert uscc_check(uscc_make("370100", "Y0000001", authority="Y", category="1")).authority == "其他"


BASE_SHAPE = "应为 8 位数字或大写字母（不含 I、O、Z、S、V）"


@pytest.mark.parametrize(
    "region, base, kwargs, message",
    [
        ("440300", "19220382", {"authority": "Q"}, "登记管理部门代码 'Q' 无效"),
        ("440300", "19220382", {"category": "9"}, "机构类别代码 '9' 与登记管理部门 '9'（工商）不符"),
        ("4403", "19220382", {}, "第 1 个：行政区划码 '4403' 应为 6 位数字"),
        ("990100", "19220382", {}, "第 1 个：行政区划码 '990100' 无效"),
        ("440300", "1922038", {}, f"第 1 个：主体标识码本体 '1922038' {BASE_SHAPE}"),
        ("440300", "1922038I", {}, f"第 1 个：主体标识码本体 '1922038I' {BASE_SHAPE}"),
    ],
)
def test_uscc_make_refuses_inputs_that_cannot_give_a_valid_code(region, base, kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        uscc_make(region, base, **kwargs)
    assert str(caught.value) == message


def test_uscc_make_many_names_the_bad_row_and_checks_lengths():
    with pytest.raises(ValueError) as caught:
        uscc_make_many(pl.Series(["440300", "440300", None]), pl.Series(["19220382", "71526726", "00000001"]))
    assert str(caught.value) == "第 3 个：行政区划码 '' 应为 6 位数字"
    with pytest.raises(ValueError, match="数量不一致"):
        uscc_make_many(pl.Series(["440300"]), pl.Series(["19220382", "71526726"]))


if __name__ == "__main__":  # timing sanity, not a test: python tests/engine/test_uscc.py
    import time

    count = 100_000
    sample = uscc_make_many(
        pl.repeat("370100", count, eager=True), pl.int_range(count, eager=True).cast(pl.String).str.zfill(8)
    )
    # spoil every tenth code's check character
    sample = sample.to_frame().select(
        pl.when(pl.int_range(pl.len()) % 10 == 0)
        .then(pl.col("code").str.slice(0, 17) + "0")
        .otherwise(pl.col("code"))
    ).to_series()
    for _ in range(3):
        start = time.perf_counter()
        checked = uscc_validate(sample)
        elapsed = time.perf_counter() - start
        print(f"uscc_validate: {count} codes in {elapsed * 1000:.0f} ms, {checked['valid'].sum()} valid")
