// The statement tables of one readable document. Plain text: found by `TableFinder` from the
// positions of the words. HTML: every <table> read from its markup into a grid (`HTMLTable`) and
// its statements found there (`GridTables`), with the lines printed around it (rendered as text)
// for its title and scale note; plain-text tables between the HTML tables are found too.

enum DocumentTables {
    static func text(_ text: ArraySlice<UInt8>) -> [RawTable] {
        TableFinder.find(LineAnalyzer.analyze(text))
    }

    static func html(_ html: ArraySlice<UInt8>) -> [RawTable] {
        let (text, grids) = HTMLText.renderWithGrids(html)
        let lines = LineAnalyzer.analyze(text[...])
        var tables = TableFinder.find(lines)
        // The line each table stood on: the lines before it end in the newlines before its offset.
        var line = 0
        var scanned = 0
        var previousLine = -1
        for (offset, grid) in grids {
            for b in text[scanned..<offset] where b == ASCII.newline { line += 1 }
            scanned = offset
            let context = TableFinder.contextLines(lines, above: line, after: previousLine)
            let notes = TableFinder.trailingNotes(lines, after: line - 1)
            let headed = HeadingAbove.grid(grid, headingLines: HeadingAbove.lines(lines, above: line, after: previousLine))
            let introduction = TableFinder.introduction(lines, above: line, after: previousLine)
            for var t in GridTables.tables(headed, context: context, notes: notes) {
                t.line = line
                t.introduction = introduction
                tables.append(t)
            }
            previousLine = line - 1
        }
        // Document order (a sort that keeps the order of tables on one line).
        return tables.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}

extension FilingParser {
    /// Each table as the statement builder gets it (for inspection tools): its context lines, its
    /// heading cells with the value columns they span, and its rows.
    public static func describeTables(_ text: String) -> String {
        var out: [String] = []
        for (n, tables) in statementTables(SubmissionEnvelope(text)).enumerated() {
            for t in tables {
                out.append("=== document \(n + 1), line \(t.line + 1): \(t.columnCount) value columns")
                out += t.contextLines.map { "  context: " + $0 }
                out += t.heading.cells.map { "  heading row \($0.row), columns \($0.columns.lowerBound)..<\($0.columns.upperBound): " + $0.text }
                for r in t.rows {
                    let values = r.cells.map { c in c.map { $0.value.map { "\($0)" } ?? "n/a" } ?? "." }
                    out.append("  " + String(repeating: " ", count: min(r.indent, 20)) + r.label + (r.isTotal ? " [total]" : "")
                               + (r.isLabelOnly ? "" : " | " + values.joined(separator: " | ")))
                }
            }
        }
        return out.joined(separator: "\n")
    }
}
