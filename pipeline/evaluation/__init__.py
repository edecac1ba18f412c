"""Measuring mining quality: BUCC-style tasks built from line-aligned parallel data."""
