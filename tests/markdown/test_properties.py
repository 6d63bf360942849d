"""Property-based tests of the Markdown stage: whatever text comes in, HTML comes out and
no script tag is made."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from guide.markdown.parse import render_markdown

markdownish = st.text(
    alphabet=st.sampled_from(list("#*_`[]()!<>|:-+=>~\\\n \tabcXYZ1é东/\"'{}%")), max_size=400
)


@settings(max_examples=500, deadline=None)
@given(text=markdownish)
def test_markdown_stage_never_crashes(text: str) -> None:
    rendered = render_markdown(text, "fuzz")
    assert "<script" not in rendered.html.lower()
