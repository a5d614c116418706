"""HTML: the self-contained printable handout.

`handout` is the page, `chart` its SVG chart, `style` its print and screen rules, `text` the escaping.
"""
