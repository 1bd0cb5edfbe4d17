/// Column layouts of issue 12's list that move or annotate whole columns: the year-to-date or full-year
/// block printed before the quarter block (kind "columns.year-first"), the prior-year column headed
/// "As restated" (kind "columns.restated"), and a constant-currency change column beside the "% Change"
/// (kind "columns.constant-currency").
enum ColumnBlockVariants {
    /// A heading naming a quarter: "Three Months Ended", "Thirteen Weeks Ended", "Fourth Quarter".
    static func namesQuarter(_ heading: String) -> Bool {
        let s = heading.lowercased()
        return ["three months", "3 months", "thirteen weeks", "13 weeks", "twelve weeks", "12 weeks", "sixteen weeks", "16 weeks",
                "fourteen weeks", "14 weeks"].contains(where: s.contains)
            || s.contains("quarter") && !s.contains("quarters")
    }

    /// A heading naming a longer period: a year, six or nine months, 26 to 53 weeks.
    static func namesLongerPeriod(_ heading: String) -> Bool {
        let s = heading.lowercased()
        guard !namesQuarter(heading) else { return false }
        return ["year", "six months", "6 months", "nine months", "9 months", "twelve months", "12 months", "twenty-six", "26 weeks",
                "thirty-nine", "39 weeks", "fifty-two", "52 weeks", "fifty-three", "53 weeks"].contains(where: s.contains)
    }

    // MARK: columns.year-first

    /// The column blocks (`TableVariants.groups`; single columns with a period heading of their own)
    /// headed by a longer period moved before the first block headed by a quarter, in a table that has
    /// both and a year over every column.
    static func yearFirst(_ g: inout TextGrid) -> Bool {
        guard TableVariants.everyColumnDated(g) else { return false }
        let gs = TableVariants.groups(g)
        // A block's heading: the pieces over exactly its columns, top to bottom ("For the 13" over
        // "Weeks Ended"); a column alone counts as a block when it has its own ("Quarter Ended").
        func heading(_ grp: [Int]) -> String? {
            let text = g.spans.filter { Set($0.ids) == Set(grp) && !TextTable.isRule($0.text) && $0.text.contains(where: \.isLetter) }
                .sorted { $0.line < $1.line }.map(\.text).joined(separator: " ")
            return namesQuarter(text) || namesLongerPeriod(text) ? text : nil
        }
        let kinds = gs.map { grp -> Int in heading(grp).map { namesQuarter($0) ? 1 : 2 } ?? 0 }
        guard let q = kinds.firstIndex(of: 1), kinds[(q + 1)...].contains(2) else { return false }
        let longer = gs.indices.filter { $0 > q && kinds[$0] == 2 }
        var new = gs.indices.filter { $0 < q }.map { gs[$0] }
        new += longer.map { gs[$0] }
        new += gs.indices.filter { $0 >= q && !longer.contains($0) }.map { gs[$0] }
        g.order = new.flatMap { $0 }
        return true
    }

    /// The HTML table of `u[range]` with its first block headed by a longer period swapped with the
    /// quarter block before it: the heading row with a cell over several columns naming a quarter and a
    /// later one naming a longer period (`HTMLColumns.swap`, every row's cells moved with them).
    static func htmlYearFirst(_ u: [UInt8], _ range: Range<Int>) -> [UInt8]? {
        guard let rows = HTMLColumns.rows(u, range) else { return nil }
        for row in rows {
            let headings = row.cells.filter { $0.span > 1 }.map { (cell: $0, text: HTMLColumns.text(u, $0)) }
            guard let q = headings.first(where: { namesQuarter($0.text) }),
                  let y = headings.first(where: { $0.cell.col >= q.cell.end && namesLongerPeriod($0.text) }) else { continue }
            return HTMLColumns.swap(u, rows, q.cell.col..<q.cell.end, y.cell.col..<y.cell.end)
        }
        return nil
    }

    static func yearFirst(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        if let t = doc.rewritingTables({ g, _ in yearFirst(&g) }) { out.append(("", t)) }
        if let t = HTMLLayout.document(doc, change: { yearFirst(&$0) }) { out.append(("html", t)) }
        if let t = HTMLVariants.rewritingTableBytes(doc, { htmlYearFirst($0, 0..<$0.count) }) { out.append(("html blocks", t)) }
        return out
    }

    // MARK: columns.restated

    /// The year a column's own heading names ("2003", "June 30, 2003"), by column id.
    static func columnYears(_ g: TextGrid) -> [Int: (year: Int, line: Int)] {
        var out: [Int: (Int, Int)] = [:]
        for s in g.spans where s.ids.count == 1 {
            if let y = HTMLColumns.year(s.text) { out[s.ids[0]] = (y, s.line) }
        }
        return out
    }

