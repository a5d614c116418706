"""`python -m spinerecov` runs the command line."""

from spinerecov.cli import main

if __name__ == "__main__":
    main()
