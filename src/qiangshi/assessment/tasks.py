"""Assessment runs as background jobs."""

from django.urls import reverse

from qiangshi.assessment.models import SchemeVersion
from qiangshi.assessment.services import AssessmentRefused, run_create
from qiangshi.jobs.progress import progress_job_id
from qiangshi.jobs.services import JobError, JobResult, job_kind


@job_kind("assessment_run", "专项考核")
def assessment_run(progress, *, scheme_id: int, year: int, month: int = 12) -> JobResult:
    try:
        run = run_create(SchemeVersion.objects.get(pk=scheme_id), year=year, month=month,
                         job_id=progress_job_id(progress), progress=progress)
    except AssessmentRefused as refused:
        raise JobError(f"未能考核：{refused}") from None
    return JobResult(message=f"已完成{run.period_label}考核：{run.unit_count} 个单位。",
                     url=reverse("assessment:run", args=[run.pk]), label="查看考核结果", value=run)
