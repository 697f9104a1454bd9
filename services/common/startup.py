"""One start-up path for every service: settings refused with a clear message, never a traceback.

settings = load_or_exit(DetectorSettings, "DETECTOR_", "chokepoint-detector")
return run_or_exit("chokepoint-detector", lambda: run(settings), DetectorStartupErrors)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import ValidationError
from pydantic_settings import BaseSettings

from services.common.env_check import unknown_env_vars
from services.common.service_settings import RENAMED_SETTINGS, RETIRED_SETTINGS
from services.common.topics_admin import TopicConfigError

SettingsT = TypeVar("SettingsT", bound=BaseSettings)
EXIT_CONFIG = 2
# What a wrong deployment (not a bug) raises while a service starts.
STARTUP_ERRORS: tuple[type[BaseException], ...] = (TopicConfigError, FileNotFoundError)


def load_or_exit(
    settings_class: type[SettingsT],
    env_prefix: str,
    prog: str,
    environ: Mapping[str, str] | None = None,
) -> SettingsT:
    """Settings from the environment; misspelt or invalid ones exit 2 with the reason."""
    unknown = unknown_env_vars(settings_class, env_prefix, environ or os.environ)
    if unknown:
        renamed = renamed_hints(unknown, env_prefix)
        hint = f" ({'; '.join(renamed)})" if renamed else ""
        print(
            f"{prog}: unknown settings in the environment: {', '.join(unknown)}{hint}",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_CONFIG)
    try:
        return settings_class()
    except ValidationError as exc:
        print(f"{prog}: invalid settings:\n{exc}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def run_or_exit(
    prog: str, run: Callable[[], int], errors: tuple[type[BaseException], ...] = ()
) -> int:
    """Run the service; a start-up error (a deployment problem) exits 2 with one clear line."""
    try:
        return run()
    except (*STARTUP_ERRORS, *errors) as exc:
        print(f"{prog}: cannot start: {exc}", file=sys.stderr)
        return EXIT_CONFIG


def renamed_hints(unknown: list[str], env_prefix: str) -> list[str]:
    """ "<OLD> is now <NEW>" for each unknown variable that was renamed, "<OLD> is no longer used:
    <why>" for each one retired."""
    hints = []
    for name in unknown:
        new = RENAMED_SETTINGS.get(name.upper()[len(env_prefix) :])
        if new is not None:
            hints.append(f"{name} is now {env_prefix}{new}")
        if (why := RETIRED_SETTINGS.get(name.upper())) is not None:
            hints.append(f"{name} is no longer used: {why}")
    return hints
