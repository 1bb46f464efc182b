"""The site takes no files (but the admin's page import): a multipart request is refused before its files are
read, or dropped as read."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, MemoryFileUploadHandler


class NoFiles(FileUploadHandler):
    """A multipart request larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused (400) before it is read;
    files in a smaller one are read and dropped, never written to a temporary file.

    Django's own limit counts only the fields that are not files, so without this a 60 MB upload would
    land in /tmp before CSRF or the view refused it."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and content_length > limit:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    def receive_data_chunk(self, raw_data, start):
        return None  # dropped

    def file_complete(self, file_size):
        return None  # no file


class PagesInMemory(MemoryFileUploadHandler):
    """For the admin's page import only: files are kept in memory, never in a temporary file, and a
    request larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused (400) before it is read."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and content_length > limit:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
        self.activated = True
