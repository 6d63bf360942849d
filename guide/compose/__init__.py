"""Plan + chapters -> one HTML document per edition: gathers a guide once (``gather``),
composes any edition of it (``edition``; ``prepare`` makes the learner guide), expands
chapters' Jinja in the allow-list sandbox over plain records (``expand``, ``sandbox``,
``growth``, ``chapter_context``) and fills the layout templates in the same sandbox over
plain records too (``layout``, ``layout_context``) with the chart, colours, fonts and QR
codes. Hands on a ``Gathered`` record and a ``PreparedGuide``.
"""
