"""Bounded CPU: hostile inputs cost time in proportion to their size.

Each case builds an input at 1x and at 8x its size and times the stage that reads it (best of
three, after a warm-up). Linear work grows about 8 times; quadratic work 64 times, cubic 512;
the exponential backtracking of a regex does not finish at all (a watchdog stops it). The
bound (a ratio of 24) leaves room for cache effects. Time is this process's CPU time, not the
wall clock, so that other processes on a busy machine (a parallel test run, CI neighbours) do not
count: a wall-clock ratio of 27 was seen at load average 9 for work that is linear. Sizes are
chosen so that the 1x run takes milliseconds, enough for the timer's noise not to matter.
"""

from __future__ import annotations

import itertools
import signal
import time
from collections.abc import Callable

import pytest

from lrt_minutes.api import extract_bytes
from lrt_minutes.clean.lines import clean
from lrt_minutes.read.pdf import _undouble
from lrt_minutes.read.text import Line
from lrt_minutes.structure.actions import take_action_tables
from lrt_minutes.structure.agenda import RawItem, RawPoint, parse_joint_note
from lrt_minutes.structure.header import _body_from, parse_participants
from lrt_minutes.structure.substitutions import find_substitutions, sentences

RATIO = 24
WATCHDOG = 60  # seconds for all timings of one case: exponential work never gets there


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a regression
    raise _TooSlow


_unique = itertools.count()


def _best(f: Callable[[object], object], make: Callable[[int, int], object], n: int) -> float:
    best = float("inf")
    for _ in range(3):
        arg = make(n, next(_unique))  # a fresh input each time: no cache (spaCy's tokenizer has one) helps
        t = time.process_time()
        f(arg)
        best = min(best, time.process_time() - t)
    return best


def assert_linear(f: Callable[[object], object], make: Callable[[int, int], object], n: int) -> None:
    """`f` on `make(8n)` takes at most RATIO times as long as on `make(n)`."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(WATCHDOG)
    try:
        f(make(n, next(_unique)))  # warm-up
        small = _best(f, make, n)
        large = _best(f, make, 8 * n)
    except _TooSlow:
        pytest.fail(f"did not finish within {WATCHDOG} s: super-linear (exponential?) work")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    # a floor of 2 ms for the small run keeps timer noise out of the ratio
    assert large <= RATIO * max(small, 0.002), f"8x input took {large / max(small, 1e-9):.0f}x as long ({small:.4f} s -> {large:.4f} s)"


def _item(text: str) -> list[RawItem]:
    item = RawItem(numbers=[1], titles=["Punt"], page=None, lineno=1)
    item.points = [RawPoint(lines=[text], page=None, lineno=2, section=None)]
    return [item]


def _lines(*texts: str) -> list[Line]:
    return [Line(t, None, k) for k, t in enumerate(texts, start=1)]


# ------------------------------------------------------------------ regexes and loops of the stages


def test_action_list_owner_of_capitals_is_not_exponential():
    # "1 doe iets nu AAAA…!" after an "Actielijst" heading: the trailing-owner pattern once cut the
    # capitals into codes in every possible way
    assert_linear(
        take_action_tables, lambda n, u: _lines("Actielijst", f"1 doe iets nu {'A' * n}! {u}"), 20
    )


def test_action_list_rows_with_space_runs():
    assert_linear(take_action_tables, lambda n, u: _lines("Actielijst", f"1 doe iets {u}" + " " * n + "x open"), 200_000)


def test_overprinted_bold_line_of_repeated_words():
    # "a a a a …": every space is a place where the line might be printed twice
    assert_linear(_undouble, lambda n, u: f"{u} " + "a " * n, 10_000)


def test_relative_substitution_of_repeated_die():
    assert_linear(find_substitutions, lambda n, u: _item(f"{u} " + "x die " * n + "vervang"), 10_000)


def test_sentences_of_repeated_honorifics():
    # every "Dhr." keeps the next piece in its sentence
    assert_linear(sentences, lambda n, u: f"{u} " + "Dhr. " * n, 40_000)


def test_attendee_list_of_many_entries_over_many_lines():
    def make(n: int, u: int) -> list[Line]:
        return _lines(*(f"Dhr. A{u}x{i} (VNG), Mw. B{i} (IPO)," for i in range(n)))

    assert_linear(parse_participants, make, 300)


def test_attendee_lines_with_a_run_of_spaces():
    # one entry a line (each line holds one "("), so the lines are read as written, spaces and all
    def make(n: int, u: int) -> list[Line]:
        return _lines(f"Dhr. A{u}" + " " * n + "x (VNG)", "Mw. B" + " " * n + "y (IPO)")

    assert_linear(parse_participants, make, 100_000)


def test_clean_lines_with_space_runs():
    for text in ("Datum x{}y", "Kenmerk x{}y", "tekst{}x • y"):
        assert_linear(clean, lambda n, u, t=text: _lines(t.format(f"{u}" + " " * n)), 200_000)


# ------------------------------------------------------------------ whole documents, tags included


def _document(tagger) -> Callable[[object], object]:
    return lambda text: extract_bytes(str(text).encode(), name="x.txt", tagger=tagger)


def test_repeated_substitution_sentences(tagger):
    # "Y." is one token (an initial), so this is one sentence with a cue per repetition
    assert_linear(_document(tagger), lambda n, u: f"1. Punt\n• {u} " + "X wordt vervangen door Y. " * n + "\n", 50)


def test_run_of_parentheses_in_the_tokenizer(tagger):
    assert_linear(_document(tagger), lambda n, u: f"1. Punt\n• {u} " + "(" * (n + u % 7) + "\n", 3_000)


def test_run_of_quotes_in_the_tokenizer(tagger):
    assert_linear(_document(tagger), lambda n, u: f"1. Punt\n• {u} " + "'" * (n + u % 7) + "\n", 1_000)


def test_many_sentences_with_cues(tagger):
    assert_linear(_document(tagger), lambda n, u: f"1. Punt\n• {u} " + "Het COA zal dit doen. " * n + "\n", 100)


def test_action_rows_against_text_actions(tagger):
    def make(n: int, u: int) -> str:
        text = "".join(f"• VNG zal taak {i} uitvoeren voor project {i}.\n" for i in range(n))
        rows = "".join(f"{i} taak {i} uitvoeren voor project {i} VNG open\n" for i in range(1, min(n, 999)))
        return f"1. Punt {u}\n{text}\nActielijst\n{rows}"

    assert_linear(_document(tagger), make, 60)


def test_title_of_repeated_date_words_before_a_date():
    # "van   van   … x 3 mei 2024": the words that lead up to a date were a regex that backtracked exponentially
    assert_linear(_body_from, lambda n, u: f"Verslag overleg {u} " + "van   " * n + "x 3 mei 2024", 2_000)
    assert_linear(_body_from, lambda n, u: f"Verslag overleg {u} " + "van   " * n + "3 mei 2024", 2_000)


def test_note_of_many_joint_items_that_is_none():
    # "agendapunt 1 en 1 en … ) x)": the numbers were read again for each way to end them (quadratic)
    assert_linear(parse_joint_note, lambda n, u: f"agendapunt {u % 90 + 1}" + " en 1" * n + ") x)", 2_000)

