import Foundation

// Finds financial tables in a plain-text document: a column-heading block with years, followed
// by rows whose values line up in columns. Columns are found from the value positions, blank
// cells stay blank (values are placed by position, never shifted left).

/// A value column found from the positions of the numbers under it.
struct ColumnGeometry: Equatable {
    /// Most common end of the digits (numbers are right-aligned).
    var anchor: Int
    /// Leftmost start (including "$" and "(") and rightmost end of its cells.
    var spanStart: Int
    var spanEnd: Int
    var count: Int

    var center: Int { (spanStart + spanEnd) / 2 }
}

/// A heading fragment above the columns.
struct HeaderPhrase: Equatable {
    var text: String
    var start: Int
    var end: Int
    var line: Int
}

struct RawRow: Equatable {
    var label: String
    var indent: Int
    var cells: [Cell?]
    /// A label without values (section heading such as "Current assets:").
    var isLabelOnly: Bool
    /// Preceded by a rule line, or labelled "Total ...", or unlabelled.
    var isTotal: Bool
}

/// A table as the statement builder reads it, from either format.
struct RawTable {
    /// Non-blank lines above the heading block (title, scale note), top-down.
    var contextLines: [String]
    /// The heading block as a grid: column 0 is the label area ("(in 000s, except share data)"),
    /// column `ci + 1` is value column `ci`; a heading spanning several columns covers them all.
    var heading: TableGrid
    /// Number of value columns.
    var columnCount: Int
    var rows: [RawRow]
    /// Parenthesized notes printed just below the last row ("(In thousands)" placed under the table).
    var trailingNotes: [String] = []
    /// The sentence introducing the table ("The following table shows results excluding special
    /// items:"), the paragraph right above its title when it ends in a colon.
    var introduction: [String] = []
    /// The line of its document the table starts on (its text rendering's, for HTML).
    var line = 0

    /// Heading texts of the label area, top-down.
    var headerLabelTexts: [String] { heading.cells.filter { $0.columns.lowerBound == 0 }.map(\.text) }

    /// Heading texts of each value column, top-down (a spanning heading in each column it spans).
    var columnTexts: [[String]] {
        var out = [[String]](repeating: [], count: columnCount)
        for cell in heading.cells {
            for c in cell.columns where c >= 1 && c <= columnCount { out[c - 1].append(cell.text) }
        }
        return out
    }
}

enum TableFinder {
    /// Maximum distance (in lines) between the last heading line with a year and the first row.
    static let maxHeaderGap = 14

    static func find(_ lines: AnalyzedText) -> [RawTable] {
        var tables: [RawTable] = []
        var lastYearLine: Int?
        var prevTableEnd = -1
        var i = 0
        while i < lines.count {
            let l = lines[i]
            if lastYearLine != nil && (l.closesTable || l.isPageBreak || mayBeProse(l) && lines.isProse(i)) { lastYearLine = nil }
            if l.isYearLine {
                lastYearLine = i
            } else if l.hasNumericCell, let h = lastYearLine, i - h <= maxHeaderGap {
                let (table, stop) = build(lines, headerLine: h, firstRow: i, prevTableEnd: prevTableEnd)
                if let t = table { tables.append(t) }
                prevTableEnd = Swift.max(i, stop.lastRow)
                lastYearLine = nil
                i = Swift.max(stop.next, i + 1)
                continue
            }
            i += 1
        }
        return tables
    }

    struct Stop { var next: Int; var lastRow: Int }

    /// Only text lines without cells can be prose: the others skip the call to `isProse`.
    @inline(__always) private static func mayBeProse(_ l: AnalyzedLine) -> Bool { l.kind == .text && l.cells.isEmpty }

