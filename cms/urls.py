from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.feeds import ArticleAtomFeed, ArticleRssFeed
from cms.forms import DjangoAdminLoginForm
from cms.health import healthz
from cms.media import media_patterns
from cms.robots import robots_txt

admin.site.login_form = DjangoAdminLoginForm
admin.site.site_header = "Institute operations"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/v1/", include("cms.api")),
    path("lesson-files/", include("courses.urls")),
    path("feeds/articles.rss", ArticleRssFeed(), name="article_feed_rss"),
    path("feeds/articles.atom", ArticleAtomFeed(), name="article_feed_atom"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("community/", include("community.urls")),
    path("meetups/", include("community.meetups.urls")),
    path("circle/", include("community.circle.urls")),
    path("coaching/sessions/", include("coaching.slots.urls")),
    path("coaching/", include("coaching.urls")),
    path("live-sessions/", include("coaching.sessions.urls")),
    path("discussions/", include("community.discussions.urls")),
    path("feedback/", include("insight.feedback.urls")),
    path("surveys/", include("insight.surveys.urls")),
    path("search/", include("courses.search.urls")),
    path("payments/", include("payments.urls")),
    path("", include("courses.student_urls")),
]

if settings.DEBUG:
    # Local media for `make run`; private lesson documents are refused whatever the spelling.
    urlpatterns += media_patterns()

urlpatterns.append(path("", include(wagtail_urls)))
