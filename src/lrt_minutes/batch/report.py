"""The run report: counts per status, the slowest documents, the failures (`lrt extract --report`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .runner import Outcome


@dataclass(slots=True)
class Report:
    """A summary of a run: counts per status, the slowest documents, the failures."""

    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    page_counts: dict[str, int | None] = field(default_factory=dict)
    warning_counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    """Documents the run was asked to do (0: not known, the count of outcomes is)."""
    stopped: str | None = None
    """Why the run stopped before the end: "interrupted" (Ctrl-C) or "output-closed"; None when it ran to the end."""

    def add(self, o: Outcome) -> None:
        """Record an outcome (without keeping its document in memory)."""
        if o.status == "ok":
            self.page_counts[o.name] = o.pages
            self.warning_counts[o.name] = o.warnings
        self.outcomes.append(replace(o, doc=None, text=None, rows=None, pages=None, warnings=0))

    def counts(self) -> dict[str, int]:
        """How many documents were ok, skipped and failed."""
        c = {"ok": 0, "skipped": 0, "failed": 0}
        for o in self.outcomes:
            c[o.status] += 1
        return c

    def warnings(self) -> int:
        """Warnings of all documents together."""
        return sum(self.warning_counts.values())

    def pages(self) -> int:
        """Pages of all documents together (unknown counts as 0)."""
        return sum(p or 0 for p in self.page_counts.values())

    def slowest(self, n: int = 5) -> list[Outcome]:
        """The `n` documents that took longest (skipped ones left out)."""
        ran = [o for o in self.outcomes if o.status != "skipped"]
        return sorted(ran, key=lambda o: (-o.seconds, o.name))[:n]

    def failed(self) -> list[Outcome]:
        """The documents that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    def left(self) -> int:
        """Documents not done because the run was stopped."""
        return max(0, self.total - len(self.outcomes))

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        from .. import __version__

        return {
            "tool": f"lrt-minutes {__version__}",
            "seconds": round(self.seconds, 3),
            "counts": self.counts(),
            "stopped": self.stopped,
            "left": self.left(),
            "pages": self.pages(),
            "warnings": self.warnings(),
            "slowest": [{"document": o.name, "seconds": round(o.seconds, 3)} for o in self.slowest()],
            "documents": [
                {
                    "document": o.name,
                    "status": o.status,
                    "output": None if o.status == "failed" else o.output.as_posix(),
                    "seconds": round(o.seconds, 3),
                    "sha256": o.sha256,
                    "pages": self.page_counts.get(o.name),
                    "warnings": self.warning_counts.get(o.name),
                    "error": None if o.kind is None else {"kind": o.kind, "message": o.message},
                }
                for o in self.outcomes
            ],
        }
