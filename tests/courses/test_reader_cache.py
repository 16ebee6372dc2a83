"""A signed-in reader's lesson, dashboard, buy form and API twins are remembered for them alone
(``cms.reader_cache``) until anything is written (``cms.write_watch``).

What must hold: a copy is only ever served to the reader (and session) it was rendered for; any
write, however it is made (a model save, ``update()``, raw SQL, in another transaction), is
seen on the next request; CSRF tokens are fresh per response and valid; a pending message is
shown; a hit costs the same queries at 1x and 10x data.
"""

import re

import pytest

from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.reader_cache import HEADER
from cms.write_watch import statement_writes, writes_token
from courses.models import Enrollment, EnrollmentStatus, LessonProgress
from tests.courses.test_query_counts import grow
from tests.factories import CohortPriceFactory, EnrollmentFactory

BODY = "The private lesson text."

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def warm(client, url):
    """Until the reader's copy is served (the first view of a page also stores its route)."""
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, url
        if response.get(HEADER) == "hit":
            return response
    raise AssertionError(f"{url} was never served from the reader's copy")


def without_tokens(response) -> str:
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())


def surfaces(school) -> dict[str, str]:
    CohortPriceFactory(cohort=school.next_class)
    return {
        "lesson page": school.lesson1.url,
        "dashboard": "/dashboard/",
        "buy form": f"/payments/buy/{school.next_class.slug}/",
        "lesson API": f"/api/v1/courses/lessons/{school.lesson1.pk}/",
        "dashboard API": "/api/v1/me/dashboard/",
    }


@pytest.mark.parametrize(
    "surface", ["lesson page", "dashboard", "buy form", "lesson API", "dashboard API"]
)
def test_a_hit_costs_the_same_queries_at_1x_and_10x(school, surface):
    url = surfaces(school)[surface]
    student = signed_in(school.users["enrolled"])
    counts = []
    for factor in (1, 10):
        grow(school, factor)
        first = warm(student, url)
        with CaptureQueriesContext(connection) as queries:
            again = student.get(url)
        assert again[HEADER] == "hit" and without_tokens(again) == without_tokens(first)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 1, counts  # the user; the session is in the cache


def test_the_copy_is_the_readers_own(school):
    """Another student, an anonymous visitor and the same person in another browser each get
    their own rendering."""
    student = school.users["enrolled"]
    mine = warm(signed_in(student), school.lesson1.url)
    assert BODY in mine.content.decode()

    for viewer in ("anonymous", "unenrolled", "other_cohort", "refunded"):
        user = school.users[viewer]
        client = Client() if user is None else signed_in(user)
        response = client.get(school.lesson1.url)
        assert response.get(HEADER) != "hit", viewer
        assert BODY not in response.content.decode(), viewer
        assert student.email not in response.content.decode(), viewer

    other_browser = signed_in(student).get(school.lesson1.url)
    assert other_browser.get(HEADER) != "hit"


def test_a_change_to_the_readers_session_is_a_new_copy(school):
    student = signed_in(school.users["enrolled"])
    warm(student, "/dashboard/")
    session = student.session
    session["seen_tour"] = True
    session.save()
    assert student.get("/dashboard/").get(HEADER) != "hit"


def test_a_model_save_is_seen_on_the_next_request(school):
    student = signed_in(school.users["enrolled"])
    assert BODY in warm(student, school.lesson1.url).content.decode()
    enrollment = Enrollment.objects.get(user=school.users["enrolled"])
    enrollment.status = EnrollmentStatus.REFUNDED
    enrollment.save()
    response = student.get(school.lesson1.url)
    assert response.get(HEADER) != "hit"
    assert BODY not in response.content.decode()


def test_an_update_that_sends_no_signal_is_seen_on_the_next_request(school):
    student = signed_in(school.users["enrolled"])
    warm(student, school.lesson1.url)
    Enrollment.objects.filter(user=school.users["enrolled"]).update(
        status=EnrollmentStatus.REFUNDED
    )
    assert BODY not in student.get(school.lesson1.url).content.decode()


def test_raw_sql_is_seen_on_the_next_request(school):
    student = signed_in(school.users["enrolled"])
    warm(student, "/api/v1/me/dashboard/")
    enrollment = Enrollment.objects.get(user=school.users["enrolled"])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO courses_lessonprogress (enrollment_id, lesson_id, completed_at)"
            " VALUES (%s, %s, %s)",
            [enrollment.pk, school.lesson1.pk, timezone.now()],
        )
    assert LessonProgress.objects.filter(enrollment=enrollment).exists()
    response = student.get("/api/v1/me/dashboard/")
    assert response.get(HEADER) != "hit"


def test_another_readers_write_is_seen_too(school):
    """A classmate enrolling changes nothing on my page, yet nothing is assumed: fresh."""
    student = signed_in(school.users["enrolled"])
    warm(student, school.lesson1.url)
    EnrollmentFactory(cohort=school.current)
    assert student.get(school.lesson1.url).get(HEADER) != "hit"


def test_writes_to_sessions_leave_copies_current(school):
    student = signed_in(school.users["enrolled"])
    warm(student, school.lesson1.url)
    SessionStore().create()  # a visitor's session starts: a session row, nothing shown
    assert student.get(school.lesson1.url)[HEADER] == "hit"


