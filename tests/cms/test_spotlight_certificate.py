"""A spotlight links the graduate's real certificate and says "verified" only while it is valid."""

import importlib

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cms.models import SpotlightPage
from cms.page_cache import HEADER
from courses.certificates import certificate_revoke, certificate_verify_url
from courses.models import Certificate, CertificateStatus
from tests.factories import EnrollmentFactory, ImageFactory, SpotlightPageFactory

pytestmark = pytest.mark.django_db

LABEL = "Verified certificate"


def certificate(holder: str = "Noor Haddad", **fields) -> Certificate:
    return Certificate.objects.create(
        enrollment=EnrollmentFactory(),
        holder_name=holder,
        course_title="Product Management Foundations",
        cohort_name="March 2026 class",
        issued_at=timezone.now(),
        **fields,
    )


def revoked(holder: str = "Revoked Rita") -> Certificate:
    return certificate(holder, status=CertificateStatus.REVOKED, revoked_at=timezone.now())


def test_the_label_links_the_verification_page_while_valid_and_goes_when_revoked(
    client, spotlight_index, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300  # anonymous copies are cached: revoking must purge them
    valid = certificate()
    spotlight = SpotlightPageFactory(parent=spotlight_index, certificate=valid)

    html = client.get(spotlight.url).content.decode()
    assert f'<a class="badge badge-ok" href="/certificates/{valid.code}/">{LABEL}</a>' in html
    assert client.get(spotlight.url)[HEADER] == "hit"
    assert LABEL in client.get(spotlight_index.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_revoke(enrollment=valid.enrollment, now=timezone.now()) == 1

    page = client.get(spotlight.url)
    assert page[HEADER] == "miss"
    assert LABEL not in page.content.decode()
    assert valid.code not in page.content.decode()
    assert LABEL not in client.get(spotlight_index.url).content.decode()


def test_the_verification_url_is_the_certificates_own(settings):
    valid = certificate()

    assert certificate_verify_url(valid) == f"{settings.SITE_URL}/certificates/{valid.code}/"
    assert valid.get_absolute_url() == f"/certificates/{valid.code}/"


def test_a_deleted_certificate_unlinks_the_spotlight(spotlight_index):
    valid = certificate()
    spotlight = SpotlightPageFactory(parent=spotlight_index, certificate=valid)

    valid.enrollment.delete()

    spotlight.refresh_from_db()
    assert spotlight.certificate is None and spotlight.verified_certificate is None


# --- The admin ----------------------------------------------------------------------------------


def edit_form(page: SpotlightPage, data=None):
    form_class = SpotlightPage.get_edit_handler().get_form_class()
    return form_class(data, instance=page, for_user=None)


def test_the_admin_offers_only_valid_certificates(spotlight_index):
    valid, gone = certificate(), revoked()
    form = edit_form(SpotlightPageFactory.build())

    choices = form.fields["certificate"].queryset

    assert list(choices) == [valid]
    assert gone not in choices


def test_the_editor_cannot_link_a_revoked_certificate(spotlight_index):
    gone = revoked()
    field = edit_form(SpotlightPageFactory(parent=spotlight_index)).fields["certificate"]

    with pytest.raises(ValidationError):
        field.clean(gone.pk)


def test_a_spotlight_whose_certificate_was_revoked_keeps_it_when_edited(spotlight_index):
    """Saving other edits must not fail on a choice the editor did not touch."""
    linked = certificate()
    spotlight = SpotlightPageFactory(parent=spotlight_index, certificate=linked)
    certificate_revoke(enrollment=linked.enrollment, now=timezone.now())
    other = revoked("Someone Else")

    choices = edit_form(spotlight).fields["certificate"].queryset

    assert set(choices) == {linked}
    assert other not in choices


def test_the_admin_edit_page_lists_only_valid_certificates(admin_client, spotlight_index):
    valid, gone = certificate(), revoked()
    spotlight = SpotlightPageFactory(parent=spotlight_index)

    html = admin_client.get(f"/admin/pages/{spotlight.pk}/edit/").content.decode()

    assert f'<option value="{valid.pk}">{valid}</option>' in html
    assert str(gone) not in html


# --- Query count ---------------------------------------------------------------------------------


@pytest.mark.parametrize("spotlights", [2, 20])
def test_pages_with_certificates_render_in_constant_queries(
    client, spotlight_index, settings, spotlights, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(spotlights):
        SpotlightPageFactory(
            parent=spotlight_index,
            photo=ImageFactory(),
            certificate=certificate(f"Graduate {number}") if number % 2 else revoked(f"R{number}"),
        )
    one = SpotlightPage.objects.order_by("pk").first()
    client.get(spotlight_index.url)  # photo renditions are made once
    client.get(one.url)

    with django_assert_max_num_queries(16):
        index = client.get(spotlight_index.url)
    with django_assert_max_num_queries(14):
        page = client.get(one.url)

    assert index.content.decode().count(LABEL) == min(spotlights, 12) // 2
    assert page.status_code == 200


# --- The migration from pasted URLs -------------------------------------------------------------

migration = importlib.import_module("cms.migrations.0010_spotlight_links_certificate")


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("{site}/certificates/AB12/", "AB12"),
        ("/certificates/AB12/", "AB12"),
        ("{site}/certificates/AB12", "AB12"),
        ("https://elsewhere.example/certificates/AB12/", None),
        ("{site}/certificates/AB12/pdf/", None),
        ("{site}/certificates/AB12/?x=1", None),
        ("https://www.linkedin.com/in/noor", None),
        ("", None),
    ],
)
def test_the_migration_recognises_only_this_sites_verification_urls(settings, url, code):
    assert migration.certificate_code(url.format(site=settings.SITE_URL)) == code


MIGRATED = ("cms", "0010_spotlight_links_certificate")
BEFORE = ("cms", "0009_home_page_quote")


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_matching_urls_and_drops_the_others(settings, spotlight_index):
    valid = certificate()
    matching = SpotlightPageFactory(parent=spotlight_index)
    foreign = SpotlightPageFactory(parent=spotlight_index)
    matching.save_revision()  # a draft revision is converted too
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        old = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
        pages = old.get_model("cms", "SpotlightPage").objects
        pages.filter(pk=matching.pk).update(
            certificate_url=f"{settings.SITE_URL}/certificates/{valid.code}/"
        )
        pages.filter(pk=foreign.pk).update(certificate_url="https://elsewhere.example/cert/1")
        revisions = old.get_model("wagtailcore", "Revision").objects.filter(
            object_id=str(matching.pk)
        )
        for revision in revisions:
            revision.content["certificate_url"] = f"/certificates/{valid.code}/"
            revision.content.pop("certificate", None)
            revision.save()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    matching.refresh_from_db()
    foreign.refresh_from_db()
    assert matching.certificate == valid and foreign.certificate is None
    draft = matching.get_latest_revision().as_object()
    assert draft.certificate_id == valid.pk
    assert "certificate_url" not in matching.get_latest_revision().content
