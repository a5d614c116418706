"""Rich terminal screens: the only place that imports Rich.

Every screen that shows a plan ends with the red flags and the disclaimer.
"""
