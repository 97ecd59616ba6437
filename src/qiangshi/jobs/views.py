"""任务 pages: the list of jobs a user may see, one job, and the progress fragment that htmx
polls while a job is unfinished (a finished fragment carries no trigger, so polling stops)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from qiangshi.jobs.selectors import jobs_visible

PAGE_SIZE = 50


def job_list(request):
    page = Paginator(jobs_visible(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


def job_detail(request, pk):
    job = get_object_or_404(jobs_visible(request.user), pk=pk)
    return render(request, "jobs/detail.html", {"job": job})


def job_progress(request, pk):
    job = get_object_or_404(jobs_visible(request.user), pk=pk)
    return render(request, "jobs/_progress.html", {"job": job})
