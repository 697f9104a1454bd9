"""A watchlist snapshot's content as bytes any host can read: pack, chunk, reassemble, unpack.

The content is a gzip'd tar of the list file (or a folder's files), cut into pieces well under
Kafka's default 1 MB message limit. Packing is deterministic (sorted names, zero mtimes), so the
same list gives the same bytes and the same content digest.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import tarfile
from collections.abc import Sequence
from pathlib import Path

from schemas import WatchlistChunk, WatchlistSnapshot

CHUNK_BYTES = 512 * 1024  # base64 grows it by a third: ~700 KB per message
CHUNK_KEY_SEPARATOR = "#chunk-"


class SnapshotContentError(ValueError):
    """Chunks that do not make the announced content (missing, mixed versions, wrong digest)."""


FOLDER_PREFIX = "folder/"


def pack(path: Path) -> bytes:
    """gzip'd tar of one file (its name kept) or of a folder's regular files (under `folder/`)."""
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    prefix = FOLDER_PREFIX if path.is_dir() else ""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for file in files:
            data = file.read_bytes()
            info = tarfile.TarInfo(name=prefix + file.name)
            info.size = len(data)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), compresslevel=6, mtime=0)


def unpack(content: bytes, target: Path) -> Path:
    """Write the archive's files under target; returns the list's path (file or folder)."""
    folder = target / "list"
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(content)), mode="r:") as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        as_folder = any(m.name.startswith(FOLDER_PREFIX) for m in members)
        for member in members:
            name = Path(member.name).name  # flat: no path from the archive reaches the disk
            extracted = archive.extractfile(member)
            if extracted is None or not name:
                raise SnapshotContentError(f"unreadable archive member {member.name!r}")
            (folder / name).write_bytes(extracted.read())
    if as_folder:
        return folder
    if len(members) != 1:
        raise SnapshotContentError(f"expected one list file, the archive has {len(members)}")
    return folder / Path(members[0].name).name


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chunk_key(name: str, index: int) -> str:
    return f"{name}{CHUNK_KEY_SEPARATOR}{index:05d}"


def is_chunk_key(key: str) -> bool:
    return CHUNK_KEY_SEPARATOR in key


def split(name: str, version: str, content: bytes, size: int = CHUNK_BYTES) -> list[WatchlistChunk]:
    """Cut content into numbered chunks of at most `size` bytes (one chunk for empty content)."""
    pieces = [content[i : i + size] for i in range(0, len(content), size)] or [b""]
    return [
        WatchlistChunk(
            name=name,
            version=version,
            index=index,
            count=len(pieces),
            data=base64.b64encode(piece).decode("ascii"),
        )
        for index, piece in enumerate(pieces)
    ]


def assemble(snapshot: WatchlistSnapshot, chunks: Sequence[WatchlistChunk | None]) -> bytes:
    """The content announced by `snapshot`, from its chunks in index order, digest verified."""
    if len(chunks) != snapshot.chunk_count or any(c is None for c in chunks):
        raise SnapshotContentError(f"{snapshot.name}@{snapshot.version}: chunks missing")
    data = b"".join(
        base64.b64decode(c.data, validate=True)
        for c in chunks
        if c is not None and c.version == snapshot.version
    )
    if any(c is not None and c.version != snapshot.version for c in chunks):
        raise SnapshotContentError(f"{snapshot.name}@{snapshot.version}: chunks of another version")
    if sha256_hex(data) != snapshot.content_sha256:
        raise SnapshotContentError(
            f"{snapshot.name}@{snapshot.version}: content sha256 {sha256_hex(data)}"
            f" != published {snapshot.content_sha256}"
        )
    return data
