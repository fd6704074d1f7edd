"""Failures talking to the Hugging Face Hub, for ``bench data push`` and ``bench publish``.

``is_network_error`` tells an unreachable Hub (connection, HTTP, offline mode, missing token) from a bug;
``one_line`` shortens any exception's message to one line for the ``OfflineError`` the user sees.
"""

from __future__ import annotations

_NETWORK_MODULES = ("httpx", "httpx2", "httpcore", "requests", "urllib3", "huggingface_hub")


def one_line(exc: BaseException) -> str:
    """The exception's message on one line, at most 200 characters (its type name when it has none)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def is_network_error(exc: BaseException) -> bool:
    """Connection, HTTP, offline-mode and missing-token errors: what an unreachable Hub raises.

    Matched by the module that defines the exception (huggingface_hub's HTTP stack has moved between
    ``requests``, ``httpx`` and ``httpx2``), plus the standard connection errors.
    """
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return True
    return any(cls.__module__.split(".")[0] in _NETWORK_MODULES for cls in type(exc).__mro__[:-2])
