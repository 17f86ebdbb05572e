"""Derive stage: every figure a page shows, computed once from the checked catalog."""
