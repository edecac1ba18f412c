"""Bitext mining: monolingual crawls in, scored parallel sentence pairs out.

Every stage is a plain function or small class callable without Prefect; `flows/`
orchestrates them and `bitext_cli` exposes both on the command line.
"""

__version__ = "0.1.0"
