import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """Requests in Ukrainian activate it for the test's thread; later tests expect English."""
    yield
    translation.activate("en-gb")
