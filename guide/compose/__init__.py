"""Plan + chapters -> one HTML document per edition: gathers a guide
(``prepare``), expands chapters' Jinja in the allow-list sandbox over plain records
(``expand``, ``sandbox``, ``growth``, ``chapter_context``) and fills the layout templates
in the same sandbox over plain records too (``layout``, ``layout_context``) with the chart,
colours, fonts and QR codes. Hands on a ``PreparedGuide``.
"""
