"""Where the packaged data lives.

The repository keeps the data at its top level (``references/``, ``seeds/``); ``pyproject.toml`` maps
those folders into the wheel as ``benchmark/resources/references`` and ``benchmark/resources/seeds``.
An installed wheel finds them beside this file; a source checkout or editable install finds them at
the repository root.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Path of the packaged ``references`` or ``seeds`` folder."""
    for candidate in (_HERE / name, _HERE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"newsbench's packaged {name!r} folder is missing (looked in {_HERE / name} and "
        f"{_HERE.parent.parent / name}); reinstall the package: pip install --force-reinstall newsbench"
    )


def references_dir() -> Path:
    return resource_dir("references")


def seeds_dir() -> Path:
    return resource_dir("seeds")
