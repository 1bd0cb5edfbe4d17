/// A statement table of a plain-text document, found by simple rules of its own (not the parser's):
/// a run of lines with a label and numbers in columns at the right, the header lines just above it,
/// and its columns as character extents shared by the numbers of every row.
struct TextTable {
    /// Line indices in the document: `headerStart..<bodyStart` header, `bodyStart..<end` body.
    var headerStart: Int
    var bodyStart: Int
    var end: Int
    /// Character extents of the value columns, left to right.
    var columns: [Range<Int>]

    /// A value or header piece of a line with its character extent.
    struct Piece: Equatable {
        var text: String
        var range: Range<Int>
    }

    /// Words of `line` (runs of non-spaces) with their extents.
    static func words(_ line: [Character]) -> [Piece] {
        var out: [Piece] = []
        var i = 0
        while i < line.count {
            if line[i] == " " { i += 1; continue }
            let s = i
            while i < line.count, line[i] != " " { i += 1 }
            out.append(Piece(text: String(line[s..<i]), range: s..<i))
        }
        return out
    }

    /// "1,234", "$(370)", ".17", "(0.02)", "12.5%", "---", "N/A": a cell of a statement's value column.
    static func isValue(_ w: String) -> Bool {
        if ["N/A", "n/a", "NA", "N/M", "n/m", "NM", "nm", "n.m.", "--", "-", "---", "—", "-0-", "$-0-", "$--", "$---", "$-"].contains(w) { return true }
        var s = Substring(w)
        if s.hasPrefix("$") { s = s.dropFirst() }
        if s.hasPrefix("(") || s.hasPrefix("-") || s.hasPrefix("+") { s = s.dropFirst() }
        if s.hasPrefix("$") { s = s.dropFirst() }
        while let l = s.last, l == ")" || l == "%" || l == "*" { s = s.dropLast() }
        guard let f = s.first, f.isNumber || (f == "." && s.count > 1) else { return false }
        return s.allSatisfy { $0.isNumber || $0 == "," || $0 == "." }
    }

    /// ",000": the last digits of a number, split from it.
    static func isThousandsGroup(_ w: String) -> Bool {
        w.count == 4 && w.first == "," && w.dropFirst().allSatisfy(\.isNumber)
    }

    static func isYear(_ w: String) -> Bool {
        w.count == 4 && w.allSatisfy(\.isNumber) && (w.hasPrefix("19") || w.hasPrefix("20"))
    }

    /// "-------", "=====", "- ---------": a rule under a header or above a total.
    static func isRule(_ w: String) -> Bool {
        w.filter { $0 != " " }.count >= 2 && w.allSatisfy { $0 == "-" || $0 == "=" || $0 == "_" || $0 == " " }
    }

    /// The value cells at the end of `line` (a lone "$" joined to the number after it) and where its
    /// label ends; nil when the line has no values or the label runs into them (less than two spaces).
    static func split(_ line: [Character]) -> (label: String, values: [Piece])? {
        var ws = words(line)
        var merged: [Piece] = []
        var i = 0
        while i < ws.count {
            if (ws[i].text == "$" || ws[i].text == "(" || ws[i].text == "$(") && i + 1 < ws.count && isValue(ws[i + 1].text) {
                merged.append(Piece(text: ws[i].text + ws[i + 1].text, range: ws[i].range.lowerBound..<ws[i + 1].range.upperBound))
                i += 2
            } else if isValue(ws[i].text) && i + 1 < ws.count && ws[i + 1].range.lowerBound - ws[i].range.upperBound == 1
                        && (["%", ")", ")%"].contains(ws[i + 1].text) || isThousandsGroup(ws[i + 1].text)) {
                // "7 %" and "4,180 ,000": one number printed with a space in it.
                merged.append(Piece(text: ws[i].text + ws[i + 1].text, range: ws[i].range.lowerBound..<ws[i + 1].range.upperBound))
                i += 2
            } else {
                merged.append(ws[i]); i += 1
            }
        }
        ws = merged
        var k = ws.count
        while k > 0, isValue(ws[k - 1].text) { k -= 1 }
        // Numbers run into the label by one space belong to it ("... in 2003)   596,000").
        while k > 0, k < ws.count, ws[k].range.lowerBound - ws[k - 1].range.upperBound < 2 { k += 1 }
        guard k < ws.count else { return nil }
        let labelEnd = k > 0 ? ws[k - 1].range.upperBound : 0
        return (String(line[0..<labelEnd]), Array(ws[k...]))
    }

    /// A body line with values: a label with numbers, or numbers that are not just a row of years.
    static func dataValues(_ line: [Character]) -> (label: String, values: [Piece])? {
        guard !line.contains("\t"), let s = split(line) else { return nil }
        let label = s.label.trimmingSpaces
        if label.isEmpty && s.values.allSatisfy({ isYear($0.text) || isRule($0.text) }) { return nil }
        // A lone number at the left margin is text (a label wrapped before "10,000,000", a page number).
        if label.isEmpty && s.values.count == 1 && s.values[0].range.lowerBound < 12 { return nil }
        // "- - - - - -": a row of dashes without a label is a rule, not values.
        if label.isEmpty && !s.values.contains(where: { $0.text.contains(where: \.isNumber) }) { return nil }
        // A row of years is a header line, whatever is printed at its left ("common share)   2004   2003",
        // "data)   2008   Change   2008   Change   2007").
        if s.values.allSatisfy({ isYear($0.text) })
            && (s.values.count >= 2 || label.split(separator: " ").contains { isYear(String($0)) }) { return nil }
        if label.count > 70 { return nil }
        return s
    }

