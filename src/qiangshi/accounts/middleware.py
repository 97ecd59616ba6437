from qiangshi.accounts.context import acting_as, request_actor


class AuditContextMiddleware:
    """Makes the logged-in user and the client address the actor of every write in the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(request_actor(request)):
            return self.get_response(request)
