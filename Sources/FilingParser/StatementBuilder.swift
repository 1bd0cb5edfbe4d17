import Foundation

/// A `Statement` plus what the fact extraction needs to know about it.
struct BuiltStatement {
    var statement: Statement
    var columns: [ColumnMeaning]
    /// The scale was printed (otherwise it may be inferred from the press-release text).
    var explicitScale: Bool
    /// Share counts use the same scale as money ("in thousands, except per share data").
    var sharesScaled: Bool
    /// False for tables of kilowatt-hours, units and the like.
    var monetary: Bool
    /// Concepts per row (empty when unmapped).
    var rowConcepts: [[String]]
    /// Basis stated by the row label, if any.
    var rowBases: [String?]
    /// Scale stated in the row label ("Average shares (in millions)"), if any.
    var rowScales: [Double?]
}

/// Scale and unit notes such as "(In thousands, except per share data)".
struct ScaleNote: Equatable {
    var scale: Double = 1
    var explicit = false
    var sharesScaled = true
    var monetary = true

    init() {}

    private static let patterns: [(String, Double)] = [
        ("in thousands", 1e3), ("in 000s", 1e3), ("in 000's", 1e3), ("in $000s", 1e3), ("in $000's", 1e3),
        ("($000)", 1e3), ("($000s)", 1e3), ("($000's)", 1e3), ("(000s)", 1e3), ("(000's)", 1e3), ("000's omitted", 1e3),
        ("000s omitted", 1e3), ("thousands of dollars", 1e3), ("thousands of u.s. dollars", 1e3), ("dollars in thousands", 1e3),
        ("$ thousands", 1e3), ("000 omitted", 1e3), ("(thousands", 1e3), ("in $ thousands", 1e3), ("(millions", 1e6),
        ("in $ millions", 1e6), ("in millions", 1e6), ("millions of dollars", 1e6), ("dollars in millions", 1e6),
        ("$ millions", 1e6), ("($ millions)", 1e6), ("in billions", 1e9), ("billions of dollars", 1e9),
    ]

    init(_ text: String) {
        let t = text.lowercased()
        var best: (offset: Int, length: Int, scale: Double)?
        for (p, s) in ScaleNote.patterns {
            guard let o = t.utf8Offset(of: p) else { continue }
            if let b = best, b.offset <= o { continue }
            best = (o, p.utf8.count, s)
        }
        guard let b = best else { return }
        scale = b.scale
        explicit = true
        let after = String(decoding: t.utf8.dropFirst(b.offset + b.length), as: UTF8.self).trimmingSpaces
        if after.hasPrefix("of ") {
            let unit = after.dropFirst(3).prefix(while: { $0.isLetter || $0 == "." || $0 == "$" })
            if !["dollars", "u.s", "u.s.", "us", "usd", "$"].contains(String(unit)) && !unit.isEmpty {
                monetary = false
            }
        }
        if t.has("except share") || t.has("except for share") || t.has("except number of shares")
            || t.has("except per share and share") || t.has("except share and per share")
            || t.has("except per share amounts and share") || t.has("except shares") {
            sharesScaled = false
        }
    }
}

