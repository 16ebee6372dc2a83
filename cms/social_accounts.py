"""Signing in with Google or LinkedIn while their servers cannot be reached.

allauth calls the provider over HTTP (``requests``) at two moments: LinkedIn's OpenID Connect
discovery when the sign-in starts, and the token exchange when the provider sends the person
back. A network failure at the second is handed to the adapter's ``on_authentication_error``
(https://docs.allauth.org/en/latest/socialaccount/advanced.html); at the first it escapes the
view, which would be a 500. Both now answer with one page that names the provider and offers
the password sign-in, with status 503 (the provider, not the request, is at fault).
"""

import requests
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

SOCIAL_PREFIX = "/accounts/"


def provider_unreachable_response(request: HttpRequest, provider_name: str) -> HttpResponse:
    response = TemplateResponse(
        request,
        "cms/accounts/provider_unreachable.html",
        {"provider_name": provider_name},
        status=503,
    )
    response["Retry-After"] = "60"
    return response.render()


def _network_failure(exception: BaseException | None) -> bool:
    while exception is not None:
        if isinstance(exception, requests.RequestException):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        if _network_failure(exception):
            raise ImmediateHttpResponse(provider_unreachable_response(request, provider.name))
        return super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )


def _provider_name(request: HttpRequest) -> str:
    match = request.resolver_match
    provider_id = (match.kwargs.get("provider_id") if match else None) or (
        match.url_name.removesuffix("_login").removesuffix("_callback") if match else ""
    )
    try:
        return get_adapter().get_provider(request, provider_id).name
    except Exception:  # an unknown id: the page still has to render
        return "The sign-in provider"


class ProviderUnreachableMiddleware:
    """Turns a network failure escaping a social sign-in view into the same page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if request.path_info.startswith(SOCIAL_PREFIX) and _network_failure(exception):
            return provider_unreachable_response(request, _provider_name(request))
        return None
