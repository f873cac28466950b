"""Does the 10,000-student model name the fewest workers and drivers that grade a rush in time, and only those?"""

import random

from autograder.benchmarks.cluster_speed import model, needed_for, rush_seconds


def test_the_workers_and_drivers_named_are_enough_and_one_fewer_is_not():
    draw = random.Random(16)
    for _ in range(500):
        rush = draw.randrange(100, 50_000)
        worker_seconds, driver_seconds = draw.uniform(0.05, 3.0), draw.uniform(0.01, 1.0)
        window = draw.choice([600, 1800, 3600])
        drivers, workers = needed_for(rush, worker_seconds, driver_seconds, window)
        assert rush_seconds(rush, worker_seconds, driver_seconds, workers, drivers) <= window + 1e-9
        if workers > 1:
            assert rush_seconds(rush, worker_seconds, driver_seconds, workers - 1, drivers) > window
        if drivers > 1:
            assert rush_seconds(rush, worker_seconds, driver_seconds, workers, drivers - 1) > window


def test_the_rush_takes_as_long_as_its_slower_side():
    assert rush_seconds(1000, 0.8, 0.2, workers=2) == 400.0  # the workers are the limit
    assert rush_seconds(1000, 0.8, 0.2, workers=8) == 200.0  # one driver is the limit


def test_the_printed_model_agrees_with_its_own_rush_times():
    lines = model(10_000, 0.78, 0.243)
    within_hour = next(line for line in lines if "within 60 min" in line)
    assert within_hour.strip() == "graded within 60 min: 3 workers"
    within_ten = next(line for line in lines if "within 10 min" in line)
    assert within_ten.startswith("  graded within 10 min: 13 workers and 5 drivers")
