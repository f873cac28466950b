"""Keep the translations in step with the English notebooks, and build the editions.

    python -m autograder.editions update   # catalogues brought up to the English (new cells, stale ones), zh-CN remade
                                           # (the catalogues and README.zh-CN.md)
    python -m autograder.editions check    # per edition and notebook, and the library's messages: translated, stale, missing
    python -m autograder.editions build    # build/editions/<language>/<notebook>/<notebook>.ipynb

A notebook has an edition in a language once ``translations/<language>/<notebook>.po``
exists; ``update --start NOTEBOOK`` creates its zh-TW catalogue, every entry
empty, for a translator to fill in.

The library's messages (``course_lib/messages.py``) have one catalogue per
language, ``translations/<language>/course_lib.po``: ``update`` extracts the
template ``translations/course_lib.pot`` from the English, brings the zh-TW
catalogue up to it, remakes zh-CN and compiles both into ``course_lib/locale/``;
``check`` names every message id that is untranslated, stale or has other
fields than the English (e.g. new templates after a merge).
"""

import argparse

from ..course import assignments
from . import CONVERTED, LANGUAGES, WRITTEN
from . import catalogue as catalogues
from . import messages
from .build import write_edition
from .readme import write_mainland_readme
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
    update_messages()
    print(f"wrote {write_mainland_readme()} from its zh-TW original")


def update_messages():
    """The POT extracted from the library, the zh-TW catalogue brought up to it, zh-CN remade, both compiled."""
    kept = catalogues.read(messages.TEMPLATE).creation_date if messages.TEMPLATE.exists() else None
    catalogues.write(messages.template_catalogue(kept), messages.TEMPLATE)
    path = messages.catalogue_path(WRITTEN)
    existing = catalogues.read(path) if path.exists() else messages.new_catalogue(WRITTEN)
    catalogue, changed = messages.updated(existing)
    catalogues.write(catalogue, path)
    print(f"{path}: {len(changed['new'])} new, {len(changed['stale'])} stale, {len(changed['dropped'])} dropped")
    messages.write_compiled(catalogue, WRITTEN)
    for language, source in CONVERTED.items():
        if source == WRITTEN:
            converted = mainland_catalogue(catalogue)
            catalogues.write(converted, messages.catalogue_path(language))
            messages.write_compiled(converted, language)


def check_messages():
    """Print each language's coverage of the library's messages, naming every id still to do; True if all are done."""
    complete = True
    for language in LANGUAGES:
        found = messages.message_coverage(language)
        complete &= found.complete
        print(f"{language} {messages.DOMAIN} (the library's messages): "
              f"{found.coverage.translated}/{found.total} translated"
              + (f"\n  untranslated: {', '.join(found.coverage.missing)}" if found.coverage.missing else "")
              + (f"\n  stale (English changed): {', '.join(found.coverage.stale)}" if found.coverage.stale else "")
              + (f"\n  other fields than the English: {', '.join(found.wrong_fields)}" if found.wrong_fields else "")
              + ("" if found.compiled_current else "\n  compiled catalogue out of date: run update"))
    return complete


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
    incomplete |= not check_messages()
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
