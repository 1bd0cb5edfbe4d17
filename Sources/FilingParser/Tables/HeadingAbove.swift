// A column heading printed as lines of text above an HTML table that has none of its own
// ("Three Months Ended" / "Sep 30,  Jun 30,  Sep 30," / "2003  2003  2002" in paragraphs, the
// numbers in the <table> below). The rendered text has lost the lines' spacing, so each line is cut
// into the phrases of its columns by what they say (one per year, one per month date, one per
// "... Ended"), and the phrases are laid over the table's value columns in order: as many phrases
// as columns one each, fewer phrases an equal share of the columns each.

enum HeadingAbove {
    /// The heading lines right above line `top` (blank lines skipped, at most six, none at or before
    /// `floor`): year lines and lines of heading words; empty unless one of them has a year.
    static func lines(_ text: AnalyzedText, above top: Int, after floor: Int) -> [String] {
        var out: [String] = []
        var sawYear = false
        var skippedLabel = false
        var c = top - 1
        while c > floor, c >= 0, out.count < 6 {
            let l = text[c]
            if l.kind == .blank || l.kind == .separator {
                c -= 1
                continue
            }
            guard l.kind == .text, !l.isPageBreak, !l.closesTable else { break }
            let t = text.collapsedText(c, 0..<l.count)
            if t.hasPrefix("(") && !l.isYearLine {
                // "(unaudited)" under a column, a scale note (perhaps wrapped): not a phrase of the heading.
                c -= 1
                continue
            }
            if l.isYearLine {
                sawYear = true
            } else if out.isEmpty && isSectionLabel(t) && !skippedLabel {
                // "Assets" between the heading and the table: the first rows' section.
                skippedLabel = true
                c -= 1
                continue
            } else if !t.contains(where: \.isLetter) || !LineAnalyzer.isHeadingVocabulary(t) {
                // (Heading words with numbers, "For the 13  For the 26", are still heading words.)
                break
            }
            out.append(t)
            c -= 1
        }
        return sawYear ? out.reversed() : []
    }

    /// A short label without digits ("Assets", "Current assets:").
    static func isSectionLabel(_ t: String) -> Bool {
        t.split(separator: " ").count <= 3 && !t.contains(where: \.isNumber) && t.first?.isUppercase == true
    }

    /// The phrases of one heading line, left to right: each year ("2003  2002"), each month date
    /// ("Sep 30,  Jun 30,"), each "... Ended" ("Three Months Ended  Six Months Ended"), else the line.
    static func phrases(_ line: String) -> [String] {
        let words = line.split(separator: " ").map(String.init)
        guard words.count > 1 else { return words }
        if words.allSatisfy({ TableFinder.containsYear($0) && $0.filter(\.isLetter).isEmpty }) { return words }
        // The same phrase once per column or group ("For the 13  For the 26", "Weeks Ended  Weeks Ended").
        for k in [2, 3, 4, 6] where words.count % k == 0 && words.count > k {
            let n = words.count / k
            let shapes = (0..<k).map { g in words[(g * n)..<((g + 1) * n)].map { String($0.map { $0.isNumber ? "#" : Character($0.lowercased()) }) } }
            if shapes.allSatisfy({ $0 == shapes[0] }) { return pieces(words, startingAt: (0..<k).map { $0 * n }) }
        }
        // Each "... Ended" phrase starts at the words of its length ("Three Months Ended", "12 Months Ended").
        let ends = words.indices.filter { ["ended", "ending"].contains(words[$0].lowercased().filter(\.isLetter)) }
        if ends.count >= 2 {
            var starts = [0]
            for e in ends.dropFirst() {
                var s = e
                while s - 1 > starts.last!, isLengthWord(words[s - 1]) { s -= 1 }
                starts.append(s)
            }
            return pieces(words, startingAt: starts)
        }
        // Each month date ("Sep 30,  Jun 30,"); words before the first belong to it.
        let months = words.indices.filter { MonthNames.month(words[$0]) != nil }
        if months.count >= 2 {
            return pieces(words, startingAt: [0] + months.dropFirst())
        }
        return [line]
    }

    private static func pieces(_ words: [String], startingAt starts: [Int]) -> [String] {
        zip(starts, starts.dropFirst() + [words.count]).map { words[$0..<$1].joined(separator: " ") }
    }

    /// Words of a length besides the number words `ColumnPeriods` reads ("Three", "Fifty-Two").
    private static let lengthWords: Set<String> = [
        "months", "month", "mos", "weeks", "week", "wks", "quarter", "quarters", "year", "years", "fiscal", "the", "for",
        "first", "second", "third", "fourth",
    ]

    /// A word of a period's length: "Three", "12", "Months", "Fiscal", "52-Week".
    static func isLengthWord(_ w: String) -> Bool {
        // "30," ends a date, not a length.
        if w.hasSuffix(",") { return false }
        let letters = w.lowercased().filter(\.isLetter)
        let digits = w.filter(\.isNumber)
        if letters.isEmpty { return !digits.isEmpty && digits.count <= 2 }
        if ColumnPeriods.numberWords[w.lowercased().filter { $0.isLetter || $0 == "-" }] != nil { return true }
        return lengthWords.contains(letters) || (digits.count == 2 && ["week", "weeks"].contains(letters))
    }

    /// `grid` with rows for `headingLines` put above it, over its value columns (the columns right of
    /// the labels where at least two numbers end). Lines are taken upwards from the table; a line
    /// whose phrases do not share the columns out evenly is left out. When the table has a year row
    /// of its own, the lines taken stop at the first read as one phrase.
    static func grid(_ grid: TableGrid, headingLines: [String]) -> TableGrid {
        guard !headingLines.isEmpty else { return grid }
        var rows = [[GridCell]](repeating: [], count: grid.rowCount)
        for c in grid.cells { rows[c.row].append(c) }
        guard let firstNumber = rows.firstIndex(where: { r in
            !GridTables.isHeadingRow(r) && r.contains { GridTables.value($0)?.kind == .number }
        }) else {
            return grid
        }
        // Under a table with a year row of its own, only lines of column phrases are its heading's top
        // (a line read as one phrase is a title).
        let hasYearRow = rows[..<firstNumber].contains(where: GridTables.isHeadingRow)
        var counts: [Int: Int] = [:]
        for c in grid.cells where GridTables.value(c)?.kind == .number { counts[c.columns.upperBound - 1, default: 0] += 1 }
        let columns = counts.filter { $0.value >= 2 }.keys.sorted()
        guard !columns.isEmpty else { return grid }
        var added: [GridCell] = []
        var r = 0
        for line in headingLines.reversed() {
            let p = phrases(line)
            if hasYearRow && p.count < 2 { break }
            guard columns.count % p.count == 0 else { continue }
            let share = columns.count / p.count
            for (k, text) in p.enumerated() {
                let first = columns[k * share], last = columns[(k + 1) * share - 1]
                added.append(GridCell(text, row: -r, columns: first..<(last + 1)))
            }
            r += 1
        }
        for k in added.indices { added[k].row += r - 1 }
        guard r > 0 else { return grid }
        let shifted = grid.cells.map { c -> GridCell in
            var c = c
            c.row += r
            return c
        }
        return TableGrid(cells: added + shifted, rowCount: grid.rowCount + r, columnCount: grid.columnCount)
    }
}
