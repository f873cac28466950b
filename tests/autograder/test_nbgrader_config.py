"""Does the course's nbgrader configuration keep a PostgreSQL password out of what formgrader shows?"""

import json
import os
import subprocess
import sys

from autograder.course import AUTOGRADER

LOAD = """
import json, os
from traitlets.config import PyFileConfigLoader
config = PyFileConfigLoader("nbgrader_config.py", path=".").load_config()
print(json.dumps({"db_url": config.CourseDirectory.db_url, "PGPASSWORD": os.environ.get("PGPASSWORD")}))
"""


def loaded(db_url):
    env = {key: value for key, value in os.environ.items() if key != "PGPASSWORD"}
    run = subprocess.run([sys.executable, "-c", LOAD], cwd=AUTOGRADER, env={**env, "COURSE_DB_URL": db_url},
                         capture_output=True, text=True, check=True, timeout=60)
    return json.loads(run.stdout)


def test_a_postgresql_password_leaves_the_config_for_libpq():
    found = loaded("postgresql+psycopg://grader:s3cr%40t@db.example.org:5432/course")
    assert found == {"db_url": "postgresql+psycopg://grader@db.example.org:5432/course", "PGPASSWORD": "s3cr@t"}


def test_a_url_without_password_and_sqlite_stay_as_they_are():
    assert loaded("postgresql://grader@db.example.org/course")["db_url"] == "postgresql://grader@db.example.org/course"
    assert loaded("sqlite:////tmp/gradebook.db") == {"db_url": "sqlite:////tmp/gradebook.db", "PGPASSWORD": None}