    /// The tables of `lines[range]`: at least four value lines, at most seven other lines (never running
    /// text) between two of them, at least two value columns.
    static func find(_ lines: [[Character]], in range: Range<Int>) -> [TextTable] {
        var tables: [TextTable] = []
        var i = range.lowerBound
        while i < range.upperBound {
            guard dataValues(lines[i]) != nil else { i += 1; continue }
            // `gap`: lines since the last value line, a run of label lines at the left margin (a section
            // heading and a label wrapped over several lines; titles are centred) counted as one.
            func atMargin(_ l: [Character]) -> Bool { isLabelOnly(l) && l.prefix(while: { $0 == " " }).count < 12 }
            var last = i, count = 1, j = i + 1, gap = 0
            while j < range.upperBound, j - last <= 16 {
                if dataValues(lines[j]) != nil {
                    last = j; count += 1; gap = 0
                } else if isProse(lines[j]) && !wrapsLabel(lines, j, before: range.upperBound) || isYearHeading(lines[j]) {
                    break
                } else if !(atMargin(lines[j]) && j > last + 1 && atMargin(lines[j - 1])) {
                    gap += 1
                    if gap > 8 { break }
                }
                j += 1
            }
            if count >= 4, var t = TextTable(lines: lines, body: i..<(last + 1)), t.columns.count >= 2 {
                t.findHeader(lines, floor: max(range.lowerBound, tables.last?.end ?? 0))
                tables.append(t)
            }
            i = last + 1
        }
        return tables
    }

    /// Moves the body's start up over the blank and label-only lines right above its first value line
    /// ("ASSETS", "Current assets:"), then takes as header the lines above those with text over the
    /// value columns (at most eight), through a blank line only while no year has been seen.
    mutating func findHeader(_ lines: [[Character]], floor: Int) {
        let left = columns[0].lowerBound - 1
        func blank(_ l: [Character]) -> Bool { l.allSatisfy { $0 == " " } }
        var b = bodyStart
        while b > floor, bodyStart - b < 6 {
            let l = lines[b - 1]
            guard TextTable.dataValues(l) == nil, !TextTable.isProse(l) else { break }
            if let w = TextTable.words(l).last, w.range.upperBound >= left { break }
            b -= 1
        }
        while b < bodyStart, blank(lines[b]) { b += 1 }
        var h = b, sawYear = false
        /// A dated heading line over the value columns ("Sep 30,   Jun 30,") ends `k` blank lines
        /// above `h` (double-spaced headers).
        func datedHeadingAbove(_ h: Int) -> Bool {
            var k = h - 1
            while k > floor, h - k <= 3, blank(lines[k]) { k -= 1 }
            guard k >= floor, !blank(lines[k]), TextTable.dataValues(lines[k]) == nil, !TextTable.isProse(lines[k]) else { return false }
            let ws = TextTable.words(lines[k])
            return ws.contains { $0.range.upperBound > left && DateText.isMonth($0.text) }
        }
        /// A rule over the value columns ends right above the blank line `h` ("------   ------" under
        /// "Three Months Ended   For the Year Ended"): the header goes on above it.
        func ruleAbove(_ h: Int) -> Bool {
            guard h > floor else { return false }
            let ws = TextTable.words(lines[h - 1])
            return !ws.isEmpty && ws.allSatisfy { TextTable.isRule($0.text) && $0.range.upperBound > left }
        }
        /// Header lines (with a year over the value columns when `dated`) above line `k`, past blank and
        /// label lines (at most eight lines up).
        func headerAbove(_ k: Int, dated: Bool) -> Bool {
            var n = k - 1
            while n >= floor, k - n <= 8 {
                let l = lines[n]
                n -= 1
                if blank(l) || TextTable.isLabelOnly(l) && (TextTable.words(l).last?.range.upperBound ?? 0) <= left { continue }
                guard TextTable.dataValues(l) == nil, !TextTable.isProse(l), let w = TextTable.words(l).last, w.range.upperBound > left else { return false }
                if !dated || TextTable.words(l).contains(where: { $0.range.upperBound > left && TextTable.isYear($0.text.filter(\.isNumber)) }) { return true }
            }
            return false
        }
        while h > floor, b - h < 12 {
            let l = lines[h - 1]
            if blank(l) {
                if datedHeadingAbove(h - 1) || ruleAbove(h - 1) { h -= 1; continue }
                if sawYear || h - 1 == floor || blank(lines[h - 2]) { break }
                h -= 1
                continue
            }
            guard TextTable.dataValues(l) == nil, !TextTable.isProse(l) else { break }
            // A line with nothing over the value columns (a row label, a title) is not header, unless
            // it sits between the body and dated header lines ("Consolidated Earnings" under the years).
            guard let w = TextTable.words(l).last, w.range.upperBound > left || headerAbove(h - 1, dated: !sawYear) else { break }
            if TextTable.words(l).contains(where: { TextTable.isYear($0.text.filter(\.isNumber)) }) { sawYear = true }
            h -= 1
        }
        while h < b, blank(lines[h]) { h += 1 }
        headerStart = h
        bodyStart = b
    }

