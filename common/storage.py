"""The private uploads' bucket (MEDIA_STORAGE=s3): django-storages' S3Storage that hands out no link.

Imported only when settings name it, so a portal on the file system never loads boto3.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """S3Storage whose `url()` never leads into the bucket.

    Every download streams through a view that checks permission (common.uploads), so the
    portal needs no link to an object. Django's file widgets still ask a stored file for
    one (the "Hiện tại: <a href=…>" of a form or the admin editing a record with a file):
    S3Storage would answer with a signed link that opens the object, for an hour, to
    whoever holds it, past every permission check and log. This storage answers as the
    file system does, with the MEDIA_URL address that no route serves.
    """

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
