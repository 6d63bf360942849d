"""The editions of one guide: learner guide, trainer edition, handouts and
booklet (``documents``), and the screen edition with its assets (``screen``). Hands on the
files to write.
"""
