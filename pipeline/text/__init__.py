"""Text handling for the shard stage: reading crawl files, normalising, sentence splitting."""
