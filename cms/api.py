"""URL wiring of the JSON API under ``/api/v1/``.

Each app contributes its own endpoints through ``<app>/api/urls.py`` as they are built; the
public pages come from Wagtail's API v2 (https://docs.wagtail.org/en/stable/advanced_topics/api/v2/configuration.html).
Private documents are deliberately not exposed through Wagtail's documents endpoint.
"""

from drf_spectacular.views import SpectacularSwaggerView

from django.urls import include, path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.openapi import SchemaOncePerDeployView

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)
wagtail_api.register_endpoint("images", ImagesAPIViewSet)

urlpatterns = [
    path("schema/", SchemaOncePerDeployView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("cms/", wagtail_api.urls),
    path("courses/", include("courses.api.urls")),
    path("payments/", include("payments.api.urls")),
    path("", include("courses.api.student_urls")),  # me/dashboard/, lessons/<id>/progress/
]
