"""The static HTML report: leaderboard, facts × systems heatmaps, per-run and per-article pages, diffs.

``runs`` is the one module that reads run records; ``marks`` cuts texts into marked pieces; ``charts``
makes the Vega-Lite specifications; ``site`` renders the Jinja2 templates into a folder; ``publish``
uploads run records and the site to a Hugging Face dataset repository.
"""

from .site import build_report

__all__ = ["build_report"]
