"""Does the notebook-time benchmark (``autograder.benchmarks.notebook_times``) hold each notebook to its budget?"""

from autograder.benchmarks import notebook_times
from autograder.course import assignments


def test_the_capstone_has_a_minute_and_every_other_notebook_half_a_minute():
    budgets = {assignment: notebook_times.budget(assignment) for assignment in assignments()}
    assert budgets.pop("13_capstone") == 60 and set(budgets.values()) == {30}


def test_it_times_a_notebook_and_says_whether_it_is_over_budget(capsys, monkeypatch):
    monkeypatch.setattr(notebook_times, "seconds_to_run", lambda assignment: {"01": 12.0, "13": 75.0}[assignment[:2]])
    notebook_times.main(["--notebooks", "01", "13"])
    printed = capsys.readouterr().out
    assert "01_one_query_scores" in printed and "40%" in printed
    assert "13_capstone" in printed and "125%" in printed and "over budget: 13_capstone" in printed
