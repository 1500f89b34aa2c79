from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages; a client may ask for up to ``max_page_size`` rows, and asking for more gets the cap."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        requested = request.query_params.get(self.page_size_query_param)
        if requested is not None and not (requested.isdigit() and int(requested) > 0):
            raise ValidationError({self.page_size_query_param: ["A whole number from 1 upwards."]})
        return super().get_page_size(request)