    static func build(_ lines: AnalyzedText, headerLine h: Int, firstRow f: Int, prevTableEnd: Int) -> (RawTable?, Stop) {
        // 1. Body: until a new heading, prose, a table/page boundary or the end.
        var j = f
        var lastData = f
        while j < lines.count {
            let l = lines[j]
            if j > f && (l.isYearLine || l.opensTable || l.isPageBreak || mayBeProse(l) && lines.isProse(j)) { break }
            if l.kind == .text && !l.cells.isEmpty { lastData = j }
            if l.closesTable { break }
            j += 1
        }
        let stop = Stop(next: lines[Swift.min(j, lines.count - 1)].closesTable && j < lines.count ? j + 1 : j, lastRow: lastData)

        // 2. Columns from the body cells.
        var bodyCells: [[Cell]] = []
        for k in f...lastData where lines[k].kind == .text && !lines[k].cells.isEmpty { bodyCells.append(lines[k].cells) }
        var labelEnds: [Int] = []
        for k in f...lastData where lines[k].kind == .text && !lines[k].cells.isEmpty && lines[k].labelEnd > lines[k].indent {
            labelEnds.append(lines[k].labelEnd)
        }
        labelEnds.sort()
        let typicalLabelEnd = labelEnds.isEmpty ? 0 : labelEnds[labelEnds.count / 2]
        // Numbers inside wrapped labels ("10,000,000" on its own line) sit left of the values.
        var columns = clusterColumns(bodyCells).filter { $0.spanStart >= typicalLabelEnd }
        guard !columns.isEmpty else { return (nil, stop) }
        // Each body line's cells placed in the columns, once for the value area and the rows.
        var placed: [[Cell?]] = []
        placed.reserveCapacity(lastData - f + 1)
        for k in f...lastData {
            let l = lines[k]
            placed.append(l.kind == .text && !l.cells.isEmpty ? assign(l.cells, columns) : [])
        }
        if let merged = mergeShiftedBlocks(columns, placed: placed) { (columns, placed) = merged }
        // Left edge of the value area.
        var valueLeft = Int.max
        for cells in placed {
            if let c = cells.first, let cell = c { valueLeft = Swift.min(valueLeft, cell.start) }
        }
        if valueLeft == Int.max { valueLeft = columns[0].spanStart }

        // 3. Heading block: upward from the year line while lines reach into the value area.
        var top = h
        var k = h - 1
        var blanks = 0
        // Lines with text only left of the values ("(millions, except earnings per") may sit
        // inside the heading block: up to two in a row are passed over.
        var labelOnlyLines = 0
        while k > prevTableEnd && k >= 0 && h - k <= 10 {
            let l = lines[k]
            if l.opensTable || l.closesTable || l.isPageBreak { break }
            if l.kind == .blank { blanks += 1; if blanks > 3 { break }; k -= 1; continue }
            if l.kind == .separator { k -= 1; continue }
            if l.hasNumericCell && !(top == k + 1 && isDayRow(lines, k) && k > 0 && hasMonthName(lines, k - 1)) || lines.isProse(k) { break }
            let ps = lines.phrases(k)
            // A phrase reaching from the labels into the values is a title, unless a rule right under it
            // underlines it as a column heading ("Three Months Ended September 30," over "-----------").
            if ps.contains(where: { $0.start < valueLeft - 10 && $0.end > valueLeft + 2 && !isUnderlined(lines, k, $0) }) { break }
            let valuePhrases = ps.filter { $0.end > valueLeft }
            if valuePhrases.isEmpty {
                labelOnlyLines += 1
                if labelOnlyLines > 2 || blanks > 0 { break }
                k -= 1
                continue
            }
            labelOnlyLines = 0
            if !valuePhrases.allSatisfy({ LineAnalyzer.isHeadingVocabulary(lines.text(k, $0.start..<$0.end)) }) { break }
            top = k
            blanks = 0
            k -= 1
        }
        var headerLines: [Int] = Array(top...h).filter { lines[$0].kind == .text }
        var bodyStart = f
        // Lines between the year line and the first row: headings if they reach into the value area,
        // otherwise row labels ("Current assets:").
        var firstBodyLabel: Int?
        for m in (h + 1)..<f {
            let l = lines[m]
            guard l.kind == .text else { continue }
            // A note in parentheses ("(in millions, except shares)") under the dates heads the label
            // area, like one printed beside them.
            if firstBodyLabel == nil && (lines.phrases(m).contains(where: { $0.end > valueLeft })
                || isParenthesizedNote(lines.collapsedText(m, 0..<l.count))) {
                headerLines.append(m)
            } else if firstBodyLabel == nil {
                firstBodyLabel = m
            }
        }
        if let fb = firstBodyLabel { bodyStart = fb }

        // 4. Context above the heading block.
        let context = contextLines(lines, above: top, after: prevTableEnd)

        // 5. Heading phrases to columns.
        var headingCells: [GridCell] = []
        var all: [HeaderPhrase] = []
        for m in headerLines {
            let phrases = headerPhrases(lines.bytes(of: m))
            // A real heading line has a handful of phrases.
            guard phrases.count <= 40 else { continue }
            for p in phrases {
                // A scale note in parentheses centred over the page ("(In thousands, except per share
                // data)") heads the label area, not the columns under it.
                if p.end <= valueLeft || isScaleNote(p.text) {
                    headingCells.append(GridCell(p.text, row: m - top, columns: 0..<1, extent: p.start..<p.end))
                } else {
                    all.append(HeaderPhrase(text: p.text, start: p.start, end: p.end, line: m))
                }
            }
        }
        let kinds = all.map { PhraseKind($0.text) }
        let periodColumns = periodColumnIndices(placed, count: columns.count)
        // A spanning heading underlined by a rule ("THREE MONTHS ENDED" over "-----------") covers the rule's width.
        var underlined = Set<Int>()
        for (pi, p) in all.enumerated() where !kinds[pi].hasYear && !kinds[pi].isChange
            && p.line + 1 < lines.count && lines[p.line + 1].kind == .separator {
            let rule = lines.bytes(of: p.line + 1)
            var a = Swift.min(Swift.max(p.start, 0), rule.count)
            var z = Swift.min(p.end, rule.count)
            guard a < z, rule[a..<z].contains(where: { $0 != ASCII.space }) else { continue }
            // Grow to the run of rule characters under the phrase.
            while a > 0 && rule[a - 1] != ASCII.space { a -= 1 }
            while a < z && rule[a] == ASCII.space { a += 1 }
            while z < rule.count && rule[z] != ASCII.space { z += 1 }
            // Only rules within the value area (a full-width rule says nothing about one heading); a
            // rule may start a little left of the values when it also underlines a "$" or a wider date.
            guard a >= Swift.max(typicalLabelEnd, valueLeft - 8) else { continue }
            all[pi].start = Swift.min(a, p.start)
            all[pi].end = Swift.max(z, p.end)
            underlined.insert(pi)
        }
        // A heading word stacked on a wider heading ("Quarter" over "ended June 30," spanning two
        // columns) spans the same columns; lines are taken bottom-up so a stack of three spans too.
        for pi in all.indices.sorted(by: { all[$0].line > all[$1].line }) where !kinds[pi].hasYear && !kinds[pi].isChange {
            let p = all[pi]
            let center = (p.start + p.end) / 2
            guard let below = all.indices.first(where: { qi in
                let q = all[qi]
                return q.line == p.line + 1 && !kinds[qi].hasYear && !kinds[qi].isChange && q.start <= center && center < q.end
                    && q.end - q.start > p.end - p.start
            }) else { continue }
            all[pi].start = Swift.min(p.start, all[below].start)
            all[pi].end = Swift.max(p.end, all[below].end)
        }
        for (pi, p) in all.enumerated() {
            // Words stacked above a "Change" heading belong to that heading ("Three Month / Change").
            let isChange = kinds[pi].isChange
            if !isChange && all.indices.contains(where: { qi in
                let q = all[qi]
                return kinds[qi].mentionsChange && q.line > p.line && q.line - p.line <= 3
                    && abs((q.start + q.end) - (p.start + p.end)) <= 8 && Swift.min(q.end, p.end) > Swift.max(q.start, p.start)
            }) {
                continue
            }
            // Dates side by side on one line ("June 26,   September 27,") name one column each; a
            // lone date ("December 31,") may be centred over several, and so may each of dates side by
            // side over a row of more years than dates ("June 30,  June 30," over "2004 % 2003 %  2004 % 2003 %").
            let besideOtherDate = kinds[pi].isDate && all.indices.contains { $0 != pi && all[$0].line == p.line && kinds[$0].isDate }
                && !datesHeadBlocks(all, kinds, line: p.line)
            // A dated heading over a row of bare years ("July 3, 2004 and" / "June 28, 2003" over
            // "2004  2003") heads the group of columns it spans; the year row names each column.
            let overYearRow = kinds[pi].hasYear && !kinds[pi].isBareYear
                && all.indices.contains { all[$0].line > p.line && kinds[$0].isBareYear }
            let single = isChange || (kinds[pi].hasYear && !overYearRow) || besideOtherDate
            // A heading naming a period is placed over the columns of periods only, never over a "%"
            // column (unless a rule under it says what it covers).
            let periodHeading = !isChange && !underlined.contains(pi) && namesPeriod(p.text, kinds[pi])
            let targets = headingTargets(p, single: single, underlined: underlined.contains(pi), columns: columns,
                                         eligible: periodHeading ? periodColumns : Array(columns.indices))
            // One cell per run of adjacent target columns.
            var run: Range<Int>?
            for t in targets.sorted() {
                if let r = run, r.upperBound == t + 1 { run = r.lowerBound..<(t + 2); continue }
                if let r = run { headingCells.append(GridCell(p.text, row: p.line - top, columns: r, extent: p.start..<p.end)) }
                run = (t + 1)..<(t + 2)
            }
            if let r = run { headingCells.append(GridCell(p.text, row: p.line - top, columns: r, extent: p.start..<p.end)) }
        }

        // 6. Rows.
        // The heading lines all sit above `bodyStart`.
        let rows = buildRows(lines, from: bodyStart, through: lastData, columns: columns, placed: placed, placedFrom: f)
        let heading = TableGrid(cells: headingCells, rowCount: (headerLines.last ?? top) - top + 1, columnCount: columns.count + 1)
        let table = RawTable(contextLines: context, heading: heading, columnCount: columns.count, rows: rows,
                             trailingNotes: trailingNotes(lines, after: lastData), introduction: introduction(lines, above: top, after: prevTableEnd),
                             line: top)
        return (table, stop)
    }

