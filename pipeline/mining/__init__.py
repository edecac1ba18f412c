"""kNN search, margin scoring and pair selection: the heart of the miner."""
