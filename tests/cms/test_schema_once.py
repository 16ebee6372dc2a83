"""The OpenAPI schema is generated once per process (per deploy), then served as stored bytes."""

from unittest import mock

import pytest
from drf_spectacular.generators import SchemaGenerator

from cms.schema_view import SchemaOncePerDeployView

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["", "?format=json"])
def test_schema_is_generated_once_then_served_from_memory(client, fmt):
    SchemaOncePerDeployView._rendered.clear()
    with mock.patch.object(
        SchemaGenerator, "get_schema", autospec=True, side_effect=SchemaGenerator.get_schema
    ) as generate:
        first = client.get(f"/api/v1/schema/{fmt}")
        second = client.get(f"/api/v1/schema/{fmt}")
    assert first.status_code == second.status_code == 200
    assert generate.call_count == 1
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert b"/api/v1/courses/lessons/" in second.content


def test_each_format_is_its_own_copy(client):
    SchemaOncePerDeployView._rendered.clear()
    yaml = client.get("/api/v1/schema/")
    json = client.get("/api/v1/schema/?format=json")
    assert yaml.content != json.content
    assert json.json()["openapi"].startswith("3.")
