import io
import json

import pytest
from django.core.management import call_command

from tests.enterprises.conftest import HUAWEI, enterprises_file, firm


def test_uscc_check_prints_each_verdict_and_exits_1_on_any_invalid(capsys):
    call_command("uscc", "check", HUAWEI, stdout=io.StringIO())
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("uscc", "check", HUAWEI, "914403001922038217", stdout=out)
    assert exit_.value.code == 1
    lines = out.getvalue().splitlines()
    assert lines == [f"{HUAWEI}  有效", "914403001922038217  无效：校验码错误：应为 6，实际为 7"]


def test_industry_classify_json_has_the_documented_fields(db):
    out = io.StringIO()
    call_command("industry", "classify", "3911", "6511", "9999", "--json", stdout=out)
    rows = {row["code"]: row for row in json.loads(out.getvalue())}
    computer = rows["3911"]
    assert {"code", "name", "level", "section", "division", "hightech_mfg", "digital_core",
            "equipment_mfg", "pillar", "advanced_mfg"} <= set(computer)
    assert computer["hightech_mfg"].startswith("04") and computer["digital_core"].startswith("01")
    assert rows["6511"]["digital_core"].startswith("03") and rows["6511"]["hightech_mfg"] is None
    assert rows["9999"]["name"] is None


def test_enterprises_import_command_refuses_a_bad_file_with_exit_status(reference, tmp_path):
    path = tmp_path / "企业.xlsx"
    path.write_bytes(enterprises_file([firm("914403001922038217")]))
    out = io.StringIO()
    with pytest.raises(Exception, match="有错误，未写入"):
        call_command("enterprises", "import", str(path), stdout=out, stderr=out)
    assert "校验码错误" in out.getvalue()
    result = io.StringIO()
    call_command("enterprises", "import", str(path), "--dry-run", "--json", stdout=result,
                 stderr=io.StringIO())
    assert json.loads(result.getvalue())["errors"][0]["column"] == "统一社会信用代码"
