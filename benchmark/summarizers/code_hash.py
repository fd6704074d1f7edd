"""The code a ``py:`` or ``cmd:`` summarizer runs, as one hash, so that editing it invalidates the cache.

``py:`` hashes the function's module and every project-local module it imports, found by reading the
``import`` statements of each file (recursively, imports inside functions included). "Project-local"
means found under the folder the module was imported from (its ``sys.path`` entry, or the file's own
folder for ``py:path/file.py:fn``); for a module installed in ``site-packages`` only its own
distribution's package counts. ``cmd:`` hashes every file its command line names (and, for a ``.py``
script, the local modules it imports the same way).
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path
from typing import Iterable

_MAX_FILES = 5000  # a safety bound, far above any summarizer's own code


def _module_file(root: Path, dotted: str) -> list[Path]:
    """The files that importing ``dotted`` from ``root`` runs: package ``__init__``s and the module."""
    parts = [p for p in dotted.split(".") if p]
    found = []
    for n in range(1, len(parts) + 1):
        base = root.joinpath(*parts[:n])
        if (base / "__init__.py").is_file():
            found.append(base / "__init__.py")
        elif n == len(parts) and base.with_suffix(".py").is_file():
            found.append(base.with_suffix(".py"))
    return found


def _package_of(path: Path, root: Path) -> list[str]:
    """The package a file belongs to (for ``__init__.py``, the package it defines)."""
    return list(path.relative_to(root).parts[:-1])


def _imported_names(path: Path, root: Path) -> set[str]:
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, OSError):
        return set()
    package = _package_of(path, root)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                keep = len(package) - (node.level - 1)
                if keep < 0:
                    continue
                base = ".".join(package[:keep] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base:
                names.add(base)
            names.update(f"{base}.{alias.name}" if base else alias.name for alias in node.names if alias.name != "*")
    return names


def local_sources(entry: Path, root: Path) -> list[Path]:
    """``entry`` and every module under ``root`` it imports, directly or not, sorted."""
    entry, root = entry.resolve(), root.resolve()
    installed = any(p in ("site-packages", "dist-packages") for p in root.parts)
    own_top = entry.relative_to(root).parts[0] if entry.is_relative_to(root) else None
    seen: set[Path] = set()
    todo = [entry]
    while todo and len(seen) < _MAX_FILES:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if not path.is_relative_to(root):
            continue
        for name in _imported_names(path, root):
            top = name.split(".")[0]
            if installed and top != Path(own_top or "").stem:
                continue
            todo.extend(f.resolve() for f in _module_file(root, name) if f.resolve() not in seen)
    return sorted(seen)


def module_root(module_file: Path, module_name: str) -> Path:
    """The folder a module was imported from: its file minus the dotted name's depth."""
    depth = len(module_name.split(".")) + (1 if module_file.name == "__init__.py" else 0)
    root = module_file.resolve()
    for _ in range(depth):
        root = root.parent
    return root


def digest(files: Iterable[Path], root: Path | None = None) -> str:
    """sha256 over (name, content hash) of each file; names are relative to ``root`` when given."""
    h = hashlib.sha256()
    for f in sorted(set(files)):
        name = f.relative_to(root).as_posix() if root is not None and f.is_relative_to(root) else str(f)
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(f.read_bytes()).hexdigest().encode() + b"\n")
    return h.hexdigest()


def command_files(tokens: Iterable[str]) -> list[Path]:
    """The existing files a command line names, plus the local imports of any ``.py`` among them."""
    files: set[Path] = set()
    for token in tokens:
        p = Path(token).expanduser()
        try:
            if not p.is_file():
                continue
        except OSError:
            continue
        files.add(p.resolve())
        if p.suffix == ".py":
            files.update(local_sources(p, p.resolve().parent))
    return sorted(files)
