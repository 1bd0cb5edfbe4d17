import FilingParser

/// Column headings that name their period in other words (kind "header.period"): "Three Months Ended"
/// as "3 Mos. Ended", "Quarter Ended" or (only where every three-month column the parser read lasts 91
/// days) "13 Weeks Ended"; "Thirteen Weeks" as "13 Weeks"; "Year Ended" as "Twelve Months Ended"; and,
/// where the SEC header gives a fiscal year ending on a month's last day, a quarter block headed
/// "Fourth Quarter" over its years, or each column headed "Q3 FY04".
enum PeriodVariants {
    /// One rewording: phrases (lower case) and what each becomes, as printed in title case.
    struct Rewording {
        var name: String
        var phrases: [(from: String, to: String)]
    }

    static let abbreviated = Rewording(name: "abbreviated", phrases: [
        ("three months", "3 Mos."), ("six months", "6 Mos."), ("nine months", "9 Mos."), ("twelve months", "12 Mos."),
    ])
    static let quarter = Rewording(name: "quarter", phrases: [
        ("three months", "Quarter"), ("thirteen weeks", "Quarter"), ("13 weeks", "Quarter"),
    ])
    static let weekNumbers = Rewording(name: "week numbers", phrases: [
        ("thirteen weeks", "13 Weeks"), ("13 weeks", "Thirteen Weeks"), ("twenty-six weeks", "26 Weeks"), ("26 weeks", "Twenty-Six Weeks"),
        ("thirty-nine weeks", "39 Weeks"), ("39 weeks", "Thirty-Nine Weeks"), ("fifty-two weeks", "52 Weeks"), ("52 weeks", "Fifty-Two Weeks"),
    ])
    static let thirteenWeeks = Rewording(name: "13 weeks", phrases: [("three months", "13 Weeks")])
    static let twelveMonths = Rewording(name: "twelve months", phrases: [("year ended", "Twelve Months Ended"), ("twelve months ended", "Year Ended")])

    static func all(_ doc: DocumentLines, text: String) -> [(String, String)] {
        var rewordings = [abbreviated, quarter, weekNumbers, twelveMonths]
        if threeMonthsAreThirteenWeeks(FilingParser.parse(text)) { rewordings.append(thirteenWeeks) }
        var out: [(String, String)] = rewordings.compactMap { r in
            let t = doc.rewritingTables { g, _ in reword(&g, r) }
                ?? HTMLCells.rewritingTableText(doc) { run in reworded(run.trimmingSpaces, r).map(HTMLLayout.escaped) }
            return t.map { (r.name, $0) }
        }
        if let fye = fiscalYearEnd(doc) {
            if let t = doc.rewritingTables({ g, _ in fiscalQuarters(&g, fye, style: .fourthQuarter) }) { out.append(("fourth quarter", t)) }
            if let t = doc.rewritingTables({ g, _ in fiscalQuarters(&g, fye, style: .quarterAndFiscalYear(digits: 2)) }) { out.append(("Qn FYyy", t)) }
            if let t = doc.rewritingTables({ g, _ in fiscalQuarters(&g, fye, style: .quarterAndFiscalYear(digits: 4)) }) { out.append(("Qn FYyyyy", t)) }
        }
        return out
    }

    /// True when the parser read at least one column headed "three months", and every such column as a
    /// period of exactly 91 days (13 weeks): only then is "13 Weeks Ended" the same period.
    static func threeMonthsAreThirteenWeeks(_ parsed: ParsedFiling) -> Bool {
        let columns = parsed.statements.flatMap(\.columns).filter { $0.heading.lowercased().contains("three months") }
        guard !columns.isEmpty else { return false }
        return columns.allSatisfy { c in
            guard let s = c.period?.start.flatMap(DayNumber.init(iso:)), let e = c.period?.end.flatMap(DayNumber.init(iso:)) else { return false }
            return e.value - s.value + 1 == 91
        }
    }

    /// `text` with the first phrase of `r` it holds (whole words, any case) replaced, in upper case when
    /// the text has no lower-case letter; nil when it holds none.
    static func reworded(_ text: String, _ r: Rewording) -> String? {
        let lower = text.lowercased()
        for (from, to) in r.phrases {
            guard let range = lower.range(of: from) else { continue }
            let before = lower[..<range.lowerBound].last, after = lower[range.upperBound...].first
            if before.map({ $0.isLetter || $0 == "-" }) == true || after.map({ $0.isLetter || $0 == "-" }) == true { continue }
            // `lower` and `text` have the same characters at the same offsets for the ASCII phrases.
            let a = lower.distance(from: lower.startIndex, to: range.lowerBound), n = from.count
            let start = text.index(text.startIndex, offsetBy: a), end = text.index(start, offsetBy: n)
            let upper = !text.contains(where: \.isLowercase)
            return text[..<start] + (upper ? to.uppercased() : to) + text[end...]
        }
        return nil
    }

    /// Rewords the column headings of a grid; false when none changed.
    static func reword(_ g: inout TextGrid, _ r: Rewording) -> Bool {
        var changed = false
        for i in g.spans.indices where !g.spans[i].ids.isEmpty {
            if let new = reworded(g.spans[i].text, r) { g.spans[i].text = new; changed = true }
        }
        return changed
    }