enum StatementBuilder {
    static func build(_ raw: RawTable, fiscalYearEnd: (Int, Int)?) -> BuiltStatement? {
        let headerLabel = raw.headerLabelTexts.joined(separator: " ")
        let candidates = raw.contextLines + raw.headerLabelTexts
        let title = chooseTitle(candidates)
        let titleLower = title.lowercased()
        let note = ScaleNote((candidates + raw.columnTexts.flatMap { $0.map(\.text) }).joined(separator: " "))

        // Statement kind: title first, then content.
        var kind = kindFromTitle(titleLower)
        let normalized = raw.rows.map { ConceptMap.normalizedLabel($0.label) }
        // Concepts of the rows read as an income statement, kept for when it is one.
        var incomeConcepts = [[String]?](repeating: nil, count: raw.rows.count)
        if kind == nil {
            var hasIncome = false, hasBalance = false
            for (i, r) in raw.rows.enumerated() where !r.isLabelOnly {
                let c = ConceptMap.concepts(normalized[i], kind: "income")
                incomeConcepts[i] = c
                if c.contains(where: incomeMarkers.contains) { hasIncome = true }
                if balanceMarkers.contains(where: { normalized[i].matches($0) }) { hasBalance = true }
            }
            kind = hasBalance && !hasIncome ? "balance" : (hasIncome ? "income" : "other")
        }
        let statementKind = kind ?? "other"

        var basis = "gaap"
        let basisText = (title + " " + headerLabel).lowercased()
        if basisText.has("reconciliation") {
            basis = "reconciliation"
        } else if basisText.has("non-gaap") || basisText.has("non gaap") || basisText.has("pro forma")
                    || basisText.has("proforma") || basisText.has("adjusted") {
            basis = "non-gaap"
        }

        // Columns.
        // Period phrases of the title ("For the three and six months ended June 30, 2003 and 2002").
        let contextText = candidates.filter { c in
            let l = c.lowercased()
            if l.has("ended") || l.has("ending") || l.has("months") || l.has("weeks") || l.has("as of") { return true }
            // "December 31, 2003 and 2002" under a balance sheet title.
            return ColumnPeriods.lastDate(in: c).month != nil && LineAnalyzer.isHeadingVocabulary(c)
        }.joined(separator: " ")
        var meanings: [ColumnMeaning] = []
        let titleFacts = ColumnPeriods.TitleFacts(contextText)
        for (ci, texts) in raw.columnTexts.enumerated() {
            let heading = texts.map(\.text).joined(separator: " ")
            var m = ColumnPeriods.resolve(heading, kind: statementKind, title: titleFacts, fiscalYearEnd: fiscalYearEnd)
            var numeric = 0, percent = 0
            for r in raw.rows {
                guard ci < r.cells.count, let c = r.cells[ci] else { continue }
                if c.kind == .percent { percent += 1 } else if c.kind == .number { numeric += 1 }
            }
            if percent > 0 && percent * 10 >= (percent + numeric) * 6 {
                m.isChange = true
                m.period = nil
            }
            meanings.append(m)
        }
        guard meanings.contains(where: { $0.period != nil }) else { return nil }
        inferMissingDurations(&meanings)
        if statementKind == "other" {
            // Dated columns of other tables without a length are points in time.
            for i in meanings.indices {
                if let p = meanings[i].period, p.start == nil, let e = p.end { meanings[i].period = .instant(e) }
            }
        }

        // Rows: concepts with heading context for ambiguous labels.
        var rowConcepts: [[String]] = []
        var rowBases: [String?] = []
        var rowScales: [Double?] = []
        var lastHeading: LabelBytes?
        var previousContext: LabelBytes?
        var previousWasLabelOnly = false
        var previousLabel = ""
        for (i, r) in raw.rows.enumerated() {
            let n = normalized[i]
            if r.isLabelOnly {
                lastHeading = n
                previousWasLabelOnly = true
                previousLabel = r.label
                previousContext = nil
                rowConcepts.append([])
                rowBases.append(nil)
                rowScales.append(nil)
                continue
            }
            var key = n
            var context: LabelBytes?
            if ConceptMap.isAmbiguous(n, raw: r.label) {
                if previousWasLabelOnly {
                    context = lastHeading
                } else if r.label.hasPrefix("-"), let dash = previousLabel.utf8LastOffset(of: " - ") {
                    context = ConceptMap.normalizedLabel(String(decoding: previousLabel.utf8.prefix(dash), as: UTF8.self))
                } else if r.label.hasPrefix("-"), let pc = previousContext {
                    context = pc
                } else {
                    context = lastHeading
                }
                if let c = context { key = n.qualified(by: c) }
            }
            // An unqualified label was already mapped when the kind was read from the rows.
            var concepts = context == nil && statementKind == "income" ? incomeConcepts[i] ?? ConceptMap.concepts(key, kind: statementKind)
                : ConceptMap.concepts(key, kind: statementKind)
            if concepts.isEmpty, r.label.isEmpty, r.isTotal, statementKind == "balance" {
                concepts = unlabeledBalanceTotal(raw.rows, upTo: i, normalized: normalized, assigned: rowConcepts)
            }
            rowConcepts.append(concepts)
            rowBases.append(ConceptMap.rowBasis(key))
            rowScales.append(r.label.lowercasedHas(inMillions) ? 1e6 : r.label.lowercasedHas(inThousands) ? 1e3 : nil)
            previousWasLabelOnly = false
            previousContext = context
            previousLabel = r.label
        }
        if statementKind == "income" && !rowConcepts.contains(where: { $0.contains("Revenues") }) {
            if let idx = revenueFallback(raw.rows, normalized: normalized, concepts: rowConcepts) {
                rowConcepts[idx] = ["Revenues"]
            }
        }

        // Levels from indentation (centred section headings count as top level).
        let dataIndents = raw.rows.filter { !$0.label.isEmpty && !$0.isLabelOnly }.map(\.indent)
        let maxDataIndent = dataIndents.max() ?? 0
        let indents = Array(Set(raw.rows.filter { !$0.label.isEmpty && $0.indent <= maxDataIndent }.map(\.indent))).sorted()
        var rows: [StatementRow] = []
        for (i, r) in raw.rows.enumerated() {
            let level = r.label.isEmpty || r.indent > maxDataIndent ? 0 : Swift.min(indents.firstIndex(of: r.indent) ?? 0, 5)
            rows.append(StatementRow(label: r.label, concept: rowConcepts[i].first, values: r.cells.map { $0?.value },
                                     level: level, isTotal: r.isTotal))
        }
        let statement = Statement(
            kind: statementKind, title: title, scale: note.scale, basis: basis,
            columns: meanings.map { StatementColumn(heading: $0.heading, period: $0.period) }, rows: rows)
        return BuiltStatement(statement: statement, columns: meanings, explicitScale: note.explicit, sharesScaled: note.sharesScaled,
                              monetary: note.monetary, rowConcepts: rowConcepts, rowBases: rowBases, rowScales: rowScales)
    }

