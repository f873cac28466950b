"""Keep the translations in step with the English notebooks, and build the editions.

    python -m autograder.editions update   # catalogues brought up to the English (new cells, stale ones), zh-CN remade
    python -m autograder.editions check    # per edition and notebook: translated, stale, missing
    python -m autograder.editions build    # build/editions/<language>/<notebook>/<notebook>.ipynb

A notebook has an edition in a language once ``translations/<language>/<notebook>.po``
exists; ``update --start NOTEBOOK`` creates its zh-TW catalogue, every entry
empty, for a translator to fill in.
"""

import argparse

from ..course import assignments
from . import CONVERTED, LANGUAGES, WRITTEN
from . import catalogue as catalogues
from .build import write_edition
from .simplified import mainland_catalogue


def translated_assignments(language):
    return [a for a in assignments() if catalogues.catalogue_path(language, a).exists()]


def update(start=()):
    for assignment in start:
        path = catalogues.catalogue_path(WRITTEN, assignment)
        if not path.exists():
            catalogues.write(catalogues.new_catalogue(WRITTEN, assignment), path)
    for assignment in translated_assignments(WRITTEN):
        path = catalogues.catalogue_path(WRITTEN, assignment)
        catalogue, changed = catalogues.updated(catalogues.read(path), catalogues.english_entries(assignment))
        catalogues.write(catalogue, path)
        print(f"{path}: {len(changed['new'])} new, {len(changed['stale'])} stale, {len(changed['dropped'])} dropped")
        for language, source in CONVERTED.items():
            if source == WRITTEN:
                catalogues.write(mainland_catalogue(catalogue), catalogues.catalogue_path(language, assignment))


def check():
    incomplete = False
    for language in LANGUAGES:
        for assignment in translated_assignments(language):
            entries = catalogues.english_entries(assignment)
            found = catalogues.coverage(catalogues.read(catalogues.catalogue_path(language, assignment)), entries)
            incomplete |= not found.complete
            print(f"{language} {assignment}: {found.translated}/{len(entries)} translated"
                  + (f", stale: {', '.join(found.stale)}" if found.stale else "")
                  + (f", missing: {', '.join(found.missing)}" if found.missing else ""))
    return 1 if incomplete else 0


def build():
    for language in LANGUAGES:
        for assignment in translated_assignments(language):
            print(f"wrote {write_edition(assignment, language)}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.editions", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["update", "check", "build"])
    parser.add_argument("--start", nargs="*", default=[], metavar="NOTEBOOK",
                        help="with update: create empty zh-TW catalogues for these notebooks first")
    arguments = parser.parse_args(argv)
    if arguments.command == "update":
        update(arguments.start)
    elif arguments.command == "check":
        raise SystemExit(check())
    else:
        build()


if __name__ == "__main__":
    main()
