from tests.web.conftest import _plain_static_and_fast_hashing, as_user, world  # noqa: F401  (fixtures)
