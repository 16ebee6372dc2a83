from tests.discussions.conftest import school  # noqa: F401 (the same course, classes and people)
