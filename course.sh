#!/usr/bin/env bash
# One entry point for the course's two jobs. Each sets up what it needs first.
#   ./course.sh demo   set up, then run the instructor's pipeline on the bundled example submissions
#   ./course.sh grade ASSIGNMENT...   set up, then the week's grading: collect, grade safely, feedback,
#                      release it, exports, reports, review queue (python -m autograder.week --help)
#   ./course.sh test   set up, then run the whole test suite
#   ./course.sh lab    set up, copy the student notebooks to learner/ (keeping your work), open JupyterLab
#                      (--lang zh-TW or zh-CN: the Chinese edition in learner-zh-TW/, JupyterLab in Chinese too)
#   ./course.sh setup  set up only (the virtual environment in .venv)
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
STAMP="$VENV/.installed"

find_python() {
  for candidate in python3.11 python3 python3.12 python3.13 python3.14 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "course.sh: Python 3.11.0 or newer is needed (python3.11 or python3 on PATH); found none" >&2
  return 1
}

# System packages, installed where this runs as root with apt (elsewhere: a warning, and what
# needs them says so: grading runs unconfined, the browser and PostgreSQL tests skip).
#   bubblewrap   confines student code while grading (every job)
#   fonts-noto-cjk  Chinese characters in the pictures of the zh-TW and zh-CN editions (skipped
#                when a font with Chinese is installed already)
#   chromium     the end-to-end test in a real browser (tests only)
#   postgresql   the PostgreSQL gradebook tests (tests only)
#   nodejs, npm  configurable-http-proxy, the JupyterHub test's proxy (tests only)
apt_install() {
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -e "${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "course.sh: installing ${missing[*]} (apt-get)"
    { apt-get install -y -q "${missing[@]}" || { apt-get update -q && apt-get install -y -q "${missing[@]}"; }; } \
      >/dev/null 2>&1 || echo "course.sh: could not install ${missing[*]}" >&2
  else
    echo "course.sh: not installed: ${missing[*]} (install them with your package manager)" >&2
  fi
}

system_packages() {
  apt_install bwrap:bubblewrap
  fc-list :lang=zh 2>/dev/null | grep -q . || apt_install /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk
}

test_packages() {
  apt_install chromium:chromium /usr/lib/postgresql/15/bin/initdb:postgresql node:nodejs npm:npm
}

# The JupyterHub test (tests/e2e/test_jupyterhub.py) runs a hub whose users are local accounts, so it needs
# root and, in .venv/hub/, what docs/jupyterhub.md installs on a hub:
#   proxy/       configurable-http-proxy from the npm registry
#   student/     the students' environment (requirements-student.txt, nothing of this repository)
#   instructor/  the instructors' environment (requirements.txt, and course/ installed as ./course.sh setup does)
#   course/      the instructors' copy of the course (the test refreshes it and makes it private to them)
# Both environments use a Python the hub's accounts may run (a Python under /root is not one). Where those
# accounts cannot enter this checkout (one under /root), the pieces go to /var/tmp/course-hub-<hash> instead;
# .venv/hub-location names the folder for the test.
HUB=.venv/hub
CHP_VERSION=5.3.0

