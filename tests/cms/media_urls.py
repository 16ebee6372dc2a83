"""The site's URLs with the development ``/media/`` route, as ``make run`` (DEBUG) has them."""

from cms.media import media_patterns
from cms.urls import urlpatterns as site_urlpatterns

urlpatterns = media_patterns() + site_urlpatterns
