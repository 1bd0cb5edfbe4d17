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
    /// A scale of its own for share counts ("in millions, except per share amounts and shares in
    /// thousands").
    var sharesScale: Double?
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

    /// Every scale pattern has one of these words: a pattern is looked for only when its word occurs.
    private static let scaleWords = phrases("000", "thousand", "million", "billion")
    private static let scalePatterns: [(bytes: [UInt8], scale: Double, word: Int)] = patterns.map { p, s in
        let bytes = Array(p.utf8)
        return (bytes, s, scaleWords.firstIndex { bytes.find($0) != nil }!)
    }
    private static let except = Array("except".utf8)
    /// Notes that exclude share counts from the scale (each starts with `except`).
    private static let sharesExcepted = phrases("except share", "except for share", "except number of shares", "except per share and share",
                                                "except share and per share", "except per share amounts and share", "except shares")
    private static let monetaryUnits: Set<String> = ["dollars", "u.s", "u.s.", "us", "usd", "$"]

    init(_ text: String) { self.init(lower: LowerText(text)) }

    /// The note of lower-cased text.
    init(lower: LowerText) {
        let t = lower.bytes
        let wordOccurs = ScaleNote.scaleWords.map { t.find($0) != nil }
        guard wordOccurs.contains(true) else { return }
        var best: (offset: Int, length: Int, scale: Double)?
        for p in ScaleNote.scalePatterns where wordOccurs[p.word] {
            guard let o = t.find(p.bytes) else { continue }
            if let b = best, b.offset <= o { continue }
            best = (o, p.bytes.count, p.scale)
        }
        guard let b = best else { return }
        scale = b.scale
        explicit = true
        let after = stringFrom(t[(b.offset + b.length)...]).trimmingSpaces
        if after.hasPrefix("of ") {
            let unit = after.dropFirst(3).prefix(while: { $0.isLetter || $0 == "." || $0 == "$" })
            if !ScaleNote.monetaryUnits.contains(String(unit)) && !unit.isEmpty {
                monetary = false
            }
        }
        if ScaleNote.exceptsShares(t) {
            sharesScaled = false
        }
        sharesScale = ScaleNote.sharesScalePatterns.first { t.find($0.bytes) != nil }?.scale
    }

    private static let sharesScalePatterns: [(bytes: [UInt8], scale: Double)] = [
        ("shares in thousands", 1e3), ("share data in thousands", 1e3), ("share amounts in thousands", 1e3), ("shares are in thousands", 1e3),
        ("shares in millions", 1e6), ("share data in millions", 1e6), ("share amounts in millions", 1e6), ("shares are in millions", 1e6),
    ].map { (Array($0.0.utf8), $0.1) }

    /// Whether the text has one of `sharesExcepted`. They all start with "except": each is
    /// compared only where "except" occurs, not searched for through the whole note.
    private static func exceptsShares(_ t: [UInt8]) -> Bool {
        var from = 0
        while let o = t.find(except, from: from) {
            if sharesExcepted.contains(where: { t.hasPrefix($0, at: o) }) { return true }
            from = o + 1
        }
        return false
    }
}

enum StatementBuilder {
    /// - Parameter byStartYear: how fiscal years ending in January are named (`FiscalYearNames`).
    static func build(_ raw: RawTable, fiscalYearEnd: (Int, Int)?, byStartYear: Bool = true) -> BuiltStatement? {
        let headerLabel = raw.headerLabelTexts.joined(separator: " ")
        let candidates = raw.contextLines + raw.headerLabelTexts
        let lowerCandidates = candidates.map(LowerText.init)
        let (title, lowerTitle) = chooseTitle(candidates, lower: lowerCandidates)
        let columnTexts = raw.columnTexts
        var note = ScaleNote(lower: LowerText(joining: lowerCandidates, then: columnTexts.joined()))
        // A note printed below the table counts when none is printed above it.
        if !note.explicit, let below = raw.trailingNotes.lazy.map({ ScaleNote($0) }).first(where: \.explicit) { note = below }

        // Statement kind: title first, then content.
        var kind = kindFromTitle(lowerTitle)
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
            // Highlights and summary tables are read as income statements (a fallback source of
            // the quarter's figures when the full statement is annual only).
            kind = hasBalance && !hasIncome ? "balance" : (hasIncome || lowerTitle.hasAny(summaryTitles) ? "income" : "other")
        }
        let statementKind = kind ?? "other"

