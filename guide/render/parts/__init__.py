"""A guide rendered in parts, side by side, and joined into one PDF.

Every part of a guide (the front matter, each chapter, each appendix) opens on a page of its
own, so no part's layout depends on another's: only the page numbers do. The flow:

- ``part``: a worker lays out one part (``PartJob``) without its page margins, printing each
  page reference as the page its target is expected on, and reports the shape of its pages;
- ``furniture``: once every part's page count is known, a worker draws the page margins of
  the whole guide (running heads, "Page X of Y") on as many empty pages;
- ``join``: this process joins the parts and lays the furniture over them (pikepdf): one
  document, with one outline, one set of named destinations and one structure tree
  (``structure``), and one program for each font (``fonts`` finds the parts' subsets,
  ``fontprograms`` merges them, in a worker beside the join);
- ``plan``: which parts to lay out again (those that printed a page reference wrongly),
  and when to give up and render the guide whole; ``cache``: parts kept between builds;
- ``choose``: whether a guide is rendered in parts at all, and in how many documents.
"""