    /// A column dated but without a printed duration takes the duration of a column ending one
    /// year later or earlier (the comparative column under a heading that did not reach it).
    static func inferMissingDurations(_ meanings: inout [ColumnMeaning]) {
        for i in meanings.indices {
            guard let p = meanings[i].period, p.start == nil, let endISO = p.end, let end = SimpleDate(iso: endISO) else { continue }
            for other in meanings {
                guard let op = other.period, let os = op.start.flatMap(SimpleDate.init(iso:)), let oe = op.end.flatMap(SimpleDate.init(iso:)) else {
                    continue
                }
                let gap = abs(abs(oe.dayNumber - end.dayNumber) - 365)
                guard gap <= 8 else { continue }
                let length = oe.dayNumber - os.dayNumber
                meanings[i].period = .duration(end.addingDays(-length)?.iso, endISO)
                if let sd = end.addingDays(-length), oe.isLastDayOfMonth && end.isLastDayOfMonth {
                    // Keep calendar alignment: a quarter ending June 30 starts April 1.
                    let months = Int((Double(length) / 30.44).rounded())
                    meanings[i].period = .duration(end.startOfPeriod(months: months)?.iso ?? sd.iso, endISO)
                }
                break
            }
        }
    }

    static func kindFromTitle(_ t: String) -> String? {
        if t.has("balance sheet") || t.has("financial condition") || t.has("financial position")
            || t.has("assets and liabilities") || t.has("assets, liabilities") {
            return "balance"
        }
        if t.has("cash flow") { return "cashflow" }
        if t.has("reconciliation") { return "other" }
        if t.has("average balance") || t.has("ratios") || t.has("interest rates") || t.has("kilowatt") { return "other" }
        if t.has("operations") || t.has("income") || t.has("earnings") || t.has("profit and loss") {
            return "income"
        }
        return nil
    }

