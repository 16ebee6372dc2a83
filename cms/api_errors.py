"""One error shape for every ``/api/v1/`` answer that is not a success.

Every error is JSON of this shape (``ApiErrorSerializer``), whatever raised it::

    {
      "status": 409,                       # the HTTP status, repeated for clients that log bodies
      "code": "sold_out",                  # a stable machine word (see below)
      "detail": "Only 2 seats are left.",  # a sentence for a person: what went wrong, what to do
      "field": "seats",                    # the request field it belongs to, "" if none
      "errors": {"seats": ["..."]},        # every field's messages (validation), {} otherwise
      ...                                  # extras some errors add: reason, next_cohort, access,
    }                                      # retry_after

``code`` is DRF's for its own exceptions (``invalid``, ``parse_error``, ``not_authenticated``,
``authentication_failed``, ``permission_denied``, ``not_found``, ``method_not_allowed``,
``unsupported_media_type``, ``throttled``) or the project's (``checkout_refused``,
``discount_rejected``, ``sold_out``, ``team_refused``, ``lesson_closed``, ``rate_limited``...).

The project's own exceptions are mapped by each app in ``<app>/api/errors.py`` (a dict
``API_ERRORS`` of exception class to ``ApiErrorSpec``), listed in ``settings.API_ERROR_MAPS``,
so ``cms`` names no app and views raise instead of catching: ``api_exception_handler`` is DRF's
``EXCEPTION_HANDLER`` (https://www.django-rest-framework.org/api-guide/exceptions/). A view for
which an error means something else (a team error is a conflict when taking a seat) says so in
``api_error_status``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ApiErrorSpec:
    """How one of the project's exceptions answers: HTTP status, code, and (``more``) extra keys."""

    status: int | Callable[[Exception], int]
    code: str | Callable[[Exception], str]
    more: Callable[[Exception], dict] = field(default=lambda error: {})

    def status_for(self, error: Exception) -> int:
        return self.status(error) if callable(self.status) else self.status

    def code_for(self, error: Exception) -> str:
        return self.code(error) if callable(self.code) else self.code


class ApiErrorSerializer(serializers.Serializer):
    """The one error shape (documented on every operation of the schema)."""

    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(help_text="A stable machine-readable word.")
    detail = serializers.CharField(help_text="What went wrong and what to do, for a person.")
    field = serializers.CharField(
        allow_blank=True, help_text="The request field the error belongs to; empty if none."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per request field (validation errors); empty otherwise.",
    )
    reason = serializers.CharField(
        required=False, help_text="Why a discount code does not apply (a stable word)."
    )
    next_cohort = serializers.CharField(
        required=False, allow_null=True, help_text="Sold out: the next class with seats, if any."
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="Rate limited: seconds to wait before trying again."
    )


def error_body(
    *, status_code: int, code: str, detail: str, field: str = "", errors=None, **extra
) -> dict:
    return {
        "status": status_code,
        "code": code,
        "detail": detail,
        "field": field,
        "errors": errors or {},
        **extra,
    }


def error_response(*, status_code: int, code: str, detail: str, field: str = "", **extra):
    return Response(
        error_body(status_code=status_code, code=code, detail=detail, field=field, **extra),
        status=status_code,
    )


@cache
def _project_errors() -> dict[type[Exception], ApiErrorSpec]:
    mapping: dict[type[Exception], ApiErrorSpec] = {}
    for dotted in settings.API_ERROR_MAPS:
        mapping.update(import_string(dotted))
    return mapping


def _lookup(error: Exception, table: dict) -> object | None:
    for cls in type(error).__mro__:
        if cls in table:
            return table[cls]
    return None


def _project_error_response(error: Exception, view) -> Response | None:
    spec = _lookup(error, _project_errors())
    if spec is None:
        return None
    status_code = _lookup(error, getattr(view, "api_error_status", {})) or spec.status_for(error)
    return error_response(
        status_code=status_code,
        code=spec.code_for(error),
        detail=getattr(error, "message", None) or str(error),
        field=getattr(error, "field", "") or "",
        **spec.more(error),
    )


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation detail as ``{"field": [...], "lines.0.quantity": [...]}``."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(_flatten(value, name))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def _validation_body(error: exceptions.ValidationError) -> dict:
    errors = _flatten(error.detail)
    field_errors = {name: msgs for name, msgs in errors.items() if name != "non_field_errors"}
    first_field = next(iter(field_errors), "")
    detail = "; ".join(
        f"{name}: {msgs[0]}" if name != "non_field_errors" else msgs[0]
        for name, msgs in errors.items()
    )
    return error_body(
        status_code=status.HTTP_400_BAD_REQUEST,
        code="invalid",
        detail=detail or "The request is not valid.",
        field=first_field,
        errors=errors,
    )


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: every error of the API in the one shape, never cached
    (a refusal depends on who asks)."""
    response = _shaped_error(exc, context)
    if response is not None:
        response["Cache-Control"] = "private, no-store"
        if "retry_after" in response.data:
            response["Retry-After"] = str(response.data["retry_after"])
    return response


def _shaped_error(exc: Exception, context: dict) -> Response | None:
    project = _project_error_response(exc, context.get("view"))
    if project is not None:
        return project
    # As DRF's own handler does, so the code below sees DRF's exception (and its code).
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling (logged, mailed to admins)
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
        return response
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if not isinstance(code, str):
        code = getattr(exc, "default_code", "error")
    extra = {}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        extra["retry_after"] = int(exc.wait + 0.999)
    response.data = error_body(
        status_code=response.status_code, code=code, detail=str(detail), **extra
    )
    return response


class ApiNotFound(exceptions.NotFound):
    default_detail = "There is no such API endpoint. See /api/v1/docs/ for the list."


def _resolves_to_an_endpoint(path: str) -> bool:
    try:
        return resolve(path).url_name != "api-not-found"
    except Resolver404:
        return False


class ApiNotFoundView(APIView):
    """The last ``/api/v1/`` route: an unknown address is a JSON 404 too, never an HTML page."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    schema = None  # not an endpoint

    def dispatch_unknown(self, request, *args, **kwargs):
        # This route matches everything, so CommonMiddleware's APPEND_SLASH no longer sees a
        # miss: do its job here for an address that only lacks its trailing slash.
        with_slash = f"{request.path_info}/"
        if not request.path_info.endswith("/") and _resolves_to_an_endpoint(with_slash):
            if request.method in ("GET", "HEAD"):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(with_slash + (f"?{query}" if query else ""))
            raise ApiNotFound(f"There is no such API endpoint; did you mean {with_slash}?")
        raise ApiNotFound

    get = post = put = patch = delete = head = options = dispatch_unknown
