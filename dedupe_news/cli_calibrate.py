"""``dedupe-news calibrate``: the score distribution of a sample, before changing a threshold."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated, Optional

import typer
from rich.console import Console

from dedupe_news.boilerplate import available_languages
from dedupe_news.calibrate import EXAMPLES, calibrate
from dedupe_news.calibrate_view import CalibrationView
from dedupe_news.cli import (
    Containment,
    ExitCode,
    Inputs,
    Language,
    MinWords,
    ShingleSize,
    Threshold,
    _clean_all,
    app,
)
from dedupe_news.cli_settings import ConfigFile, file_sites
from dedupe_news.config import Config, ConfigError

_DEFAULTS = Config()


def _config(
    threshold: float,
    containment_threshold: float,
    shingle_size: int,
    min_words: int,
    language: str | None,
) -> Config:
    if language is not None and language not in available_languages():
        choices = ", ".join(available_languages())
        raise typer.BadParameter(f"no rules for language {language!r}; choose from {choices}")
    try:
        return Config(
            threshold=threshold,
            containment_threshold=containment_threshold,
            shingle_size=shingle_size,
            min_words=min_words,
            language=language,
        )
    except ConfigError as error:
        raise typer.BadParameter(str(error)) from None


@app.command("calibrate")
def calibrate_command(
    ctx: typer.Context,
    paths: Inputs,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    examples: Annotated[
        int, typer.Option("--examples", min=0, help="Example pairs on each side of the threshold.")
    ] = EXAMPLES,
    width: Annotated[
        Optional[int],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option("--width", min=60, help="Report width (default: the terminal's)."),
    ] = None,
    threshold: Threshold = _DEFAULTS.threshold,
    containment_threshold: Containment = _DEFAULTS.containment_threshold,
    shingle_size: ShingleSize = _DEFAULTS.shingle_size,
    min_words: MinWords = _DEFAULTS.min_words,
    language: Language = None,
    config_file: ConfigFile = None,
) -> None:
    """Show how the duplicate score is spread over a sample, and what a threshold change does.

    Every candidate paragraph pair of every document is scored as cleaning
    scores it; a histogram marks the thresholds, a table counts the pairs and
    paragraphs a change of ±0.05 or ±0.1 would add or drop, and example pairs
    just above and below the threshold show what the score means.

    Examples:

      dedupe-news calibrate pages/

      dedupe-news calibrate 'archive/*.html' --threshold 0.6

      dedupe-news calibrate story.txt --json
    """
    config = _config(threshold, containment_threshold, shingle_size, min_words, language)
    # Site rules of the settings file decide what cleaning removes, so they apply here too.
    config = replace(config, sites=file_sites(ctx))
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    results, failures = _clean_all(paths, config, errors)
    if not results and failures:
        raise typer.Exit(ExitCode.SOME_INPUTS_FAILED)
    calibration = calibrate(results, config, examples=examples)
    if as_json:
        typer.echo(json.dumps(calibration.to_dict(), ensure_ascii=False, indent=2))
    else:
        Console(width=width, highlight=False).print(CalibrationView(calibration))
    raise typer.Exit(ExitCode.SOME_INPUTS_FAILED if failures else ExitCode.OK)
