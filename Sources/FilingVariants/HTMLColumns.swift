/// Columns of HTML tables reordered: the prior-year column before the current one. A heading row names
/// each column's year ("December 30, 2023", "2022"); two neighbouring year headings with the later year
/// first are swapped, with every cell under them, in every row whose cells line up with the two.
enum HTMLColumns {
    /// A cell of a row: its bytes (from "<td" up to the next cell or the row's end) and grid columns.
    struct Cell {
        var bytes: Range<Int>
        var col: Int
        var span: Int
        var end: Int { col + span }
    }

    struct Row {
        var cells: [Cell]
    }

    static func matches(_ u: [UInt8], _ at: Int, _ name: String) -> Bool {
        let n = Array(name.utf8)
        guard at + n.count <= u.count else { return false }
        for k in n.indices where u[at + k] | 0x20 != n[k] | 0x20 { return false }
        return true
    }

    /// The rows of the table in `u[range]`; nil when it holds another table.
    static func rows(_ u: [UInt8], _ range: Range<Int>) -> [Row]? {
        var rows: [Row] = []
        var i = range.lowerBound + 1
        var row: Row?
        var cellStart: Int?
        var col = 0, span = 1
        func closeCell(_ at: Int) {
            if let s = cellStart { row?.cells.append(Cell(bytes: s..<at, col: col - span, span: span)) }
            cellStart = nil
        }
        func closeRow(_ at: Int) {
            closeCell(at)
            if let r = row { rows.append(r) }
            row = nil
        }
        while i < range.upperBound {
            defer { i += 1 }
            guard u[i] == UInt8(ascii: "<") else { continue }
            if matches(u, i, "<table") { return nil }
            if matches(u, i, "<tr") && !matches(u, i, "<track") {
                closeRow(i)
                row = Row(cells: [])
                col = 0
            } else if matches(u, i, "</tr") || matches(u, i, "</table") {
                closeRow(i)
            } else if matches(u, i, "<td") || matches(u, i, "<th") && !matches(u, i, "<thead") {
                guard row != nil else { continue }
                closeCell(i)
                let gt = u[i...].firstIndex(of: UInt8(ascii: ">")) ?? i
                span = colspan(Array(u[i..<gt]))
                cellStart = i
                col += span
            }
        }
        closeRow(range.upperBound)
        return rows
    }

    /// The colspan attribute of an opening tag, 1 when it has none.
    static func colspan(_ tag: [UInt8]) -> Int {
        let lower = String(decoding: tag, as: UTF8.self).lowercased()
        guard let r = lower.range(of: "colspan") else { return 1 }
        let digits = lower[r.upperBound...].drop { $0 == "=" || $0 == "\"" || $0 == "'" || $0 == " " }.prefix { $0.isNumber }
        return max(1, Int(digits) ?? 1)
    }

    /// A cell's text: tags dropped, spaces collapsed.
    static func text(_ u: [UInt8], _ c: Cell) -> String {
        var out: [UInt8] = []
        var inTag = false
        for b in u[c.bytes] {
            if b == UInt8(ascii: "<") { inTag = true; out.append(UInt8(ascii: " ")); continue }
            if b == UInt8(ascii: ">") { inTag = false; continue }
            if !inTag { out.append(b) }
        }
        return HTMLCells.decodedSpaces(String(decoding: out, as: UTF8.self)).trimmingSpaces
    }

    /// The year a heading names: its last word, a year of four digits ("2023", "June 30, 2003").
    static func year(_ heading: String) -> Int? {
        guard heading.count <= 40, !heading.contains("%"), let last = heading.split(separator: " ").last else { return nil }
        let w = last.filter(\.isNumber)
        guard w.count == 4, last.count <= 5, let y = Int(w), (1980...2039).contains(y) else { return nil }
        return y
    }

    /// The table with one pair of year columns swapped; nil when no pair lines up.
    static func swapOnePair(_ u: [UInt8], _ range: Range<Int>) -> [UInt8]? {
        guard let rows = rows(u, range) else { return nil }
        for row in rows {
            let dated = row.cells.compactMap { c in year(text(u, c)).map { (cell: c, year: $0) } }
            guard dated.count >= 2 else { continue }
            for (x, y) in zip(dated, dated.dropFirst()) where x.year > y.year && x.cell.end <= y.cell.col {
                if let out = swap(u, rows, x.cell.col..<x.cell.end, y.cell.col..<y.cell.end) { return out }
            }
            // Only the first row of years decides.
            return nil
        }
        return nil
    }

    /// Every row's cells of grid columns `a` and `b` swapped (with the cells between them kept in the
    /// middle); nil when a row's cells do not line up with the two.
    static func swap(_ u: [UInt8], _ rows: [Row], _ a: Range<Int>, _ b: Range<Int>) -> [UInt8]? {
        var edits: [(Range<Int>, [UInt8])] = []
        for row in rows {
            guard let last = row.cells.last else { continue }
            // A row that ends before the pair, or a cell covering both, stays.
            if last.end <= a.lowerBound { continue }
            if row.cells.contains(where: { $0.col <= a.lowerBound && $0.end >= b.upperBound }) { continue }
            let bounds = Set(row.cells.map(\.col) + row.cells.map(\.end))
            guard [a.lowerBound, a.upperBound, b.lowerBound].allSatisfy(bounds.contains),
                  bounds.contains(b.upperBound) || last.end < b.upperBound else { return nil }
            let inA = row.cells.filter { a.contains($0.col) }, inB = row.cells.filter { b.contains($0.col) }
            let between = row.cells.filter { $0.col >= a.upperBound && $0.col < b.lowerBound }
            let moved = inA + between + inB
            guard let s = moved.first?.bytes.lowerBound, let e = moved.last?.bytes.upperBound else { continue }
            var bytes: [UInt8] = []
            for c in inB + between + inA { bytes += u[c.bytes] }
            // The last moved cell's bytes may hold the row's closing whitespace: order is all that changes.
            edits.append((s..<e, bytes))
        }
        guard !edits.isEmpty else { return nil }
        var out = u
        for (r, b) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) { out.replaceSubrange(r, with: b) }
        return out
    }

    /// Prior year first in every HTML table with year headings.
    static func priorYearFirst(_ doc: DocumentLines) -> [(String, String)] {
        let text = HTMLVariants.rewritingTableBytes(doc) { table in
            var t = table
            for _ in 0..<8 {
                guard let s = swapOnePair(t, 0..<t.count) else { break }
                t = s
            }
            return t == table ? nil : t
        }
        return text.map { [("html prior-year first", $0)] } ?? []
    }
}
