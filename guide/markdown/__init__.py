"""Markdown and Microsoft Learn syntax -> HTML fragments: one configured parser
(``parse``), its renderer rules (``rules``) and Learn's extensions (``learn``). Hands on
rendered chapters with their headings and problems.
"""
