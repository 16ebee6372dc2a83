"""``places_freed``: places of a target may be free again, sent after the commit that freed
them (a hold released or swept, a permanent place ended, a capacity raised), with ``kind``
(the kind's name) and ``target_id``.

The engine imports no app above it, so this is how it tells one: the payments app's
waitlist connects a receiver in ``PaymentsConfig.ready()`` that offers the places.
"""

from django.dispatch import Signal

places_freed = Signal()
