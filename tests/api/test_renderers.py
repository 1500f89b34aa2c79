"""The orjson renderer writes the bytes DRF's own JSON renderer writes."""

import datetime
import decimal
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from api.renderers import JSONRenderer
from reports.choices import CasualtyKind

MOMENT = datetime.datetime(2025, 2, 1, 3, 4, 5, 678901, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "data",
    [
        {"count": 3, "next": None, "results": [{"id": 1, "best": None, "ok": True, "share": 0.1}]},
        {"name": "Харків", "quote": "line\u2028separator\u2029paragraph", "emoji": "🙂", "tab": 'a\tb"c\\'},
        {"when": MOMENT, "day": MOMENT.date(), "time": MOMENT.time(), "naive": datetime.datetime(2025, 2, 1)},
        {"latitude": decimal.Decimal("49.993500"), "id": uuid.UUID(int=7), "kind": CasualtyKind.KILLED},
        {"label": gettext_lazy("Killed"), "nested": [[], {}, [1, [2, [3]]]], "big": 2**70},
        {1: "an integer key"},
        [],
    ],
)
def test_it_writes_what_drf_writes(data):
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_indented_output_is_drfs_too():
    data = {"results": [{"id": 1}]}

    indented = JSONRenderer().render(data, "application/json; indent=2")

    assert indented == DRFJSONRenderer().render(data, "application/json; indent=2")
    assert b"\n" in indented
