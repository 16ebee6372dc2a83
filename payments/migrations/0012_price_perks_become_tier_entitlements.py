"""Today's free-text perks become tier entitlements where a line says one (issue 16, item 4).

A line naming a number of 1:1 sessions ("Four 1:1 sessions with a coach") becomes that many
coaching sessions for the price's tier; "Executive peer circle" becomes the circle; a line
naming executive-only lessons becomes that entitlement. Those lines leave ``perks``, which
keeps the rest as an extra note ("Everything in Standard"). Reversing puts nothing back into
the notes (the price page renders the entitlements either way) but leaves them in place.
"""

import re

from django.db import migrations, models

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
SESSIONS = re.compile(r"\b(\d+|" + "|".join(WORDS) + r")\b\s+(?:1:1|one-on-one)\b.*\bsessions?\b")


def entitlement_of(line: str) -> tuple[str, int] | None:
    text = line.strip().lower()
    match = SESSIONS.search(text)
    if match:
        count = match.group(1)
        return "coaching_sessions", int(count) if count.isdigit() else WORDS[count]
    if "peer circle" in text:
        return "peer_circle", 1
    if "executive-only" in text or "executive only" in text:
        return "executive_content", 1
    return None


def perks_to_entitlements(apps, schema_editor):
    CohortPrice = apps.get_model("payments", "CohortPrice")
    TierEntitlement = apps.get_model("entitlements", "TierEntitlement")
    for price in CohortPrice.objects.exclude(perks=""):
        kept = []
        for order, line in enumerate(price.perks.splitlines()):
            found = entitlement_of(line)
            if found is None:
                if line.strip():
                    kept.append(line.strip())
                continue
            kind, quantity = found
            TierEntitlement.objects.get_or_create(
                tier=price.tier, kind=kind, defaults={"quantity": quantity, "sort_order": order}
            )
        price.perks = "\n".join(kept)
        price.save(update_fields=["perks"])


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0011_merge_order_targets_and_team_co_admins"),
        ("entitlements", "0001_tier_entitlements_and_gated_lessons"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cohortprice",
            name="perks",
            field=models.TextField(
                blank=True,
                help_text=(
                    "An extra note shown under what the tier includes, one line each. What the "
                    "tier includes (coaching sessions, the peer circle, executive-only lessons) "
                    "comes from Tiers > What tiers include, so it is delivered as sold."
                ),
            ),
        ),
        migrations.RunPython(perks_to_entitlements, migrations.RunPython.noop),
    ]
