"""Markdown: the plan to keep or print (`plan`: checklist, limits, mermaid chart) and `compare`'s table."""
