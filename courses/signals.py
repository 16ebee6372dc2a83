"""Signals ``courses`` sends for apps above it (connected in their ``AppConfig.ready()``).

``enrollment_changed`` is sent inside the transaction of ``enrollment_create`` (a new place),
``enrollment_revoke`` (refund, staff ending access) and ``enrollment_transfer`` (the old
place ends, the new one begins), with ``enrollment=`` the row as it now is. A receiver that
acts outside the database does so on commit, so a rolled-back write does nothing.
"""

from django.dispatch import Signal

enrollment_changed = Signal()
