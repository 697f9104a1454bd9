"""deploy/Dockerfile: the locked dependencies, the project without re-resolving, a non-root user."""

from __future__ import annotations

import fnmatch
import re

from tests.support.ops_files import DOCKERFILE, DOCKERIGNORE

_INSTRUCTION = re.compile(r"^(?P<op>[A-Z]+)\s+(?P<args>.*)$")


def _instructions() -> list[tuple[str, str]]:
    joined = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (m["op"], m["args"])
        for line in lines
        if not line.startswith("#") and (m := _INSTRUCTION.match(line))
    ]


def _ignored(path: str) -> bool:
    patterns = [p.strip() for p in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()]
    patterns = [p for p in patterns if p and not p.startswith("#")]
    return any(fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/") for p in patterns)


def test_images_are_python_3_11_slim() -> None:
    bases = [args.split()[0] for op, args in _instructions() if op == "FROM"]
    assert bases and all(base.startswith("python:3.11-slim") for base in bases)


def test_final_image_runs_as_a_named_non_root_user() -> None:
    users = [args for op, args in _instructions() if op == "USER"]
    assert users and users[-1] not in {"root", "0"}


def test_lock_installed_first_then_the_project_without_dependencies() -> None:
    runs = " ".join(args for op, args in _instructions() if op == "RUN")
    lock = runs.index("-r /opt/chokepoint/requirements.lock")
    project = runs.index("--no-deps --find-links /wheels chokepoint")
    assert lock < project


def test_build_context_keeps_every_copied_file() -> None:
    sources = [
        source
        for op, args in _instructions()
        if op == "COPY" and "--from" not in args
        for source in args.split()[:-1]
    ]
    assert "requirements.lock" in sources
    assert [source for source in sources if _ignored(source)] == []