    /// A heading line of days of the month only ("31    30,    1") between a row of month names
    /// and a row of years: words of one or two digits (1 to 31, a comma after them allowed).
    static func isDayRow(_ lines: AnalyzedText, _ k: Int) -> Bool {
        let b = lines.bytes(of: k)
        let words = LineAnalyzer.splitWords(b)
        return !words.isEmpty && words.allSatisfy { w in
            var e = w.end
            if e > w.start && b[e - 1] == ASCII.comma { e -= 1 }
            guard e - w.start <= 2, let d = digitsValue(b[w.start..<e]) else { return false }
            return (1...31).contains(d)
        }
    }

    /// The phrase on line `k` has a rule under every character of it on the next line.
    static func isUnderlined(_ lines: AnalyzedText, _ k: Int, _ p: Word) -> Bool {
        guard k + 1 < lines.count, lines[k + 1].kind == .separator else { return false }
        let rule = lines.bytes(of: k + 1)
        return p.end <= rule.count && !rule[p.start..<p.end].contains(ASCII.space)
    }

    /// Line `k` names a month ("Mar      Dec      Apr").
    static func hasMonthName(_ lines: AnalyzedText, _ k: Int) -> Bool {
        lines[k].kind == .text && lines.phrases(k).contains { p in
            lines.text(k, p.start..<p.end).split(separator: " ").contains { MonthNames.month(String($0)) != nil }
        }
    }

