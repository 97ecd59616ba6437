"""Refuses requests whose parameters carry a NUL character.

PostgreSQL text cannot hold NUL (U+0000): a filter or form value with "%00" reaches the
database and fails there with a server error. No legitimate input of the platform contains
NUL, so it is refused once, here, for every view: 400 with a Chinese page.
"""

from django.shortcuts import render

NUL = "\x00"


def _has_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values)
               for key, values in query_dict.lists())


class NulRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.POST is parsed only for form posts; uploads keep their file bytes untouched.
        if NUL in request.path or _has_nul(request.GET) or (
                request.method == "POST" and _has_nul(request.POST)):
            return render(request, "400.html", {"reason": "请求中含有不允许的空字符（NUL），已拒绝。"},
                          status=400)
        return self.get_response(request)
