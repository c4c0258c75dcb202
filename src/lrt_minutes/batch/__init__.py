"""Many documents at once, each concern in its own module.

- `inputs`: which documents the command line names (files, folders, globs, archive members) and reading
  their bytes in order; `archive`: zip / tar members, safely.
- `job`: the run's `Options` and one document's extraction in a worker, with its typed `JobResult`.
- `pool`: worker processes with a per-document timeout; `runner`: the loop that yields one `Outcome` per document in input order.
- `dask_pool`: the same jobs on a Dask cluster (`lrt extract --dask`), in place of `pool`.
- `manifest`: incremental re-runs; `sinks`: stdout, a file per document, or CSV tables; `report`: the run report.
- `command`: `lrt extract` as one function (`extract_paths`).
"""