    /// Every column of a year before the latest year headed, on a header line of its own under (or, when
    /// `above`, over) the years, by `heading` ("(As restated)", "Restated (1)").
    static func restated(_ g: inout TextGrid, heading: String, above: Bool) -> Bool {
        let years = columnYears(g)
        guard years.count == g.order.count, let latest = years.values.map(\.year).max(),
              let line = years.values.map(\.line).max() else { return false }
        let prior = g.order.filter { years[$0]!.year < latest }
        guard !prior.isEmpty else { return false }
        let k = above ? line : line + 1
        for i in g.spans.indices where g.spans[i].line >= k { g.spans[i].line += 1 }
        for id in prior { g.spans.append(TextGrid.Span(line: k, text: heading, ids: [id], indent: 0)) }
        g.headerLines += 1
        return true
    }

    static let restatedNote = "(1) Restated to reflect the adoption of a new accounting standard."

    /// "(As restated)" under each prior-year column's year; "Restated (1)" over it, with the footnote under
    /// the table; the first as HTML too.
    static func restated(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        if let t = doc.rewritingTables({ g, _ in restated(&g, heading: "(As restated)", above: false) }) { out.append(("as restated", t)) }
        let footnoted = doc.rewritingTables { g, _ in
            guard restated(&g, heading: "Restated (1)", above: true) else { return false }
            g.body += [TextGrid.BodyLine(label: "", cells: [:], rule: nil), TextGrid.BodyLine(label: restatedNote, cells: [:], rule: nil)]
            return true
        }
        if let t = footnoted { out.append(("restated (1)", t)) }
        if let t = HTMLLayout.document(doc, change: { restated(&$0, heading: "As Restated", above: false) }) { out.append(("html", t)) }
        let native = HTMLVariants.rewritingTableBytes(doc) { table in
            guard let marks = htmlRestated(table, 0..<table.count) else { return nil }
            var u = table
            for at in marks.reversed() { u.insert(contentsOf: Array("<br>(As restated)".utf8), at: at) }
            return u
        }
        if let t = native { out.append(("html cells", t)) }
        return out
    }

    /// Where "(As restated)" goes in the HTML table of `u[range]`: in the first row with two or more
    /// year headings, before the closing tag of each cell of a year before the latest; nil when none.
    static func htmlRestated(_ u: [UInt8], _ range: Range<Int>) -> [Int]? {
        guard let rows = HTMLColumns.rows(u, range) else { return nil }
        for row in rows {
            let dated = row.cells.compactMap { c in HTMLColumns.year(HTMLColumns.text(u, c)).map { (cell: c, year: $0) } }
            guard dated.count >= 2 else { continue }
            let latest = dated.map(\.year).max()!
            let marks = dated.filter { $0.year < latest }.map { d in
                // The cell's closing tag, else its end.
                d.cell.bytes.reversed().first { i in HTMLColumns.matches(u, i, "</td") || HTMLColumns.matches(u, i, "</th") } ?? d.cell.bytes.upperBound
            }
            return marks.isEmpty ? nil : marks.sorted()
        }
        return nil
    }

    // MARK: columns.constant-currency

    /// A "% Change" column after each block (`TableVariants.addChange`) and after it one more, the change
    /// in constant currency (the "% Change" one point lower; "nm" stays), headed `heading`.
    static func addConstantCurrency(_ g: inout TextGrid, heading: String) -> Bool {
        let before = Set(g.order)
        guard TableVariants.addChange(&g, .percent) else { return false }
        var next = (g.order.max() ?? 0) + 1
        for id in g.order where !before.contains(id) {
            let cc = next
            next += 1
            for n in g.body.indices {
                guard let c = g.body[n].cells[id] else { continue }
                g.body[n].cells[cc] = c.hasSuffix("%") ? Double(c.dropLast()).map { String(format1: $0 - 1) + "%" } ?? c : c
            }
            g.spans.append(TextGrid.Span(line: TableVariants.headingLine(g), text: heading, ids: [cc], indent: 0))
            g.order.insert(cc, at: g.order.firstIndex(of: id)! + 1)
        }
        return true
    }

    static func constantCurrency(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        if let t = doc.rewritingTables({ g, _ in addConstantCurrency(&g, heading: "Constant Currency") }) { out.append(("", t)) }
        if let t = HTMLLayout.document(doc, change: { addConstantCurrency(&$0, heading: "% Change in constant currency") }) { out.append(("html", t)) }
        return out
    }
}