    /// The non-blank lines above line `top` (title, scale note), top-down: up to 12, not past line
    /// `prevTableEnd`, a table or page boundary, a line with values or prose.
    static func contextLines(_ lines: AnalyzedText, above top: Int, after prevTableEnd: Int) -> [String] {
        var context: [String] = []
        var c = top - 1
        var nonBlank = 0
        while c > prevTableEnd && c >= 0 && nonBlank < 12 && top - c <= 60 {
            let l = lines[c]
            if l.closesTable || l.isPageBreak { break }
            if l.kind == .text {
                if l.hasNumericCell || lines.isProse(c) && !isParenthesizedNote(lines.collapsedText(c, 0..<l.count)) { break }
                context.append(lines.collapsedText(c, 0..<l.count))
                nonBlank += 1
            }
            c -= 1
        }
        context.reverse()
        return context
    }

    /// The paragraph introducing a table: the prose lines (at most four) where `contextLines`
    /// stops going up, when the last of them ends in a colon.
    static func introduction(_ lines: AnalyzedText, above top: Int, after prevTableEnd: Int) -> [String] {
        var c = top - 1
        var nonBlank = 0
        while c > prevTableEnd && c >= 0 && nonBlank < 12 && top - c <= 60 {
            let l = lines[c]
            if l.closesTable || l.isPageBreak || l.hasNumericCell { return [] }
            if l.kind == .text {
                if lines.isProse(c) && !isParenthesizedNote(lines.collapsedText(c, 0..<l.count)) { break }
                nonBlank += 1
            }
            c -= 1
        }
        guard c > prevTableEnd && c >= 0 && lines.isProse(c) else { return [] }
        // The paragraph ends on the prose line or on the short lines right under it.
        var end = c
        while end + 1 < top && lines[end + 1].kind == .text { end += 1 }
        guard lines.collapsedText(end, 0..<lines[end].count).hasSuffix(":") else { return [] }
        var paragraph: [String] = []
        while c > prevTableEnd && c >= 0 && paragraph.count < 4 && lines[c].kind == .text && !lines[c].hasNumericCell {
            paragraph.append(lines.collapsedText(c, 0..<lines[c].count))
            c -= 1
        }
        return paragraph.reversed()
    }

    /// The parenthesized notes right below a table's last row: blank and rule lines are skipped
    /// (at most three lines down), and the first other line ends the notes.
    static func trailingNotes(_ lines: AnalyzedText, after last: Int) -> [String] {
        var notes: [String] = []
        var k = last + 1
        while k < lines.count && k - last <= 3 + notes.count {
            let l = lines[k]
            if l.isPageBreak { break }
            if l.kind == .text {
                let text = lines.collapsedText(k, 0..<l.count)
                guard !l.hasNumericCell, isParenthesizedNote(text) else { break }
                notes.append(text)
            }
            k += 1
        }
        return notes
    }

    /// A line wholly in parentheses ("(In millions, except number of shares, which are reflected
    /// in thousands, and per-share amounts)") is a note on the table, however long, never prose.
    static func isParenthesizedNote(_ text: String) -> Bool {
        text.hasPrefix("(") && text.hasSuffix(")")
    }

    /// What a heading phrase says, for placing it over the columns.
    struct PhraseKind {
        var hasYear: Bool
        /// Only a year, perhaps with a footnote mark ("2003", "2003*", "2003(a)").
        var isBareYear: Bool
        /// A date without a year ("June 26,", "Sept. 30"): it names one column, like a year.
        var isDate: Bool
        /// Mentions "change" in any case.
        var mentionsChange: Bool
        /// A change column's heading: "change", "%" or "variance".
        var isChange: Bool

        init(_ text: String) {
            hasYear = containsYear(text)
            let words = text.words(separatedBy: " ")
            isBareYear = hasYear && words.count == 1 && text.utf8.prefix(4).allSatisfy(ASCII.isDigit)
                && !text.utf8.dropFirst(4).contains(where: ASCII.isDigit)
            // The month first ("June 26,") or the day ("26 June").
            isDate = words.count <= 2 && words.first.map { MonthNames.month(String($0)) != nil } ?? false
                || words.count == 2 && Int(words[0]).map { (1...31).contains($0) } == true && MonthNames.month(String(words[1])) != nil
            // Byte tests ignoring ASCII case find exactly what `lowercased().has(...)` finds: lower
            // casing turns no non-ASCII character into these runs of ASCII letters.
            var t = text
            (mentionsChange, isChange) = t.withUTF8 { u in
                let change = PhraseKind.changeWord.withUnsafeBufferPointer { ByteSearch.firstIgnoringCase($0, in: u) != nil }
                let other = change || u.contains(ASCII.percent)
                    || PhraseKind.varianceWord.withUnsafeBufferPointer { ByteSearch.firstIgnoringCase($0, in: u) != nil }
                return (change, other)
            }
        }

        private static let changeWord = Array("change".utf8), varianceWord = Array("variance".utf8)
    }

