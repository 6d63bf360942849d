"""Colour arithmetic for branding: tints for backgrounds and readable text on a colour.

Organisation colours arrive validated as ``#RRGGBB``; text on a colour band is black or white,
whichever contrasts more (WCAG relative luminance).
"""

from __future__ import annotations

from dataclasses import dataclass


def _channels(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(hex_colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return (
        "#000000"
        if contrast(background, "#000000") >= contrast(background, "#FFFFFF")
        else "#FFFFFF"
    )


def tint(hex_colour: str, strength: float) -> str:
    """``hex_colour`` mixed with white; ``strength`` 1.0 keeps the colour, 0.0 is white."""
    mixed = (round(255 - (255 - c) * strength) for c in _channels(hex_colour))
    return "#{:02X}{:02X}{:02X}".format(*mixed)


def darken(hex_colour: str, amount: float) -> str:
    mixed = (round(c * (1 - amount)) for c in _channels(hex_colour))
    return "#{:02X}{:02X}{:02X}".format(*mixed)


#: The darkest page ground coloured text meets: a facts box (#F7F7F7), the screen's #FAFAFA.
INK_GROUND = "#F2F2F2"


def readable_on_white(hex_colour: str, minimum: float = 4.5) -> str:
    """``hex_colour`` darkened until it reaches ``minimum`` contrast (WCAG AA for text) on
    white and on the light greys that boxes put under text (``INK_GROUND``): for headings,
    links and labels, in print and on screen."""
    colour = hex_colour
    for _ in range(20):
        if contrast(colour, INK_GROUND) >= minimum:
            return colour
        colour = darken(colour, 0.12)
    return colour


@dataclass(frozen=True)
class Palette:
    """The organisation's colours and what the print style derives from them."""

    primary: str
    accent: str

    @property
    def primary_text(self) -> str:
        return text_on(self.primary)

    @property
    def primary_ink(self) -> str:
        return readable_on_white(self.primary)

    @property
    def accent_ink(self) -> str:
        return readable_on_white(self.accent)

    @property
    def primary_tint(self) -> str:
        return tint(self.primary, 0.12)

    @property
    def accent_tint(self) -> str:
        return tint(self.accent, 0.12)
