/// Column-header dates rewritten in other formats, one variant per format: "June 30, 2003" as
/// "Jun. 30, 2003", "6/30/03", "06/30/2003", "30-Jun-03", "JUNE 30, 2003". A month-day piece with its
/// year printed under it keeps the two lines in the month-name formats and becomes one numeric date on
/// the upper line in the others.
enum DateVariants {
    static func all(_ doc: DocumentLines) -> [(String, String)] {
        DateText.Format.allCases.compactMap { f in
            let text = doc.rewritingTables { g, _ in rewrite(&g, f) }
                ?? HTMLDates.rewrite(doc, f)
            return text.map { (f.name, $0) }
        }
    }

    /// Rewrites the dates of a grid's header; false when it has none that change.
    static func rewrite(_ g: inout TextGrid, _ f: DateText.Format) -> Bool {
        var changed = false
        var drop: Set<Int> = []
        for i in g.spans.indices where !g.spans[i].ids.isEmpty {
            guard let d = DateText.parse(g.spans[i].text) else { continue }
            var year = d.year
            var below: Int?
            if year == nil, let j = g.spans.indices.first(where: { g.spans[$0].line == g.spans[i].line + 1 && g.spans[$0].ids == g.spans[i].ids }),
               TextTable.isYear(g.spans[j].text) {
                below = j
                year = Int(g.spans[j].text)
            }
            let keepsYearBelow = below != nil && f.text(month: d.month, day: d.day, year: nil) != nil
            guard let y = year, let new = f.text(month: d.month, day: d.day, year: keepsYearBelow ? nil : y) else { continue }
            let text = d.rest.isEmpty ? new : new + " " + d.rest
            if text != g.spans[i].text { g.spans[i].text = text; changed = true }
            if let j = below, !keepsYearBelow { drop.insert(j); changed = true }
        }
        g.spans = g.spans.indices.filter { !drop.contains($0) }.map { g.spans[$0] }
        g.dropEmptyHeaderLines()
        return changed
    }
}

/// The same rewriting in the table cells of HTML documents ("June 30, 2003" in one cell, or
/// "November 2,<br>2024" over two lines, which becomes one line).
enum HTMLDates {
    static func rewrite(_ doc: DocumentLines, _ f: DateText.Format) -> String? {
        let text = HTMLVariants.rewritingDocuments(doc) { html in joiningBrokenDates(html) { m, d, y in f.text(month: m, day: d, year: y) } }
        return HTMLCells.rewritingTableText(text.map(DocumentLines.init) ?? doc) { text in
            guard let d = DateText.parse(text.trimmingSpaces), let y = d.year, let new = f.text(month: d.month, day: d.day, year: y) else { return nil }
            let out = d.rest.isEmpty ? new : new + " " + d.rest
            return out == text.trimmingSpaces ? nil : out
        } ?? text
    }

    /// `html` with every date in a table printed over two lines, month and day before a line break
    /// and the year after it ("November 2,<br>2024"), replaced by `write(month, day, year)` on one line;
    /// nil when there is none.
    static func joiningBrokenDates(_ html: String, _ write: (Int, Int, Int) -> String?) -> String? {
        var out = html
        for r in HTMLVariants.tables(html).reversed() {
            var t = String(html[r])
            var from = t.startIndex
            while let br = t.range(of: "<br", options: .caseInsensitive, range: from..<t.endIndex) {
                from = br.upperBound
                guard let gt = t[br.upperBound...].firstIndex(of: ">") else { break }
                let before = t[..<br.lowerBound]
                let runStart = before.lastIndex(of: ">").map { t.index(after: $0) } ?? t.startIndex
                let afterStart = t.index(after: gt)
                let afterEnd = t[afterStart...].firstIndex(of: "<") ?? t.endIndex
                let year = HTMLCells.decodedSpaces(String(t[afterStart..<afterEnd])).trimmingSpaces
                guard let d = DateText.parse(HTMLCells.decodedSpaces(String(t[runStart..<br.lowerBound])).trimmingSpaces),
                      d.year == nil, d.rest.isEmpty, TextTable.isYear(year), let y = Int(year),
                      let new = write(d.month, d.day, y) else { continue }
                t.replaceSubrange(runStart..<afterEnd, with: HTMLLayout.escaped(new))
                from = t.startIndex
            }
            out.replaceSubrange(r, with: t)
        }
        return out == html ? nil : out
    }
}