    /// A run of exactly four ASCII digits between 1980 and 2039, or a word that is a numeric date
    /// with its year ("6/30/03"), a quarter with its year ("4Q04") or a fiscal year ("FY04").
    static func containsYear(_ s: String) -> Bool {
        // Every form has digits; the plain year (the most common) is looked for first, without splitting.
        guard s.utf8.contains(where: ASCII.isDigit) else { return false }
        var value = 0, digits = 0
        for b in s.utf8 {
            if ASCII.isDigit(b) {
                value = digits < 5 ? value * 10 + Int(b - 48) : value
                digits += 1
                continue
            }
            if digits == 4 && (1980...2039).contains(value) { return true }
            value = 0
            digits = 0
        }
        if digits == 4 && (1980...2039).contains(value) { return true }
        return s.utf8.split(separator: ASCII.space).contains {
            MonthNames.isNumericDate($0) || LineAnalyzer.isQuarterYear($0) || LineAnalyzer.isFiscalYear($0)
                || LineAnalyzer.isApostropheYear($0)
        }
    }

    /// Phrases of a heading line, split after a year so "2003 Change" gives "2003" and "Change".
    static func headerPhrases(_ line: [UInt8]) -> [(text: String, start: Int, end: Int)] {
        line.withUnsafeBufferPointer { b in
            var out: [(text: String, start: Int, end: Int)] = []
            out.reserveCapacity(8)
            func emit(_ s: Int, _ e: Int) { out.append((collapseSpaces(UnsafeBufferPointer(rebasing: b[s..<e])), s, e)) }
            var words: [Word] = []
            for p in LineAnalyzer.phrases(line) {
                var segStart = p.start
                LineAnalyzer.splitWords(UnsafeBufferPointer(rebasing: b[p.start..<p.end]), into: &words)
                var monthInSegment = false
                var noteAfterYear = false
                for wi in words.indices {
                    let w = Word(start: words[wi].start + p.start, end: words[wi].end + p.start)
                    var (ts, te) = (w.start, w.end)
                    while ts < te && (b[ts] == ASCII.comma || b[ts] == 42) { ts += 1 }
                    while te > ts && (b[te - 1] == ASCII.comma || b[te - 1] == 42) { te -= 1 }
                    // "Jun 30, Mar 31, Jun 30," printed with single spaces: one phrase per date.
                    if mayBeMonth(b[ts..<te]) && MonthNames.month(b[ts..<te]) != nil {
                        if monthInSegment && w.start > segStart {
                            let prevEnd = words[wi - 1].end + p.start
                            emit(segStart, prevEnd)
                            segStart = w.start
                        }
                        monthInSegment = true
                    }
                    guard wi < words.count - 1 else { continue }
                    let next = words[wi + 1].start + p.start
                    if isYear(b[ts..<te]) && b[next] == ASCII.lparen {
                        // A note in parentheses after the year belongs to its date ("Jun 30, 2003 (unaudited)").
                        noteAfterYear = true
                    } else if isYear(b[ts..<te]) || noteAfterYear && b[w.end - 1] == ASCII.rparen {
                        emit(segStart, w.end)
                        segStart = next
                        monthInSegment = false
                        noteAfterYear = false
                    }
                }
                emit(segStart, p.end)
            }
            return out
        }
    }

    /// Could be a month name as `MonthNames.month` reads one (a cheap test before building a string):
    /// 3 to 9 bytes before trailing punctuation, starting with the first letter of a month.
    private static func mayBeMonth(_ t: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard t.count >= 3, let first = t.first else { return false }
        switch ASCII.lower(first) {
        case UInt8(ascii: "j"), UInt8(ascii: "f"), UInt8(ascii: "m"), UInt8(ascii: "a"), UInt8(ascii: "s"), UInt8(ascii: "o"),
             UInt8(ascii: "n"), UInt8(ascii: "d"):
            return true
        default:
            return false
        }
    }

    /// Four ASCII digits between 1980 and 2039.
    private static func isYear(_ t: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard t.count == 4 else { return false }
        var y = 0
        for c in t {
            guard ASCII.isDigit(c) else { return false }
            y = y * 10 + Int(c - 48)
        }
        return (1980...2039).contains(y)
    }

    // MARK: - Columns

