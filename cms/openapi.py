"""drf-spectacular hooks (https://drf-spectacular.readthedocs.io/en/latest/customization.html)."""

SCHEMA_PREFIX = "/api/v1/"
# Wagtail's own APIs (admin, and the v2 page API mounted at /api/v1/cms/) are not DRF
# spectacular-aware and are documented by Wagtail; the schema describes the school's API.
EXCLUDED_PREFIXES = ("/api/v1/cms/",)


def only_school_api(endpoints: list[tuple]) -> list[tuple]:
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith(SCHEMA_PREFIX) and not path.startswith(EXCLUDED_PREFIXES)
    ]
