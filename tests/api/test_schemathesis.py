"""Fuzzing the API against its own schema (issue 12, item 11), anonymous and with an app token.

schemathesis (https://schemathesis.readthedocs.io/) generates requests from the OpenAPI schema
and sends them in-process to the WSGI application (``schemathesis.openapi.from_wsgi``), so the
run needs no server, uses the test database of the run (SQLite in ``make test``, PostgreSQL in
the second ``.ci/run`` pass) and fails like any other test. A run fails on any 5xx, a status
the schema does not list for the operation, or a body or content type that breaks the schema.
Bounded by ``MAX_EXAMPLES`` per operation and mode (about a minute on 2 cores).
"""

from contextlib import contextmanager

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from tests.api.support import app_session_token
from tests.factories import EnrollmentFactory, VerifiedUserFactory
from tests.factories.payments import on_sale_cohort, team_with_pool

MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure reproduces
    database=None,
    suppress_health_check=list(HealthCheck),
)


def fuzz_every_operation(headers: dict | None = None) -> list[str]:
    """Every operation of the schema, valid and invalid requests; the failures, described.

    The operations are driven one by one with Hypothesis (schemathesis's pytest plugin does not
    load under pytest 9, so its ``parametrize`` is not used).
    """
    with _test_connection_kept():
        return _fuzz(headers)


@contextmanager
def _test_connection_kept():
    """As Django's test client does: a request's end must not close the test's connection
    (its transaction holds the test's data)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(headers: dict | None) -> list[str]:
    api = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    failures = []
    for result in api.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                continue  # nothing to make invalid (no parameters, no body)
            except Exception as failure:
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    return failures


@pytest.fixture
def signed_in(db):
    """A student with a class, a team and an app session token (allauth headless)."""
    student = VerifiedUserFactory()
    cohort = on_sale_cohort(slug="april-2027")
    EnrollmentFactory(user=student, cohort=cohort)
    team_with_pool(owner=student, cohort=cohort, seats_total=2)
    return {"X-Session-Token": app_session_token(student)}


@pytest.mark.django_db
def test_anonymous_requests_never_break_the_api():
    failures = fuzz_every_operation()
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_requests_with_an_app_token_never_break_the_api(signed_in):
    failures = fuzz_every_operation(headers=signed_in)
    assert not failures, "\n\n".join(failures)
