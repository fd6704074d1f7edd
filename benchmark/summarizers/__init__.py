"""Summarizer plug-ins: the protocol, the registry and the built-in families."""

from .base import BaseSummarizer, Summarizer, SummaryOutput, create_summarizer, summarizers

__all__ = ["BaseSummarizer", "Summarizer", "SummaryOutput", "create_summarizer", "summarizers"]