@pytest.mark.django_db(transaction=True)
def test_the_token_is_replaced_again_when_the_transaction_commits(school):
    """A reader rendering while a transaction is open sees the old rows: the commit makes
    whatever they stored stale."""
    with transaction.atomic():
        Enrollment.objects.filter(user=school.users["enrolled"]).update(
            status=EnrollmentStatus.REFUNDED
        )
        during = writes_token()
    assert writes_token() != during


@pytest.mark.django_db(transaction=True)
def test_a_write_after_a_rolled_back_savepoint_is_replaced_on_commit(school):
    """The first write's commit hook went with its savepoint: the next write adds its own."""
    enrolled = Enrollment.objects.filter(user=school.users["enrolled"])
    with transaction.atomic():
        try:
            with transaction.atomic():
                enrolled.update(status=EnrollmentStatus.REFUNDED)
                raise RuntimeError
        except RuntimeError:
            pass
        enrolled.update(status=EnrollmentStatus.TRANSFERRED)
        during = writes_token()
    assert writes_token() != during


def test_csrf_tokens_are_fresh_per_response_and_accepted(school):
    student = Client(enforce_csrf_checks=True)
    student.force_login(school.users["enrolled"])
    first = warm(student, school.lesson1.url)
    second = student.get(school.lesson1.url)
    assert second[HEADER] == "hit"

    def token(response) -> str:
        text = response.content.decode()
        start = text.index('name="csrfmiddlewaretoken" value="') + 34
        return text[start : start + 64]

    assert token(first) != token(second)
    done = student.post(
        f"/lessons/{school.lesson1.pk}/progress/",
        {"done": "1", "csrfmiddlewaretoken": token(second)},
    )
    assert done.status_code == 302
    after = student.get(done["Location"])
    assert after.get(HEADER) != "hit"
    assert "Marked as done." in after.content.decode()  # the pending message is shown


def test_an_app_calling_with_a_token_header_is_never_answered_from_a_copy(school):
    student = signed_in(school.users["enrolled"])
    warm(student, "/api/v1/me/dashboard/")
    response = student.get("/api/v1/me/dashboard/", HTTP_X_SESSION_TOKEN="not-a-token")
    assert response.status_code == 401
    assert response.get(HEADER) != "hit"


def test_off_when_the_setting_is_zero(school, settings):
    settings.READER_CACHE_SECONDS = 0
    student = signed_in(school.users["enrolled"])
    for _ in range(3):
        assert student.get("/dashboard/").get(HEADER) is None


def test_a_copy_lives_reader_cache_seconds_at_most(school, settings):
    from django.core.cache import cache

    from cms.reader_cache import _entry_key

    settings.READER_CACHE_SECONDS = 30
    student = signed_in(school.users["enrolled"])
    response = warm(student, "/dashboard/")
    key = cache.make_and_validate_key(_entry_key(response.wsgi_request))
    if hasattr(cache, "_expire_info"):  # locmem
        ttl = cache._expire_info[key] - timezone.now().timestamp()
    else:  # redis
        ttl = cache._cache.get_client(key).ttl(key)
    assert 0 < ttl <= 30


def test_a_release_later_than_the_copy_opens_the_week(school):
    student = signed_in(school.users["enrolled"])
    locked = warm(student, school.lesson2.url)
    assert BODY not in locked.content.decode()
    from tests.factories import WeekReleaseFactory

    WeekReleaseFactory(cohort=school.current, week_number=2)
    opened = student.get(school.lesson2.url)
    assert opened.get(HEADER) != "hit" and BODY in opened.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_connection_made_inside_an_execute_wrapper_block_keeps_watching():
    from cms.write_watch import _watch

    def timer(execute, sql, params, many, context):
        return execute(sql, params, many, context)

    connection.execute_wrappers.remove(_watch)  # as a thread's new connection object
    connection.close()
    with connection.execute_wrapper(timer):
        connection.ensure_connection()
    assert connection.execute_wrappers == [_watch]


@pytest.mark.parametrize(
    "surface", ["lesson page", "dashboard", "buy form", "lesson API", "dashboard API"]
)
def test_no_remembered_page_reads_a_table_whose_writes_are_ignored(
    school, surface, settings, rendering
):
    url = surfaces(school)[surface]
    student = signed_in(school.users["enrolled"])
    student.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert student.get(url).status_code == 200
    ignored = [name for name in settings.READER_CACHE_IGNORED_TABLES if name != "django_session"]
    for query in queries.captured_queries:
        assert not any(name in query["sql"] for name in ignored), query["sql"]


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('SELECT "a" FROM "courses_enrollment"', False),
        ('SELECT "a" FROM "t" FOR UPDATE', False),
        ('(SELECT "a" FROM "t") UNION ALL (SELECT "b" FROM "u")', False),
        ('SAVEPOINT "s1"', False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ('INSERT INTO "courses_enrollment" ("a") VALUES (1)', True),
        ('UPDATE "courses_enrollment" SET "a" = 1', True),
        ('DELETE FROM "courses_enrollment" WHERE 1', True),
        ("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", True),
        ('UPDATE "django_session" SET "expire_date" = 1', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (1)', False),
        ("CALL refresh_everything()", True),  # not plainly a read: counts as a write
        (b"INSERT INTO t VALUES (1)", True),
    ],
)
def test_what_counts_as_a_write(sql, writes):
    assert statement_writes(sql) is writes
