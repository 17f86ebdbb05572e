"""Render stage: pages, JSON records, documents for programs and charts, from the derived site."""
