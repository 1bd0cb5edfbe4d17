// Reads the rows of an HTML <table> (as `HTMLText.Renderer` collects them: each cell's text with
// its tags removed and entities decoded, its colspan and rowspan) into a `TableGrid`:
// - cells are placed as the spans say (a cell with rowspan="2" takes its column in the next row);
// - "$", "(", ")" and "%" printed in cells of their own are merged with their number;
// - empty cells are dropped, and then the columns no cell needs (spacers, the emptied "$"
//   columns) are removed, so value columns line up with the headings that span them.

enum HTMLTable {
    /// Most rows and columns read from one table (larger tables are cut).
    static let maxRows = 5000, maxColumns = 256

    static func grid(_ rows: [[HTMLText.Cell]]) -> TableGrid {
        var placed = place(rows)
        for r in placed.indices { mergeAffixes(&placed[r]) }
        return compacted(placed)
    }

    /// A cell at its place in the grid, before compaction.
    struct Placed {
        var text: String
        var columns: Range<Int>
        var indent: Int
    }

    /// The cells of each row at the columns their spans give them.
    static func place(_ rows: [[HTMLText.Cell]]) -> [[Placed]] {
        var out: [[Placed]] = []
        // Columns still taken by a cell from a row above, with the number of rows left.
        var takenFor: [Int] = []
        for row in rows.prefix(maxRows) {
            var cells: [Placed] = []
            var col = 0
            func skipTaken() { while col < takenFor.count && takenFor[col] > 0 { col += 1 } }
            var nextTaken = takenFor.map { max(0, $0 - 1) }
            for cell in row {
                skipTaken()
                guard col < maxColumns else { break }
                let span = min(cell.span, maxColumns - col)
                let text = collapsed(cell.text)
                cells.append(Placed(text: text, columns: col..<(col + span), indent: cell.indent))
                if cell.rowSpan > 1 {
                    if nextTaken.count < col + span { nextTaken += [Int](repeating: 0, count: col + span - nextTaken.count) }
                    for c in col..<(col + span) { nextTaken[c] = cell.rowSpan - 1 }
                }
                col += span
            }
            takenFor = nextTaken
            out.append(cells)
        }
        return out
    }

    /// "$" / "(" cells joined to the next non-empty cell, ")" / "%" cells to the one before (within
    /// three cells); the number keeps its own columns.
    static func mergeAffixes(_ row: inout [Placed]) {
        for k in row.indices {
            let t = row[k].text
            if ["$", "(", "$(", "($"].contains(t) {
                if let n = row[(k + 1)...].firstIndex(where: { !$0.text.isEmpty }), n - k <= 3, startsNumber(row[n].text) {
                    row[n].text = t + row[n].text
                    row[k].text = ""
                }
            } else if [")", "%", ")%", "%)"].contains(t) {
                if let p = row[..<k].lastIndex(where: { !$0.text.isEmpty }), k - p <= 3, endsNumber(row[p].text) {
                    row[p].text += t
                    row[k].text = ""
                }
            }
        }
    }

    /// A number (or a dash for zero) can follow a "$" or "(": "1,234", ".5", "—".
    private static func startsNumber(_ text: String) -> Bool {
        guard let f = text.unicodeScalars.first else { return false }
        return ("0"..."9").contains(f) || f == "." || f == "-" || f == "\u{2014}" || f == "\u{2013}" || f == "("
    }

    private static func endsNumber(_ text: String) -> Bool {
        guard let l = text.unicodeScalars.last else { return false }
        return ("0"..."9").contains(l) || l == "-" || l == "\u{2014}" || l == "\u{2013}" || l == ")" || l == "%"
    }

    /// The non-empty cells with the columns no cell needs removed: a column is kept when a cell
    /// of one column sits in it, or when a wider cell has no kept column (then its first is kept).
    static func compacted(_ rows: [[Placed]]) -> TableGrid {
        let width = rows.lazy.compactMap { $0.last?.columns.upperBound }.max() ?? 0
        var kept = [Bool](repeating: false, count: width)
        for row in rows {
            for c in row where !c.text.isEmpty && c.columns.count == 1 { kept[c.columns.lowerBound] = true }
        }
        for row in rows {
            for c in row where !c.text.isEmpty && !c.columns.contains(where: { kept[$0] }) { kept[c.columns.lowerBound] = true }
        }
        // newIndex[c]: the number of kept columns before column c.
        var newIndex = [Int](repeating: 0, count: width + 1)
        for c in 0..<width { newIndex[c + 1] = newIndex[c] + (kept[c] ? 1 : 0) }
        var cells: [GridCell] = []
        var r = 0
        for row in rows {
            let nonEmpty = row.filter { !$0.text.isEmpty }
            guard !nonEmpty.isEmpty else { continue }
            for c in nonEmpty {
                var cell = GridCell(c.text, row: r, columns: newIndex[c.columns.lowerBound]..<newIndex[c.columns.upperBound])
                cell.indent = c.indent
                cells.append(cell)
            }
            r += 1
        }
        return TableGrid(cells: cells, rowCount: r, columnCount: newIndex[width])
    }

    /// The cell's text with runs of spaces collapsed and no spaces at either end.
    static func collapsed(_ text: [UInt8]) -> String {
        stringFrom(text).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// The number written after `name` in a tag's attributes ('rowspan="2"'), if any.
    static func number(after name: String, in attrs: ArraySlice<UInt8>) -> Int? {
        guard let k = attrs.findCaseInsensitive(Array(name.utf8)) else { return nil }
        var j = k + name.utf8.count
        while j < attrs.endIndex, j < k + name.utf8.count + 4, !ASCII.isDigit(attrs[j]) { j += 1 }
        guard j < attrs.endIndex, ASCII.isDigit(attrs[j]) else { return nil }
        var v = 0
        while j < attrs.endIndex, ASCII.isDigit(attrs[j]), v < 100_000 {
            v = v * 10 + Int(attrs[j] - 48)
            j += 1
        }
        return v
    }

    /// Left padding or text indent of a style attribute, in characters (about 5pt, 7px or 0.5em each).
    static func padding(_ attrs: ArraySlice<UInt8>) -> Int {
        let style = stringFrom(attrs).lowercased()
        var total = 0.0
        for property in ["padding-left", "margin-left", "text-indent"] {
            guard let r = style.range(of: property + ":") else { continue }
            let rest = style[r.upperBound...].drop(while: { $0 == " " })
            let number = rest.prefix(while: { $0.isNumber || $0 == "." })
            guard let v = Double(number), v > 0 else { continue }
            let unit = rest.dropFirst(number.count)
            if unit.hasPrefix("pt") { total += v / 5 } else if unit.hasPrefix("px") { total += v / 7 } else if unit.hasPrefix("em") { total += v * 2 } else if unit.hasPrefix("in") { total += v * 14 }
        }
        return min(40, Int(total.rounded()))
    }
}
