/// The year on a row of its own (kind "header.year-row"): columns dated "June 30, 2004" / "June 30, 2003"
/// printed as one "June 30," centred over the columns that share it with the years on the row under
/// it; and the reverse, a month-day heading over a block with a year under each column printed as one
/// full date per column.
enum YearRowVariants {
    /// Header line `k`'s full dates over one column each, split: runs of neighbouring columns with the
    /// same month and day share one month-day heading over them, each other column gets its own; the
    /// years go on a new line under it. False unless a run of two or more columns shares a date.
    static func sharedMonthDay(_ g: inout TextGrid) -> Bool {
        for k in 0..<g.headerLines {
            var dated: [Int: (span: Int, md: String, year: String)] = [:]
            for (i, s) in g.spans.enumerated() where s.line == k && s.ids.count == 1 {
                guard let d = DateText.parse(s.text), d.year != nil, d.rest.isEmpty, let sp = s.text.lastIndex(of: " ") else { continue }
                dated[s.ids[0]] = (i, String(s.text[..<sp]), String(s.text[s.text.index(after: sp)...]))
            }
            guard dated.count >= 2 else { continue }
            // Runs of neighbouring dated columns with the same month-day text.
            var runs: [[Int]] = []
            for id in g.order {
                guard let d = dated[id] else { continue }
                if let last = runs.last?.last, let ld = dated[last], ld.md == d.md, g.order.firstIndex(of: last)! + 1 == g.order.firstIndex(of: id)! {
                    runs[runs.count - 1].append(id)
                } else {
                    runs.append([id])
                }
            }
            guard runs.contains(where: { $0.count > 1 }) else { continue }
            for i in g.spans.indices where g.spans[i].line > k { g.spans[i].line += 1 }
            let drop = Set(dated.values.map(\.span))
            var spans = g.spans.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
            for run in runs {
                spans.append(TextGrid.Span(line: k, text: dated[run[0]]!.md, ids: run, indent: 0))
                for id in run { spans.append(TextGrid.Span(line: k + 1, text: dated[id]!.year, ids: [id], indent: 0)) }
            }
            g.spans = spans
            g.headerLines += 1
            return true
        }
        return false
    }

    /// A month-day heading over two or more columns ("December 31,") with a year alone over each of
    /// them on a later line: each year becomes the full date ("December 31, 2004") and the month-day
    /// heading goes (its line too when nothing else is on it).
    static func fullDates(_ g: inout TextGrid) -> Bool {
        var changed = false
        for p in g.spans.indices.reversed() where g.spans[p].ids.count >= 2 {
            let s = g.spans[p]
            guard let d = DateText.parse(s.text), d.year == nil, d.rest.isEmpty else { continue }
            let years = s.ids.map { id in g.spans.indices.first { g.spans[$0].line > s.line && g.spans[$0].ids == [id] && TextTable.isYear(g.spans[$0].text) } }
            guard years.allSatisfy({ $0 != nil }) else { continue }
            let md = s.text.hasSuffix(",") ? s.text : s.text + ","
            for y in years { g.spans[y!].text = md + " " + g.spans[y!].text }
            g.spans.remove(at: p)
            changed = true
        }
        guard changed else { return false }
        g.dropEmptyHeaderLines()
        return true
    }

    static func all(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        if let t = doc.rewritingTables({ g, _ in sharedMonthDay(&g) }) { out.append(("shared month-day", t)) }
        if let t = HTMLLayout.document(doc, change: { sharedMonthDay(&$0) }) { out.append(("html shared month-day", t)) }
        if let t = doc.rewritingTables({ g, _ in fullDates(&g) }) { out.append(("full dates", t)) }
        if let t = HTMLLayout.document(doc, change: { fullDates(&$0) }) { out.append(("html full dates", t)) }
        return out
    }
}
