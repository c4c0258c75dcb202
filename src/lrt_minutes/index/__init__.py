"""Across meetings: a SQLite index of extracted minutes, the action register, attendance, summaries.

Works from the output JSON (CONTRACT.md), never from the extraction's internals:

| module | job |
|---|---|
| `db.py` | the schema (sqlite-utils), loading documents, incremental by content hash, FTS5 |
| `series.py` | which series (meeting body) a meeting belongs to |
| `register.py` | following actions across the meetings of a series |
| `queries.py` | actions, decisions, search, attendance, one meeting |
| `render.py` | rich tables, CSV, JSON, Markdown and HTML summaries |
| `sources.py` | what `lrt index PATH...` reads: JSON / JSON Lines outputs, or minutes (extracted here) |
| `cli.py` | the commands `lrt index / actions / decisions / search / attendance / show` |

Nothing here is imported by `lrt --help` except `cli.py`, which imports only typer.
"""
