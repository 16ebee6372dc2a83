"""The OpenAPI schema view, generated once per deploy."""

from typing import ClassVar

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView
from rest_framework.response import Response

from django.http import HttpResponse


class SchemaOncePerDeployView(SpectacularAPIView):
    """``/api/v1/schema/``: the schema is made from the code, so it is generated and rendered
    once per process (each deploy starts new processes) for each format and language, and
    then served as stored bytes. A schema that depends on the reader (``SERVE_PUBLIC`` off)
    is generated every time, as drf-spectacular does."""

    _rendered: ClassVar[dict[tuple, tuple[bytes, dict[str, str]]]] = {}
    _kept_headers = ("Content-Type", "Content-Disposition")

    def _key(self, request) -> tuple | None:
        if not self.serve_public:
            return None
        renderer = getattr(request, "accepted_renderer", None)
        return (getattr(renderer, "format", None), request.GET.get("lang"), request.get_host())

    @extend_schema(**SCHEMA_KWARGS)  # documented (or excluded) as drf-spectacular's own view
    def get(self, request, *args, **kwargs):
        key = self._key(request)
        if key is not None and key in self._rendered:
            content, headers = self._rendered[key]
            return HttpResponse(content, headers=headers)
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = self._key(request)
        if key is not None and isinstance(response, Response) and response.status_code == 200:
            response.render()
            headers = {h: response[h] for h in self._kept_headers if response.has_header(h)}
            self._rendered[key] = (response.content, headers)
        return response