        var basis = "gaap"
        if LowerText(title + " " + headerLabel).has(reconciliation) {
            basis = "reconciliation"
        } else if lowerCandidates.contains(where: OtherBasis.isStated) || raw.introduction.contains(where: { OtherBasis.isStated(in: LowerText($0)) }) {
            // Another basis printed anywhere above the columns: the title, a line above the table,
            // the sentence introducing it, or the label area of the heading.
            basis = "non-gaap"
        }

        // Columns.
        // Period phrases of the title ("For the three and six months ended June 30, 2003 and 2002").
        let contextText = candidates.indices.filter { i in
            let c = candidates[i]
            if lowerCandidates[i].hasAny(periodWords) { return true }
            // "December 31, 2003 and 2002" under a balance sheet title.
            return ColumnPeriods.lastDate(in: c).month != nil && LineAnalyzer.isHeadingVocabulary(c)
        }.map { candidates[$0] }.joined(separator: " ")
        var meanings: [ColumnMeaning] = []
        meanings.reserveCapacity(columnTexts.count)
        let titleFacts = ColumnPeriods.TitleFacts(contextText)
        for (ci, texts) in columnTexts.enumerated() {
            let heading = texts.joined(separator: " ")
            var m = ColumnPeriods.resolve(heading, kind: statementKind, title: titleFacts, fiscalYearEnd: fiscalYearEnd, byStartYear: byStartYear)
            var numeric = 0, percent = 0
            for r in raw.rows {
                guard ci < r.cells.count, let c = r.cells[ci] else { continue }
                if c.kind == .percent { percent += 1 } else if c.kind == .number { numeric += 1 }
            }
            if TableFinder.isRatioColumn(percent: percent, numeric: numeric) {
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
        rowConcepts.reserveCapacity(raw.rows.count)
        rowBases.reserveCapacity(raw.rows.count)
        rowScales.reserveCapacity(raw.rows.count)
        var lastHeading: LabelBytes?
        var previousContext: LabelBytes?
        var previousWasLabelOnly = false
        var previousLabel = ""
        let totalBelow = groupsWithTotal(raw.rows, normalized: normalized)
        // Under a heading such as "Amounts per share", unmapped rows are per-share amounts, until
        // the section ends (`endsPerShareSection`).
        var perShareSection = false
        var perShareRows = 0
        // A scale printed in a heading row ("Sales and revenues (in millions)") applies to its rows.
        var headingScale: Double?
        for (i, r) in raw.rows.enumerated() {
            let n = normalized[i]
            if r.isLabelOnly {
                headingScale = labelScale(r.label)
                if ConceptMap.isUnqualifiedPerShare(n) || ConceptMap.isPerShareHeading(n) {
                    perShareSection = true
                    perShareRows = 0
                } else if perShareSection && perShareRows > 0 && endsPerShareSection(heading: n) {
                    perShareSection = false
                }
                lastHeading = n
                previousWasLabelOnly = true
                previousLabel = r.label
                previousContext = nil
                rowConcepts.append([])
                rowBases.append(nil)
                rowScales.append(nil)
                continue
            }
            if perShareSection {
                if perShareRows > 0 && endsPerShareSection(row: r, label: n) { perShareSection = false } else { perShareRows += 1 }
            }
            var key = n
            var context: LabelBytes?
            let isSegment = totalBelow[i] && !ConceptMap.isAmbiguous(n, raw: "") && !n.matches(totalOnly)
            if isSegment {
                // A segment row ("- Automotive") of a group that ends in a "Total": the heading's
                // concept belongs to the total, not to the segment.
            } else if ConceptMap.isAmbiguous(n, raw: r.label) {
                if previousWasLabelOnly {
                    context = lastHeading
                } else if r.label.hasPrefix("-"), let dash = previousLabel.utf8LastOffset(of: " - "),
                          previousLabel.utf8.prefix(dash).contains(where: ASCII.isLetter) {
                    // "Net Income - Excluding ..." then "- As Reported": the words before the dash
                    // (not the dashes of "- - Excluding ...").
                    context = ConceptMap.normalizedLabel(String(decoding: previousLabel.utf8.prefix(dash), as: UTF8.self))
                } else if r.label.hasPrefix("-"), let pc = previousContext {
                    context = pc
                } else {
                    context = lastHeading
                }
                if let c = context { key = n.qualified(by: c) }
            } else if let h = lastHeading, ConceptMap.isDilutionHeading(h),
                      ConceptMap.isUnqualifiedPerShare(n) || perShareSection && ConceptMap.isEarningsLine(n) {
                // "Earnings per share" under a "Diluted" heading is diluted, and so is "Net income"
                // under "Assuming full dilution" in a per-share section.
                context = h
                key = n.qualified(by: h)
            }
            // An unqualified label was already mapped when the kind was read from the rows.
            var concepts = context == nil && statementKind == "income" ? incomeConcepts[i] ?? ConceptMap.concepts(key, kind: statementKind)
                : ConceptMap.concepts(key, kind: statementKind)
            if n.matches(totalOnly), let h = lastHeading {
                // "Total" after segment rows: the heading's concept ("Sales and revenues" ... "Total").
                let headingConcepts = ConceptMap.concepts(h, kind: statementKind)
                if !headingConcepts.isEmpty { concepts = headingConcepts }
            }
            if perShareSection && !isSegment && !ConceptMap.mentionsShares(key) && concepts.allSatisfy(ConceptMap.isNetIncome) {
                // Under a per-share heading the amounts are per share: the earnings line ("Net
                // income") is earnings per share, a part of earnings ("Net effect of accounting
                // changes") is nothing mapped.
                concepts = ConceptMap.isEarningsLine(key) ? ConceptMap.concepts(key.perShare, kind: statementKind) : []
            }
            if concepts.isEmpty, r.label.isEmpty, r.isTotal, statementKind == "balance" {
                concepts = unlabeledBalanceTotal(raw.rows, upTo: i, normalized: normalized, assigned: rowConcepts)
            }
            rowConcepts.append(concepts)
            rowBases.append(OtherBasis.ofRow(key))
            rowScales.append(labelScale(r.label) ?? headingScale ?? (concepts.contains(where: ConceptMap.isShares) ? note.sharesScale : nil))
            previousWasLabelOnly = false
            previousContext = context
            previousLabel = r.label
        }
        if statementKind == "balance" { liabilitiesIncludingMinorityInterest(&rowConcepts) }
        if statementKind == "income" { netIncomeIncludingNoncontrollingInterest(&rowConcepts, normalized: normalized) }
        if statementKind == "income" && !rowConcepts.contains(where: { $0.contains("Revenues") }) {
            if let idx = revenueFallback(raw.rows, normalized: normalized, concepts: rowConcepts) {
                rowConcepts[idx] = ["Revenues"]
            }
        }

        // Levels from indentation (centred section headings count as top level).
        var deepestData: Int?
        for r in raw.rows where !r.label.isEmpty && !r.isLabelOnly { deepestData = Swift.max(deepestData ?? r.indent, r.indent) }
        let maxDataIndent = deepestData ?? 0
        var labelIndents: [Int] = []
        labelIndents.reserveCapacity(raw.rows.count)
        for r in raw.rows where !r.label.isEmpty && r.indent <= maxDataIndent { labelIndents.append(r.indent) }
        let indents = sortedDistinct(labelIndents)
        var rows: [StatementRow] = []
        rows.reserveCapacity(raw.rows.count)
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

    private static let totalOnly = LabelPattern("=total")

    /// A heading inside a per-share section that starts another section ("Balance sheet data",
    /// "Other data"): neither a per-share heading, nor one naming which earnings per share
    /// ("Diluted", "Assuming full dilution"), nor one naming earnings ("Income/(loss)" over its
    /// segments' amounts per share).
    static func endsPerShareSection(heading: LabelBytes) -> Bool {
        !ConceptMap.isDilutionHeading(heading) && !ConceptMap.isEarningsLine(heading)
    }

    /// A row inside a per-share section whose amounts are not per-share-sized: a whole number of
    /// 100 or more on a line that is no share count ("Net income  1,250" in millions after the
    /// earnings per share). Amounts per share are small and printed with cents.
    static func endsPerShareSection(row: RawRow, label: LabelBytes) -> Bool {
        if ConceptMap.mentionsShares(label) { return false }
        return row.cells.contains { c in
            guard let c, c.kind == .number, let v = c.value else { return false }
            return abs(v) >= 100 && v == v.rounded()
        }
    }

    /// A "Total liabilities" that sums a minority interest line printed above it (back to the
    /// assets or the previous liabilities or equity total) is liabilities and minority interest:
    /// another concept than the liabilities printed as a total before that line.
    static func liabilitiesIncludingMinorityInterest(_ concepts: inout [[String]]) {
        for i in concepts.indices where concepts[i] == [liabilitiesConcept] {
            for k in stride(from: i - 1, through: 0, by: -1) {
                if concepts[k].contains(where: balanceSectionTotals.contains) { break }
                if concepts[k].contains(minorityInterest) {
                    concepts[i] = [liabilitiesAndMinorityInterest]
                    break
                }
            }
        }
    }

    /// Net income attributed to the company ("Net income attributable to Acme Corp.") is its net
    /// income: a net income line above it that does not say whose ("Net income" before "Less: net
    /// income attributable to noncontrolling interests") includes the noncontrolling interests.
    static func netIncomeIncludingNoncontrollingInterest(_ concepts: inout [[String]], normalized: [LabelBytes]) {
        guard let attributed = concepts.indices.first(where: { concepts[$0] == [netIncomeConcept] && normalized[$0].matches(attributableTo) })
        else { return }
        for i in 0..<attributed where concepts[i] == [netIncomeConcept] { concepts[i] = [netIncomeIncludingNoncontrolling] }
    }

    private static let netIncomeConcept = "NetIncomeLoss", netIncomeIncludingNoncontrolling = "ProfitLoss"
    private static let attributableTo = LabelPattern(" attributable to ")

    private static let liabilitiesConcept = "Liabilities", minorityInterest = "MinorityInterest"
    private static let liabilitiesAndMinorityInterest = "LiabilitiesAndMinorityInterest"
    private static let balanceSectionTotals: Set<String> = ["Assets", "Liabilities", "LiabilitiesAndMinorityInterest", "StockholdersEquity",
                                                            "LiabilitiesAndStockholdersEquity"]

    /// For each row, whether a row labelled only "Total" follows it in its group (the rows between
    /// two label-only headings).
    static func groupsWithTotal(_ rows: [RawRow], normalized: [LabelBytes]) -> [Bool] {
        var out = [Bool](repeating: false, count: rows.count)
        var seen = false
        for i in rows.indices.reversed() {
            if rows[i].isLabelOnly {
                seen = false
                continue
            }
            out[i] = seen
            if normalized[i].matches(totalOnly) { seen = true }
        }
        return out
    }

    /// The distinct values, in increasing order.
    private static func sortedDistinct(_ values: [Int]) -> [Int] {
        var sorted = values.sorted()
        var kept = 0
        for i in sorted.indices where kept == 0 || sorted[kept - 1] != sorted[i] {
            sorted[kept] = sorted[i]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// A column dated but without a printed duration takes the duration of a column ending one
    /// year later or earlier (the comparative column under a heading that did not reach it).
    /// Columns of one date block come first: side-by-side blocks ("Three Months Ended" and "Nine
    /// Months Ended", each current year first) each run their end dates one way, so a column whose
    /// date turns the run back starts the next block. Within its block a column takes the length of
    /// a column ending a year apart, else the one length the block's other dates print (a heading
    /// over "Jun 30, 2003  Mar 31, 2003  Jun 30, 2002" reaching only the middle one); only then a
    /// column of another block ending a year apart.
    static func inferMissingDurations(_ meanings: inout [ColumnMeaning]) {
        let blocks = dateBlocks(meanings.map { $0.period?.end.flatMap(SimpleDate.init(iso:)) })
        func bounds(_ k: Int) -> (start: SimpleDate, end: SimpleDate)? {
            guard let p = meanings[k].period, let s = p.start.flatMap(SimpleDate.init(iso:)), let e = p.end.flatMap(SimpleDate.init(iso:)) else {
                return nil
            }
            return (s, e)
        }
        for i in meanings.indices {
            guard let p = meanings[i].period, p.start == nil, let endISO = p.end, let end = SimpleDate(iso: endISO) else { continue }
            // The nearest column first: "Full Year" over "1993  1992" reaches only the 1993 column.
            let byDistance = meanings.indices.sorted { (abs($0 - i), $0) < (abs($1 - i), $1) }
            let dated = byDistance.filter { bounds($0) != nil }
            let sameBlock = dated.filter { blocks[$0] == blocks[i] }
            func yearApart(_ k: Int) -> Bool { abs(abs(bounds(k)!.end.dayNumber - end.dayNumber) - 365) <= 8 }
            func length(_ k: Int) -> Int { bounds(k)!.end.dayNumber - bounds(k)!.start.dayNumber }
            var donor = sameBlock.first(where: yearApart)
            if donor == nil, let nearest = sameBlock.first,
               sameBlock.allSatisfy({ abs(length($0) - length(nearest)) <= 3 && bounds($0)!.end != end }) {
                donor = nearest
            }
            guard let d = donor ?? dated.first(where: yearApart), let (os, oe) = bounds(d) else { continue }
            let length = oe.dayNumber - os.dayNumber
            meanings[i].period = .duration(end.addingDays(-length)?.iso, endISO)
            if let sd = end.addingDays(-length), oe.isLastDayOfMonth && end.isLastDayOfMonth {
                // Keep calendar alignment: a quarter ending June 30 starts April 1.
                let months = Int((Double(length) / 30.44).rounded())
                meanings[i].period = .duration(end.startOfPeriod(months: months)?.iso ?? sd.iso, endISO)
            }
        }
    }

    /// The block number of each column: a new block starts where the end dates, falling (or
    /// rising) from the first dated column on, turn the other way. Undated columns stay in the block.
    static func dateBlocks(_ ends: [SimpleDate?]) -> [Int] {
        var blocks = [Int](repeating: 0, count: ends.count)
        var block = 0
        var previous: SimpleDate?
        var falling: Bool?
        for (i, e) in ends.enumerated() {
            if let e, let prev = previous, e != prev {
                let down = e < prev
                if let f = falling, f != down {
                    block += 1
                    falling = nil
                } else {
                    falling = down
                }
            }
            if let e { previous = e }
            blocks[i] = block
        }
        return blocks
    }

    private static let reconciliation = Array("reconciliation".utf8)
    /// Context lines that name the columns' periods.
    private static let periodWords = phrases("ended", "ending", "months", "weeks", "as of")

    private static let balanceTitles = phrases("balance sheet", "financial condition", "financial position", "assets and liabilities",
                                               "assets, liabilities")
    private static let cashFlowTitles = phrases("cash flow")
    private static let summaryTitles = phrases("highlights", "summary financial", "financial summary", "selected financial")
    private static let otherTitles = phrases("reconciliation", "average balance", "ratios", "interest rates", "kilowatt")
    private static let incomeTitles = phrases("operations", "income", "earnings", "profit and loss")

    static func kindFromTitle(_ t: String) -> String? { kindFromTitle(LowerText(t)) }

    static func kindFromTitle(_ t: LowerText) -> String? {
        if t.hasAny(balanceTitles) { return "balance" }
        if t.hasAny(cashFlowTitles) { return "cashflow" }
        if t.hasAny(otherTitles) { return "other" }
        if t.hasAny(incomeTitles) { return "income" }
        return nil
    }

    private static let notTitlePrefixes = phrases("(unaudited", "unaudited", "(in ", "(dollars", "- more", "-more", "page ", "exhibit ")
    private static let strongTitleWords = phrases("statement", "balance sheet", "financial condition", "financial position", "reconciliation",
                                                  "cash flow")
    private static let weakTitleWords = phrases("operations", "income", "earnings", "highlights", "analysis", "overview", "summary", "data",
                                                "sales", "balances", "ratios", "reserve", "rates", "losses")
    private static let continuedTitleEnds = phrases(" of", " and", "-")

    static func chooseTitle(_ candidates: [String]) -> String { chooseTitle(candidates, lower: candidates.map(LowerText.init)).text }

    /// The title among the candidates, with its lower-cased text. `lowerCandidates` are the
    /// candidates lower-cased (reused for those already collapsed).
    static func chooseTitle(_ candidates: [String], lower lowerCandidates: [LowerText]) -> (text: String, lower: LowerText) {
        var cleaned: [String] = []
        var lower: [LowerText] = []
        cleaned.reserveCapacity(candidates.count)
        lower.reserveCapacity(candidates.count)
        for (c, lc) in zip(candidates, lowerCandidates) {
            let collapsed = isCollapsed(c)
            let text = collapsed ? c : collapseSpaces(c)
            let l = collapsed ? lc : LowerText(text)
            if isTitleCandidate(text, lower: l) {
                cleaned.append(text)
                lower.append(l)
            }
        }
        for list in [strongTitleWords, weakTitleWords] {
            if let i = lower.firstIndex(where: { $0.hasAny(list) }) {
                if lower[i].hasAnySuffix(continuedTitleEnds) && i + 1 < cleaned.count {
                    // Lower-casing maps each scalar on its own: the pieces lower-cased join as the whole.
                    return (cleaned[i] + " " + cleaned[i + 1], LowerText(joining: [lower[i], lower[i + 1]]))
                }
                return (cleaned[i], lower[i])
            }
        }
        guard let last = cleaned.last, let lastLower = lower.last else { return ("", LowerText("")) }
        return (last, lastLower)
    }

    /// A line that can be a title: not empty, no note or page marker, not starting with "(" or a
    /// lower-case letter, with a letter somewhere.
    private static func isTitleCandidate(_ c: String, lower l: LowerText) -> Bool {
        if l.bytes.isEmpty || l.hasAnyPrefix(notTitlePrefixes) { return false }
        guard l.isASCII else {
            if c.first == "(" || c.first?.isLowercase == true { return false }
            return c.contains(where: \.isLetter)
        }
        guard let first = c.utf8.first, first != ASCII.lparen, !ASCII.isLower(first) else { return false }
        return l.bytes.contains(where: ASCII.isLetter)
    }

    /// True when `collapseSpaces(s) == s`: ASCII without control characters, leading or trailing
    /// spaces, or two spaces in a row. (Other text is simply collapsed.)
    private static func isCollapsed(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            guard let first = u.first, let last = u.last else { return true }
            if first == ASCII.space || last == ASCII.space { return false }
            var previous: UInt8 = 0
            for b in u {
                if b >= 0x80 || b < 0x20 || (b == ASCII.space && previous == ASCII.space) { return false }
                previous = b
            }
            return true
        }
    }

    /// Scale stated in a row label ("Average shares (in millions)"): `label.lowercased()` contains
    /// "in millions" (first) or "in thousands". (Only "İ" and the Kelvin sign lower-case to ASCII
    /// letters, "i" + U+0307 and "k", so ASCII case folding finds the same.)
    static func labelScale(_ label: String) -> Double? {
        var label = label
        return label.withUTF8 { u in
            var scale: Double?
            // Spaces are rare: each is tested for "in " ending there (ignoring case), then the unit.
            var i = 2
            while i < u.count {
                if u[i] == ASCII.space && u[i - 2] | 0x20 == 0x69 && u[i - 1] | 0x20 == 0x6E {
                    if u.hasPrefixIgnoringCase(millions, at: i + 1) { return 1e6 }
                    if u.hasPrefixIgnoringCase(thousands, at: i + 1) { scale = 1e3 }
                }
                i += 1
            }
            return scale
        }
    }
    private static let millions = Array("millions".utf8), thousands = Array("thousands".utf8)

    /// Concepts that make a table whose title does not say an income statement.
    private static let incomeMarkers = ["Revenues", "NetIncomeLoss", "EarningsPerShareBasic", "EarningsPerShareDiluted", "OperatingIncomeLoss"]
    /// Labels that make it a balance sheet.
    private static let balanceMarkers = ["=total assets", "=total liabilities", "=total current assets"].map(LabelPattern.init)

    /// An unlabelled total in a balance sheet: total assets when it closes the assets (the next row
    /// with figures is past the liabilities heading), else the grand total. An unlabelled total with
    /// more asset rows after it (net property after "Less accumulated depreciation") is a subtotal.
    static func unlabeledBalanceTotal(_ rows: [RawRow], upTo i: Int, normalized: [LabelBytes], assigned: [[String]]) -> [String] {
        var seenLiabilities = false
        for k in 0..<i where normalized[k].matches(liabilities) { seenLiabilities = true }
        if !seenLiabilities {
            for k in (i + 1)..<rows.count {
                if normalized[k].matches(liabilities) { break }
                if !rows[k].isLabelOnly { return [] }
            }
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
    private static let revenueHeadings = ["=revenues", "=revenue", "=revenues net", "=net revenues", "=total revenues", "=total revenue"].map(LabelPattern.init)
}
