"""Board papers: the "voice of the child" content, rendered to DOCX, HTML, PDF and a CSV bundle."""

from feedback.papers.build import build_content
from feedback.papers.content import PaperContent
from feedback.papers.draft import draft_paper, paper_content
from feedback.papers.render import FORMATS, render_paper

__all__ = ["FORMATS", "PaperContent", "build_content", "draft_paper", "paper_content", "render_paper"]
