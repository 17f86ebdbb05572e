"""Importers: bring models in from open model databases and keep the cards in step with them.

``catalog import models-dev PATH`` reads a models.dev tree (:mod:`catalog.importers.models_dev`),
``catalog import litellm FILE`` reads LiteLLM's price list (:mod:`catalog.importers.litellm`).
Both turn their source into :class:`~catalog.importers.common.SourceCard` values, and
:mod:`catalog.importers.common` does the rest the same way for both: it merges them with the
cards already in the models folder (keeping what a person wrote), writes the files in the
hand-written cards' format and prints the summary.
"""
