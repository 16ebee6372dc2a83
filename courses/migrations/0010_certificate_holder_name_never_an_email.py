"""Certificates issued before sign-up asked for a name printed the email address as the name.
Clear those names, so the certificate asks its holder for one before it is printed again."""

from django.db import migrations
from django.db.models import F


def clear_email_names(apps, schema_editor):
    Certificate = apps.get_model("courses", "Certificate")
    Certificate.objects.filter(holder_name__iexact=F("enrollment__user__email")).update(
        holder_name=""
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0009_course_orientation")]

    operations = [migrations.RunPython(clear_email_names, migrations.RunPython.noop)]