    static func chooseTitle(_ candidates: [String]) -> String {
        let cleaned = candidates.map { collapseSpaces($0) }.filter { c in
            let l = c.lowercased()
            if l.isEmpty || l.hasPrefix("(unaudited") || l.hasPrefix("unaudited") || l.hasPrefix("(in ") || l.hasPrefix("(dollars") { return false }
            if c.first == "(" || c.first?.isLowercase == true { return false }
            if l.hasPrefix("- more") || l.hasPrefix("-more") || l.hasPrefix("page ") || l.hasPrefix("exhibit ") { return false }
            return c.contains(where: \.isLetter)
        }
        let strong = ["statement", "balance sheet", "financial condition", "financial position", "reconciliation", "cash flow"]
        let weak = ["operations", "income", "earnings", "highlights", "analysis", "overview", "summary", "data",
                    "sales", "balances", "ratios", "reserve", "rates", "losses"]
        for list in [strong, weak] {
            if let i = cleaned.firstIndex(where: { c in let l = c.lowercased(); return list.contains { l.has($0) } }) {
                var t = cleaned[i]
                let l = t.lowercased()
                if (l.hasSuffix(" of") || l.hasSuffix(" and") || l.hasSuffix("-")) && i + 1 < cleaned.count {
                    t += " " + cleaned[i + 1]
                }
                return t
            }
        }
        return cleaned.last ?? ""
    }

    /// Concepts that make a table whose title does not say an income statement.
    private static let incomeMarkers = ["Revenues", "NetIncomeLoss", "EarningsPerShareBasic", "EarningsPerShareDiluted", "OperatingIncomeLoss"]
    /// Labels that make it a balance sheet.
    private static let balanceMarkers = ["=total assets", "=total liabilities", "=total current assets"].map(LabelPattern.init)
    private static let inMillions = Array("in millions".utf8), inThousands = Array("in thousands".utf8)

    /// An unlabelled total in a balance sheet: total assets before the liabilities, else the grand total.
    static func unlabeledBalanceTotal(_ rows: [RawRow], upTo i: Int, normalized: [LabelBytes], assigned: [[String]]) -> [String] {
        var seenLiabilities = false
        for k in 0..<i where normalized[k].matches(liabilities) { seenLiabilities = true }
        if !seenLiabilities {
            return assigned.contains(where: { $0.contains("Assets") }) ? [] : ["Assets"]
        }
        return assigned.contains(where: { $0.contains("LiabilitiesAndStockholdersEquity") }) ? [] : ["LiabilitiesAndStockholdersEquity"]
    }

    /// The only line under a "Revenues:" heading, or a first line labelled "... revenue".
    static func revenueFallback(_ rows: [RawRow], normalized: [LabelBytes], concepts: [[String]]) -> Int? {
        for (i, r) in rows.enumerated() where r.isLabelOnly && revenueHeadings.contains(where: { normalized[i].matches($0) }) {
            var children: [Int] = []
            var k = i + 1
            while k < rows.count && !rows[k].isLabelOnly {
                if rows[k].isTotal && !children.isEmpty { break }
                children.append(k)
                k += 1
            }
            if children.count == 1, concepts[children[0]].isEmpty { return children[0] }
        }
        if let first = rows.firstIndex(where: { !$0.isLabelOnly }), normalized[first].matches(revenue), concepts[first].isEmpty {
            return first
        }
        return nil
    }

    private static let liabilities = LabelPattern("liabilit"), revenue = LabelPattern("revenue")
    private static let revenueHeadings = ["=revenues", "=revenue", "=revenues net", "=net revenues"].map(LabelPattern.init)
}

extension String {
    /// Whether `lowercased()` contains `pattern` (ASCII, lower case, without "k" and not ending in
    /// "i"), without making the lower-case copy: the only characters whose lower case has an ASCII
    /// letter are "İ" (→ "i" + U+0307) and the Kelvin sign (→ "k").
    func lowercasedHas(_ pattern: [UInt8]) -> Bool {
        var s = self
        return s.withUTF8 { text in pattern.withUnsafeBufferPointer { ByteSearch.firstIgnoringCase($0, in: text) } } != nil
    }
}
