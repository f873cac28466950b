"""Are the instant checks' stored answers what the reference answers give today?"""

from course_lib.reference import build_check_data
from course_lib.stored_cases import load, path_for


def test_stored_check_data_is_up_to_date():
    for notebook in build_check_data.notebooks():
        assert path_for(notebook).read_text() == build_check_data.build(notebook), (
            f"{path_for(notebook)} is stale: run python -m course_lib.reference.build_check_data"
        )


def test_stored_lecture_chain_is_up_to_date():
    from course_lib.stored_cases import LECTURE_CHAIN

    assert path_for(LECTURE_CHAIN).read_text() == build_check_data.lecture_chain_document()


def test_every_exercise_has_stored_cases_with_their_mistakes():
    for notebook in build_check_data.notebooks():
        for name, cases in load(notebook).items():
            assert len(cases) >= 2, name
            for case in cases:
                assert case["expected"], name
