"""HTML -> PDF: WeasyPrint loaded without its slow library search (``engine``),
run through the confined URL fetcher (``fetcher``) as a ``RenderJob`` (``job``), in a pool of
worker processes (``pool``); PDF post-processing (``pdfpages``). Hands on PDF bytes.
"""
