"""Output of the index commands: rich tables, CSV, JSON, and one meeting as Markdown or HTML."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from typing import Any

ACTION_LIST_ROW = "action-list-row"
TYPE_LABELS = {"decision": "Decisions", "action": "Actions", "agreement": "Agreements", "commitment": "Commitments"}
STATE_MARKS = {"present": "✓", "absent": "✗", "substituted": "↔", "redacted": "█"}


def to_json(rows: Any) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """CSV text (RFC 4180, CRLF): lists joined with "; ", dicts by their text."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        if "status" in v and "date" in v:
            return f"{v['date']} {v['status']}"
        return str(v.get("date") or v.get("text") or "")
    return str(v)


def history_text(history: list[dict[str, Any]]) -> str:
    return " → ".join(f"{h['date'] or '?'} {h['status']}" for h in history)


ACTION_COLUMNS = [
    "series",
    "ref",
    "text",
    "owners",
    "due",
    "status",
    "overdue",
    "first_seen",
    "last_seen",
    "closed_in",
    "history",
]
DECISION_COLUMNS = ["series", "date", "item", "item_title", "text", "owners"]
SEARCH_COLUMNS = ["series", "date", "item", "item_title", "type", "owners", "snippet"]


def actions_table(rows: list[dict[str, Any]], width: int = 100, color: bool = False) -> str:
    """The register as a boxed table for a terminal: ref, action (due date and history beneath), owners, status, since.

    Drawn here rather than with rich's Table, which needs seconds for the thousands of rows of a
    large register; it looks the same and takes milliseconds.
    """
    import textwrap

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color and text else text

    fixed = {"ref": 9, "owners": 16, "status": 10, "since": 10}
    action_w = max(20, width - sum(fixed.values()) - 3 * 5 - 1)
    widths = [fixed["ref"], action_w, fixed["owners"], fixed["status"], fixed["since"]]
    heads = ["ref", "action", "owners", "status", "since"]

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    def line(cells: list[tuple[str, str]]) -> str:
        parts = []
        for (text, code), w in zip(cells, widths, strict=True):
            parts.append(" " + paint(text, code) + " " * (w - len(text)) + " ")
        return "│" + "│".join(parts) + "│"

    out = [f"{len(rows)} action(s)", rule("┌", "┬", "┐"), line([(h, "1") for h in heads]), rule("├", "┼", "┤")]
    series = None
    for n, r in enumerate(rows):
        if r["series"] != series:
            if series is not None:
                out.append(rule("├", "┼", "┤"))
            series = r["series"]
            for piece in textwrap.wrap(series or "", action_w) or [""]:
                out.append(line([("", ""), (piece, "1"), ("", ""), ("", ""), ("", "")]))
            out.append(rule("├", "┼", "┤"))
        elif n:
            out.append(rule("├", "┼", "┤"))
        col1 = [(x, "") for x in textwrap.wrap(_short(r["text"], 300), action_w)]
        if r["due"]:
            col1 += [(x, "36") for x in textwrap.wrap("due " + (r["due"]["date"] or r["due"]["text"]), action_w)]
        if len(r["history"]) > 1:
            col1 += [(x, "2") for x in textwrap.wrap(history_text(r["history"]), action_w)]
        owners = [(x, "") for x in textwrap.wrap(", ".join(r["owners"]), fixed["owners"])]
        if r["status"] == "done":
            status = [("done", "32")] + ([(r["closed_in"], "32")] if r["closed_in"] else [])
        else:
            status = [("open", "33")] + ([("overdue", "31")] if r["overdue"] else [])
        cols = [[(r["ref"] or "–", "")], col1, owners, status, [(r["first_seen"] or "", "")]]
        for i in range(max(len(c) for c in cols)):
            out.append(line([c[i] if i < len(c) else ("", "") for c in cols]))
    out.append(rule("└", "┴", "┘"))
    return "\n".join(out) + "\n"


