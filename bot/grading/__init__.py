"""Grading a reply against a question's model answer and key points."""

from bot.grading.base import Grade, Grader, GradingQuestion, PointResult
from bot.grading.scorer import DefaultScorer

__all__ = ["DefaultScorer", "Grade", "Grader", "GradingQuestion", "PointResult"]
