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
        model_facts = sorted(
            (name, sorted(relations.items()))
            for name, relations in self.django_models.models.items()
        )
        return repr((model_facts, self.event_loop))


NO_PROJECT = ProjectFacts()