    /// A row label's first line wrapped onto the next, a value line ("Furniture and equipment (net
    /// of accumulated depreciation of $1,013,000" / "in 2004 and $775,000 in 2003)   596,000   710,000"):
    /// not running text, though it reads like it.
    static func wrapsLabel(_ lines: [[Character]], _ j: Int, before end: Int) -> Bool {
        guard j + 1 < end, let next = dataValues(lines[j + 1]), !next.label.trimmingSpaces.isEmpty else { return false }
        return !String(lines[j]).trimmingSpaces.hasSuffix(".")
    }

    /// A line of label text only: words, no value, no year, not running text ("Stockholders' equity:",
    /// "    par value; 10,000,000 shares").
    static func isLabelOnly(_ line: [Character]) -> Bool {
        let ws = words(line)
        return !ws.isEmpty && split(line) == nil && !isProse(line) && !ws.contains { isYear($0.text.filter(\.isNumber)) && $0.text.count <= 5 }
            && !ws.allSatisfy { isRule($0.text) } && !HTMLLayout.isEDGARTag(String(line))
    }

    /// A header line of the next table: years, and nothing else but words ("  2005    2004",
    /// "December 31, 2005   September 30, 2005").
    static func isYearHeading(_ line: [Character]) -> Bool {
        let ws = words(line)
        return dataValues(line) == nil && ws.filter({ isYear($0.text.filter(\.isNumber)) && $0.text.count <= 5 }).count >= 2
    }

    /// A line of running text: a sentence-like run of words with single spaces only.
    static func isProse(_ line: [Character]) -> Bool {
        let ws = words(line)
        guard ws.count >= 8 else { return false }
        for (a, b) in zip(ws, ws.dropFirst()) where b.range.lowerBound - a.range.upperBound >= 2 { return false }
        return true
    }

    /// Columns from the value cells of the body; nil when a cell overlaps two columns or a line has two
    /// cells in one column (the table is then too irregular to rearrange).
    init?(lines: [[Character]], body: Range<Int>) {
        headerStart = body.lowerBound
        bodyStart = body.lowerBound
        end = body.upperBound
        var spans: [Range<Int>] = []
        for n in body {
            guard let d = Self.dataValues(lines[n]) else { continue }
            for v in d.values { spans.append(v.range) }
        }
        spans.sort { $0.lowerBound < $1.lowerBound }
        var cols: [Range<Int>] = []
        for s in spans {
            if let l = cols.last, s.lowerBound < l.upperBound {
                cols[cols.count - 1] = l.lowerBound..<max(l.upperBound, s.upperBound)
            } else {
                cols.append(s)
            }
        }
        columns = cols
        for n in body {
            guard let d = Self.dataValues(lines[n]) else { continue }
            let idx = d.values.map { v in cols.firstIndex { $0.overlaps(v.range) } ?? -1 }
            if Set(idx).count != idx.count { return nil }
        }
    }

    /// The column index of a body value.
    func column(of r: Range<Int>) -> Int? { columns.firstIndex { $0.overlaps(r) } }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// The lines of a filing, with the part that is one plain-text document's body.
struct DocumentLines {
    let lines: [[Character]]
    /// Line ranges of the documents' bodies (between <TEXT> and </TEXT>, or the whole file).
    var documents: [Range<Int>]
    /// True for a document body that is HTML (has table cells or an <html> tag).
    var isHTML: [Bool]

    init(_ text: String) {
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines = raw.map { l in Array(l.last == "\r" ? l.dropLast() : l) }
        var docs: [Range<Int>] = []
        var start: Int?
        for (n, l) in lines.enumerated() {
            let s = String(l).uppercased()
            if s.hasPrefix("<TEXT>") { start = n + 1 }
            if s.hasPrefix("</TEXT>"), let b = start { docs.append(b..<n); start = nil }
        }
        if docs.isEmpty { docs = [0..<lines.count] }
        documents = docs
        let all = lines
        // The parser's test for markup, on the first 200 lines (EDGAR's <TABLE>, <S> and <C> are not HTML).
        let markers = ["<html", "<body", "<div", "<td", "<p>", "<p ", "<font", "<!doctype"]
        isHTML = docs.map { r in
            all[r].prefix(200).contains { l in
                let s = String(l).lowercased()
                return markers.contains { s.contains($0) }
            }
        }
        let found = zip(docs, isHTML).filter { !$0.1 }.flatMap { TextTable.find(all, in: $0.0) }
        tables = found
    }

    var text: String { lines.map { String($0) }.joined(separator: "\n") }

    /// The statement tables of the plain-text documents (found once, when the lines are read: every
    /// variant starts from them).
    private(set) var tables: [TextTable] = []
}
