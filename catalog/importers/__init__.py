"""Importers: bring models in from open model databases and keep the cards in step with them.

``catalog import models-dev PATH`` reads a models.dev tree (:mod:`catalog.importers.models_dev`),
``catalog import litellm FILE`` reads LiteLLM's price list (:mod:`catalog.importers.litellm`).
Both turn their source into the values of :mod:`~catalog.importers.source`, made valid by
:mod:`~catalog.importers.values` and :mod:`~catalog.importers.ids` and reported in a
:class:`~catalog.importers.report.Report`. The rest is the same for both:
:mod:`~catalog.importers.plan` merges them with the cards already in the models folder
(:mod:`~catalog.importers.merge`, keeping what a person wrote), adds what the registries lack
(:mod:`~catalog.importers.registries`, :mod:`~catalog.importers.providers`) and writes the files
in the hand-written cards' format (:mod:`catalog.authoring.cardtext`, shared with
``catalog new``); :mod:`~catalog.importers.summary` prints what was done.
"""
