"""The chain's 运行监测 page: its monthly figures and its targets' statuses as the chain run
stored them (pages never compute), with the chart and the Excel export."""

import polars as pl
from django.shortcuts import render

from qiangshi.chains import selectors_monitoring as monitoring
from qiangshi.chains.selectors import chain_version, run_latest
from qiangshi.dataio.excel import xlsx_download, xlsx_workbook
from qiangshi.engine.chains.monitoring import WAN_PER_YI


def _chart(months) -> dict:
    return {
        "periods": [f"{m.year}年1-{m.month}月" for m in months],
        "revenue": [round(m.revenue_ytd / WAN_PER_YI, 2) for m in months],
        "growth": [None if m.growth is None else round(m.growth * 100, 1) for m in months],
    }


def chain_monitoring(request, code):
    version = chain_version(user=request.user, code=code)
    run = run_latest()
    months = list(monitoring.chain_months(run, user=request.user, chain=code))
    statuses = list(monitoring.target_statuses(run, user=request.user, chain=code))
    if request.GET.get("format") == "xlsx":
        return _export(version, months, statuses)
    basis = monitoring.monitoring_basis(run)
    return render(request, "chains/monitor_chain.html", {
        "version": version, "run": run, "months": list(reversed(months)), "statuses": statuses,
        "chart": _chart(months) if months else None,
        "basis": [] if basis is None else [
            ("方法版本", basis.method_version), ("输入哈希", basis.input_hash[:16]),
            ("产业链测算批次", f"#{run.pk}（{run.year}年）"),
            ("计算时间", f"{basis.computed_at:%Y-%m-%d %H:%M}")],
    })


def _export(version, months, statuses):
    figures = pl.DataFrame([
        (f"{m.year}年1-{m.month}月", m.revenue_ytd, m.output_ytd, m.prior_revenue_ytd, m.growth,
         m.prior_output_ytd, m.output_growth, m.firms_reporting, m.firms_compared)
        for m in months], orient="row", schema={
        "期别": pl.String, "营业收入累计（万元）": pl.Float64, "工业总产值累计（万元）": pl.Float64,
        "上年同期营业收入（可比，万元）": pl.Float64, "营业收入同比增速": pl.Float64,
        "上年同期工业总产值（可比，万元）": pl.Float64, "工业总产值同比增速": pl.Float64,
        "报送企业数": pl.Int64, "可比企业数": pl.Int64})
    targets = pl.DataFrame([
        (s.label, s.target_value, s.unit, s.target_year, s.base_value, s.base_year, s.latest_value,
         s.current_value, s.milestone_value, s.status_label, s.explanation, s.source)
        for s in statuses], orient="row", schema={
        "指标": pl.String, "目标值": pl.Float64, "单位": pl.String, "目标年": pl.Int64,
        "基期值": pl.Float64, "基期年": pl.Int64, "最新值": pl.Float64, "全年预计": pl.Float64,
        "年度节点目标": pl.Float64, "状态": pl.String, "说明": pl.String, "目标来源": pl.String})
    content = xlsx_workbook({"月度监测": figures, "目标进度": targets},
                            titles={"月度监测": f"{version.title}产业链运行监测"})
    return xlsx_download(content, filename=f"{version.title}产业链运行监测.xlsx")
