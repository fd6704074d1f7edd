"""The run pipeline: summarize, cache, score a run, assemble its manifest and signature, merge shards."""
