"""What checks read of a call: one interface, two implementations.

A check never asks which path it is on. It asks its `CallView` for the turns of a role
or a window, for the hits of a declared matcher in a turn (`find`), in some turns
(`search`, `first`), for token boundaries at a span and for the tokens of a turn. Two
views answer, with the same results:

- `ReferenceView` (`reference.py`): every turn normalised with its offset map and
  segmented up front, every phrase searched for with `str.find`, nothing remembered —
  the straightforward path, kept to test the other against;
- `FastView` (`fast.py`): the turns the rules read joined and normalised in one pass,
  every phrase of every rule found by one Aho-Corasick scan, a turn visited only where a
  matcher's phrases (or a regex's literals) occur, token boundaries confirmed by
  segmenting only the stretch around a span, and what a matcher finds in a turn
  remembered by the turn's text in the run's `RunCache`.

Matchers (`matchers.py`) are declared by the checks when a rubric is compiled; each is
one algorithm over what the view gives it.
"""
