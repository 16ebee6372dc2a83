"""Short-lived links to lesson files, handed out only after the access policy said yes.

* S3 (``AWS_STORAGE_BUCKET_NAME`` set): a presigned GET URL from django-storages, valid for
  at most ``FILE_LINK_MAX_AGE`` seconds; the bucket itself stays private
  (https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html).
* Local file storage: a URL to ``courses:signed_file`` carrying a token made with
  ``django.core.signing`` (https://docs.djangoproject.com/en/5.2/topics/signing/) that names
  the document, the user and the time; it is refused once older than ``FILE_LINK_MAX_AGE``
  or if a single character was changed.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.urls import reverse

FILE_LINK_MAX_AGE = 300  # seconds: a shared or leaked download link stops working within 5 minutes
_SALT = "courses.downloads.file"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


class LinkRefused(Exception):
    """A signed link that is expired, tampered with or someone else's."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def link_max_age() -> int:
    return min(getattr(settings, "AWS_QUERYSTRING_EXPIRE", FILE_LINK_MAX_AGE), FILE_LINK_MAX_AGE)


def content_disposition(document, *, inline: bool) -> str:
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename*=UTF-8''{quote(document.filename)}"


def _storage_has_local_path(storage, name: str) -> bool:
    try:
        storage.path(name)
    except NotImplementedError:
        return False
    return True


def file_link(*, document, user, inline: bool = False) -> str:
    """A URL the browser may fetch for the next few minutes. Call only after the policy."""
    storage = document.file.storage
    name = document.file.name
    if _storage_has_local_path(storage, name):
        token = signing.dumps(
            {"d": document.pk, "u": getattr(user, "pk", None), "i": int(inline)}, salt=_SALT
        )
        return reverse("courses:signed_file", args=[token])
    from storages.backends.s3 import S3Storage

    if isinstance(storage, S3Storage):
        return storage.url(
            name,
            parameters={
                "ResponseContentDisposition": content_disposition(document, inline=inline),
                "ResponseContentType": document.content_type,
            },
            expire=link_max_age(),
        )
    raise ImproperlyConfigured(
        f"{type(storage).__name__} can neither serve local files nor presign URLs; lesson "
        "files need FileSystemStorage or S3Storage."
    )


def signed_link_open(*, token: str, user) -> tuple[int, bool]:
    """Check a local link's token; ``(document_id, inline)`` or ``LinkRefused``."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=FILE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused("This download link has expired. Open the lesson again.") from None
    except signing.BadSignature:
        raise LinkRefused("This download link is not valid.") from None
    if payload.get("u") != getattr(user, "pk", None):
        raise LinkRefused("This download link belongs to another account.")
    return int(payload["d"]), bool(payload.get("i"))


def file_response(request, document, *, inline: bool) -> HttpResponse:
    """Stream a local file, honouring a single byte range so videos can seek."""
    size = document.file.size
    content_type = document.content_type or (
        mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
    )
    match = _RANGE.match(request.headers.get("Range", ""))
    if match and (match.group(1) or match.group(2)):
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start, end = max(size - int(last), 0), size - 1
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        handle = document.file.open("rb")
        handle.seek(start)
        response = StreamingHttpResponse(
            _read(handle, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(document.file.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = content_disposition(document, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = f"private, max-age={FILE_LINK_MAX_AGE}"
    return response


def _read(handle, remaining: int) -> Iterator[bytes]:
    try:
        while remaining > 0:
            chunk = handle.read(min(_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()
