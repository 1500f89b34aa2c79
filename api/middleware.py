from django.conf import settings
from django.http import JsonResponse


class RequestBodyLimitMiddleware:
    """Refuse a body over the cap with a JSON 413 before anything reads it.

    Django's own check raises on the first read and answers with an HTML 400, which
    tells a client neither what went wrong nor in the API's error shape.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH", "")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length.isdigit() and int(length) > limit:
            return JsonResponse(
                {"detail": f"The request body is larger than {limit} bytes.", "code": "request_too_large"},
                status=413,
            )
        return self.get_response(request)
