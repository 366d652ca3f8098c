"""Codes Convoy makes fit their field, stay the same for the same parts, and never collide."""

import pytest

from convoy.core.codes import fitted_code, next_code
from convoy.planner.generator import SIZES, generate
from convoy.planning.services import training_request_code
from convoy.training.models import TrainingRequest
from tests.training.factories import TrainingRequestFactory

LIMIT = TrainingRequest._meta.get_field("code").max_length


def test_a_code_that_fits_is_kept_as_it_is():
    assert fitted_code(TrainingRequest, "TR", "REQ-1", "S-1") == "TR-REQ-1-S-1"


def test_a_code_too_long_keeps_its_start_and_ends_in_a_digest():
    code = training_request_code("REQ-ART-TOWED155-03", "S-M777-CREW-20270101")
    assert len(code) == LIMIT
    assert code.startswith("TR-REQ-ART-TOWED155-03-S-")
    assert code == training_request_code("REQ-ART-TOWED155-03", "S-M777-CREW-20270101")
    assert code != training_request_code("REQ-ART-TOWED155-03", "S-M777-CREW-20270102")


def test_the_longest_codes_fields_allow_still_fit():
    longest = "X" * LIMIT
    codes = {training_request_code(longest, longest), training_request_code(longest, "Y")}
    assert len(codes) == 2
    assert all(len(code) <= LIMIT for code in codes)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_training_request_code_of_a_generated_scenario_fits(size):
    scenario = generate(size, seed=1)
    sessions = [s["id"] for c in scenario["courses"] for s in c["sessions"]]
    longest_requirements = sorted((r["id"] for r in scenario["requirements"]), key=len)[-50:]
    codes = {training_request_code(r, s) for r in longest_requirements for s in sessions}
    assert max(len(code) for code in codes) <= LIMIT
    assert len(codes) == len(longest_requirements) * len(sessions)


@pytest.mark.django_db
def test_the_next_code_follows_the_highest_number_of_its_pattern():
    assert next_code(TrainingRequest, "TR-2026-") == "TR-2026-0001"
    TrainingRequestFactory(code="TR-2026-0041")
    TrainingRequestFactory(code="TR-2026-0007")
    TrainingRequestFactory(code="TR-2026-OTHER")
    assert next_code(TrainingRequest, "TR-2026-") == "TR-2026-0042"
