"""The OpenAPI document tells a client every error an operation can give, and the version headers."""

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operation(schema: dict, method: str, path: str) -> dict:
    return schema["paths"][path][method]


def header_parameters(operation: dict) -> dict[str, dict]:
    return {
        parameter["name"]: parameter
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "header"
    }


def error_schema(response: dict) -> dict:
    return response["content"]["application/json"]["schema"]


def test_errors_have_one_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"detail", "code", "errors"}
    assert error["required"] == ["detail", "code"]
    assert error["properties"]["errors"]["additionalProperties"] == {}


def test_every_error_response_of_every_operation_has_a_detail_and_a_code(schema):
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, documented in operations.items():
            for code, response in documented["responses"].items():
                if code.startswith("4") and code != "414":
                    component = error_schema(response)["$ref"].rsplit("/", 1)[-1]
                    assert {"detail", "code"} <= set(components[component]["required"]), (method, path, code)


def test_a_url_too_long_for_the_server_is_documented_without_the_apis_error_shape(schema):
    """gunicorn answers it with a page of its own before the API sees the request."""
    with_query = operation(schema, "get", "/api/v1/attacks/")
    without_query = operation(schema, "get", "/api/v1/attacks/{id}/")

    assert "content" not in with_query["responses"]["414"]
    assert "gunicorn" in with_query["responses"]["414"]["description"]
    assert "414" not in without_query["responses"]


def test_gunicorn_refuses_a_request_line_over_the_length_the_schema_documents():
    from gunicorn.config import Config

    assert Config().limit_request_line == 4094


def test_every_operation_documents_429_with_retry_after(schema):
    for operations in schema["paths"].values():
        for documented in operations.values():
            throttled = documented["responses"]["429"]
            assert error_schema(throttled) == ERROR_REF
            assert "Retry-After" in throttled["headers"]


def test_a_patch_needs_if_match_and_documents_412_and_428(schema):
    patch = operation(schema, "patch", "/api/v1/attacks/{id}/")
    assert header_parameters(patch)["If-Match"]["required"] is True
    assert error_schema(patch["responses"]["412"]) == ERROR_REF
    assert error_schema(patch["responses"]["428"]) == ERROR_REF
    assert "ETag" in patch["responses"]["200"]["headers"]
    assert {"400", "401", "403", "404", "412", "413", "415", "428", "429"} <= set(patch["responses"])


def test_a_delete_documents_conflicts_and_preconditions_but_no_body_errors(schema):
    delete = operation(schema, "delete", "/api/v1/sources/{id}/")
    assert "If-Match" in header_parameters(delete)
    assert set(delete["responses"]) == {"204", "401", "403", "404", "409", "412", "428", "429"}


def test_a_review_step_needs_if_match_and_answers_with_the_new_etag(schema):
    verify = operation(schema, "post", "/api/v1/casualties/{id}/verify/")
    assert header_parameters(verify)["If-Match"]["required"] is True
    assert "ETag" in verify["responses"]["200"]["headers"]
    assert {"401", "403", "404", "409", "412", "428", "429"} <= set(verify["responses"])


def test_a_read_of_one_record_documents_its_etag_and_not_modified(schema):
    retrieve = operation(schema, "get", "/api/v1/waves/{id}/")
    assert header_parameters(retrieve)["If-None-Match"]["required"] is False
    assert "ETag" in retrieve["responses"]["200"]["headers"]
    assert "ETag" in retrieve["responses"]["304"]["headers"]
    assert set(retrieve["responses"]) == {"200", "304", "404", "429"}


def test_a_list_documents_400_for_its_query_parameters_404_past_its_last_page_and_no_etag(schema):
    listing = operation(schema, "get", "/api/v1/waves/")
    assert set(listing["responses"]) == {"200", "400", "404", "414", "429"}
    assert "page" in listing["responses"]["404"]["description"]
    assert "ETag" not in listing["responses"]["200"].get("headers", {})


def test_a_create_answers_with_the_etag_of_the_new_record(schema):
    create = operation(schema, "post", "/api/v1/waves/")
    assert "ETag" in create["responses"]["201"]["headers"]
    assert {"400", "401", "403", "413", "415", "429"} <= set(create["responses"])
    assert "If-Match" not in header_parameters(create)


def test_the_schema_is_valid_and_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
