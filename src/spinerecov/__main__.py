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
        # The language comes first: the command line's help texts are made as its modules are imported.
        from spinerecov.store.profile import speak_chosen_language

        speak_chosen_language(sys.argv[1:])
        from spinerecov.cli import app_for
    finally:
        gc.freeze()
        gc.enable()

    from spinerecov.cli.completion import requested_script

    script = requested_script(sys.argv[1:])
    if script is not None:  # `--show-completion zsh`: the script for the shell named, not the one running
        sys.stdout.write(script + "\n")
        return
    app_for(sys.argv[1:])(prog_name="spinerecov")


if __name__ == "__main__":
    run()
