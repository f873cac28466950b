"""Do hidden tests draw different inputs per student, and the same ones on every regrade?"""

import numpy as np

from autograder import seeding


def test_student_is_read_from_nbgraders_folder_layout(tmp_path, monkeypatch):
    folder = tmp_path / "autograded" / "ada" / "01_one_query_scores"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("COURSE_STUDENT_ID", raising=False)
    assert seeding.current_student() == "ada"
    monkeypatch.setenv("COURSE_STUDENT_ID", "ben")
    assert seeding.current_student() == "ben"


def test_outside_a_grading_run_the_student_is_anonymous(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_STUDENT_ID", raising=False)
    assert seeding.current_student() == "anonymous"


def test_seeds_differ_between_students_exercises_and_salts_and_repeat_otherwise():
    key = "01_one_query_scores/inner_product"
    seeds = {seeding.grading_seed(key, s, "") for s in ("ada", "ben", "cy")}
    assert len(seeds) == 3
    assert seeding.grading_seed(key, "ada", "") != seeding.grading_seed(key, "ada", "spring")
    assert seeding.grading_seed(key, "ada", "") != seeding.grading_seed("01_one_query_scores/query_and_key", "ada", "")
    first = seeding.grading_rng(key, "ada", "").standard_normal(4)
    assert np.array_equal(first, seeding.grading_rng(key, "ada", "").standard_normal(4))
