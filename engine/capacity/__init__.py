"""The capacity engine: everything that has a limited number of places.

A *kind* is a model whose rows each have a capacity (a class's seats, a workshop's tickets,
next a meetup's places, a live session's, a coaching slot). Adding one means writing a
``CapacityKind`` subclass (``engine.capacity.kinds``) and registering it in the owning app's
``AppConfig.ready()``::

    class RoomPlaces(CapacityKind):
        name = "room"                      # stored on holds and waitlist entries
        model = Room                       # rows locked with SELECT ... FOR UPDATE
        place_noun = "place"               # "only 2 place(s) left"

        def places_taken_permanently(self, room):   # the one required method
            return Booking.objects.filter(room=room).count()

    kind_register(RoomPlaces())

Optional refinements: ``capacity`` (default ``target.capacity``), ``title``,
``not_on_sale`` (why nobody can buy or wait now), ``hold_expiry_limit`` (no hold outlives
it), ``not_enough_places`` (the exception subclass, hence the message, buyers see),
``buy_url`` / ``join_url``, and the waitlist's hooks ``waitlist_joined``, ``offer_made``
(send the confirmation, the offer) and ``offer_checkout_state``.

What every kind then gets (``engine.capacity.services``; targets are model instances, the
engine finds their kind):

- ``hold_place`` / ``hold_release`` / ``hold_rekey``: places set aside for a reference
  (``order:42``, ``team:7``, ``waitlist:3``) with an optional expiry, idempotent per
  reference; one ``Hold`` row per reference.
- ``places_take``: a held (or free) place becomes permanent, inside the transaction that
  writes the permanent row.
- ``places_left`` / ``places_taken`` / ``places_held_by_target`` / ``places_held_subquery``.
- ``holds_sweep`` (beat, ``capacity.holds_sweep``) and ``places_freed_announce``.
- Refusals raise the kind's ``NotEnoughPlaces`` with ``places_left``; nothing is written.

The waitlist (``engine.capacity.waitlist``, ``WaitlistEntry``: kind, target id, email,
position, status) works for every kind: ``waitlist_join`` (refused while places are free or
the kind says it is not on sale), ``waitlist_offer_next`` (each free place held 24 hours for
the next person, ``offer_made`` tells the kind's app), ``waitlist_leave``, ``waitlist_move`` /
``waitlist_reorder`` and ``waitlist_sweep``. Freed places reach it on their own
(``receivers``). An app that sells a kind says where a purchase of an offered place stands
(``offer_checkout_state``: bought, paying, or nothing); payments does it for its orders.

Rules: every write that can take a place locks the target's row first, then counts, then
writes (PostgreSQL serialises the buyers of the last place; lock order: caller's rows, the
target, its holds). Freed places are announced after the commit (``signals.places_freed``,
``kind`` and ``target_id``); the engine's waitlist offers them. The engine imports no app
above it (a test scans the source).
"""
