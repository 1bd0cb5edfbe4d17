/// The pages' one style sheet, inlined in every page (no external files, fonts or scripts).
enum PageStyle {
    static let css = """
    :root{--ink:#1d2733;--muted:#6b7785;--line:#dde3ea;--bar:#3b6ea8;--up:#2e8540;--down:#c0392b;--within:#2f6fd0;--band:#f2c14e;--op:#8e44ad}
    *{box-sizing:border-box}
    body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#f7f9fb}
    header.top{background:#1d2733;color:#fff;padding:10px 24px;display:flex;gap:16px;align-items:baseline}
    header.top a{color:#fff;font-weight:700;text-decoration:none;font-size:17px}
    header.top span{color:#b8c4d0;font-size:13px}
    main{max-width:1200px;margin:0 auto;padding:16px 24px 48px}
    h1{font-size:26px;margin:8px 0 4px}
    h2{font-size:18px;margin:28px 0 8px}
    h3{font-size:15px;margin:16px 0 6px}
    a{color:#1f5fa8}
    section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:4px 16px 12px;margin:16px 0;overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:14px;background:#fff}
    th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
    thead th{background:#eef2f6;font-weight:600;white-space:nowrap}
    thead th a{color:var(--ink);text-decoration:none}
    th.num,td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
    tbody tr:hover{background:#f5f8fb}
    tr.failed td{background:#fdecea}
    table.quarters td:first-child,table.filings td{white-space:nowrap}
    table.statement thead th{white-space:normal;vertical-align:bottom;min-width:110px}
    table.statement tbody th{font-weight:normal;min-width:260px}
    .up{color:var(--up)} .down{color:var(--down)}
    .muted,.meta,.caption,.count,.crumbs,.note{color:var(--muted)}
    .meta,.caption,.count,.crumbs{font-size:13px}
    .note{font-size:13px;border-left:3px solid var(--line);padding-left:10px}
    .empty{color:var(--muted);font-style:italic}
    .quote{font-size:12px;color:#46525f;max-width:380px}
    .filter{margin:12px 0 4px;display:flex;gap:8px;align-items:center}
    .filter input{font:inherit;padding:5px 8px;border:1px solid #b8c4d0;border-radius:4px;width:260px}
    .filter button{font:inherit;padding:5px 14px;border:0;border-radius:4px;background:#1f5fa8;color:#fff}
    .pager{display:flex;gap:18px;justify-content:center;margin:14px 0;color:var(--muted)}
    .badge{display:inline-block;font-size:12px;padding:1px 7px;border-radius:10px;margin:1px 0;white-space:nowrap;border:1px solid}
    .badge.above{color:var(--up);border-color:var(--up);background:#eaf5ec}
    .badge.within{color:var(--within);border-color:var(--within);background:#eaf1fb}
    .badge.below{color:var(--down);border-color:var(--down);background:#fbeaea}
    .status{font-size:12px;font-weight:600}
    .status.holds{color:var(--up)} .status.fails{color:var(--down)} .status.unverifiable,.status.non_gaap{color:var(--muted)}
    .summary.failed{color:var(--down);font-weight:600} .summary.passed{color:var(--up)}
    .flag{display:inline-block;margin-left:3px;font-size:10px;color:#fff;background:#8a96a3;border-radius:3px;padding:0 3px;vertical-align:1px}
    dl.facts-of-filing{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:14px}
    dl.facts-of-filing dt{color:var(--muted)} dl.facts-of-filing dd{margin:0}
    svg.chart{display:block;width:100%;height:auto;font-size:12px}
    svg.chart.growth{margin-top:-4px}
    svg .grid{stroke:#e6ebf0;stroke-width:1}
    svg .zero{stroke:#7d8996;stroke-width:1}
    svg .tick,svg .xlabel{fill:var(--muted);font-size:11px}
    svg .value{fill:var(--ink);font-size:11px}
    svg .bar{fill:var(--bar)}
    svg .bar.restated{stroke:#d35400;stroke-width:2}
    svg .hatch-bg{fill:#c9d8ea} svg .hatch-line{stroke:var(--bar);stroke-width:3}
    svg .restated-mark{fill:#d35400;font-weight:700;font-size:12px}
    svg .growth-bar.up{fill:var(--up)} svg .growth-bar.down{fill:var(--down)}
    svg .growth-label{font-size:11px;fill:var(--ink)}
    svg .line{fill:none;stroke-width:2.5}
    svg .line.gross-margin{stroke:var(--bar)} svg .line.operating-margin{stroke:var(--op)} svg .line.eps{stroke:#7d8996;stroke-width:1.5}
    svg .point.gross-margin{fill:var(--bar)} svg .point.operating-margin{fill:var(--op)}
    svg .point.derived{fill:#fff;stroke-width:2} svg .point.gross-margin.derived{stroke:var(--bar)} svg .point.operating-margin.derived{stroke:var(--op)}
    svg text.value.gross-margin{fill:var(--bar)} svg text.value.operating-margin{fill:var(--op)}
    svg .guidance-band{fill:var(--band);fill-opacity:.45;stroke:#d4a017;stroke-width:1}
    svg .eps-point.above{fill:var(--up)} svg .eps-point.within{fill:var(--within)} svg .eps-point.below{fill:var(--down)} svg .eps-point.unguided{fill:#8a96a3}
    svg .position-label{font-size:11px;font-weight:600} svg .position-label.above{fill:var(--up)} svg .position-label.within{fill:var(--within)} svg .position-label.below{fill:var(--down)}
    .legend{font-size:13px;color:var(--muted);display:flex;gap:6px;align-items:center;flex-wrap:wrap}
    .key{display:inline-block;width:14px;height:10px;margin-left:8px}
    .key.bar{background:var(--bar)} .key.bar.derived{background:repeating-linear-gradient(45deg,var(--bar) 0 2px,#c9d8ea 2px 5px)}
    .key.restated{width:auto;height:auto;color:#d35400;font-weight:700}
    .key.line{height:3px} .key.line.gross-margin{background:var(--bar)} .key.line.operating-margin{background:var(--op)}
    .key.guidance-band{background:var(--band);opacity:.7;border:1px solid #d4a017}
    .mark{margin-left:8px} .mark.above{color:var(--up)} .mark.within{color:var(--within)} .mark.below{color:var(--down)} .mark.unguided{color:#8a96a3}
    """
}
