"""Write the small PDF fixtures under fixtures/ from the seeds and a few lines of minutes text.

Usage: python scripts/make_fixtures.py [--check]

Both renderers are deterministic, so the fixtures are reproducible byte for byte; `--check`
exits 1 if a committed fixture differs from what this script makes (tests run it that way).
Needs the dev extras (reportlab, fpdf2).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pdfgen import render, render_fpdf  # noqa: E402

SEED = (ROOT / "seeds" / "002_eb9e69540956417c.txt").read_text(encoding="utf-8")

REDACTED = """Verslag overleg huisvesting
Vergaderdatum 12 maart 2024
Aanwezig Dhr. Jansen (VNG), Mw. Bakker (IPO), Dhr. De Vries (BZK)
Afwezig Mw. Bakker (COA)
1. Opening
• Het verslag van 6 februari 2024 is vastgesteld.
2. Huisvesting
• BZK zal voor 1 april een voorstel sturen aan VNG en IPO.
"""

ACTION_LIST = """Verslag Technisch Overleg
Vergaderdatum 4 februari 2025
1. Opening
• Geen mededelingen.
2. Rondvraag
• <actiepunt Logius> Read.me bijwerken.

Actielijst
Nr\tActie\tNaam\tO/G
2501/01\tRead.me bijwerken zodat alles weer actueel is\tLogius\tO
2501/02\tVersie 1.1 van de module opnemen in de\tVNG\tG
\tstandaard (ook in de issuelijst)
"""


def fixtures() -> dict[str, bytes]:
    """Every fixture's name and bytes."""
    base = render(SEED)
    return {
        "verslag-reportlab.pdf": base,
        "verslag-fpdf2.pdf": render_fpdf(SEED),
        "redacted-5.1.2e.pdf": render(REDACTED, redact="Bakker"),
        "redacted-badly.pdf": render(REDACTED, redact_badly="Bakker"),
        "encrypted.pdf": render(SEED, encrypt="geheim"),
        "truncated.pdf": base[: len(base) // 2],
        "scanned-no-text.pdf": render(SEED, text_layer=False),
        "actielijst.pdf": render(ACTION_LIST, tabs=(60, 110, 330, 420)),
    }


def main() -> int:
    check = "--check" in sys.argv[1:]
    out = ROOT / "fixtures"
    out.mkdir(exist_ok=True)
    stale = []
    for name, data in fixtures().items():
        path = out / name
        if check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
            print(f"{path.relative_to(ROOT)}: {len(data):,} bytes")
    if stale:
        print("out of date (run python scripts/make_fixtures.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
