// Finds statement tables in a `TableGrid` read from HTML markup, as `TableFinder` does in plain
// text: a heading block with a year row, then rows with values. The grid's columns are the
// markup's, so no column is guessed from positions: a value column is a grid column with numbers
// under it, and a heading covers the value columns its cell spans.

enum GridTables {
    /// Rows between the last heading row with a year and the first row with values, at most.
    static let maxHeaderGap = 14

    /// The statement tables of `grid`. `context`: the lines printed above the table (title, scale
    /// note); `notes`: the parenthesized notes printed below it.
    static func tables(_ grid: TableGrid, context: [String] = [], notes: [String] = []) -> [RawTable] {
        let grid = withoutPercentageColumns(grid)
        var rows = [[GridCell]](repeating: [], count: grid.rowCount)
        for c in grid.cells { rows[c.row].append(c) }
        let isYearRow = rows.map(isHeadingRow)
        let values = rows.indices.map { r in isYearRow[r] ? rows[r].map { _ in nil } : rows[r].map(value) }
        let hasNumber = values.map { $0.contains { $0?.kind == .number || $0?.kind == .percent } }

        var tables: [RawTable] = []
        var lastYearRow: Int?
        var previousEnd = -1
        var r = 0
        while r < rows.count {
            if isYearRow[r] {
                lastYearRow = r
            } else if hasNumber[r], let h = lastYearRow, r - h <= maxHeaderGap {
                // The body runs to the next year row; its last row with values ends it.
                var end = r
                var k = r
                while k < rows.count && !isYearRow[k] {
                    if hasNumber[k] { end = k }
                    k += 1
                }
                let above = previousEnd < 0 ? context : []
                if let t = table(rows, values, yearRow: h, firstValueRow: r, lastValueRow: end, after: previousEnd, context: above,
                                 notes: k >= rows.count ? notes : []) {
                    tables.append(t)
                }
                previousEnd = end
                lastYearRow = nil
                r = k
                continue
            }
            r += 1
        }
        return tables
    }

    /// The grid without its percentage columns ("% of Revenues", "% Increase (Decrease)"): columns
    /// where every number is a percentage carry no amounts. Cells only over them are left out.
    static func withoutPercentageColumns(_ grid: TableGrid) -> TableGrid {
        var percent = [Int](repeating: 0, count: grid.columnCount)
        var other = [Int](repeating: 0, count: grid.columnCount)
        for cell in grid.cells where cell.columns.count == 1 {
            let c = cell.columns.lowerBound
            if cell.text.contains("%") {
                percent[c] += 1
            } else if cell.text.contains(where: \.isNumber) && !cell.text.contains(where: \.isLetter) {
                other[c] += 1
            }
        }
        let dropped = (0..<grid.columnCount).map { $0 > 0 && percent[$0] >= 2 && other[$0] == 0 }
        guard dropped.contains(true) else { return grid }
        let kept = grid.cells.filter { cell in cell.columns.contains { !dropped[$0] } }
        return TableGrid(cells: kept, rowCount: grid.rowCount, columnCount: grid.columnCount)
    }

    /// A heading row: read as a line of text ("Three Months Ended   December 30, 2023"), it is a
    /// column-heading line (a year, and otherwise heading words).
    static func isHeadingRow(_ cells: [GridCell]) -> Bool {
        guard cells.contains(where: { $0.columns.lowerBound > 0 }) else { return false }
        let line = cells.map(\.text).joined(separator: "   ")
        return LineAnalyzer.analyzeLine(Array(line.utf8))[0].isYearLine
    }

    /// The value printed in a cell right of the label column, if it is one.
    static func value(_ cell: GridCell) -> LineAnalyzer.ParsedValue? {
        guard cell.columns.lowerBound > 0 else { return nil }
        let b = Array(cell.text.utf8)
        guard !b.isEmpty, b.count <= 40 else { return nil }
        return LineAnalyzer.parseValue(b, 0, b.count)
    }

