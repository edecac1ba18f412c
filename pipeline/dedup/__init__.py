"""Deduplication whose memory does not grow with the crawl: hash-partitioned spills on disk, MinHash."""
