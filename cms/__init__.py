"""Site wiring (settings, urls, Celery) and the editorial side of the school."""

from .celery import app as celery_app

__all__ = ("celery_app",)
