"""Markdown and Microsoft Learn syntax -> HTML fragments: one configured parser per language
(``parse``), its renderer rules (``rules``), Learn's extensions (``learn``) and typography
(``typography``: quotes, dashes, French spacing). Hands on rendered chapters with their
headings and problems.
"""
