"""The exercise checker under its older name: saved notebooks may import ``helpers.quiz``.

The checker is now four modules with one job each: :mod:`helpers.bank` (the bank: digests and
sealed feedback), :mod:`helpers.answers` (reading answers), :mod:`helpers.feedback` (judging an
answer, showing messages) and :mod:`helpers.results` (answers recorded this session, the scoring
rule, the summary). This module re-exports the names it used to define, so that
``from helpers.quiz import check`` and ``helpers.quiz.feedback(...)`` keep working.

>>> from helpers import check as new_check
>>> check is new_check
True
"""

from .answers import AnswerFormError, normalise, read_number
from .bank import KINDS, aliases, bank, digest, resolve, seal, unseal
from .feedback import MARKS, Feedback, assess, check, feedback, score_summary
from .results import running_score, summary_lines

__all__ = ["KINDS", "MARKS", "AnswerFormError", "Feedback", "aliases", "assess", "bank", "check",
           "digest", "feedback", "normalise", "read_number", "resolve", "running_score",
           "score_summary", "seal", "summary_lines", "unseal"]
