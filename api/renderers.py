"""DRF's JSON, written by orjson: the same bytes, in a fraction of the time on a large page."""

import orjson
from rest_framework import renderers
from rest_framework.utils import encoders

_encoder = encoders.JSONEncoder()


class JSONRenderer(renderers.JSONRenderer):
    """What ``rest_framework.renderers.JSONRenderer`` writes (compact, UTF-8, U+2028/U+2029 escaped).

    Dates, times and anything orjson does not know go through DRF's own encoder, so they are
    written as DRF writes them; indented output, and anything orjson refuses (an integer
    beyond 64 bits, a non-string key), is left to DRF's renderer.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_encoder.default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # JSON allows these two characters in strings; JavaScript source did not, so DRF escapes them.
        return body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
