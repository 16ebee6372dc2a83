"""URL wiring of the JSON API under ``/api/v1/``.

Each app contributes its own endpoints through ``<app>/api/urls.py`` as they are built; the
public pages come from Wagtail's API v2 (https://docs.wagtail.org/en/stable/advanced_topics/api/v2/configuration.html).
Private documents are deliberately not exposed through Wagtail's documents endpoint.
"""

from drf_spectacular.views import SpectacularSwaggerView

from django.urls import include, path, re_path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.api_errors import ApiNotFoundView, error_body
from cms.profile_api import MyProfileView
from cms.schema_view import SchemaOncePerDeployView


class OneErrorShape:
    """Wagtail's API v2 answers its own 400 and 404 as ``{"message": ...}``: reshape them into
    the API's one error shape (cms/api_errors.py); every other error already goes through it."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and set(response.data) == {"message"}:
            code = "not_found" if response.status_code == 404 else "invalid"
            response.data = error_body(
                status_code=response.status_code, code=code, detail=response.data["message"]
            )
        return response


class SchoolPagesAPIViewSet(OneErrorShape, PagesAPIViewSet):
    pass


class SchoolImagesAPIViewSet(OneErrorShape, ImagesAPIViewSet):
    pass


wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", SchoolPagesAPIViewSet)
wagtail_api.register_endpoint("images", SchoolImagesAPIViewSet)

urlpatterns = [
    path("schema/", SchemaOncePerDeployView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("cms/", wagtail_api.urls),
    path("courses/", include("courses.api.urls")),
    path("payments/", include("payments.api.urls")),
    path("coaching/", include("coaching.api_urls")),
    path("insight/dashboard/", include("insight.dashboard.api_urls")),
    path("discussions/", include("community.discussions.api_urls")),
    path("surveys/", include("insight.surveys.api.urls")),
    path("me/profile/", MyProfileView.as_view(), name="api-me-profile"),
    path("", include("courses.api.student_urls")),  # me/dashboard/, lessons/<id>/progress/
    path("", include("insight.feedback.api.urls")),  # lessons/<id>/rating/, .../unclear-flags/
    # Last: an unknown /api/v1/ address is a JSON 404 in the one error shape, not an HTML page.
    re_path(r"^.*$", ApiNotFoundView.as_view(), name="api-not-found"),
]