def decisions_table(rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    t = Table(title=f"{len(rows)} decision(s)", expand=True)
    for col in ("series", "date", "item", "decision", "owners"):
        t.add_column(col, ratio=4 if col == "decision" else None)
    for r in rows:
        t.add_row(
            _esc(r["series"] or ""),
            r["date"] or "",
            _esc(f"{r['item']}. {r['item_title']}"),
            _esc(r["text"]),
            _esc(", ".join(r["owners"])),
        )
    return t


def search_table(rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    t = Table(title=f"{len(rows)} hit(s)", expand=True)
    for col in ("date", "series", "item", "text"):
        t.add_column(col, ratio=5 if col == "text" else None)
    for r in rows:
        snippet = _esc(r["snippet"]).replace("«", "[bold yellow]").replace("»", "[/bold yellow]")
        if r.get("type"):
            snippet = f"[dim]{r['type']}{' ' + _esc(', '.join(r['owners'])) if r['owners'] else ''}:[/dim] " + snippet
        t.add_row(r["date"] or "", _esc(r["series"] or ""), _esc(f"{r['item']}. {_short(r['item_title'], 40)}"), snippet)
    return t


def attendance_table(a: Any) -> Any:
    from rich.table import Table

    t = Table(
        title=f"{a.series}: {len(a.people)} people, {len(a.meetings)} meetings  (✓ present  ✗ absent  ↔ substituted  █ redacted)"
    )
    t.add_column("person")
    for m in a.meetings:
        t.add_column((m["date"] or "?")[2:] if m["date"] else "?", justify="center", no_wrap=True)
    for p in a.people:
        t.add_row(_esc(p["label"]), *[STATE_MARKS.get(p["cells"].get(m["id"], ""), "") for m in a.meetings])
    return t


def attendance_rows(attendance: list[Any]) -> Iterator[dict[str, Any]]:
    """One row per series and person, with a column per meeting date (CSV and JSON)."""
    for a in attendance:
        for p in a.people:
            row: dict[str, Any] = {
                "series": a.series,
                "person": p["label"],
                "name": p["name"],
                "organisation": p["organisation"],
                "redacted": p["redacted"],
            }
            for m in a.meetings:
                row[m["date"] or m["path"]] = p["cells"].get(m["id"])
            yield row


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# one meeting, readable


def _walk(points: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for p in points:
        yield p
        yield from _walk(p.get("children") or [])


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    """What a summary shows, from an output document: header, who was there, per item its tags by type,
    and the rows of the meeting's action list (rule action-list-row) apart, as the list they are."""
    m = doc.get("meeting") or {}
    items = []
    action_list: list[dict[str, Any]] = []
    for item in doc.get("agenda_items") or []:
        by_type: dict[str, list[dict[str, Any]]] = {k: [] for k in TYPE_LABELS}
        for p in _walk(item.get("points") or []):
            for t in p.get("tags") or []:
                if t.get("rule") == ACTION_LIST_ROW:
                    action_list.append(t)
                elif t.get("type") in by_type:
                    by_type[t["type"]].append(t)
        items.append({"number": item.get("number"), "title": item.get("title"), "tags": by_type})
    return {
        "title": m.get("body") or m.get("description") or (doc.get("source") or {}).get("path") or "Meeting",
        "meeting": m,
        "source": (doc.get("source") or {}).get("path"),
        "attendees": [p.get("raw") for p in doc.get("attendees") or []],
        "absentees": [p.get("raw") for p in doc.get("absentees") or []],
        "substitutions": [s.get("text") for s in doc.get("substitutions") or []],
        "items": items,
        "action_list": action_list,
    }


def _when(m: dict[str, Any]) -> str:
    when = m.get("date") or "date unknown"
    if m.get("start_time"):
        when += f", {m['start_time']}" + (f"–{m['end_time']}" if m.get("end_time") else "")
    return when


def _tag_details(t: dict[str, Any]) -> list[str]:
    bits = []
    if t.get("owners"):
        bits.append("owner: " + ", ".join(t["owners"]))
    due = t.get("due")
    if due:
        bits.append("due: " + (f"{due['date']} ({due['text']})" if due.get("date") else due["text"]))
    if t.get("ref"):
        bits.append(f"nr {t['ref']}")
    if t.get("status"):
        bits.append(t["status"])
    return bits


_MD_SPECIAL = re.compile(r"([\\`*_<>\[\]|])")


def _md(text: object) -> str:
    """Text as Markdown shows it literally: "<actiepunt X>" stays visible, "*" and "_" make no emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def markdown(doc: dict[str, Any]) -> str:
    """One meeting as Markdown (the minutes' own text escaped, so that it reads as written)."""
    s = summary(doc)
    m = s["meeting"]
    out = [f"# {_md(s['title'])} — {m.get('date') or 'date unknown'}", ""]
    facts = [f"**When:** {_when(m)}"]
    for label, k in (("Where", "location"), ("Chair", "chair"), ("Minutes", "minute_taker")):
        if m.get(k):
            facts.append(f"**{label}:** {_md(m[k])}")
    out += ["  \n".join(facts), ""]
    out += ["## Who was there", ""]
    out.append(f"**Present ({len(s['attendees'])}):** " + ("; ".join(map(_md, s["attendees"])) or "not listed"))
    out.append("")
    if s["absentees"]:
        out += [f"**Absent ({len(s['absentees'])}):** " + "; ".join(map(_md, s["absentees"])), ""]
    for sub in s["substitutions"]:
        out += [f"- substituted: {_md(sub)}"]
    if s["substitutions"]:
        out.append("")
    out += ["## Agenda", ""]
    for item in s["items"]:
        out += [f"### {_md(item['number'])}. {_md(item['title'])}", ""]
        empty = True
        for typ, label in TYPE_LABELS.items():
            tags = item["tags"][typ]
            if not tags:
                continue
            empty = False
            out += [f"**{label}**", ""]
            for t in tags:
                details = _tag_details(t)
                out.append(f"- {_md(t['text'])}" + (f" *({_md('; '.join(details))})*" if details else ""))
            out.append("")
        if empty:
            out += ["No decisions, actions, agreements or commitments.", ""]
    if s["action_list"]:
        out += ["## Action list", "", "| nr | action | owners | due | status |", "|---|---|---|---|---|"]
        for t in s["action_list"]:
            due = t.get("due") or {}
            cells = [
                t.get("ref") or "",
                t["text"],
                ", ".join(t.get("owners") or []),
                due.get("date") or due.get("text") or "",
                t.get("status") or "",
            ]
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
        out.append("")
    if s["source"]:
        out += [f"<sub>Source: {_md(s['source'])}</sub>", ""]
    return "\n".join(out)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:54rem;margin:2rem auto;padding:0 1rem;
color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem;color:#154273}h2{font-size:1.2rem;border-bottom:2px solid #154273;padding-bottom:.2rem;
margin-top:2rem}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.6rem 0}dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
ul.people{columns:2;padding-left:1.2rem}
section.item h4{font-size:.85rem;text-transform:uppercase;letter-spacing:.04em;margin:.6rem 0 .2rem;color:#555}
ul.tags{margin:.2rem 0 .6rem;padding-left:1.2rem}ul.tags li{margin:.25rem 0}
.decision h4{color:#0b6b2f}.action h4{color:#9a4a00}.agreement h4{color:#154273}.commitment h4{color:#6b2a8a}
.meta{display:inline-block;font-size:.85rem;color:#444;background:#f1f3f5;border-radius:.3rem;padding:0 .35rem;margin-left:.3rem}
.status-open{background:#fff2d6}.status-done{background:#dff3e4}
p.none{color:#777;font-style:italic;margin:.2rem 0}
table.actions{border-collapse:collapse;width:100%;font-size:.92rem}table.actions th,table.actions td{border-bottom:1px solid #dde;
padding:.3rem .4rem;text-align:left;vertical-align:top}table.actions th{background:#f1f3f5}
table.actions td:first-child{white-space:nowrap}
footer{margin-top:2rem;font-size:.8rem;color:#777}
"""


def html_page(doc: dict[str, Any]) -> str:
    """One meeting as a self-contained HTML page (inline style, no scripts, nothing fetched)."""
    e = html.escape
    s = summary(doc)
    m = s["meeting"]
    title = f"{s['title']} — {m.get('date') or 'date unknown'}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(s['title'])}</h1>",
        '<dl class="facts">',
        f"<dt>When</dt><dd>{e(_when(m))}</dd>",
    ]
    for label, k in (("Where", "location"), ("Chair", "chair"), ("Minutes", "minute_taker"), ("Written", "document_date")):
        if m.get(k):
            out.append(f"<dt>{label}</dt><dd>{e(m[k])}</dd>")
    out += ["</dl>", "</header>", '<section id="attendance">', "<h2>Who was there</h2>"]
    out.append(f"<h3>Present ({len(s['attendees'])})</h3>")
    out.append(
        '<ul class="people present">' + "".join(f"<li>{e(a)}</li>" for a in s["attendees"]) + "</ul>"
        if s["attendees"]
        else '<p class="none">Not listed.</p>'
    )
    if s["absentees"]:
        out.append(f"<h3>Absent ({len(s['absentees'])})</h3>")
        out.append('<ul class="people absent">' + "".join(f"<li>{e(a)}</li>" for a in s["absentees"]) + "</ul>")
    if s["substitutions"]:
        out.append("<h3>Substituted</h3>")
        out.append('<ul class="people substituted">' + "".join(f"<li>{e(x)}</li>" for x in s["substitutions"]) + "</ul>")
    out += ["</section>", '<section id="agenda">', "<h2>Agenda</h2>"]
    for item in s["items"]:
        out.append(f'<section class="item" data-number="{e(str(item["number"]))}">')
        out.append(f"<h3>{e(str(item['number']))}. {e(item['title'] or '')}</h3>")
        empty = True
        for typ, label in TYPE_LABELS.items():
            tags = item["tags"][typ]
            if not tags:
                continue
            empty = False
            out.append(f'<div class="{typ}"><h4>{label}</h4><ul class="tags">')
            for t in tags:
                metas = []
                if t.get("owners"):
                    metas.append(f'<span class="meta owner">{e(", ".join(t["owners"]))}</span>')
                due = t.get("due")
                if due:
                    due_label = f"{due['date']} ({due['text']})" if due.get("date") else due["text"]
                    metas.append(f'<span class="meta due">due {e(due_label)}</span>')
                if t.get("ref"):
                    metas.append(f'<span class="meta ref">nr {e(t["ref"])}</span>')
                if t.get("status"):
                    metas.append(f'<span class="meta status status-{e(t["status"])}">{e(t["status"])}</span>')
                out.append(f'<li class="tag {typ}">{e(t["text"])}{"".join(metas)}</li>')
            out.append("</ul></div>")
        if empty:
            out.append('<p class="none">No decisions, actions, agreements or commitments.</p>')
        out.append("</section>")
    out.append("</section>")
    if s["action_list"]:
        out += [
            '<section id="action-list">',
            "<h2>Action list</h2>",
            '<table class="actions">',
            "<thead><tr><th>nr</th><th>action</th><th>owners</th><th>due</th><th>status</th></tr></thead><tbody>",
        ]
        for t in s["action_list"]:
            due = t.get("due") or {}
            status = t.get("status") or ""
            out.append(
                f"<tr><td>{e(t.get('ref') or '')}</td><td>{e(t['text'])}</td><td>{e(', '.join(t.get('owners') or []))}</td>"
                f"<td>{e(due.get('date') or due.get('text') or '')}</td>"
                f'<td><span class="meta status status-{e(status)}">{e(status)}</span></td></tr>'
            )
        out += ["</tbody></table>", "</section>"]
    if s["source"]:
        out.append(f"<footer>Source: {e(s['source'])} · made by lrt show</footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
