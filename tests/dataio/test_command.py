import io
import json

import pytest
from django.core.management import CommandError, call_command

from qiangshi.plan.models import Observation

BAD = "指标代码,地区代码,期别,数值\nMFG-REV,370100,2023,不是数字\nMFG-REV,370102,2023,12\n"
IMPORT_COMMANDS = ["enterprises", "facts", "projects", "observations"]


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", IMPORT_COMMANDS)
def test_every_import_command_reports_the_same_json_fields(command, mini_plan, tmp_path):
    path = tmp_path / "数据.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    out, _ = _run(command, "import", str(path), "--dry-run", "--json")
    report = json.loads(out)
    assert {"rows", "created", "updated", "unchanged", "rejected", "written", "errors",
            "warnings"} <= set(report)
    assert report["written"] is False and report["errors"]


@pytest.mark.parametrize("command", IMPORT_COMMANDS)
def test_every_import_command_refuses_a_missing_file(command, mini_plan, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        _run(command, "import", str(tmp_path / "没有.xlsx"))


def test_a_refused_import_fails_the_command_and_writes_nothing(mini_plan, tmp_path):
    path = tmp_path / "数据.csv"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="有错误，未写入"):
        _run("observations", "import", str(path))
    assert not Observation.objects.exists()


def test_a_dry_run_reports_the_refused_rows_without_failing(mini_plan, tmp_path):
    path = tmp_path / "数据.csv"
    path.write_text(BAD, encoding="utf-8")
    out, err = _run("observations", "import", str(path), "--dry-run")
    assert "新增 1" in out and "拒绝 1 行" in out and "（未写入）" in out
    assert "第 2 行" in err
    assert not Observation.objects.exists()


def test_valid_only_writes_the_good_rows_and_counts_the_rejected(mini_plan, tmp_path):
    path = tmp_path / "数据.csv"
    path.write_text(BAD, encoding="utf-8")
    out, _ = _run("observations", "import", str(path), "--valid-only", "--json")
    report = json.loads(out)
    assert (report["created"], report["rejected"], report["written"]) == (1, 1, True)
    assert Observation.objects.get().value == 12
