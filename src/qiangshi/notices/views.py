"""通知 page: the user's notices, newest first; marking them read is a POST."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qiangshi.notices.selectors import notices_of
from qiangshi.notices.services import notices_read
from qiangshi.params import ID_MAX, int_param

PAGE_SIZE = 50


def notice_list(request):
    page = Paginator(notices_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page})


@require_POST
def notice_read(request):
    notice = int_param(request.POST, "notice", 0, low=0, high=ID_MAX)
    notices_read(request.user, [notice] if notice else None)
    return redirect("notices:list")
