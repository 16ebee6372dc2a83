"""Waitlist demand: people waiting for each class, workshop or other capped thing
(``engine.capacity`` waitlist entries, grouped by target in one query), named with one
query per kind of target."""

from __future__ import annotations

from django.db.models import Count, Q

from engine.capacity.kinds import kind_get
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from insight.dashboard.period import Period
from insight.dashboard.tables import Chart, Column, Table


def waitlist_demand(*, period: Period) -> Table:
    counts = {status.value: Count("pk", filter=Q(status=status.value)) for status in WaitlistStatus}
    rows = list(
        WaitlistEntry.objects.filter(period.where("created_at"))
        .values("kind", "target_id")
        .annotate(joined=Count("pk"), **counts)
        .order_by("kind", "target_id")
    )
    names: dict[tuple[str, int], str] = {}
    for kind_name in {row["kind"] for row in rows}:
        try:
            kind = kind_get(kind_name)
        except LookupError:
            continue  # a kind no longer installed: its rows keep their id
        ids = [row["target_id"] for row in rows if row["kind"] == kind_name]
        for target in kind.model._default_manager.filter(pk__in=ids):
            names[(kind_name, target.pk)] = kind.title(target)
    for row in rows:
        name = names.get((row["kind"], row["target_id"]), f"#{row['target_id']}")
        row["target"] = f"{name} ({row['kind']})"
    return Table(
        key="waitlist_demand",
        title="Waitlist demand",
        description="People who joined a waitlist: still waiting, offered a place, bought it, "
        "let the offer lapse or left.",
        columns=[
            Column("target", "Waiting for", "text"),
            Column("joined", "Joined"),
            *(Column(status.value, status.label) for status in WaitlistStatus),
        ],
        rows=rows,
        chart=Chart("bar", "target", ("waiting", "offered", "converted"), stacked=True),
        empty="Nobody joined a waitlist in this period.",
    )
