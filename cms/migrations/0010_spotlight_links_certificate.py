"""A spotlight links a real certificate instead of a pasted URL.

A pasted URL that is the verification page of an existing certificate on this site
(``SITE_URL`` + ``/certificates/<code>/``, or the bare path) becomes the link; any other URL
is dropped, so the page no longer claims "Verified certificate" for it. Page revisions
(drafts, and versions waiting for a moderator) are converted the same way, so publishing one
later neither loses the link nor brings the old field back.
"""

import re
from urllib.parse import urlsplit

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

VERIFY_PATH = re.compile(r"^/certificates/(?P<code>[^/]+)/?$")


def certificate_code(url: str) -> str | None:
    """The certificate code a pasted verification URL names, or None when it is not ours."""
    parts = urlsplit((url or "").strip())
    site = urlsplit(settings.SITE_URL)
    if parts.netloc and (parts.netloc.lower(), parts.scheme) != (site.netloc.lower(), site.scheme):
        return None
    if parts.query or parts.fragment:
        return None
    found = VERIFY_PATH.match(parts.path)
    return found["code"] if found else None


def _revisions_of(apps, page_model, page_ids):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="cms", model="spotlightpage").first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in page_ids]
    )


def link_pasted_certificates(apps, schema_editor):
    SpotlightPage = apps.get_model("cms", "SpotlightPage")
    Certificate = apps.get_model("courses", "Certificate")
    by_code = {}

    def certificate_for(url):
        code = certificate_code(url)
        if code is None:
            return None
        if code not in by_code:
            by_code[code] = Certificate.objects.filter(code=code).values_list("pk", flat=True).first()
        return by_code[code]

    pages = list(SpotlightPage.objects.exclude(certificate_url="").only("pk", "certificate_url"))
    for page in pages:
        SpotlightPage.objects.filter(pk=page.pk).update(
            certificate_id=certificate_for(page.certificate_url)
        )
    all_ids = SpotlightPage.objects.values_list("pk", flat=True)
    for revision in _revisions_of(apps, SpotlightPage, all_ids).iterator():
        content = dict(revision.content)
        content["certificate"] = certificate_for(content.pop("certificate_url", ""))
        revision.content = content
        revision.save(update_fields=["content"])


def unlink_certificates(apps, schema_editor):
    """Back to pasted URLs: the verification URL of the linked certificate."""
    SpotlightPage = apps.get_model("cms", "SpotlightPage")
    Certificate = apps.get_model("courses", "Certificate")
    codes = dict(Certificate.objects.values_list("pk", "code"))

    def url_for(certificate_id):
        code = codes.get(certificate_id)
        return f"{settings.SITE_URL}/certificates/{code}/" if code else ""

    for page in SpotlightPage.objects.exclude(certificate=None).only("pk", "certificate_id"):
        SpotlightPage.objects.filter(pk=page.pk).update(
            certificate_url=url_for(page.certificate_id)
        )
    all_ids = SpotlightPage.objects.values_list("pk", flat=True)
    for revision in _revisions_of(apps, SpotlightPage, all_ids).iterator():
        content = dict(revision.content)
        content["certificate_url"] = url_for(content.pop("certificate", None))
        revision.content = content
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_home_page_quote"),
        ("courses", "0010_certificate_holder_name_never_an_email"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="spotlightpage",
            name="certificate",
            field=models.ForeignKey(
                blank=True,
                help_text="The graduate's certificate; the page links to its public verification "
                'page and says "Verified certificate" while it is valid.',
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="spotlights",
                to="courses.certificate",
            ),
        ),
        migrations.RunPython(link_pasted_certificates, unlink_certificates),
        migrations.RemoveField(model_name="spotlightpage", name="certificate_url"),
    ]
