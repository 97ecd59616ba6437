"""Who sees which jobs: a user the jobs they started; analysts (whole city) and superusers all."""

from qiangshi.jobs.models import Job


def jobs_visible(user):
    jobs = Job.objects.select_related("started_by")
    if user.is_superuser or user.scope_all:
        return jobs
    return jobs.filter(started_by=user)
