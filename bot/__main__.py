"""`python -m bot` is the same as `trainbot`."""

from bot.cli import main

raise SystemExit(main())
