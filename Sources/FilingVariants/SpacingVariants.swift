/// Spacing and sign variants of plain-text tables that change no figure: the whole table moved right
/// (header and rows alike), and the "$" signs of the values left out (a dollar sign marks the first
/// and total rows; the scale note and headings say the unit).
enum SpacingVariants {
    /// Every line of every text table (header and body) indented four more spaces.
    static func shifted(_ doc: DocumentLines) -> [(String, String)] {
        let tables = doc.tables
        guard !tables.isEmpty else { return [] }
        var lines = doc.lines.map { String($0) }
        for t in tables {
            for n in t.headerStart..<t.end where !lines[n].trimmingSpaces.isEmpty && !HTMLLayout.isEDGARTag(lines[n]) {
                lines[n] = "    " + lines[n]
            }
        }
        return [("4 spaces", lines.joined(separator: "\n"))]
    }

    /// The "$" of every value of the text tables' rows replaced by a space (columns stay put).
    static func dollarsDropped(_ doc: DocumentLines) -> [(String, String)] {
        var lines = doc.lines
        var changed = false
        for t in doc.tables {
            for n in t.bodyStart..<t.end {
                guard let d = TextTable.dataValues(lines[n]) else { continue }
                for v in d.values where v.text.contains("$") {
                    for i in v.range where lines[n][i] == "$" {
                        lines[n][i] = " "
                        changed = true
                    }
                }
            }
        }
        return changed ? [("", lines.map { String($0) }.joined(separator: "\n"))] : []
    }

    /// The "$" of the HTML documents' tables left out: cells holding only "$" emptied, "$" before a
    /// number in its cell removed.
    static func htmlDollarsDropped(_ doc: DocumentLines) -> [(String, String)] {
        let text = HTMLCells.rewritingTableText(doc, anyRun: true) { run in
            let t = HTMLCells.decodedSpaces(run).trimmingSpaces
            if t == "$" { return "" }
            guard t.hasPrefix("$"), t.dropFirst().first.map({ $0.isNumber || $0 == "(" }) == true else { return nil }
            return String(t.dropFirst())
        }
        return text.map { [("html", $0)] } ?? []
    }
}
