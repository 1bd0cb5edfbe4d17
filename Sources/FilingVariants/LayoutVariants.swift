/// Layout variants of a filing that keep its meaning (issue 12, item 6): the same statements with their
/// tables laid out, labelled and dated differently. Every variant must give the parser's key figures of
/// the original (`KeyFigures`). Deterministic: the same text and seed give the same variants.
public struct LayoutVariant: Sendable {
    /// The kind of transformation (`LayoutVariants.kinds`).
    public var kind: String
    /// The kind with what was done ("date.format m/d/yy").
    public var name: String
    public var text: String
}

public enum LayoutVariants {
    /// Every kind, in the order they are generated.
    public static let kinds = [
        "table.respaced", "table.html", "columns.reordered", "columns.pct-change", "header.restacked", "date.format",
        "scale.moved", "label.synonym", "label.upper", "label.wrapped", "table.shifted", "values.no-dollar", "label.footnote",
        "label.title-case", "header.period", "columns.dollar-change", "columns.pct-of-revenue", "scale.in-cell", "table.page-break",
        "statement.untitled", "columns.year-first", "header.year-row", "columns.restated", "columns.constant-currency",
        "table.nongaap-first", "table.highlights", "label.segment-block",
    ]

    /// The variants of `text`, and the kinds that do not apply to it (nothing they could change).
    /// `only`: make only these kinds (all when nil); the others are not even tried.
    public static func generate(_ text: String, seed: UInt64 = 1, only: Set<String>? = nil) -> (variants: [LayoutVariant], notApplicable: [String]) {
        let doc = DocumentLines(text)
        var rng = SeededRandom(seed: seed ^ SeededRandom.hash(text.utf8.prefix(4096)))
        var out: [LayoutVariant] = []
        var missing: [String] = []
        func add(_ kind: String, _ make: @autoclosure () -> [(String, String)]) {
            guard only?.contains(kind) ?? true else { return }
            let made = make()
            if made.isEmpty { missing.append(kind) }
            out += made.map { LayoutVariant(kind: kind, name: $0.0.isEmpty ? kind : "\(kind) \($0.0)", text: $0.1) }
        }
        // The HTML documents' own variants are added to each kind that has them.
        add("table.respaced", TableVariants.respaced(doc) + HTMLVariants.respaced(doc))
        add("table.html", TableVariants.html(doc))
        add("columns.reordered", TableVariants.reordered(doc) + HTMLColumns.priorYearFirst(doc))
        add("columns.pct-change", TableVariants.percentChange(doc))
        add("header.restacked", TableVariants.restacked(doc) + HTMLVariants.restacked(doc))
        add("date.format", DateVariants.all(doc))
        add("scale.moved", ScaleVariants.all(doc) + HTMLVariants.scaleMoved(doc))
        add("label.synonym", LabelVariants.synonyms(doc))
        add("label.upper", LabelVariants.upperCase(doc))
        add("label.wrapped", LabelVariants.wrapped(doc, rng: &rng))
        add("table.shifted", SpacingVariants.shifted(doc) + HTMLVariants.shifted(doc))
        add("values.no-dollar", SpacingVariants.dollarsDropped(doc) + SpacingVariants.htmlDollarsDropped(doc))
        add("label.footnote", LabelVariants.footnoted(doc))
        add("label.title-case", LabelVariants.titleCase(doc))
        add("header.period", PeriodVariants.all(doc, text: text))
        add("columns.dollar-change", TableVariants.dollarChange(doc))
        add("columns.pct-of-revenue", TableVariants.percentOfRevenue(doc))
        add("scale.in-cell", ScaleVariants.inCell(doc))
        add("table.page-break", StatementVariants.pageBreaks(doc))
        add("statement.untitled", StatementVariants.untitled(doc))
        add("columns.year-first", ColumnBlockVariants.yearFirst(doc))
        add("header.year-row", YearRowVariants.all(doc))
        add("columns.restated", ColumnBlockVariants.restated(doc))
        add("columns.constant-currency", ColumnBlockVariants.constantCurrency(doc))
        add("table.nongaap-first", StatementCopyVariants.nonGAAPFirst(doc))
        add("table.highlights", StatementCopyVariants.highlights(doc))
        add("label.segment-block", StatementCopyVariants.segmentBlock(doc))
        return (out, missing)
    }
}

extension DocumentLines {
    /// The document with every table rewritten by `change` (which returns false to leave a table as it
    /// is); nil when no table changed.
    func rewritingTables(_ change: (inout TextGrid, TextTable) -> Bool) -> String? {
        var lines = self.lines.map { String($0) }
        var changed = false
        for t in tables.reversed() {
            var g = TextGrid(t, lines: self.lines)
            guard change(&g, t) else { continue }
            lines.replaceSubrange(t.headerStart..<t.end, with: g.textLines())
            changed = true
        }
        return changed ? lines.joined(separator: "\n") : nil
    }
}