    private static func table(_ rows: [[GridCell]], _ values: [[LineAnalyzer.ParsedValue?]], yearRow h: Int, firstValueRow f: Int,
                              lastValueRow last: Int, after previousEnd: Int, context: [String], notes: [String]) -> RawTable? {
        // Value columns: the grid columns of the numbers (a number ends its cell's columns).
        var counts: [Int: Int] = [:]
        for k in f...last {
            for (cell, v) in zip(rows[k], values[k]) where v?.kind == .number || v?.kind == .percent {
                counts[cell.columns.upperBound - 1, default: 0] += 1
            }
        }
        let valueRows = (f...last).filter { k in values[k].contains { $0 != nil } }.count
        let minCount = valueRows >= 4 ? 2 : 1
        let valueColumns = counts.filter { $0.value >= minCount }.keys.sorted()
        guard let firstValueColumn = valueColumns.first else { return nil }

        // Heading block: up from the year row while rows have headings over the values; down to
        // the first row with values while rows do.
        func headsValues(_ k: Int) -> Bool {
            let over = rows[k].filter { $0.columns.upperBound > firstValueColumn }
            return !over.isEmpty && over.allSatisfy { $0.columns.lowerBound > 0 }
                && over.allSatisfy { TableFinder.containsYear($0.text) || LineAnalyzer.isHeadingVocabulary($0.text) }
        }
        var top = h
        while top - 1 > previousEnd {
            if headsValues(top - 1) {
                top -= 1
                continue
            }
            // At most two rows with text in the label column only ("(millions, except earnings per")
            // between heading rows belong to the heading.
            var k = top - 1
            while k > previousEnd, top - k <= 2, !rows[k].isEmpty, rows[k].allSatisfy({ $0.columns.upperBound <= firstValueColumn }) { k -= 1 }
            guard k < top - 1, k > previousEnd, headsValues(k) else { break }
            top = k
        }
        var bodyStart = h + 1
        while bodyStart < f && rows[bodyStart].contains(where: { $0.columns.upperBound > firstValueColumn }) { bodyStart += 1 }

        // Rows above the heading block are titles and notes.
        var contextLines = context
        for k in max(0, previousEnd + 1)..<top where !rows[k].isEmpty {
            contextLines.append(rows[k].map(\.text).joined(separator: " "))
        }

        // The heading grid: column 0 the label area, column ci + 1 value column ci.
        var heading: [GridCell] = []
        for k in top..<bodyStart {
            for cell in rows[k] {
                var covered = valueColumns.indices.filter { cell.columns.contains(valueColumns[$0]) }
                if covered.isEmpty && cell.columns.upperBound > firstValueColumn {
                    // A heading beside its column (over the "$" or a spacer): the nearest value column.
                    if let near = valueColumns.indices.min(by: { distance(cell.columns, valueColumns[$0]) < distance(cell.columns, valueColumns[$1]) }),
                       distance(cell.columns, valueColumns[near]) <= 2 {
                        covered = [near]
                    }
                }
                if let a = covered.first, let z = covered.last {
                    heading.append(GridCell(cell.text, row: k - top, columns: (a + 1)..<(z + 2)))
                } else if cell.columns.upperBound <= firstValueColumn {
                    heading.append(GridCell(cell.text, row: k - top, columns: 0..<1))
                }
            }
        }

        // Body rows.
        var body: [RawRow] = []
        var pending: TableFinder.PendingLabel?
        func flushPending() {
            if let p = pending {
                body.append(RawRow(label: p.label, indent: p.indent, cells: Array(repeating: nil, count: valueColumns.count),
                                   isLabelOnly: true, isTotal: false))
            }
            pending = nil
        }
        for k in bodyStart...last {
            var cells = [Cell?](repeating: nil, count: valueColumns.count)
            var labelParts: [String] = []
            var indent = 0
            for (cell, v) in zip(rows[k], values[k]) {
                if let v, let ci = column(of: cell, in: valueColumns) {
                    cells[ci] = Cell(start: 0, end: 0, anchor: 0, kind: v.kind, value: v.value)
                } else if cell.columns.lowerBound < firstValueColumn {
                    if labelParts.isEmpty { indent = cell.indent }
                    labelParts.append(cell.text)
                }
            }
            let label = labelParts.joined(separator: " ")
            let line = TableFinder.LabelLine(label, indent: indent)
            if !cells.contains(where: { $0 != nil }) {
                guard let line else { continue }
                if let p = pending, TableFinder.continues(p, line) {
                    TableFinder.appendLabelLine(line.text, to: &pending!.label)
                    pending!.lastLine = line
                } else {
                    flushPending()
                    pending = TableFinder.PendingLabel(label: line.text, indent: indent, lastLine: line)
                }
                continue
            }
            var rowLabel = label
            var rowIndent = indent
            if var p = pending, line.map({ TableFinder.continues(p, $0) }) ?? true {
                if let line { TableFinder.appendLabelLine(line.text, to: &p.label) }
                rowLabel = p.label
                rowIndent = p.indent
                pending = nil
            } else {
                flushPending()
            }
            body.append(RawRow(label: rowLabel, indent: rowIndent, cells: cells, isLabelOnly: false,
                               isTotal: rowLabel.isEmpty || TableFinder.startsWithTotal(rowLabel)))
        }
        flushPending()
        return RawTable(contextLines: contextLines, heading: TableGrid(cells: heading, rowCount: bodyStart - top, columnCount: valueColumns.count + 1),
                        columnCount: valueColumns.count, rows: body, trailingNotes: notes)
    }

    /// Columns between a cell and a column (0 when the cell covers it).
    private static func distance(_ span: Range<Int>, _ column: Int) -> Int {
        column < span.lowerBound ? span.lowerBound - column : column >= span.upperBound ? column - span.upperBound + 1 : 0
    }

    /// The value column a value cell sits in: the one its number ends in, else one it covers.
    private static func column(of cell: GridCell, in valueColumns: [Int]) -> Int? {
        valueColumns.firstIndex(of: cell.columns.upperBound - 1) ?? valueColumns.firstIndex { cell.columns.contains($0) }
    }
}
