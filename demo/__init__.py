"""The demo school that ``python manage.py seed_demo`` (and ``make run``) loads.

It sits on the top floor: it seeds every app (accounts and editorial pages of ``cms``, the
course and classes of ``courses``, prices and workshops of ``payments``), so it may import all
of them and nothing imports it. That keeps ``cms`` free of ``courses`` and ``payments``.

``demo.school.DEMO_STEPS`` lists the steps in order; each one is idempotent.
"""
