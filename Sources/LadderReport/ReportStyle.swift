/// The report's only stylesheet, inlined so the file needs nothing else.
/// System fonts, fluid widths, wide content scrolls inside its own box so the
/// page works in a narrow window.
enum ReportStyle {
    static let css = """
    :root { color-scheme: light; --ink: #222; --muted: #555; --rule: #ddd; --win: #0072B2; --loss: #D55E00; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; padding: 1rem; max-width: 72rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
    h1 { font-size: 1.5rem; margin: 0.2rem 0 0.4rem; }
    h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
    h3 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
    p.lede, p.note { color: var(--muted); margin: 0.3rem 0; }
    nav ul { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; padding: 0; list-style: none; margin: 0.5rem 0; }
    .scroll { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; margin: 0.4rem 0; font-size: 0.9rem; }
    caption { text-align: left; color: var(--muted); padding-bottom: 0.2rem; }
    th, td { border-bottom: 1px solid var(--rule); padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
    th { background: #f7f7f7; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    code { font-size: 0.85em; }
    .cards { display: flex; flex-wrap: wrap; gap: 0.6rem; }
    .card { border: 1px solid var(--rule); border-radius: 6px; padding: 0.4rem 0.7rem; min-width: 8rem; }
    .card b { display: block; font-size: 1.3rem; }
    .win { color: var(--win); font-weight: 600; }
    .loss { color: var(--loss); font-weight: 600; }
    .multiples { display: flex; flex-wrap: wrap; gap: 0.8rem; }
    .multiples figure { margin: 0; }
    .multiples figure.chart { flex: 1 1 26rem; max-width: 34rem; }
    figcaption { font-size: 0.85rem; color: var(--muted); }
    svg text { font-family: system-ui, "DejaVu Sans", sans-serif; }
    details { margin: 0.4rem 0; }
    summary { cursor: pointer; color: var(--muted); }
    .legend { display: flex; flex-wrap: wrap; gap: 0.8rem; font-size: 0.85rem; color: var(--muted); align-items: center; }
    .swatch { display: inline-block; width: 0.9rem; height: 0.9rem; vertical-align: middle; border: 1px solid #bbb; margin-right: 0.25rem; }
    @media (max-width: 40rem) { body { padding: 0.5rem; font-size: 14px; } th, td { padding: 0.15rem 0.3rem; } }
    """
}
