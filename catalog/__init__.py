"""catalog: a static site generator for an AI-model catalog.

The pipeline, one module per stage: load → validate → derive → render → build (write and publish).
"""

__version__ = "0.1.0"
