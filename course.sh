#!/usr/bin/env bash
# One entry point for the course's two jobs. Each sets up what it needs first.
#   ./course.sh demo   set up, then run the instructor's pipeline on the bundled example submissions
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
  apt_install chromium:chromium /usr/lib/postgresql/15/bin/initdb:postgresql
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
  test) setup; test_packages; peer_packages; shift; exec "$VENV/bin/python" -m pytest "$@" ;;
  lab)
    setup; shift
    lang=en
    if [ "${1:-}" = "--lang" ]; then lang=${2:?"usage: ./course.sh lab [--lang zh-TW|zh-CN]"}; shift 2; fi
    "$VENV/bin/python" -m autograder.pipeline learner --lang "$lang"
    folder=learner; interface=()
    if [ "$lang" != en ]; then folder="learner-$lang"; interface=("--LabApp.user_settings_dir=$folder/.jupyterlab-settings"); fi
    exec "$VENV/bin/jupyter" lab --ServerApp.root_dir=. "${interface[@]}" "$@" "$folder/01_one_query_scores/01_one_query_scores.ipynb" ;;
  *) echo "usage: ./course.sh demo | test | lab | setup" >&2; exit 2 ;;
esac
