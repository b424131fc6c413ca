"""Grading a reply against a question's model answer and key points."""

from bot.grading.base import Grade, Grader, GradingQuestion
from bot.grading.keypoints import KeyPointGrader

__all__ = ["Grade", "Grader", "GradingQuestion", "KeyPointGrader"]
