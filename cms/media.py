"""Local media in development (``make run``): every file under ``MEDIA_URL`` but the private ones.

Wagtail documents (lesson takeaways, videos, transcripts) live under ``MEDIA_ROOT/documents/``
and are served only through the lesson access policy (``/lesson-files/``, ``/documents/``).
A guard that matches the URL's spelling (``media/documents/``) is not enough:
``/media//documents/x``, ``/media/%2e/documents/x`` or ``/media/a/../documents/x`` reach the
same file once Django's ``serve`` normalises the path. So this view decides on the file
itself: it normalises the path exactly as ``django.views.static.serve`` does, resolves it on
disk (symlinks included), and refuses anything inside the documents folder, compared without
regard to case (macOS and Windows file systems ignore it). In production media lives in a
private S3 bucket and no ``/media/`` route exists.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from django.utils._os import safe_join
from django.views.static import serve

# Wagtail's ``AbstractDocument.file`` uploads to ``documents/`` under MEDIA_ROOT.
PRIVATE_MEDIA_FOLDERS = ("documents",)


def media_path_is_private(path: str, *, media_root: Path) -> bool:
    """Whether ``path`` (the part of the URL after ``MEDIA_URL``) names a private file.

    True for anything ``serve`` would resolve inside a private folder, and for a path that
    escapes ``media_root`` (which ``serve`` refuses anyway).
    """
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    try:
        target = Path(safe_join(media_root, normalised)).resolve()
    except (SuspiciousFileOperation, ValueError):
        return True
    target_key = str(target).casefold()
    for folder in PRIVATE_MEDIA_FOLDERS:
        private_key = str((Path(media_root) / folder).resolve()).casefold()
        if target_key == private_key or target_key.startswith(private_key.rstrip("/") + "/"):
            return True
    return False


def media_serve(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a public media file (images, renditions); private documents are a 404."""
    media_root = Path(settings.MEDIA_ROOT)
    if media_path_is_private(path, media_root=media_root):
        raise Http404("Documents are served through the lesson pages.")
    return serve(request, path.replace("\\", "/"), document_root=str(media_root))


def media_patterns() -> list[URLPattern]:
    """The one ``MEDIA_URL`` route (replaces ``django.conf.urls.static.static`` for media)."""
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", media_serve, name="media")]
