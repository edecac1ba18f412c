"""Bitext mining: monolingual crawls in, scored parallel sentence pairs out.

Every stage is a plain function or small class callable without Prefect; `flows/`
orchestrates them and `bitext_cli` exposes both on the command line.
"""

import os

__version__ = "0.1.0"

# Arrow's default pool (mimalloc in the wheels) holds about 20 MB per process that stages reading shards in
# batches never get back: the embed task's peak at 37k rows is 253 MB with it, 233 with glibc's malloc. Set
# here, before any stage imports pyarrow; a pool the user chose stays theirs.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
