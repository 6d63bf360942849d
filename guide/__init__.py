"""guide: Markdown content + an organisation's parameters -> a tailored, branded PDF guide.

The pipeline runs one way, a package per stage:
``org`` (load and validate an organisation file) -> ``plan`` (role mix and date to a plan)
-> ``content`` and ``markdown`` (chapters to HTML fragments) -> ``compose`` (templates to one
HTML document per edition) -> ``render`` (WeasyPrint through a confined URL fetcher) ->
``atomic`` (all of an organisation's files written, or none). ``editions``, ``batch`` and
``serve`` sit on top; ``build`` strings the stages together and ``cli`` is a thin shell over it.
"""

__version__ = "0.1.0"
