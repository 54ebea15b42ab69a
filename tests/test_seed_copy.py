from __future__ import annotations

import pytest

from tests.seed import COPY, SHARED_SEED


def test_the_copy_is_the_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("../shared is not beside this checkout; the tests use the copy in tests/fixtures/seed")
    assert COPY.read_bytes() == SHARED_SEED.read_bytes()
