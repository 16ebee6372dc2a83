from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """What every template may show: the school's name and whether Stripe is a test double."""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "STRIPE_TEST_DOUBLE": bool(settings.STRIPE_API_BASE),
    }
