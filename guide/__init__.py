"""guide: Markdown content + an organisation's parameters -> a tailored, branded PDF guide.

The pipeline runs one way, a module per stage:
``params`` (load and validate) -> ``tailor`` (role mix to plan and chapters) ->
``markdown`` (chapters to HTML fragments) -> ``layout`` (templates to one HTML document) ->
``render`` (WeasyPrint through a confined URL fetcher) -> ``output`` (atomic write).
``build`` strings the stages together; ``cli`` is a thin shell over ``build``.
"""

__version__ = "0.1.0"
