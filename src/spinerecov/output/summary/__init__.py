"""The visit summary: one or two printed pages to bring to the follow-up visit (HTML and markdown)."""