    /// The fiscal year end (month, day) of the SEC header ("FISCAL YEAR END: 0930") when it is a month's
    /// last day (quarters of three calendar months); nil otherwise.
    static func fiscalYearEnd(_ doc: DocumentLines) -> (month: Int, day: Int)? {
        for l in doc.lines.prefix(200) {
            let s = String(l)
            guard let r = s.range(of: "FISCAL YEAR END:") else { continue }
            let digits = s[r.upperBound...].filter(\.isNumber)
            guard digits.count == 4, let m = Int(digits.prefix(2)), let d = Int(digits.suffix(2)), (1...12).contains(m),
                  d == DateText.lastDay(month: m, year: 2001) else { return nil }
            return (m, d)
        }
        return nil
    }

    enum FiscalStyle: Equatable { case fourthQuarter, quarterAndFiscalYear(digits: Int) }

    /// Quarter blocks headed by fiscal quarter instead of date. A block: a heading over two or more
    /// columns naming three months or a quarter (and maybe the month and day), optionally a month-day
    /// heading over the same columns, and a year alone over each column, with nothing else over them.
    /// `.fourthQuarter`: "Fourth Quarter" over the years, when every column ends the fiscal year.
    /// `.quarterAndFiscalYear`: each year replaced by "Q3 FY04" or "Q3 FY2004" (the fiscal year the
    /// quarter falls in).
    static func fiscalQuarters(_ g: inout TextGrid, _ fye: (month: Int, day: Int), style: FiscalStyle) -> Bool {
        var changed = false
        // One block per pass (the spans change), at most eight blocks.
        for _ in 0..<8 {
            guard rewriteOneBlock(&g, fye, style: style) else { break }
            changed = true
        }
        guard changed else { return false }
        g.dropEmptyHeaderLines()
        return true
    }

    static func rewriteOneBlock(_ g: inout TextGrid, _ fye: (month: Int, day: Int), style: FiscalStyle) -> Bool {
        for p in g.spans.indices where g.spans[p].ids.count >= 2 {
            let ids = g.spans[p].ids
            let lower = g.spans[p].text.lowercased()
            guard lower.contains("three months") || lower.contains("quarter") && !lower.contains("quarters") else { continue }
            let over = g.spans.indices.filter { i in i != p && !TextTable.isRule(g.spans[i].text) && !Set(g.spans[i].ids).isDisjoint(with: ids) }
            let years = over.filter { g.spans[$0].ids.count == 1 && TextTable.isYear(g.spans[$0].text) }
            // Month-day headings without a year, over the block or over one column each.
            let dates = over.filter { i in
                !years.contains(i) && (g.spans[i].ids == ids || g.spans[i].ids.count == 1)
                    && DateText.parse(g.spans[i].text).map { $0.year == nil && $0.rest.isEmpty } == true
            }
            guard dates.count + years.count == over.count, years.count == ids.count,
                  Set(years.flatMap { g.spans[$0].ids }) == Set(ids) else { continue }
            // The month and day: in the heading or the lines under it (the same for every column), never
            // in both or neither.
            let fromHeading = DateText.parse(String(g.spans[p].text.drop { !$0.isLetter }.split(separator: " ").suffix(2).joined(separator: " ")))
            let fromLines = Set(dates.compactMap { DateText.parse(g.spans[$0].text).map { [$0.month, $0.day] } })
            guard fromLines.count <= 1, (fromLines.isEmpty) != (fromHeading == nil) else { continue }
            guard let md = fromLines.first ?? fromHeading.map({ [$0.month, $0.day] }), fromHeading?.year == nil,
                  fromHeading.map({ _ in lower.hasSuffix(",") || lower.last?.isNumber == true }) ?? true else { continue }
            let d = (month: md[0], day: md[1])
            guard d.day == DateText.lastDay(month: d.month, year: 2001) || d.month == 2 && d.day == 29 else { continue }
            let back = (fye.month - d.month + 12) % 12
            guard back % 3 == 0 else { continue }
            let q = 4 - back / 3
            switch style {
            case .fourthQuarter:
                guard q == 4 else { continue }
                g.spans[p].text = isUpper(g.spans[p].text) ? "FOURTH QUARTER" : "Fourth Quarter"
                let removed = dates.map { g.spans[$0] }
                g.spans.removeAll { s in removed.contains { $0.line == s.line && $0.ids == s.ids && $0.text == s.text } }
            case .quarterAndFiscalYear(let digits):
                for y in years {
                    guard let year = Int(g.spans[y].text) else { continue }
                    let fiscal = d.month > fye.month ? year + 1 : year
                    g.spans[y].text = "Q\(q) FY" + String(String(fiscal).suffix(digits))
                }
                // The rule under the block's heading goes with it.
                let rules = g.spans.indices.filter { TextTable.isRule(g.spans[$0].text) && g.spans[$0].ids == ids }
                let drop = Set(dates + [p] + rules)
                let removed = drop.map { g.spans[$0] }
                g.spans.removeAll { s in removed.contains { $0.line == s.line && $0.ids == s.ids && $0.text == s.text } }
            }
            return true
        }
        return false
    }

    static func isUpper(_ s: String) -> Bool { !s.contains(where: \.isLowercase) }
}
