"""Project-wide facts: what linting one file may need to know about the rest of the
project, gathered once per run before the files are linted (and inherited by the
workers), so that the engine stays a pure function of (file, settings, facts)."""

from __future__ import annotations

from dataclasses import dataclass

from perflint.project.django_models import EMPTY, ModelIndex
from perflint.project.event_loop import ProjectLoop


@dataclass(frozen=True)
class ProjectFacts:
    django_models: ModelIndex = EMPTY
    event_loop: ProjectLoop = ProjectLoop()

    def fingerprint(self) -> str:
        """Everything here that findings depend on, stable across runs (for cache keys)."""
        models = self.django_models
        model_facts = sorted(
            (name, sorted(relations.items()), sorted(models.per_object.get(name, ())))
            for name, relations in models.models.items()
        )
        return repr(
            (model_facts, sorted(models.for_all), sorted(models.unchecked), self.event_loop)
        )


NO_PROJECT = ProjectFacts()