    static func clusterColumns(_ rows: [[Cell]]) -> [ColumnGeometry] {
        // Anchors counted by position (a sort of them without sorting): positions lo...hi.
        var lo = Int.max, hi = Int.min
        for cells in rows {
            for c in cells where c.kind == .number || c.kind == .percent {
                lo = Swift.min(lo, c.anchor)
                hi = Swift.max(hi, c.anchor)
            }
        }
        guard lo <= hi else { return [] }
        // Groups: runs of anchors at most 2 apart. A column's anchor is its group's most common
        // one (the larger on a tie).
        let minCount = rows.count >= 4 ? 2 : 1
        var cols: [ColumnGeometry] = []
        let tooMany = withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo + 1) { counts -> Bool in
            counts.initialize(repeating: 0)
            for cells in rows {
                for c in cells where c.kind == .number || c.kind == .percent { counts[c.anchor - lo] += 1 }
            }
            var p = 0
            while p < counts.count {
                // `p` is the first anchor of a group (the lowest one is at 0).
                var mode = p, modeCount = 0, total = 0
                var last = p
                var q = p
                while q < counts.count && q - last <= 2 {
                    if counts[q] > 0 {
                        total += counts[q]
                        if counts[q] >= modeCount { mode = q; modeCount = counts[q] }
                        last = q
                    }
                    q += 1
                }
                if total >= minCount {
                    cols.append(ColumnGeometry(anchor: mode + lo, spanStart: Int.max, spanEnd: Int.min, count: total))
                    if cols.count > 30 { return true }
                }
                // The next group starts at the next anchor.
                p = last + 1
                while p < counts.count && counts[p] == 0 { p += 1 }
            }
            return false
        }
        if tooMany { return [] }
        guard !cols.isEmpty else { return [] }
        // Spans from the numeric cells of each column.
        for cells in rows {
            for c in cells where c.kind == .number || c.kind == .percent {
                let ci = nearestColumn(cols, to: c.anchor)
                guard abs(cols[ci].anchor - c.anchor) <= 2 else { continue }
                cols[ci].spanStart = Swift.min(cols[ci].spanStart, c.start)
                cols[ci].spanEnd = Swift.max(cols[ci].spanEnd, c.end)
            }
        }
        for ci in cols.indices where cols[ci].spanStart == Int.max {
            cols[ci].spanStart = cols[ci].anchor - 1
            cols[ci].spanEnd = cols[ci].anchor
        }
        return cols
    }

    /// A table whose rows are printed at several offsets (blocks of rows set further left or right
    /// than the rest) has its columns once per offset, in groups that never share a line and
    /// alternate across the page (each block's first column, then each block's second, ...).
    /// Each run of neighbours, one of each group, is one column: the columns merged and each
    /// line's cells placed in them, or nil when the columns are not so.
    static func mergeShiftedBlocks(_ columns: [ColumnGeometry], placed: [[Cell?]]) -> (columns: [ColumnGeometry], placed: [[Cell?]])? {
        let m = columns.count
        guard m >= 2 else { return nil }
        // Groups of columns: two columns with cells on one line are in one group.
        var group = Array(0..<m)
        func root(_ c: Int) -> Int {
            var c = c
            while group[c] != c { c = group[c] }
            return c
        }
        for cells in placed {
            var first: Int?
            for ci in cells.indices where cells[ci] != nil {
                if let f = first { group[root(ci)] = root(f) } else { first = ci }
            }
        }
        // k groups, column c in group c % k.
        let k = Set((0..<m).map(root)).count
        guard k >= 2, m % k == 0, Set((0..<k).map(root)).count == k, (0..<m).allSatisfy({ root($0) == root($0 % k) }) else { return nil }
        // Each block is a block of rows, not one stray line.
        var lines = [Int](repeating: 0, count: k)
        for cells in placed {
            guard let ci = cells.firstIndex(where: { $0 != nil }) else { continue }
            lines[ci % k] += 1
        }
        guard lines.allSatisfy({ $0 >= 2 }) else { return nil }
        let runs = stride(from: 0, to: m, by: k).map { $0..<($0 + k) }
        let merged = runs.map { run in
            let most = run.max { columns[$0].count < columns[$1].count }!
            return ColumnGeometry(anchor: columns[most].anchor, spanStart: run.map { columns[$0].spanStart }.min()!,
                                  spanEnd: run.map { columns[$0].spanEnd }.max()!, count: run.reduce(0) { $0 + columns[$1].count })
        }
        return (merged, placed.map { cells in cells.isEmpty ? [] : runs.map { run in run.lazy.compactMap { cells[$0] }.first } })
    }

    /// The first of the columns whose anchor is nearest to `anchor`. The anchors increase from
    /// column to column, so the distance falls and then rises: the scan stops once it rises.
    private static func nearestColumn(_ cols: [ColumnGeometry], to anchor: Int) -> Int {
        var best = 0
        var bestDistance = abs(cols[0].anchor - anchor)
        for ci in 1..<cols.count {
            let d = abs(cols[ci].anchor - anchor)
            if d < bestDistance {
                best = ci
                bestDistance = d
            } else if d > bestDistance {
                break
            }
        }
        return best
    }

    /// Places a line's cells into columns, keeping their order; cells far from every column are dropped.
    static func assign(_ cells: [Cell], _ cols: [ColumnGeometry]) -> [Cell?] {
        let n = cells.count, m = cols.count
        var result = [Cell?](repeating: nil, count: m)
        guard n > 0, m > 0 else { return result }
        func cost(_ i: Int, _ j: Int) -> Int {
            let c = cells[i], g = cols[j]
            if c.kind == .number || c.kind == .percent { return abs(c.anchor - g.anchor) }
            let center = (c.start + c.end) / 2
            let lo = Swift.min(g.spanStart, g.anchor - 1), hi = Swift.max(g.spanEnd, g.anchor)
            if center < lo { return lo - center }
            if center > hi { return center - hi }
            return 0
        }
        let dropPenalty = 10
        // Usually every cell sits under its own column: any other alignment drops a cell and costs more.
        if n == m {
            var total = 0
            for i in 0..<n { total += cost(i, i) }
            if total < dropPenalty {
                for i in 0..<n { result[i] = cells[i] }
                return result
            }
        }
        let inf = Int.max / 4
        let width = m + 1
        let size = (n + 1) * width
        // The tables are small (at most 31 by 32): they live on the stack.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: size) { dp in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { from in
                dp.initialize(repeating: inf)
                from.initialize(repeating: 0)
                dp[0] = 0
                for i in 0...n {
                    for j in 0...m {
                        let cur = dp[i * width + j]
                        if cur >= inf { continue }
                        if j < m && cur < dp[i * width + j + 1] { dp[i * width + j + 1] = cur; from[i * width + j + 1] = 1 }
                        if i < n && cur + dropPenalty < dp[(i + 1) * width + j] { dp[(i + 1) * width + j] = cur + dropPenalty; from[(i + 1) * width + j] = 2 }
                        if i < n && j < m {
                            let v = cur + cost(i, j)
                            if v < dp[(i + 1) * width + j + 1] { dp[(i + 1) * width + j + 1] = v; from[(i + 1) * width + j + 1] = 3 }
                        }
                    }
                }
                var i = n, j = m
                while i > 0 || j > 0 {
                    switch from[i * width + j] {
                    case 1: j -= 1
                    case 2: i -= 1
                    case 3:
                        result[j - 1] = cells[i - 1]
                        i -= 1; j -= 1
                    default:
                        return
                    }
                }
            }
        }
        return result
    }

    // MARK: - Rows

    static let connectors: Set<String> = [
        "and", "or", "of", "in", "for", "to", "the", "on", "per", "from", "with", "by", "at", "as", "less", "net",
        "plus", "including", "excluding", "before", "after", "into", "a", "an", "than", "other", "related",
    ]

    private static let connectorSet = WordSet(connectors)
    private static let totalWord = Array("total".utf8)

    /// `label.lowercased().hasPrefix("total")`: on the bytes, unless the character after "total"
    /// is not ASCII (a combining mark would make it another character than "l").
    static func startsWithTotal(_ label: String) -> Bool {
        let u = label.utf8
        guard u.hasPrefixIgnoringCase(totalWord) else { return false }
        let next = u.dropFirst(totalWord.count).first
        return (next.map { $0 < 0x80 } ?? true) || label.lowercased().hasPrefix("total")
    }

    /// The text's last word (after its last space) is a connector, in any case.
    static func endsWithConnector(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { u in
            var start = u.count
            while start > 0 && u[start - 1] != ASCII.space { start -= 1 }
            return connectorSet.contains(u[start...])
        }
    }

    /// Joins wrapped label lines with one space ("Interest-" + "bearing" stays "Interest-bearing").
    static func joinLabel(_ parts: [String]) -> String {
        var out = ""
        for p in parts { appendLabelLine(p, to: &out) }
        return out
    }

    /// Appends one wrapped label line to the label so far, as `joinLabel` joins them.
    static func appendLabelLine(_ p: String, to out: inout String) {
        if out.isEmpty { out = p; return }
        // Only a label whose last byte is "-" can end in the character "-": the Character tests
        // are asked only then.
        let joinsWithoutSpace = out.utf8.last == ASCII.minus && out.hasSuffix("-") && out.dropLast().last?.isLetter == true
            && p.first?.isLowercase == true
        if !joinsWithoutSpace { out += " " }
        out += p
    }

    /// A character at either end of a label line, as `continues` tests it.
    struct EdgeChar {
        /// The character's value when it is a single ASCII scalar, else 0.
        var ascii: UInt8
        var isLowercase: Bool
        var isNumber: Bool

        init(ascii b: UInt8) {
            ascii = b
            isLowercase = ASCII.isLower(b)
            isNumber = ASCII.isDigit(b)
        }

        init(_ c: Character) {
            ascii = c.unicodeScalars.count == 1 ? c.asciiValue ?? 0 : 0
            isLowercase = c.isLowercase
            isNumber = c.isNumber
        }

        /// The edge character whose byte is `b` and whose neighbour inside the text is `neighbour`
        /// (nil at the other end), or nil when the bytes alone do not tell: an ASCII byte next to
        /// another ASCII byte (CR LF aside) is a character of its own.
        static func fromBytes(_ b: UInt8, neighbour: UInt8?) -> EdgeChar? {
            guard b < 0x80, b != ASCII.cr, b != ASCII.newline, (neighbour ?? 0) < 0x80 else { return nil }
            return EdgeChar(ascii: b)
        }
    }

    /// A text line of a row label, with what `continues` asks about it.
    struct LabelLine {
        var text: String
        var indent: Int
        var first: EdgeChar
        var last: EdgeChar

        /// Nil for an empty text.
        init?(_ text: String, indent: Int) {
            var t = text
            let edges = t.withUTF8 { u -> (EdgeChar?, EdgeChar?)? in
                guard let firstByte = u.first, let lastByte = u.last else { return nil }
                return (EdgeChar.fromBytes(firstByte, neighbour: u.count > 1 ? u[1] : nil),
                        EdgeChar.fromBytes(lastByte, neighbour: u.count > 1 ? u[u.count - 2] : nil))
            }
            guard let edges else { return nil }
            self.text = text
            self.indent = indent
            first = edges.0 ?? EdgeChar(text.first!)
            last = edges.1 ?? EdgeChar(text.last!)
        }

        /// Some character is lower case (tested on the bytes when they are all ASCII).
        var hasLowercase: Bool {
            var t = text
            let ascii: Bool? = t.withUTF8 { u in
                var lower = false
                for b in u {
                    if b >= 0x80 { return nil }
                    if ASCII.isLower(b) { lower = true }
                }
                return lower
            }
            return ascii ?? text.contains(where: \.isLowercase)
        }
    }

    /// A label line (or lines) waiting for the values it labels.
    struct PendingLabel {
        /// The lines so far, joined.
        var label: String
        var indent: Int
        var lastLine: LabelLine
        /// Right under a row with values at the same indent that is itself an item of a section (indented
        /// under the section's heading) and no total: a sibling item, not a new section's heading.
        var isSiblingItem = false
    }

    /// `line` continues the wrapped label `p` rather than starting a new one.
    static func continues(_ p: PendingLabel, _ line: LabelLine) -> Bool {
        let a = p.lastLine
        if a.last.ascii == ASCII.colon || line.first.ascii == ASCII.minus { return false }
        if a.last.ascii != 0, ",&/;(".utf8.contains(a.last.ascii) { return true }
        if a.last.ascii == ASCII.minus { return line.first.isLowercase || line.indent > p.indent }
        if endsWithConnector(a.text) { return true }
        if (line.first.isLowercase || line.first.ascii == ASCII.lparen) && line.indent >= p.indent { return true }
        if line.first.isNumber && line.indent > p.indent { return true }
        // A total is never a section heading: an indented line under "TOTAL" finishes its label.
        if line.indent > p.indent && startsWithTotal(p.label) { return true }
        // A hanging indent of one column marks a wrapped label ("Federal Home" / " Loan Bank stock"),
        // in upper case too when the label is an item among items ("CREDIT AND FINANCIAL PRODUCTS" /
        // " REVENUES" under "MERCHANDISE SALES AND SERVICES").
        if line.indent == p.indent + 1 && (a.hasLowercase || p.isSiblingItem) { return true }
        return false
    }

    /// Rows of lines `from...last` (below the heading block). `placed` holds the cells of lines
    /// `placedFrom...` already placed in the columns (empty for lines without cells).
    static func buildRows(_ lines: AnalyzedText, from: Int, through last: Int, columns: [ColumnGeometry],
                          placed: [[Cell?]], placedFrom: Int) -> [RawRow] {
        var rows: [RawRow] = []
        guard from <= last else { return rows }
        var pending: PendingLabel?
        var ruleSince = false
        var pendingRule = false
        var blankSince = false

        func flushPending() {
            if let p = pending {
                rows.append(RawRow(label: p.label, indent: p.indent,
                                   cells: Array(repeating: nil, count: columns.count), isLabelOnly: true, isTotal: false))
            }
            pending = nil
        }

        for k in from...last {
            let l = lines[k]
            switch l.kind {
            case .blank:
                blankSince = true
                if pending == nil { ruleSince = false }
                continue
            case .separator:
                // A rule right under a total underlines it; otherwise it opens the next total.
                let underlinesTotal = !blankSince && pending == nil && (rows.last.map { $0.isTotal && !$0.isLabelOnly } ?? false)
                if !l.isDoubleRule && !underlinesTotal { ruleSince = true }
                continue
            case .text:
                break
            }
            let cells = l.cells.isEmpty ? [] : k >= placedFrom ? placed[k - placedFrom] : assign(l.cells, columns)
            let hasValues = cells.contains { $0 != nil }
            // Nothing lines up with a column: the whole line is label text.
            let text = !l.cells.isEmpty && !hasValues ? lines.collapsedText(k, l.indent..<l.count) : lines.label(k)
            let line = LabelLine(text, indent: l.indent)
            if !hasValues {
                guard let line else { continue }
                if let p = pending, continues(p, line) {
                    appendLabelLine(line.text, to: &pending!.label)
                    pending!.lastLine = line
                } else {
                    flushPending()
                    pending = PendingLabel(label: line.text, indent: line.indent, lastLine: line)
                    if !blankSince, let prev = rows.last, !prev.isLabelOnly, !prev.isTotal, prev.indent == line.indent,
                       let section = rows.last(where: \.isLabelOnly), section.indent < prev.indent {
                        pending!.isSiblingItem = true
                    }
                    pendingRule = ruleSince
                    ruleSince = false
                }
                continue
            }
            var label = text
            var indent = l.indent
            var ruleAbove = ruleSince
            if let line {
                if var p = pending, continues(p, line) {
                    appendLabelLine(line.text, to: &p.label)
                    label = p.label
                    indent = p.indent
                    pending = nil
                    ruleAbove = pendingRule || ruleSince
                } else {
                    flushPending()
                }
            } else if let p = pending {
                label = p.label
                indent = p.indent
                pending = nil
                ruleAbove = pendingRule || ruleSince
            } else if let lastIndex = rows.indices.last, !rows[lastIndex].isLabelOnly, !blankSince, !ruleSince,
                      zip(rows[lastIndex].cells, cells).allSatisfy({ $0.0 == nil || $0.1 == nil }) {
                // A value that wrapped onto the next line.
                for (ci, c) in cells.enumerated() where c != nil { rows[lastIndex].cells[ci] = c }
                continue
            }
            let isTotal = label.isEmpty || startsWithTotal(label) || ruleAbove
            rows.append(RawRow(label: label, indent: indent, cells: cells, isLabelOnly: false, isTotal: isTotal))
            ruleSince = false
            blankSince = false
        }
        flushPending()
        return rows
    }
}
