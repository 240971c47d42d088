"""dedupe-news: remove boilerplate and duplicate paragraphs from news articles.

The Python API that the command line wraps::

    from dedupe_news import Config, clean_html, clean_text

    result = clean_html(html_bytes, Config())
    result.paragraphs   # kept paragraphs, in order
    result.removed      # every removal with its reason, rule and score
"""

from dedupe_news.config import Config, ConfigError, KeepPolicy
from dedupe_news.model import Block, BlockKind, Document, Metadata, Reason, Removal, Verdict
from dedupe_news.pipeline import clean_blocks, clean_document, clean_file, clean_html, clean_text
from dedupe_news.result import Result

__version__ = "0.1.0"

__all__ = [
    "Block",
    "BlockKind",
    "Config",
    "ConfigError",
    "Document",
    "KeepPolicy",
    "Metadata",
    "Reason",
    "Removal",
    "Result",
    "Verdict",
    "__version__",
    "clean_blocks",
    "clean_document",
    "clean_file",
    "clean_html",
    "clean_text",
]
