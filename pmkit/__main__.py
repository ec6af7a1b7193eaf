"""Allow ``python -m pmkit``."""

from pmkit.cli import main

main()
