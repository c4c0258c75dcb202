"""Stage 3, structure: cleaned lines into a header, numbered agenda items with points, and action-list rows.

`header` reads the labelled header block and participant lists, `agenda` the numbered
items and their points, `actions` action-list tables, `substitutions` who replaced whom.
"""
