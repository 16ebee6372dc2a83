"""The ground floor: engines every app may use (``courses``, ``payments``, ``community``).

``engine`` imports none of the apps above it. Each engine is a small Django app of its own:

- ``engine.capacity``: things with a limited number of places (holds with expiry, sold out,
  waitlist offers, release). Cohort seats, workshop tickets and what follows are kinds of it.
- ``engine.outbox``: every transactional email is a ledger row claimed before sending.
- ``engine.registry``: the named, ordered registry behind the extension points.

docs/architecture.md draws the rooms and which way the imports point.
"""
