"""Fixtures shared by the suite: one run of the instructor's pipeline, reused by every test that reads it."""

import os
import shutil
from pathlib import Path

import pytest

from autograder import pipeline


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory):
    """A course root after the whole demo: release, example submissions, autograde, feedback, export."""
    root = tmp_path_factory.mktemp("demo") / "course"
    pipeline.demo(root)
    return root


@pytest.fixture
def in_folder(tmp_path):
    """Run the test with a scratch folder as the working directory."""
    before = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(before)


def copy_folder(source, destination):
    shutil.copytree(source, destination)
    return destination
