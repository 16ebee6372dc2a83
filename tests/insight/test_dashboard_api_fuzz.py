"""The dashboard's API fuzzed against its own schema with a permitted (editor's) app token:
every generated date, valid or not, answers what the schema promises (200 or a 400 in the
one error shape), never a 5xx (tests/api/test_schemathesis.py fuzzes the rest as a student
and anonymously)."""

import pytest
import schemathesis
from hypothesis import given
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from django.contrib.auth.models import Group
from django.core.wsgi import get_wsgi_application

from tests.api.support import app_session_token
from tests.api.test_schemathesis import CHECKS, FUZZ, _test_connection_kept
from tests.factories import VerifiedUserFactory
from tests.insight.dashboard_school import dashboard_school

pytestmark = pytest.mark.django_db


def test_an_editor_token_never_breaks_the_dashboard_api():
    dashboard_school()
    editor = VerifiedUserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    headers = {"X-Session-Token": app_session_token(editor)}
    failures, operations = [], 0
    with _test_connection_kept():
        api = schemathesis.openapi.from_wsgi(
            "/api/v1/schema/?format=json", get_wsgi_application()
        ).include(path_regex="^/api/v1/insight/dashboard/")
        for result in api.get_all_operations():
            operation = result.ok()
            operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @FUZZ
                @given(case=operation.as_strategy(generation_mode=mode))
                def run(case):
                    case.call_and_validate(headers=headers, checks=CHECKS)

                try:
                    run()
                except Unsatisfiable:
                    continue
                except Exception as failure:
                    failures.append(f"{operation.label} ({mode.value}): {failure}")
    assert operations == 2
    assert not failures, "\n\n".join(failures)
