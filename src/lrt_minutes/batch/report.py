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
    """Pages per file that was read."""
    total: int = 0
    """Files (and arguments naming nothing) the run was asked to do."""
    done: int = 0
    """Files (and such arguments) that are done: a file of several parts with its last part."""
    stopped: str | None = None
    """Why the run stopped before the end: "interrupted" (Ctrl-C) or "output-closed"; None when it ran to the end."""

    def add(self, o: Outcome) -> None:
        """Record an outcome (without keeping its document in memory)."""
        if o.part is None or o.part[0] == o.part[1]:
            self.done += 1
        if o.status in ("ok", "skipped"):
            self.page_counts[o.name] = o.pages
        self.outcomes.append(replace(o, doc=None, text=None, rows=None))

    def counts(self) -> dict[str, int]:
        """How many documents were extracted (ok), not extracted for their kind (skipped), unchanged and failed."""
        c = {"ok": 0, "skipped": 0, "unchanged": 0, "failed": 0}
        for o in self.outcomes:
            c[o.status] += 1
        return c

    def skipped_kinds(self) -> dict[str, int]:
        """How many documents of each kind were skipped."""
        c: dict[str, int] = {}
        for o in self.outcomes:
            if o.status == "skipped":
                c[o.doc_kind or "other"] = c.get(o.doc_kind or "other", 0) + 1
        return dict(sorted(c.items()))

    def warnings(self) -> int:
        """Warnings of all extracted documents together."""
        return sum(o.warnings for o in self.outcomes if o.status == "ok")

    def pages(self) -> int:
        """Pages of all files together (unknown counts as 0)."""
        return sum(p or 0 for p in self.page_counts.values())

    def slowest(self, n: int = 5) -> list[Outcome]:
        """The `n` files that took longest (unchanged ones left out; a file of several parts once)."""
        ran: dict[str, Outcome] = {}
        for o in self.outcomes:
            if o.status != "unchanged":
                ran.setdefault(o.name, o)
        return sorted(ran.values(), key=lambda o: (-o.seconds, o.name))[:n]

    def failed(self) -> list[Outcome]:
        """The documents that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    def left(self) -> int:
        """Files not done because the run was stopped."""
        return max(0, self.total - self.done)

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
                    "part": None if o.part is None else {"index": o.part[0], "of": o.part[1], "pages": [o.part[2], o.part[3]]},
                    "status": o.status,
                    "kind": o.doc_kind,
                    "kind_reasons": list(o.kind_reasons),
                    "output": o.output.as_posix() if o.status in ("ok", "unchanged") else None,
                    "seconds": round(o.seconds, 3),
                    "sha256": o.sha256,
                    "pages": self.page_counts.get(o.name),
                    "warnings": o.warnings if o.status == "ok" else None,
                    "error": None if o.kind is None else {"kind": o.kind, "message": o.message},
                }
                for o in self.outcomes
            ],
        }
