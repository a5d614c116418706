"""The handout's stylesheet: 16 px text on screen; A4 or US Letter in print, black-and-white safe.

Kept in one string so the HTML file stays self-contained (no network, no
external fonts or scripts). Print rules keep table rows, milestone rows and
each red flag whole; the red-flag box itself may split between items, so it
always starts on page 1. Nothing relies on colour: the red-flag box has a thick
border and a heading, bars and lines differ in pattern as well as shade. On a
phone (below 40rem) the tables stack into labelled blocks and the chart keeps a
legible size inside its own scroll box, so the page never scrolls sideways;
long unbreakable words wrap anywhere.
"""

STYLESHEET = """
:root { color-scheme: light; }
html { font-size: 16px; }
body { font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.45;
  color: #111; background: #fff; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem;
  overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.25rem; margin: 1.2rem 0 0.4rem; border-bottom: 2px solid #111; padding-bottom: 0.1rem; }
h3 { font-size: 1.05rem; margin: 0.8rem 0 0.2rem; }
p, ul, ol, dl { margin: 0.3rem 0; }
ul, ol { padding-left: 1.3rem; }
.clinic { font-size: 1.1rem; font-weight: 700; margin: 0; }
.disclaimer { font-weight: 600; border-left: 4px solid #111; padding-left: 0.6rem; }
.details { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; }
.details dt { font-weight: 700; }
.details dd { margin: 0; }
.red-flags { border: 4px solid #111; border-radius: 6px; padding: 0.4rem 0.9rem 0.6rem; margin: 0.8rem 0;
  background: #fff4f2; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.red-flags li { break-inside: avoid; page-break-inside: avoid; }
.red-flags h2 { border: none; margin-top: 0.2rem; }
.red-flags h2::before { content: "\\26A0\\FE0E  "; }
.red-flags h3 { margin: 0.5rem 0 0.1rem; font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0; }
th, td { border: 1px solid #555; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
th { hyphens: auto; overflow-wrap: break-word; }
thead th { background: #e8e8e8; }
tbody th { font-weight: 600; }
tr, table.opens tbody { break-inside: avoid; page-break-inside: avoid; }
table.checklist, table.opens, table.limits { table-layout: fixed; }
col.c-no { width: 2.6em; }
col.c-tick { width: 4.4em; }
col.c-date { width: 11em; }
col.c-activity { width: 24%; }
thead { display: table-header-group; }
.tick { width: 2rem; text-align: center; }
.tick input { appearance: none; -webkit-appearance: none; width: 1.05rem; height: 1.05rem;
  border: 2px solid #111; border-radius: 2px; margin: 0.1rem 0 0; background: #fff; }
.tick input:checked { background: #111; }
.note { font-size: 0.92rem; font-style: italic; }
.when { color: #333; font-weight: 600; }
.chart { width: 100%; height: auto; }
.chart .label { font-weight: 600; }
.chart .tick { font-size: 12px; fill: #333; }
.chart .dates { font-size: 12px; }
.chart .axis { stroke: #111; stroke-width: 1; }
.chart .grid { stroke: #bbb; stroke-width: 0.5; }
.chart .bar { fill: #9db8d9; stroke: #111; stroke-width: 1; }
.chart .bar.done { fill: #d4d4d4; }
.chart .bar.now { fill: #4f7fbf; stroke-width: 2.5; }
.chart .milestone { fill: #111; }
.chart .number { font-size: 11px; font-weight: 700; }
.chart .today { stroke: #b00020; stroke-width: 2; stroke-dasharray: 5 3; }
.chart .today-label { font-size: 12px; font-weight: 700; fill: #b00020; }
figure { margin: 0.4rem 0; break-inside: avoid; page-break-inside: avoid; max-width: 100%; overflow-x: auto; }
figcaption { font-size: 0.9rem; }
.sources { font-size: 0.9rem; }
.footer { font-size: 0.9rem; font-style: italic; margin-top: 0.6rem; }
@page { margin: 10mm 12mm; }
.expect dt { font-weight: 700; }
.expect dd { margin: 0 0 0.3rem 0; }
caption { text-align: left; font-size: 0.9rem; font-style: italic; padding: 0.1rem 0; }
table.limits th .when { font-weight: 400; font-size: 0.85rem; }
@media screen and (max-width: 40rem) {
  body { margin: 0.8rem auto; padding: 0 0.6rem; }
  .details { display: block; }
  .details dd { margin: 0 0 0.3rem; }
  .chart { min-width: 40rem; }
  table.limits, table.checklist, table.opens, table.limits tbody, table.checklist tbody, table.opens tbody,
  table.limits tr, table.checklist tr, table.opens tr { display: block; width: auto; }
  table.limits thead, table.checklist thead, table.opens thead, table colgroup { display: none; }
  table.limits tr, table.checklist tr, table.opens tr { border: 1px solid #555; margin: 0 0 0.4rem; }
  table.limits th, table.limits td, table.checklist td, table.opens th, table.opens td { display: block; border: none; }
  table.checklist td:nth-child(-n+3) { display: inline-block; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 700; }
  caption { display: block; }
}
@media print {
  html { font-size: 9.5pt; }
  body { line-height: 1.25; }
  h2 { margin: 0.6rem 0 0.2rem; }
  .details { gap: 0 0.8rem; }
  th, td { padding: 0.1rem 0.3rem; }
  table { font-size: 0.87rem; }
  .note { font-size: 0.8rem; }
  h1 { font-size: 1.45rem; }
  h2 { font-size: 1.15rem; }
  .chart { max-height: 58mm; }
  .red-flags ul { columns: 2; column-gap: 1.2rem; }
  .red-flags h3 { break-after: avoid; page-break-after: avoid; }
  figure { overflow: visible; }
  body { margin: 0; max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 0.8rem; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .red-flags, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .sources { columns: 4; column-gap: 0.8rem; font-size: 0.72rem; line-height: 1.1; padding-left: 0.9rem; }
  .sources li { break-inside: avoid; }
  .conditions { font-size: 0.85rem; columns: 2; column-gap: 1.2rem; }
  .conditions li { break-inside: avoid; }
}
"""
