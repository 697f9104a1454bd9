"""`chokepoint`: the umbrella command. Each subcommand belongs to one service or to the demo."""

from __future__ import annotations

import importlib
import sys

_COMMANDS: dict[str, tuple[str, str]] = {
    "demo": (
        "services.demo",
        "start a local broker and the three services, replay sample data, show alerts",
    ),
    "screen": (
        "services.detector.screen_cli",
        "screen names (JSON lines on stdin) against watchlists",
    ),
    "score": ("services.detector.score_cli", "score records (topic JSON lines on stdin) offline"),
    "watchlist": (
        "services.lists.watchlists.cli",
        "fetch official lists, publish snapshots, list versions",
    ),
    "silence": ("services.notifier.silence_cli", "add, list and expire alert silences"),
    "refresher": (
        "services.refresher.__main__",
        "run the list refresher: fetch official lists on a schedule, publish changed ones",
    ),
}


def _usage() -> str:
    lines = ["usage: chokepoint <command> [options]", "", "commands:"]
    lines += [f"  {name:<10} {summary}" for name, (_, summary) in _COMMANDS.items()]
    lines += ["", "Run `chokepoint <command> --help` for a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(_usage())
        return 0
    command, rest = args[0], args[1:]
    if command not in _COMMANDS:
        print(f"chokepoint: unknown command {command!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(_COMMANDS[command][0])
    result = module.main(rest)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
