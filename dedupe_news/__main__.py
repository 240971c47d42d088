"""``python -m dedupe_news``."""

from dedupe_news.cli import main

main()
