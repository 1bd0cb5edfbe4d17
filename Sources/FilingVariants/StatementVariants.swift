/// Variants of where a text statement starts and stops: split over a page break in the middle of its
/// body, the title and column headings repeated with "(continued)" (kind "table.page-break"); and its
/// title left out, the table known by its rows alone (kind "statement.untitled").
enum StatementVariants {
    /// Words of a statement title ("Consolidated Statements of Operations", "BALANCE SHEETS").
    static let titleWords = ["statement", "balance sheet", "operations", "income", "earnings", "financial condition", "financial position"]

    /// Words that make a title line more than a title: a period, a scale or a basis. Such a line stays.
    static let notOnlyTitle = ["month", "week", "quarter", "year", "ended", "thousand", "million", "billion", "pro forma", "gaap",
                               "adjusted", "excluding", "before", "managed", "as reported", "restated", "segment", "unaudited)", "(",
                               "non-", "supplement", "reconcil", "selected", "highlights", "summary", "other", "comprehensive"]

    /// The line of a table's statement title: within the eight lines above its header (not past the
    /// table before it or a value line), centred or at the margin, naming a statement.
    static func titleLine(_ lines: [[Character]], _ t: TextTable, floor: Int) -> Int? {
        var n = t.headerStart - 1
        while n >= max(floor, t.headerStart - 8) {
            let l = lines[n]
            if TextTable.dataValues(l) != nil || TextTable.isProse(l) { return nil }
            let s = String(l).lowercased().trimmingSpaces
            if !s.isEmpty, s.count <= 70, titleWords.contains(where: s.contains), !s.hasSuffix(".") { return n }
            n -= 1
        }
        return nil
    }

    /// True when the title line names the statement and nothing else (no period, scale or basis).
    static func isTitleOnly(_ line: String) -> Bool {
        let s = line.lowercased()
        return !notOnlyTitle.contains(where: s.contains) && !s.contains(where: \.isNumber)
            && !s.split(separator: " ").contains { DateText.isMonth(String($0)) }
    }

    /// Each table's statement title removed (where it names nothing but the statement); one variant
    /// for all tables, one for the first table that has such a title.
    static func untitled(_ doc: DocumentLines) -> [(String, String)] {
        let tables = doc.tables
        var titles: [Int] = []
        for (k, t) in tables.enumerated() {
            let floor = k > 0 ? tables[k - 1].end : 0
            if let n = titleLine(doc.lines, t, floor: floor), isTitleOnly(String(doc.lines[n])) { titles.append(n) }
        }
        guard !titles.isEmpty else { return [] }
        func without(_ drop: [Int]) -> String {
            var lines = doc.lines.map { String($0) }
            for n in drop.sorted(by: >) { lines.remove(at: n) }
            return lines.joined(separator: "\n")
        }
        var out = [("every title", without(titles))]
        if titles.count > 1 { out.append(("first title", without([titles[0]]))) }
        return out
    }

    enum Break: String, CaseIterable {
        /// The title block repeated with its scale note.
        case formFeed = "form feed", page = "<PAGE>"
        /// The title alone repeated (the scale note only on the first page).
        case pageTitleOnly = "<PAGE> title only"
    }

    /// The body line to break before: the one nearest the middle of the body whose line above is a
    /// value line and which is a value line or a heading at the margin, with two value lines at least
    /// on each side; nil for a table too short to break.
    static func breakLine(_ lines: [[Character]], _ t: TextTable) -> Int? {
        let values = (t.bodyStart..<t.end).filter { TextTable.dataValues(lines[$0]) != nil }
        guard values.count >= 6 else { return nil }
        let candidates = (t.bodyStart + 1..<t.end).filter { n in
            TextTable.dataValues(lines[n - 1]) != nil && !TextTable.words(lines[n - 1]).allSatisfy { TextTable.isRule($0.text) }
                && (TextTable.dataValues(lines[n]) != nil || TextTable.isLabelOnly(lines[n]) && lines[n].first != " ")
                && values.filter { $0 < n }.count >= 2 && values.filter { $0 >= n }.count >= 2
                && !String(lines[n]).trimmingSpaces.lowercased().hasPrefix("total")
        }
        let middle = (t.bodyStart + t.end) / 2
        return candidates.min { abs($0 - middle) < abs($1 - middle) }
    }

    /// True when line `n` is inside an EDGAR <TABLE> element (a "<TABLE>" line above it before any
    /// "</TABLE>").
    static func insideEDGARTable(_ lines: [[Character]], _ n: Int, floor: Int) -> Bool {
        var k = n - 1
        while k >= floor {
            let s = String(lines[k]).trimmingSpaces.uppercased()
            if s.hasPrefix("</TABLE") { return false }
            if s.hasPrefix("<TABLE") { return true }
            k -= 1
        }
        return false
    }

    /// Every table with a statement title and a body long enough broken once near its middle: the page
    /// ends ("- 7 -" and "<PAGE>", or a form feed), the next page starts with the title followed by
    /// "(continued)" and the column headings as printed, then the rest of the body.
    static func pageBreak(_ doc: DocumentLines, _ kind: Break) -> String? {
        let tables = doc.tables
        var lines = doc.lines.map { String($0) }
        var changed = false
        for (k, t) in tables.enumerated().reversed() {
            let floor = k > 0 ? tables[k - 1].end : 0
            guard let title = titleLine(doc.lines, t, floor: floor), let n = breakLine(doc.lines, t) else { continue }
            let titleText = lines[title]
            let indent = titleText.prefix { $0 == " " }
            var page: [String] = [""]
            let edgar = insideEDGARTable(doc.lines, n, floor: floor)
            if edgar { page.append("</TABLE>") }
            switch kind {
            case .formFeed: page += ["\u{0C}"]
            case .page, .pageTitleOnly: page += ["", String(repeating: " ", count: 36) + "- \(k + 2) -", "<PAGE>"]
            }
            page += ["", String(indent) + titleText.trimmingSpaces + " (continued)"]
            if kind != .pageTitleOnly, let s = ScaleVariants.note(doc.lines, t, after: floor) { page.append(lines[s]) }
            page.append("")
            if edgar { page.append("<TABLE>") }
            page += lines[t.headerStart..<t.bodyStart]
            lines.insert(contentsOf: page, at: n)
            changed = true
        }
        return changed ? lines.joined(separator: "\n") : nil
    }

    static func pageBreaks(_ doc: DocumentLines) -> [(String, String)] {
        Break.allCases.compactMap { b in pageBreak(doc, b).map { (b.rawValue, $0) } }
    }
}
