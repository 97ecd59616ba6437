import time

from django.conf import settings

from qiangshi.accounts.context import acting_as, request_actor

# Session key holding when the session's idle deadline was last pushed back (Unix seconds).
RENEWED_KEY = "_qiangshi_renewed"


class AuditContextMiddleware:
    """Makes the logged-in user and the client address the actor of every write in the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(request_actor(request)):
            return self.get_response(request)


class SessionRenewalMiddleware:
    """Slides the idle deadline of a session without writing it on every request.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) costs a write per page
    view, and on SQLite every writer waits for the one before it. Here the session is saved
    only when its deadline was last pushed back more than QIANGSHI_SESSION_RENEW_SECONDS ago,
    so the idle limit lies between SESSION_COOKIE_AGE minus that margin and SESSION_COOKIE_AGE.
    A due session is marked before the view runs, so a view that logs out (flushes the
    session) leaves nothing behind."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if not session.is_empty() and \
                time.time() - session.get(RENEWED_KEY, 0) >= settings.QIANGSHI_SESSION_RENEW_SECONDS:
            session[RENEWED_KEY] = int(time.time())
        response = self.get_response(request)
        # A session the view changed (log-in) is saved anyway: stamp it, so the next
        # request does not save it again.
        if session.modified and not session.is_empty():
            session[RENEWED_KEY] = int(time.time())
        return response
