/// Variants of where a text statement starts and stops: split over a page break in the middle of its
/// body, the title and column headings repeated with "(continued)" (kind "table.page-break"); and its
/// title left out, the table known by its rows alone (kind "statement.untitled").
enum StatementVariants {
    /// Words of a statement title ("Consolidated Statements of Operations", "BALANCE SHEETS").
    static let titleWords = ["statement", "balance sheet", "financial condition", "financial position", "results of operations"]

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
        guard !titles.isEmpty else { return htmlUntitled(doc) }
        func without(_ drop: [Int]) -> String {
            var lines = doc.lines.map { String($0) }
            for n in drop.sorted(by: >) { lines.remove(at: n) }
            return lines.joined(separator: "\n")
        }
        var out = [("every title", without(titles))]
        if titles.count > 1 { out.append(("first title", without([titles[0]]))) }
        return out
    }

    /// Each table of `html` with the statement title before it: the last text run after the table
    /// before it that names a statement (at most 90 characters, not a sentence), within 3000 characters
    /// of markup of the table.
    static func htmlTitles(_ html: String) -> [(table: Range<String.Index>, title: (text: String, range: Range<String.Index>))] {
        var out: [(Range<String.Index>, (text: String, range: Range<String.Index>))] = []
        var floor = html.startIndex
        let runs = HTMLVariants.runs(html)
        for t in HTMLVariants.tables(html) {
            defer { floor = t.upperBound }
            guard let title = runs.last(where: { r in
                guard r.range.lowerBound >= floor, r.range.upperBound <= t.lowerBound else { return false }
                let s = HTMLCells.decodedSpaces(r.text).trimmingSpaces.lowercased()
                return !s.isEmpty && s.count <= 90 && titleWords.contains(where: s.contains) && !s.hasSuffix(".")
            }), html.distance(from: title.range.upperBound, to: t.lowerBound) < 3000 else { continue }
            out.append((t, title))
        }
        return out
    }

    /// The same in HTML documents: each table's title run (`htmlTitles`) that names a statement and
    /// nothing else, left out.
    static func htmlUntitled(_ doc: DocumentLines) -> [(String, String)] {
        let text = HTMLVariants.rewritingDocuments(doc) { html in
            let drop = htmlTitles(html).map(\.title).filter { isTitleOnly(HTMLCells.decodedSpaces($0.text)) }.map(\.range)
            guard !drop.isEmpty else { return nil }
            var out = html
            for r in drop.reversed() { out.replaceSubrange(r, with: "") }
            return out
        }
        return text.map { [("html every title", $0)] } ?? []
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
            + (HTMLVariants.rewritingDocuments(doc, htmlPageBreak).map { [("html", $0)] } ?? [])
    }

    /// The scale note printed between an HTML title run and its table, as text; nil when none.
    static func scaleNote(_ html: String, title: Range<String.Index>, table t: Range<String.Index>) -> String? {
        HTMLVariants.runs(String(html[title.upperBound..<t.lowerBound])).last(where: { r in
            let text = HTMLCells.decodedSpaces(r.text)
            // A long note too ("(In millions, except number of shares, which are reflected in thousands, ...)").
            return ["thousands", "millions", "billions"].contains(where: text.lowercased().contains) && text.count < 200 && HTMLVariants.isNoteOnly(text)
        }).map { HTMLCells.decodedSpaces($0.text).trimmingSpaces }
    }

    /// The HTML form (title and scale note repeated): each table with a statement title before it
    /// (`htmlTitles`) and six
    /// value rows or more closed before the body row nearest its middle (two value rows at least on each
    /// side, not a total), followed by the title with "(continued)" in a paragraph (and the scale note
    /// printed between title and table, if any) and a new table that
    /// opens with the heading rows (those above the first value row and its section headings) repeated.
    static func htmlPageBreak(_ html: String) -> String? {
        var u = Array(html.utf8)
        var changed = false
        var edits: [(at: Int, text: [UInt8])] = []
        for (t, title) in htmlTitles(html) {
            let start = html.utf8.distance(from: html.startIndex, to: t.lowerBound)
            let end = html.utf8.distance(from: html.startIndex, to: t.upperBound)
            guard let rows = HTMLColumns.rows(u, start..<end), let openEnd = u[start..<end].firstIndex(of: UInt8(ascii: ">")) else { continue }
            // Each row's start: its "<tr".
            var rowStarts: [Int] = []
            for i in start..<end where HTMLColumns.matches(u, i, "<tr") && !HTMLColumns.matches(u, i, "<track") { rowStarts.append(i) }
            guard rowStarts.count == rows.count else { continue }
            func isValueRow(_ r: HTMLColumns.Row) -> Bool {
                let texts = r.cells.map { HTMLColumns.text(u, $0) }
                return texts.first.map { $0.contains(where: \.isLetter) } == true && texts.dropFirst().contains { TextTable.isValue($0) && $0.contains(where: \.isNumber) }
            }
            let values = rows.indices.filter { isValueRow(rows[$0]) }
            guard values.count >= 6, let firstValue = values.first, firstValue > 0 else { continue }
            let candidates = values.filter { k in
                k > firstValue && isValueRow(rows[k - 1]) && values.filter { $0 < k }.count >= 2 && values.filter { $0 >= k }.count >= 2
                    && !(rows[k].cells.first.map { HTMLColumns.text(u, $0).lowercased().hasPrefix("total") } ?? true)
            }
            let middle = (values.first! + values.last!) / 2
            guard let k = candidates.min(by: { abs($0 - middle) < abs($1 - middle) }) else { continue }
            // Section headings right above the first value row ("Net sales:") are body, not heading.
            var headerEnd = firstValue
            while headerEnd > 0, let f = rows[headerEnd - 1].cells.first, HTMLColumns.text(u, f).contains(where: \.isLetter),
                  rows[headerEnd - 1].cells.dropFirst().allSatisfy({ HTMLColumns.text(u, $0).isEmpty }) { headerEnd -= 1 }
            guard headerEnd > 0 else { continue }
            let heading = HTMLLayout.escaped(HTMLCells.decodedSpaces(title.text).trimmingSpaces) + " (continued)"
            var insert = Array("</table>\n<p>&nbsp;</p>\n<p style=\"page-break-before:always\">\(heading)</p>\n".utf8)
            // The scale note between the title and the table, repeated under the title.
            if let note = scaleNote(html, title: title.range, table: t) {
                insert += Array("<p>\(HTMLLayout.escaped(note))</p>\n".utf8)
            }
            insert += u[start...openEnd]
            insert += u[rowStarts[0]..<rowStarts[headerEnd]]
            edits.append((rowStarts[k], insert))
            changed = true
        }
        guard changed else { return nil }
        for e in edits.reversed() { u.insert(contentsOf: e.text, at: e.at) }
        return String(decoding: u, as: UTF8.self)
    }
}