shared_python() {
  local candidate
  for candidate in /usr/bin/python3.11 /usr/bin/python3 /usr/local/bin/python3.11 /usr/local/bin/python3 "$(find_python)"; do
    [ -x "$candidate" ] || command -v "$candidate" >/dev/null 2>&1 || continue
    if runuser -u nobody -- "$candidate" -c 'import sys, venv; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

copy_course() {  # the repository's files (tracked and new, not ignored) into $1, replacing what was there
  rm -rf "$1" && mkdir -p "$1" &&
    git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$1" &&
    [ -f "$1/pyproject.toml" ]
}

install_hub_pieces() {  # $1: the Python for both environments
  npm install --prefix "$HUB/proxy" --no-audit --no-fund "configurable-http-proxy@$CHP_VERSION" || return 1
  rm -rf "$HUB/student" "$HUB/instructor"
  "$1" -m venv "$HUB/student" && "$HUB/student/bin/pip" install -r requirements-student.txt || return 1
  # students get nbgrader's student extensions only: no formgrader, no course list, no Create Assignment
  for extension in formgrader course_list; do
    "$HUB/student/bin/jupyter" server extension disable --sys-prefix "nbgrader.server_extensions.$extension" || return 1
  done
  for plugin in formgrader course-list create-assignment; do
    "$HUB/student/bin/jupyter" labextension disable --level=sys_prefix "@jupyter/nbgrader:$plugin" || return 1
  done
  copy_course "$HUB/course" &&
    "$1" -m venv "$HUB/instructor" && "$HUB/instructor/bin/pip" install -r requirements.txt &&
    "$HUB/instructor/bin/pip" install --no-deps --config-settings editable_mode=compat -e "$HUB/course"
}

hub_packages() {
  local stamp wanted python
  if [ "$(id -u)" != 0 ]; then
    echo "course.sh: not root: the JupyterHub test will skip (it creates local accounts)" >&2; return 0
  fi
  runuser -u nobody -- test -x "$PWD/$VENV" 2>/dev/null || HUB="/var/tmp/course-hub-$(pwd | sha256sum | cut -c1-12)"
  case "$HUB" in /*) ;; *) HUB="$PWD/$HUB" ;; esac
  echo "$HUB" > "$VENV/hub-location"
  stamp="$HUB/.installed"
  wanted=$(cat requirements.txt requirements-student.txt | sha256sum | cut -d' ' -f1)-$CHP_VERSION
  [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "course.sh: no npm: the JupyterHub test will say so (and fail under CI=true)" >&2; return 0
  fi
  if ! python=$(shared_python); then
    echo "course.sh: no Python 3.11+ that other accounts may run: the JupyterHub test will say so" >&2; return 0
  fi
  echo "course.sh: installing the JupyterHub test's proxy and environments into $HUB (log: $HUB/install.log)"
  mkdir -p "$HUB"
  if install_hub_pieces "$python" > "$HUB/install.log" 2>&1; then
    echo "$wanted" > "$stamp"
  else
    tail -n 10 "$HUB/install.log" >&2
    echo "course.sh: could not install the JupyterHub test's pieces; the test will say so (and fail under CI=true)" >&2
  fi
}

# PyTorch, the peer the reference answers are compared with (tests only; requirements-peer.txt).
peer_packages() {
  local stamp="$VENV/.peer-installed" wanted
  wanted=$(sha256sum requirements-peer.txt | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] && return 0
  echo "course.sh: installing PyTorch for the peer tests into $VENV (log: $VENV/install-peer.log)"
  if "$VENV/bin/python" -m pip install -r requirements-peer.txt > "$VENV/install-peer.log" 2>&1; then
    echo "$wanted" > "$stamp"
  else
    tail -n 5 "$VENV/install-peer.log" >&2
    echo "course.sh: could not install PyTorch; the peer tests will say so (and fail under CI=true)" >&2
  fi
}

setup() {
  local python wanted
  system_packages
  python=$(find_python)
  if [ ! -x "$VENV/bin/python" ]; then
    echo "course.sh: creating $VENV with $python ($("$python" --version 2>&1))"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      # Debian and Ubuntu ship venv apart from Python (python3-venv).
      rm -rf "$VENV"
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "course.sh: installing python3-venv (apt-get)"
        { apt-get install -y -q python3-venv || { apt-get update -q && apt-get install -y -q python3-venv; }; } >/dev/null 2>&1
      fi
      "$python" -m venv "$VENV" || { echo "course.sh: $python cannot create a virtual environment; install its venv module (Debian: apt-get install python3-venv)" >&2; exit 1; }
    fi
  fi
  wanted=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
    echo "course.sh: installing the pinned requirements into $VENV (log: $VENV/install.log)"
    # The repository is installed in "compat" editable mode: a plain path entry, after the working
    # folder, so that a student release's own course_lib (beside its notebooks) is the one imported.
    if ! { "$VENV/bin/python" -m pip install --upgrade pip &&
           "$VENV/bin/python" -m pip install -r requirements.txt &&
           "$VENV/bin/python" -m pip install --no-deps --config-settings editable_mode=compat -e .; } > "$VENV/install.log" 2>&1; then
      tail -n 30 "$VENV/install.log" >&2
      echo "course.sh: installing failed; the whole log is $VENV/install.log" >&2
      exit 1
    fi
    echo "$wanted" > "$STAMP"
  fi
  # nbgrader's exchange (release, fetch, submit, collect): build/exchange, mode 1777, unless NBGRADER_EXCHANGE says where
  "$VENV/bin/python" -m autograder.exchange >/dev/null
}

case "${1:-}" in
  setup) setup ;;
  demo) setup; shift; exec "$VENV/bin/python" -m autograder.pipeline demo "$@" ;;
  grade) setup; shift; exec "$VENV/bin/python" -m autograder.week "$@" ;;
  test) setup; test_packages; peer_packages; hub_packages; shift; exec "$VENV/bin/python" -m pytest "$@" ;;
  lab)
    setup; shift
    lang=en
    if [ "${1:-}" = "--lang" ]; then lang=${2:?"usage: ./course.sh lab [--lang zh-TW|zh-CN]"}; shift 2; fi
    "$VENV/bin/python" -m autograder.pipeline learner --lang "$lang"
    folder=learner; interface=()
    if [ "$lang" != en ]; then folder="learner-$lang"; interface=("--LabApp.user_settings_dir=$folder/.jupyterlab-settings"); fi
    exec "$VENV/bin/jupyter" lab --ServerApp.root_dir=. "${interface[@]}" "$@" "$folder/01_one_query_scores/01_one_query_scores.ipynb" ;;
  *) echo "usage: ./course.sh demo | grade ASSIGNMENT... | test | lab | setup" >&2; exit 2 ;;
esac
