from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages; a client may ask for up to ``max_page_size`` rows, and asking for more gets the cap."""

    page_size_query_param = "page_size"
    max_page_size = 500
