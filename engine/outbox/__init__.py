"""The outbox: every transactional email is a ledger row claimed before it is sent.

Release notices, catch-up welcomes, digests, receipts, credit notes, invitations, waitlist
mail, workshop mail, payment and dispute notices, comment replies and the account emails
(allauth) all become an ``OutboxEmail`` row with a unique idempotency key, are sent by
``engine.outbox.sending.outbox_send`` over one SMTP connection per chunk, and are marked sent
in batches of at most 25. Each message's ``Message-ID`` is derived from its row.

Why not django-post-office (3.12)? We weighed it: it stores a row per email and sends from a
worker over one connection, which is what we want, but its exactly-once story stops at a
status column. It has no claim with a lease (a worker that dies mid-batch leaves its rows
``queued`` and a second sender happily sends them at the same time as a live one: there is no
``SKIP LOCKED`` claim and no claim token guarding the "sent" UPDATE), no idempotency key (two
tasks asking for the same receipt write two emails), no stable ``Message-ID`` per row, and
renders each email on its own, so the week's shared content of a 100,000-student release
would be rendered 100,000 times. Adding those would mean wrapping most of its sender. The
ledger we need is ~300 lines on top of Django's mail API, so we keep our own and take from
post-office the shape (a row per email, admin listing, a beat-driven sweep).

Ground floor: imports nothing from ``cms``, ``courses``, ``payments`` or ``community``; the
apps register their kinds in ``<app>/email_kinds.py`` (``engine.outbox.kinds``).
"""
