"""Lay out one document, again and again when its sections are fitted: ``fitted``.

The engine lays out the parsed document; before each layout the caller may change it
(``prepare``), the fitting sets sections tighter or looser (``guide.render.fit``) and the
glossary's columns are balanced (``guide.render.columns``). Fonts and images loaded for the
first layout serve the next; of the layouts tried, the one with the fewest short tails wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from guide.render import columns
from guide.render import fit as copyfit

Fitting = Mapping[str, str]  # section id -> copyfit.TIGHT or copyfit.LOOSE


#: At most this many layouts of one document when fitting: as found, tighter, then looser.
_FITTING_LAYOUTS = 3


@dataclass
class _Layouts:
    """Lays out one document, again and again with other fittings: the fonts and images
    loaded for the first layout serve the next."""

    weasyprint: Any
    html: str
    base_url: str
    fetcher: Any
    prepare: Callable[[Any], None]
    font_config: Any = None
    images: dict[str, Any] | None = None
    splits: dict[bytes, tuple[int, ...]] = field(default_factory=dict)  # guide.render.columns

    def lay_out(self, fitting: Fitting) -> Any:
        if self.font_config is None:
            from weasyprint.text.fonts import FontConfiguration

            self.font_config, self.images = FontConfiguration(), {}
        source = self._parsed(fitting)

        def measure(edit: Callable[[Any], None]) -> Any:
            copy = self._parsed(fitting)
            edit(copy.etree_element)
            return copy.render(font_config=self.font_config, cache=self.images)

        columns.balance(source.etree_element, measure, self.splits)
        return source.render(font_config=self.font_config, cache=self.images)

    def _parsed(self, fitting: Fitting) -> Any:
        source = self.weasyprint.HTML(
            string=self.html, base_url=self.base_url, url_fetcher=self.fetcher
        )
        self.prepare(source.etree_element)
        copyfit.apply(source.etree_element, fitting)
        return source


def fitted(
    weasyprint: Any,
    html: str,
    base_url: str,
    fetcher: Any,
    fit_sections: bool,
    prepare: Callable[[Any], None] = lambda root: None,
) -> tuple[Any, Fitting, int]:
    """The layout to draw, its fitting, and how many layouts were tried; ``prepare`` may
    change the parsed document (its ElementTree root) before each layout."""
    layouts = _Layouts(weasyprint, html, base_url, fetcher, prepare)
    fitting: Fitting = {}
    document = layouts.lay_out(fitting)
    if not fit_sections:
        return document, fitting, 1
    best, best_tails = (document, fitting), copyfit.short_tails(document.pages)
    tails, tried = best_tails, 1
    while tried < _FITTING_LAYOUTS and tails:
        step = copyfit.next_fitting(fitting, tails)
        if step is None:
            break
        fitting = step
        document = layouts.lay_out(fitting)
        tails, tried = copyfit.short_tails(document.pages), tried + 1
        if len(tails) < len(best_tails):
            best, best_tails = (document, fitting), tails
    return best[0], best[1], tried
