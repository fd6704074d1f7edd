"""Model backends shared by summarizers and judges: transformers loading, the OpenAI-compatible chat client."""
