"""Enrollments ended by staff in the courses admin were stored as ``refunded``, though no money
moved. Only the refund service's rows stay ``refunded``: those whose order (or team seat)
was refunded or disputed; every other ``refunded`` row becomes ``ended_by_staff``.

It lives in ``payments`` because only payments knows which places were paid for (``courses``
never imports ``payments``)."""

from django.db import migrations
from django.db.models import Q

MONEY_BACK = ("refunded", "disputed")


def _set_by_refund_service(apps):
    Order = apps.get_model("payments", "Order")
    TeamSeat = apps.get_model("payments", "TeamSeat")
    orders = Order.objects.filter(status__in=MONEY_BACK, enrollment__isnull=False)
    seats = TeamSeat.objects.filter(status="released").filter(
        Q(team__orders__status__in=MONEY_BACK)
    )
    return set(orders.values_list("enrollment_id", flat=True)) | set(
        seats.values_list("enrollment_id", flat=True)
    )


def staff_rows_forward(apps, schema_editor):
    Enrollment = apps.get_model("courses", "Enrollment")
    keep = _set_by_refund_service(apps)
    Enrollment.objects.filter(status="refunded").exclude(pk__in=keep).update(
        status="ended_by_staff"
    )


def staff_rows_backward(apps, schema_editor):
    Enrollment = apps.get_model("courses", "Enrollment")
    Enrollment.objects.filter(status="ended_by_staff").update(status="refunded")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_enrollment_access_ended_by_staff"),
        ("payments", "0005_invitation_voided_by_refund"),
    ]

    operations = [migrations.RunPython(staff_rows_forward, staff_rows_backward)]
