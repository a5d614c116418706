"""Process entry point: `spinerecov` (console script) and `python -m spinerecov`."""

import gc


def run() -> None:
    """Start the command line with a cheaper start-up, then run it with the collector on as usual.

    Importing Typer, pydantic and our models creates many objects, and the
    cyclic garbage collector would scan them dozens of times before the
    command even starts. Loading with the collector off and then freezing
    what was loaded (none of it is garbage) saves several milliseconds a run;
    the command itself runs with garbage collection enabled.
    """
    import sys

    gc.disable()
    try:
        _choose_language_early(sys.argv[1:])
        from spinerecov.cli import app_for
    finally:
        gc.freeze()
        gc.enable()

    app_for(sys.argv[1:])(prog_name="spinerecov")


def _choose_language_early(argv: list[str]) -> None:
    """Speak the chosen language before the command line's help texts are built (they are made at import).

    A bad --lang or $SPINERECOV_LANG is left to the command, which reports it as a usage error.
    """
    import os

    from spinerecov.i18n import use_language
    from spinerecov.i18n.choose import choose_language, lang_in_argv
    from spinerecov.store.profile import saved_language

    try:
        use_language(choose_language(lang_in_argv(argv), os.environ, saved_language))
    except ValueError:
        use_language("en")


if __name__ == "__main__":
    run()
