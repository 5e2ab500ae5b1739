"""`python -m bot` is the same as `trainbot`."""

from bot.cli import main

if __name__ == "__main__":  # not when a worker process re-imports the main module
    raise SystemExit(main())
