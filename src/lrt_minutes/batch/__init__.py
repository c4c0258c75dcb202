"""Many documents at once: which inputs (`inputs`, `archive`), worker processes, re-runs and the report (`runner`)."""
