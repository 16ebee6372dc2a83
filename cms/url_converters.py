"""Path converters shared by the URL modules.

``<id:pk>``: a database id. Django's ``<int:...>`` accepts any number of digits, and a number
past the database's 64-bit integer reaches the query and fails there (a 500, found by the API
fuzzing run); at most 18 digits always fits, and anything longer is simply no match (404).
Registered in ``CmsConfig.ready()``, before any URL module is imported.
"""


class ObjectIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
