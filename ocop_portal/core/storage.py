"""Private file storage: uploaded dossier evidence and producers' documents live under
`PRIVATE_MEDIA_ROOT`, outside every directory the web server serves, and are read back only
through views that ask the access layer. The location is read from the settings at each use, so
a test (or a second run at the same time) can point it at its own directory."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):  # never served by URL
        return None

    def url(self, name):
        raise NotImplementedError("Private files are downloaded through a permission-checking view.")


private_storage = PrivateStorage()


def get_private_storage():
    """For `FileField(storage=...)`: a callable keeps the storage out of the migrations."""
    return private_storage
