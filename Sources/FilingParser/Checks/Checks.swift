// Arithmetic and consistency checks of the statements, and of each prose claim against the tables.

enum Checks {
    static func run(statements: [Statement], facts: [Fact], claims: [Claim]) -> [Check] {
        var out: [Check] = []
        for s in statements {
            // Each check is appended in place: no intermediate arrays, no copies of checks.
            switch s.kind {
            case "income": incomeChecks(s, into: &out)
            case "balance": balanceChecks(s, into: &out)
            default: break
            }
            subtotalChecks(s, into: &out)
        }
        if !claims.isEmpty {
            let claimFacts = ClaimFacts(facts)
            for c in claims { out.append(check(c, facts: claimFacts)) }
        }
        return out
    }

    /// The first row with one of `concepts` (in that order of preference).
    private static func row(_ s: Statement, _ concepts: [String]) -> StatementRow? {
        for c in concepts {
            if let r = s.rows.first(where: { $0.concept == c }) { return r }
        }
        return nil
    }

    private static func value(_ r: StatementRow?, _ i: Int) -> Double? {
        guard let r, i < r.values.count else { return nil }
        return r.values[i]
    }

    /// One printed unit: sums of rounded figures may be off by one in the last digit. `tolerance`
    /// is in printed units (subtotals allow one unit per component).
    private static func compare(_ name: String, _ s: Statement, column i: Int, expected: Double, actual: Double,
                                formula: some Collection<UInt8>, tolerance: Double = 1.0001) -> Check {
        let ok = abs(expected - actual) <= tolerance + abs(actual) * 1e-9
        let scale = s.scale
        let column = s.columns[i]
        // "<title> [<column heading>]: <formula>", built as bytes: one allocation.
        var detail: [UInt8] = []
        detail.reserveCapacity(s.title.utf8.count + column.heading.utf8.count + formula.count + 48)
        appendUTF8(s.title, to: &detail)
        detail += Word.openHeading
        appendUTF8(column.heading, to: &detail)
        detail += Word.closeHeading
        detail += formula
        if !ok { detail += " differs by \((actual - expected) * scale)".utf8 }
        return Check(name: name, passed: ok, expected: expected * scale, actual: actual * scale, period: column.period,
                     detail: stringFrom(detail))
    }

    /// Appends the UTF-8 bytes of `text` in one copy (appending `text.utf8` goes through the generic
    /// sequence path).
    private static func appendUTF8(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    static func incomeChecks(_ s: Statement, into out: inout [Check]) {
        let revenue = row(s, ["Revenues", "SalesRevenueNet", "SalesRevenueGoodsNet"])
        let cost = row(s, ["CostOfRevenue", "CostOfGoodsSold", "CostOfGoodsAndServicesSold"])
        let gross = row(s, ["GrossProfit"])
        let opex = row(s, ["OperatingExpenses"])
        let opInc = row(s, ["OperatingIncomeLoss"])
        for (i, col) in s.columns.enumerated() where col.period != nil {
            if let r = value(revenue, i), let c = value(cost, i), let g = value(gross, i) {
                out.append(compare("gross_profit", s, column: i, expected: r - c, actual: g, formula: "gross profit = revenue - cost of revenue".utf8))
            }
            if let g = value(gross, i), let e = value(opex, i), let o = value(opInc, i) {
                out.append(compare("operating_income", s, column: i, expected: g - e, actual: o,
                                   formula: "operating income = gross profit - operating expenses".utf8))
            }
        }
    }

    static func balanceChecks(_ s: Statement, into out: inout [Check]) {
        let assets = row(s, ["Assets"])
        let liabilities = row(s, ["Liabilities"])
        let equity = row(s, ["StockholdersEquity", "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"])
        let total = row(s, ["LiabilitiesAndStockholdersEquity"])
        for (i, col) in s.columns.enumerated() where col.period != nil {
            guard let a = value(assets, i) else { continue }
            if let t = value(total, i) {
                out.append(compare("balance_sheet", s, column: i, expected: t, actual: a, formula: "assets = total liabilities and equity".utf8))
            }
            if value(total, i) == nil, let l = value(liabilities, i), let e = value(equity, i) {
                out.append(compare("liabilities_plus_equity", s, column: i, expected: l + e, actual: a,
                                   formula: "assets = total liabilities + equity".utf8))
            }
        }
    }

    // MARK: Claims

    static let concepts: [String: [String]] = [
        "revenue": ["Revenues", "SalesRevenueNet", "SalesRevenueGoodsNet"],
        "net_income": ["NetIncomeLoss"],
        "eps_diluted": ["EarningsPerShareDiluted"],
        "eps_basic": ["EarningsPerShareBasic"],
    ]

    /// Every concept a claim metric is checked against.
    static let claimConcepts = words(Array(concepts.values.joined()))

    /// The facts claims can be checked against: durations of the claim concepts, with their periods as
    /// day numbers (found and parsed once per filing rather than once per claim).
    struct ClaimFacts {
        let facts: [Fact]
        /// In the order of `facts`.
        let durations: [(index: Int, start: Int, end: Int)]

        init(_ facts: [Fact]) {
            self.facts = facts
            var durations: [(index: Int, start: Int, end: Int)] = []
            // Day numbers by date: a filing's facts share a few periods.
            var dayNumbers: [String: Int] = [:]
            func day(_ iso: String?) -> Int? {
                guard let iso else { return nil }
                if let d = dayNumbers[iso] { return d }
                let d = SimpleDate(iso: iso)?.dayNumber
                dayNumbers[iso] = d
                return d
            }
            for i in facts.indices where facts[i].period.instant == nil && concept(facts[i].concept, isOneOf: claimConcepts) {
                if let s = day(facts[i].period.start), let e = day(facts[i].period.end) { durations.append((i, s, e)) }
            }
            self.durations = durations
        }
    }

    private static func days(_ p: Period) -> (Int, Int)? {
        guard let s = p.start.flatMap({ SimpleDate(iso: $0) }), let e = p.end.flatMap({ SimpleDate(iso: $0) }) else { return nil }
        return (s.dayNumber, e.dayNumber)
    }

    /// The table value of `concept` for `period` (ends within 7 days, same length within 12 days);
    /// a quarter missing from the tables is derived as a longer period minus its other part.
    static func tableValue(_ names: [String], _ period: Period, basis: String, facts: ClaimFacts) -> (Double, String)? {
        guard let (ps, pe) = days(period) else { return nil }
        // Durations of `names` on `basis`, read in place (copying a Fact retains each of its Strings).
        let all = facts.facts
        let candidates = facts.durations.filter { d in all[d.index].basis == basis && names.contains(all[d.index].concept) }
        func find(_ s: Int, _ e: Int) -> Fact? {
            candidates.first { c in abs(c.end - e) <= 7 && abs((c.end - c.start) - (e - s)) <= 12 }.map { all[$0.index] }
        }
        if let f = find(ps, pe) { return (f.value, "\(f.label) \(f.period.start ?? "")..\(f.period.end ?? "")") }
        // Derive: [start, E] - [end + 1, E], or [S, end] - [S, start - 1].
        for (index, fs, fe) in candidates {
            if abs(fs - ps) <= 7, fe > pe + 30, let rest = find(pe + 1, fe) {
                let f = all[index]
                return (f.value - rest.value, "derived: \(f.period.start ?? "")..\(f.period.end ?? "") minus \(rest.period.start ?? "")..\(rest.period.end ?? "")")
            }
            if abs(fe - pe) <= 7, fs < ps - 30, let head = find(fs, ps - 1) {
                let f = all[index]
                return (f.value - head.value, "derived: \(f.period.start ?? "")..\(f.period.end ?? "") minus \(head.period.start ?? "")..\(head.period.end ?? "")")
            }
        }
        return nil
    }

    static func shifted(_ p: Period, months: Int) -> Period? {
        guard let s = p.start.flatMap({ SimpleDate(iso: $0) }), let e = p.end.flatMap({ SimpleDate(iso: $0) }) else { return nil }
        func shift(_ d: SimpleDate, toMonthEnd: Bool) -> SimpleDate? {
            let idx = d.year * 12 + d.month - 1 - months
            let y = idx / 12, m = idx % 12 + 1
            return SimpleDate(year: y, month: m, day: toMonthEnd && d.isLastDayOfMonth ? SimpleDate.daysIn(month: m, year: y) : d.day, clamp: true)
        }
        guard let ns = shift(s, toMonthEnd: false), let ne = shift(e, toMonthEnd: true) else { return nil }
        return Period(start: ns.iso, end: ne.iso)
    }

    static func check(_ c: Claim, facts: ClaimFacts) -> Check {
        let name = "claim:\(c.metric)"
        let tolerance = (c.rounding ?? 0) / 2 + 1e-9 + abs(c.value) * 1e-12
        guard let period = c.period else {
            return Check(name: name, passed: nil, expected: c.value, actual: nil, detail: "unverifiable in this filing: no period for \"\(c.text)\"")
        }
        if let names = concepts[c.metric] {
            guard let (v, source) = tableValue(names, period, basis: c.basis, facts: facts) else {
                return Check(name: name, passed: nil, expected: c.value, actual: nil, period: period,
                             detail: "unverifiable in this filing: no \(c.basis) table value for \(period.start ?? "")..\(period.end ?? "")")
            }
            let ok = abs(v - c.value) <= tolerance
            return Check(name: name, passed: ok, expected: c.value, actual: v, period: period,
                         detail: "claim \(c.value) (rounding \(c.rounding ?? 0)) vs table \(v) [\(source)]")
        }
        for suffix in ["_growth_qoq", "_growth_yoy"] where c.metric.hasSuffix(suffix) {
            let base = String(c.metric.dropLast(suffix.count))
            guard let names = concepts[base], let basePeriod = shifted(period, months: suffix == "_growth_qoq" ? 3 : 12) else { break }
            guard let (cur, s1) = tableValue(names, period, basis: c.basis, facts: facts),
                  let (prev, s2) = tableValue(names, basePeriod, basis: c.basis, facts: facts) else {
                return Check(name: name, passed: nil, expected: c.value, actual: nil, period: period,
                             detail: "unverifiable in this filing: \(base) for \(period.start ?? "")..\(period.end ?? "") or \(basePeriod.start ?? "")..\(basePeriod.end ?? "") not in the tables")
            }
            guard prev > 0 else {
                return Check(name: name, passed: nil, expected: c.value, actual: nil, period: period,
                             detail: "unverifiable: base value \(prev) is not positive")
            }
            let growth = cur / prev - 1
            let ok = abs(growth - c.value) <= tolerance
            return Check(name: name, passed: ok, expected: c.value, actual: growth, period: period,
                         detail: "\(cur) [\(s1)] / \(prev) [\(s2)] - 1 = \(growth); claim \(c.value) within \((c.rounding ?? 0) / 2)")
        }
        return Check(name: name, passed: nil, expected: c.value, actual: nil, period: period, detail: "unverifiable: no rule for \(c.metric)")
    }
}

// MARK: Subtotals

/// `subtotal` checks: each "Total ..." / "Subtotal" row (and each unlabelled ruled-off total) equals
/// the sum of the rows that belong to it, as printed: parentheses negative, a "Less ..." line printed
/// without parentheses subtracted.
///
/// The components are found walking up from the total: back to its section heading, to an earlier
/// total that is not part of it ("Total revenues" above "Total costs and expenses"), or to a result
/// line (gross profit, operating income, net income, per-share amounts, share counts). A nested total
/// that is part of it ("Total current assets" in "Total assets", "Total liabilities" in "Total
/// liabilities and stockholders' equity") counts as one component, and its own lines and heading are
/// skipped.
///
/// Where the layout allows more than one reading (a generic "Total" or "Subtotal" after another total,
/// a line without amounts that may be a heading or an empty line, a ruled-off line that may end the
/// block or be a subtotal inside it, a line less indented than the lines below it, a line that equals
/// the sum of the lines just above it such as "Net loans receivable" after the gross loans and the
/// reserve), every reading is tried. A single reading is reported whether it holds or not; of several,
/// the first that holds is reported and none if none holds, so an ambiguous grouping never produces a
/// failure. Statements whose totals come before their lines are skipped, as are ratio, percentage
/// and per-share rows. Only dated columns are compared, with one printed unit of tolerance per
/// component (each component is rounded).
extension Checks {
    enum TotalKind: Equatable {
        /// "Total <core>": "Total" alone and unlabelled totals have an empty core.
        case named(LabelCore)
        case subtotal
    }

    /// One reading of which rows make up a total.
    struct Grouping: Equatable {
        /// Row indices in statement order.
        var rows: [Int]
        /// How implicit subtotals were recognised, when they were.
        var note: String?
    }

    private enum Nesting { case yes, no, maybe }

    /// UTF-8 bytes of each word of a vocabulary.
    private static func words(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    static let resultConcepts = words([
        "GrossProfit", "OperatingIncomeLoss", "NetIncomeLoss", "InterestIncomeExpenseNet",
        "InterestIncomeExpenseAfterProvisionForLoanLoss", "NetIncomeLossAvailableToCommonStockholdersBasic",
        "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest",
        "IncomeLossFromContinuingOperations", "ComprehensiveIncomeNetOfTax",
    ])
    /// Per-share amounts and share counts.
    static let perShareConceptPrefixes = words(["EarningsPerShare", "WeightedAverage"])
    static let resultPrefixes = words([
        "gross profit", "gross margin", "net income", "net loss", "net earnings", "operating income", "operating loss",
        "income from operations", "loss from operations", "income loss from operations", "income before", "loss before",
        "income loss before", "earnings before", "net interest income", "earnings per share", "net income per share",
    ])
    static let resultPrefixesSpaced = resultPrefixes.map { $0 + [ASCII.space] }
    static let revenueConcepts = words(["Revenues", "SalesRevenueNet", "SalesRevenueGoodsNet"])
    /// The core of an unlabelled total, from its concept.
    static let conceptCores: [String: String] = [
        "Assets": "assets", "AssetsCurrent": "current assets", "Liabilities": "liabilities",
        "LiabilitiesCurrent": "current liabilities", "StockholdersEquity": "stockholders equity",
        "LiabilitiesAndStockholdersEquity": "liabilities and stockholders equity",
    ]

    /// Words the rules look for in label cores, as bytes.
    private enum Word {
        static let and = Array("and".utf8)
        static let see = Array("see".utf8)
        static let note = Array("note".utf8)
        static let total = Array("total".utf8)
        static let totalSpaced = Array("total ".utf8)
        static let subtotal = Array("subtotal".utf8)
        static let subtotalSpaced = Array("subtotal ".utf8)
        static let subTotal = Array("sub total".utf8)
        static let subTotalSpaced = Array("sub total ".utf8)
        static let less = Array("less".utf8)
        static let lessSpaced = Array("less ".utf8)
        static let deduct = Array("deduct".utf8)
        static let on = Array(" on ".utf8)
        static let commitments = Array("commitments".utf8)
        static let contingenc = Array("contingenc".utf8)
        static let liabilities = Array("liabilities".utf8)
        static let andSeparator = Array(" and ".utf8)
        /// Between liabilities and equity: "Total minority interest" is part of "Total liabilities and equity".
        static let betweenLiabilitiesAndEquity = words(["minority interest", "noncontrolling interest", "redeemable", "temporary equity", "mezzanine"])
        /// A total about revenue is not ended by a revenue line.
        static let revenueTopics = words(["revenue", "sales", "income"])
        static let ratioWords = words(["per share", "percent", "ratio", "margin", "as a "])
        static let openHeading = Array(" [".utf8)
        static let closeHeading = Array("]: ".utf8)
        static let equals = Array(" =".utf8)
        static let plus = Array(" + ".utf8)
        static let minus = Array(" - ".utf8)
        static let space = [ASCII.space]
        static let ellipsis = Array("...".utf8)
    }

    /// A label core (see `labelCore`) as UTF-8 bytes. The rules test it against ASCII words: a byte
    /// comparison when the core is ASCII, a String comparison (by Characters, as the rules were first
    /// written) when it has other letters, where combining marks can make the two differ.
    struct LabelCore: Equatable {
        var bytes: ArraySlice<UInt8>
        var isASCII: Bool

        init(_ bytes: ArraySlice<UInt8>, isASCII: Bool) {
            self.bytes = bytes
            self.isASCII = isASCII
        }

        init(_ text: String) {
            self.init(Array(text.utf8)[...], isASCII: !text.utf8.contains { $0 >= 0x80 })
        }

        var isEmpty: Bool { bytes.isEmpty }
        var string: String { stringFrom(bytes) }

        static func == (a: LabelCore, b: LabelCore) -> Bool {
            a.isASCII && b.isASCII ? a.bytes == b.bytes : a.string == b.string
        }

        /// Equal to the ASCII `word`.
        func equals(_ word: [UInt8]) -> Bool {
            isASCII ? bytes.count == word.count && bytes.hasPrefix(word, at: bytes.startIndex) : string == stringFrom(word)
        }

        func hasPrefix(_ word: [UInt8]) -> Bool {
            isASCII ? bytes.hasPrefix(word, at: bytes.startIndex) : string.hasPrefix(stringFrom(word))
        }

        /// Ends with a space and then `part`.
        func hasSpaceAndSuffix(_ part: LabelCore) -> Bool {
            guard isASCII && part.isASCII else { return string.hasSuffix(" " + part.string) }
            let start = bytes.endIndex - part.bytes.count - 1
            return start >= bytes.startIndex && bytes[start] == ASCII.space && bytes[(start + 1)...].elementsEqual(part.bytes)
        }

        /// `word` occurs in it (a byte search, as `String.has`).
        func has(_ word: [UInt8]) -> Bool { bytes.find(word) != nil }

        /// Without the first `n` bytes: after a matched ASCII prefix of `n` bytes (`n` Characters).
        func dropFirst(_ n: Int) -> LabelCore { LabelCore(bytes.dropFirst(n), isASCII: isASCII) }

        /// The pieces between occurrences of `separator` (as `String.parts(separatedBy:)`).
        func parts(separatedBy separator: [UInt8]) -> [LabelCore] {
            var out: [LabelCore] = []
            var rest = bytes
            while let o = rest.find(separator) {
                out.append(LabelCore(rest[..<o], isASCII: isASCII))
                rest = rest[(o + separator.count)...]
            }
            out.append(LabelCore(rest, isASCII: isASCII))
            return out
        }
    }

    /// Lowercased words of a label: apostrophes dropped ("stockholders' equity" = "stockholders equity"),
    /// hyphens inside words dropped ("liabil-ities", "non-current"), "&" read as "and", footnote
    /// markers such as "(3)" or "(See Notes)" dropped, other punctuation read as spaces.
    static func labelCore(_ label: String) -> LabelCore {
        var text = label
        let isASCII = text.withUTF8 { !$0.contains { $0 >= 0x80 } }
        // ASCII labels are lowered byte by byte as they are written (the tests on them ignore case).
        if !isASCII { text = label.lowercased() }
        var out = [UInt8](repeating: 0, count: coreRoom(text))
        let end = text.withUTF8 { u in out.withUnsafeMutableBufferPointer { writeCore(u, to: $0, at: 0) } }
        let core = out[..<end]
        return LabelCore(core, isASCII: isASCII || !core.contains { $0 >= 0x80 })
    }

    /// The cores of the labels of `rows`. Those of ASCII labels (nearly all) are slices of one buffer.
    static func labelCores(_ rows: [StatementRow]) -> [LabelCore] {
        var ends: [Int] = []
        ends.reserveCapacity(rows.count)
        /// Cores of labels with non-ASCII bytes, by row.
        var others: [Int: LabelCore] = [:]
        // Only the written bytes are initialized (no zero fill).
        let bytes = [UInt8](unsafeUninitializedCapacity: rows.reduce(0) { $0 + coreRoom($1.label) }) { out, initialized in
            var end = 0
            for (k, r) in rows.enumerated() {
                var label = r.label
                let written = label.withUTF8 { u in u.contains { $0 >= 0x80 } ? nil : writeCore(u, to: out, at: end) }
                if let written { end = written } else { others[k] = labelCore(r.label) }
                ends.append(end)
            }
            initialized = end
        }
        var start = 0
        return rows.indices.map { k in
            defer { start = ends[k] }
            return others[k] ?? LabelCore(bytes[start..<ends[k]], isASCII: true)
        }
    }

    /// Room for the core of `text`: each byte gives at most a separating space and itself, "&" a
    /// space and "and".
    private static func coreRoom(_ text: String) -> Int { 4 * text.utf8.count }

    /// Writes the core of the label bytes `u` (ASCII in any case, or lower-cased UTF-8) to `out` from
    /// `start`; returns where it ends.
    private static func writeCore(_ u: UnsafeBufferPointer<UInt8>, to out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var count = start
        var space = false
        func emit(_ b: UInt8) {
            if space && count > start {
                out[count] = ASCII.space
                count += 1
            }
            space = false
            out[count] = b
            count += 1
        }
        let classes = coreByteClasses
        var i = 0
        while i < u.count {
            let c = u[i]
            // Most bytes are letters, digits or separators: one table look-up.
            let byteClass = classes[Int(c)]
            if byteClass == CoreByte.separator {
                space = true
                i += 1
                continue
            }
            if byteClass != CoreByte.special {
                emit(byteClass)
                i += 1
                continue
            }
            let length = c < 0x80 ? 1 : UTF8Text.scalarLength(u, at: i)
            if c == ASCII.lparen, let close = u[(i + 1)...].firstIndex(of: ASCII.rparen), isFootnoteMarker(u[(i + 1)..<close]) {
                space = true
                i = close + 1
                continue
            }
            // Apostrophes: "'", "’", "‘".
            if c == 39 || (length == 3 && c == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0x99 || u[i + 2] == 0x98)) {
                i += length
                continue
            }
            // Hyphens inside words: "-", "–", "—", soft hyphen.
            let isHyphen = c == ASCII.minus || (length == 3 && c == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0x93 || u[i + 2] == 0x94))
                || (length == 2 && c == 0xC2 && u[i + 1] == 0xAD)
            if isHyphen, i > 0, i + length < u.count, isLetter(u, at: previousScalar(u, before: i)), isLetter(u, at: i + length) {
                i += length
                continue
            }
            if c == 38 {
                space = true
                for b in Word.and { emit(b) }
                space = true
            } else if c < 0x80 ? ASCII.isLetter(c) || ASCII.isDigit(c) : UTF8Text.isLetter(u, at: i) || UTF8Text.isNumber(u, at: i) {
                emit(ASCII.lower(c))
                for k in 1..<length { emit(u[i + k]) }
            } else {
                space = true
            }
            i += length
        }
        return count
    }

    /// Classes of label bytes for `writeCore`: a separator, a byte the rules look at more closely, or
    /// else the byte to write (an ASCII letter lower-cased, or a digit).
    private enum CoreByte {
        static let separator: UInt8 = 0
        /// "(" (footnote markers), "'" (apostrophes), "-" (hyphens), "&" and non-ASCII bytes.
        static let special: UInt8 = 1
    }

    private static let coreByteClasses: [UInt8] = (0...255).map { n in
        let b = UInt8(n)
        if b >= 0x80 || b == ASCII.lparen || b == 39 || b == ASCII.minus || b == 38 { return CoreByte.special }
        return ASCII.isLetter(b) || ASCII.isDigit(b) ? ASCII.lower(b) : CoreByte.separator
    }

    private static func isLetter(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        u[i] < 0x80 ? ASCII.isLetter(u[i]) : UTF8Text.isLetter(u, at: i)
    }

    /// Whether the text between parentheses marks a footnote: with its whitespace collapsed, at most
    /// one character, a number ("(3)"), or a reference ("(See Notes)", "(Note 4)").
    private static func isFootnoteMarker(_ inner: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !inner.contains(where: { $0 >= 0x80 }) else {
            let text = collapseSpaces(stringFrom(inner))  // lower case already
            return text.count <= 1 || text.allSatisfy(\.isNumber) || text.hasPrefix("see ") || text.hasPrefix("note")
        }
        // ASCII, any case: the same tests on the bytes without surrounding whitespace (collapsing keeps
        // the first and last of them and turns each run of whitespace between them into one space).
        let isSpace = { (b: UInt8) in b == ASCII.space || (b >= 9 && b <= 13) }
        guard let first = inner.firstIndex(where: { !isSpace($0) }), let last = inner.lastIndex(where: { !isSpace($0) }),
              last > first else { return true }
        let text = inner[first...last]
        return text.allSatisfy(ASCII.isDigit)
            || (text.hasPrefixIgnoringCase(Word.see, at: first) && first + 3 < last && isSpace(text[first + 3]))
            || text.hasPrefixIgnoringCase(Word.note, at: first)
    }

    /// Start of the UTF-8 sequence that ends just before `i`.
    private static func previousScalar(_ u: UnsafeBufferPointer<UInt8>, before i: Int) -> Int {
        var k = i - 1
        while k > 0 && u[k] & 0xC0 == 0x80 { k -= 1 }
        return k
    }

    /// Whether `concept` is one of `words` (compared as UTF-8 bytes).
    private static func concept(_ concept: String, isOneOf words: [[UInt8]]) -> Bool {
        var c = concept
        return c.withUTF8 { b in words.contains { $0.count == b.count && b.hasPrefix($0, at: 0) } }
    }

    /// Whether `concept` starts with one of `prefixes`.
    private static func concept(_ concept: String, hasPrefixIn prefixes: [[UInt8]]) -> Bool {
        var c = concept
        return c.withUTF8 { b in prefixes.contains { b.hasPrefix($0, at: 0) } }
    }

    private static func totalKind(_ r: StatementRow, core: LabelCore) -> TotalKind? {
        if core.isEmpty {
            guard r.isTotal, r.values.contains(where: { $0 != nil }) else { return nil }
            return .named(LabelCore(r.concept.flatMap { conceptCores[$0] } ?? ""))
        }
        // Every word below starts with "s" or "t": a first byte that differs rules them all out in
        // either comparison (as in `isResult`).
        guard let first = core.bytes.first, first == 115 || first == 116 else { return nil }
        if core.equals(Word.subtotal) || core.hasPrefix(Word.subtotalSpaced) || core.equals(Word.subTotal) || core.hasPrefix(Word.subTotalSpaced) {
            return .subtotal
        }
        if core.equals(Word.total) { return .named(LabelCore([], isASCII: true)) }
        if core.hasPrefix(Word.totalSpaced) { return .named(core.dropFirst(6)) }
        return nil
    }

    /// Whether a total `s` met while collecting the lines of total `t` is one of its components.
    private static func nests(_ t: TotalKind, _ s: TotalKind) -> Nesting {
        guard case .named(let tc) = t, !tc.isEmpty else { return .maybe }
        guard case .named(let sc) = s else { return .yes }
        if sc.isEmpty { return .maybe }
        if sc == tc { return .no }
        // Minority / noncontrolling interest and temporary equity sit between liabilities and equity.
        if tc.has(Word.liabilities), Word.betweenLiabilitiesAndEquity.contains(where: { sc.has($0) }) {
            return .yes
        }
        // "assets" in "current assets"; "liabilities" and "stockholders equity" in "liabilities and stockholders equity".
        for part in tc.parts(separatedBy: Word.andSeparator) where sc == part || sc.hasSpaceAndSuffix(part) {
            return .yes
        }
        return .no
    }

    /// A "Less ..." or "Deduct ..." line. (Both words start with "l" or "d": a first byte that differs
    /// rules them out in either comparison.)
    private static func isLessLine(_ core: LabelCore) -> Bool {
        guard let first = core.bytes.first, first == 108 || first == 100 else { return false }
        return core.equals(Word.less) || core.hasPrefix(Word.lessSpaced) || core.hasPrefix(Word.deduct)
    }

    /// Whether a row is a result line (gross profit, operating income, net income, ...), a per-share
    /// amount or a share count.
    private static func isResult(_ r: StatementRow, core: LabelCore) -> Bool {
        if let c = r.concept, concept(c, isOneOf: resultConcepts) || concept(c, hasPrefixIn: perShareConceptPrefixes) { return true }
        // "Net loss on investment securities" is a line; "Net loss", "Net income per share" are results.
        // (A first byte that differs rules a prefix out in either comparison.)
        guard let first = core.bytes.first else { return false }
        let prefixes = resultPrefixes, spaced = resultPrefixesSpaced
        for p in prefixes.indices where prefixes[p][0] == first {
            if core.equals(prefixes[p]) { return true }
            if core.hasPrefix(spaced[p]) && !core.dropFirst(prefixes[p].count).hasPrefix(Word.on) { return true }
        }
        return false
    }

    /// How a label ends, ignoring trailing spaces and newlines: with ":", or like a heading with
    /// ":", "-" or an em dash.
    private static func labelEnding(_ label: String) -> (colon: Bool, heading: Bool) {
        var l = label
        return l.withUTF8 { u in
            var k = u.count - 1
            while k >= 0 && (u[k] == ASCII.space || u[k] == ASCII.newline) { k -= 1 }
            guard k >= 0 else { return (false, false) }
            let colon = u[k] == ASCII.colon
            let emDash = k >= 2 && u[k] == 0x94 && u[k - 1] == 0x80 && u[k - 2] == 0xE2  // U+2014
            return (colon, colon || u[k] == ASCII.minus || emDash)
        }
    }

    /// Whether a label has a lower-case letter.
    private static func hasLowercase(_ label: String) -> Bool {
        var l = label
        let (lower, isASCII) = l.withUTF8 { u -> (Bool, Bool) in
            var isASCII = true
            for b in u {
                if ASCII.isLower(b) { return (true, isASCII) }
                if b >= 0x80 { isASCII = false }
            }
            return (false, isASCII)
        }
        return lower || (!isASCII && label.contains(where: \.isLowercase))
    }

    /// Rows of a statement with what the subtotal walk needs precomputed.
    final class SubtotalTable {
        /// What the walk needs of one row, kept together: one array per table rather than one per trait.
        struct Line {
            var core: LabelCore
            var kind: TotalKind?
            /// Has a kind: a labelled (or unlabelled ruled-off) total.
            var isTotal: Bool
            /// Ruled off as a total (`StatementRow.isTotal`).
            var ruled: Bool
            /// Indentation level.
            var level: Int
            /// Has at least one value.
            var filled: Bool
            /// -1 for a "Less ..." line printed without parentheses (subtracted), else 1.
            var sign: Double
            /// Printed precision of the row's dated values.
            var unit: Double
            /// A result (gross profit, operating income, net income, ...), per-share or share-count line.
            var isResult: Bool
            var isRevenue: Bool
            /// A total introducing its lines like a heading ("Total Retail Sales-", "Total revenues:").
            var isHeadingTotal: Bool
            /// A line without amounts that may be an empty line of a block rather than a heading: not
            /// ending with ":", not in capitals.
            var mayBeEmptyLine: Bool

            init(_ r: StatementRow, core: LabelCore, dated: [Int]) {
                self.core = core
                kind = totalKind(r, core: core)
                isTotal = kind != nil
                ruled = r.isTotal
                level = r.level
                filled = r.values.contains { $0 != nil }
                sign = isLessLine(core) && r.values.allSatisfy { ($0 ?? 0) >= 0 } ? -1 : 1
                unit = printedUnit(dated.lazy.compactMap { $0 < r.values.count ? r.values[$0] : nil })
                isResult = Checks.isResult(r, core: core)
                isRevenue = r.concept.map { concept($0, isOneOf: revenueConcepts) } ?? false
                let ending = labelEnding(r.label)
                isHeadingTotal = ending.heading
                mayBeEmptyLine = !ending.colon && hasLowercase(r.label)
            }
        }

        let statement: Statement
        let rows: [StatementRow]
        /// By row.
        let lines: [Line]
        /// Values by row: `cells[row * width + column]`, nil beyond a row's values.
        private let cells: [Double?]
        private let width: Int
        /// Columns with a period (change and percentage columns have none).
        let dated: [Int]
        private var nestedWalks: [Int: [Walk]] = [:]
        /// Branch points and lines a walk may visit before the total is left unchecked: real blocks are
        /// short; this bounds the work on a pathological table.
        private var budget = 0
        private var exhausted = false

        init(_ s: Statement) {
            statement = s
            rows = s.rows
            let dated = s.columns.indices.filter { s.columns[$0].period != nil }
            self.dated = dated
            let n = s.rows.count
            let cores = labelCores(s.rows)
            // Built by `map`: rows are read in place, lines written in place (no copies of either).
            lines = s.rows.indices.map { Line(s.rows[$0], core: cores[$0], dated: dated) }
            let width = s.rows.reduce(0) { Swift.max($0, $1.values.count) }
            var cells = [Double?](repeating: nil, count: n * width)
            for (i, r) in s.rows.enumerated() {
                for (c, v) in r.values.enumerated() { cells[i * width + c] = v }
            }
            self.cells = cells
            self.width = width
        }

        /// The value of `row` in `column`; nil when blank or beyond the row's values.
        func value(_ row: Int, _ column: Int) -> Double? {
            column < width ? cells[row * width + column] : nil
        }

        func sum(_ rows: some Collection<Int>, column c: Int) -> Double {
            rows.reduce(0) { $0 + lines[$1].sign * (value($1, c) ?? 0) }
        }

        /// Whether `total` and at least one of `rows` have a value in column `c`.
        private func isCompared(_ c: Int, total t: Int, rows: some Collection<Int>) -> Bool {
            value(t, c) != nil && rows.contains { value($0, c) != nil }
        }

        /// Dated columns where `total` and at least one of `rows` have a value.
        func comparedColumns(total t: Int, rows: [Int]) -> [Int] {
            dated.filter { isCompared($0, total: t, rows: rows) }
        }

        /// Whether two or more of `rows` have a value in a compared column.
        func hasTwoComparedComponents(_ rows: [Int], total t: Int) -> Bool {
            var n = 0
            for row in rows where dated.contains(where: { value(t, $0) != nil && value(row, $0) != nil }) {
                n += 1
                if n == 2 { return true }
            }
            return false
        }

        /// One printed unit per component: each is rounded.
        func tolerance(_ rows: some Collection<Int>, total t: Int) -> Double {
            Double(rows.count) * rows.reduce(lines[t].unit) { Swift.min($0, lines[$1].unit) } * 1.0001
        }

        /// Whether `total` equals the sum of `rows` in every compared column (at least one, not all zero),
        /// within one printed unit per component.
        func adds(_ rows: some Collection<Int>, to t: Int) -> Bool {
            let tolerance = tolerance(rows, total: t)
            var nonZero = false
            for c in dated where isCompared(c, total: t, rows: rows) {
                let v = value(t, c) ?? 0
                if v != 0 { nonZero = true }
                guard abs(sum(rows, column: c) - v) <= tolerance else { return false }
            }
            return nonZero
        }

        /// A line that ends a block: a result, or a revenue line above a total that is not about revenue.
        func isBoundary(_ row: Int, for t: TotalKind) -> Bool {
            if lines[row].isResult { return true }
            guard lines[row].isRevenue else { return false }
            guard case .named(let tc) = t else { return true }
            return !Word.revenueTopics.contains(where: { tc.has($0) })
        }

        /// Per-share, percentage and ratio rows are not sums of the rows above them.
        func isRatio(_ row: Int) -> Bool {
            let r = rows[row]
            var label = r.label
            if label.withUTF8({ $0.contains { $0 == 47 || $0 == 37 } }) { return true }  // "/" "%"
            if Word.ratioWords.contains(where: { lines[row].core.has($0) }) { return true }
            if let c = r.concept, concept(c, hasPrefixIn: perShareConceptPrefixes) { return true }
            let vs = dated.lazy.compactMap { self.value(row, $0) }
            return !vs.isEmpty && vs.allSatisfy { abs($0) < 10 } && vs.contains { $0 != $0.rounded() }
        }

        /// Totals printed before their lines: the statement opens with a total, or a total equals the
        /// sum of the two or more plain lines right below it. The upward walk does not apply.
        var totalsOnTop: Bool {
            if let first = lines.firstIndex(where: \.filled), lines[first].isTotal { return true }
            for t in rows.indices where lines[t].isTotal {
                var k = t + 1
                while k < rows.count, lines[k].filled, !lines[k].isTotal, !lines[k].ruled { k += 1 }
                if k - (t + 1) >= 2, adds((t + 1)..<k, to: t) { return true }
            }
            return false
        }

        fileprivate struct Walk {
            var rows: [Int]
            /// The topmost row consumed.
            var start: Int
        }

        /// The readings of which rows above total `t` make up its value.
        func groupings(total t: Int) -> [Grouping] {
            guard let kind = lines[t].kind else { return [] }
            budget = 400
            exhausted = false
            var walks: [Walk] = []
            walk(kind, from: t - 1, depth: 0, rows: [], refLevel: nil, into: &walks)
            return exhausted ? [] : walks.map { Grouping(rows: $0.rows.reversed(), note: nil) }
        }

        /// Spends `cost` of the budget; false once it is exhausted.
        private func spend(_ cost: Int) -> Bool {
            budget -= cost
            if budget < 0 { exhausted = true }
            return !exhausted
        }

        /// The readings of a nested total's own lines (memoized: outer totals walk through it again).
        private func nested(_ k: Int, depth: Int) -> [Walk] {
            if let w = nestedWalks[k] { return w }
            var w: [Walk] = []
            walk(lines[k].kind!, from: k - 1, depth: depth, rows: [], refLevel: nil, into: &w)
            keepFirst(4, of: &w, from: 0)
            if !exhausted { nestedWalks[k] = w }
            return w
        }

        /// Drops the readings after the first `n` appended from index `start` on.
        private func keepFirst(_ n: Int, of walks: inout [Walk], from start: Int) {
            if walks.count > start + n { walks.removeSubrange((start + n)...) }
        }

        /// Collects components walking up from row `k0`, branching where the layout allows two readings;
        /// appends the readings to `out`. (Once the budget is exhausted, what it appends is not used.)
        private func walk(_ kind: TotalKind, from k0: Int, depth: Int, rows start: [Int], refLevel r0: Int?,
                          into out: inout [Walk]) {
            var k = k0
            var comps = start
            var refLevel = r0
            while k >= 0 {
                guard spend(1) else { return }
                if !lines[k].filled {
                    let core = lines[k].core
                    if core.isEmpty || core.hasPrefix(Word.commitments) || core.hasPrefix(Word.contingenc) {
                        k -= 1
                        continue
                    }
                    // A line without amounts indented like the lines below it ("Preferred stock ... none
                    // issued") may be one of them; a heading ends with ":", is in capitals or is less indented.
                    if let ref = refLevel, lines[k].level >= ref, lines[k].mayBeEmptyLine {
                        guard spend(20) else { return }
                        out.append(Walk(rows: comps, start: k + 1))
                        walk(kind, from: k - 1, depth: depth, rows: comps, refLevel: refLevel, into: &out)
                        return
                    }
                    break  // section heading
                }
                if lines[k].isTotal, let sk = lines[k].kind {
                    let nesting = nests(kind, sk)
                    if lines[k].isHeadingTotal || nesting == .no || depth >= 4 { break }
                    guard spend(nesting == .maybe ? 20 : 0) else { return }
                    // At most 8 readings through a nested total.
                    let first = out.count
                    if nesting == .maybe { out.append(Walk(rows: comps, start: k + 1)) }
                    comps.append(k)
                    for sub in nested(k, depth: depth + 1) {
                        var next = sub.start - 1
                        // The nested total's own heading ("Current assets:").
                        if next >= 0, !lines[next].filled, !lines[next].core.isEmpty, headingBelongs(next, to: sk) { next -= 1 }
                        walk(kind, from: next, depth: depth, rows: comps, refLevel: refLevel, into: &out)
                    }
                    keepFirst(8, of: &out, from: first)
                    return
                }
                if isBoundary(k, for: kind) { break }
                if lines[k].ruled {
                    // Ruled off but not labelled as a total ("Net loans receivable"): a subtotal inside
                    // this block or the end of the previous one.
                    guard spend(20) else { return }
                    out.append(Walk(rows: comps, start: k + 1))
                    comps.append(k)
                    walk(kind, from: k - 1, depth: depth, rows: comps, refLevel: refLevel ?? lines[k].level, into: &out)
                    return
                }
                if let ref = refLevel, lines[k].level < ref {
                    // Less indented than the lines below it: the block may end here.
                    guard spend(20) else { return }
                    out.append(Walk(rows: comps, start: k + 1))
                    walk(kind, from: k, depth: depth, rows: comps, refLevel: lines[k].level, into: &out)
                    return
                }
                if refLevel == nil { refLevel = lines[k].level }
                comps.append(k)
                k -= 1
            }
            out.append(Walk(rows: comps, start: k + 1))
        }

        /// A heading directly above a nested total's lines that names it.
        private func headingBelongs(_ row: Int, to s: TotalKind) -> Bool {
            guard case .named(let sc) = s, !sc.isEmpty else { return true }
            return lines[row].core == sc
        }

        /// The reading where plain lines equal to the sum of two or more consecutive lines just above
        /// them (e.g. "Net loans receivable" after gross loans and the reserve) stand for those lines;
        /// nil when there is none.
        func collapsingImplicitSubtotals(_ g: Grouping) -> Grouping? {
            var comps = g.rows
            var notes: [String] = []
            var j = comps.count - 1
            while j >= 2 {
                let r = comps[j]
                var found: Int?
                if !lines[r].isTotal, lines[r].sign == 1 {
                    var len = 2
                    while found == nil, j - len >= 0 {
                        let run = comps[(j - len)..<j]
                        // Consecutive lines of the statement, none of them a labelled total.
                        guard isConsecutivePlainLines(run, endingAt: r - 1) else { break }
                        if adds(run, to: r) { found = len } else { len += 1 }
                    }
                }
                if let len = found {
                    notes.append("\(shortLabel(r)) taken as the subtotal of the \(len) lines above it")
                    comps.removeSubrange((j - len)..<j)
                    j -= len + 1
                } else {
                    j -= 1
                }
            }
            return notes.isEmpty ? nil : Grouping(rows: comps, note: notes.joined(separator: "; "))
        }

        /// Whether `run` is the statement's rows up to `last`, none of them a labelled total.
        private func isConsecutivePlainLines(_ run: ArraySlice<Int>, endingAt last: Int) -> Bool {
            var expected = last - run.count + 1
            for row in run {
                guard row == expected, !lines[row].isTotal else { return false }
                expected += 1
            }
            return true
        }

        /// Whether label bytes are ASCII (`isASCII`) and also already collapsed (`plain`: no leading or
        /// trailing space, no other whitespace, no two spaces in a row).
        private static func labelShape(_ u: UnsafeBufferPointer<UInt8>) -> (plain: Bool, isASCII: Bool) {
            var isASCII = true, plain = u.first != ASCII.space && u.last != ASCII.space
            for k in u.indices {
                let b = u[k]
                if b >= 0x80 { isASCII = false; plain = false; break }
                if (b >= 9 && b <= 13) || (b == ASCII.space && k > 0 && u[k - 1] == ASCII.space) { plain = false }
            }
            return (plain, isASCII)
        }

        /// A row's label in a formula or note: whitespace collapsed, at most 60 characters.
        func shortLabel(_ row: Int) -> String {
            let r = rows[row]
            var label = r.label
            // Most labels are ASCII with single spaces between words: already collapsed.
            let (plain, isASCII) = label.withUTF8(Self.labelShape)
            var l = plain ? r.label : collapseSpaces(r.label)
            if l.isEmpty { l = r.concept.map { "(unlabelled \($0))" } ?? "(unlabelled total)" }
            // In ASCII text without "\r\n" (collapsed away) characters are bytes.
            guard isASCII ? l.utf8.count > 60 : l.count > 60 else { return l }
            return (isASCII ? stringFrom(l.utf8.prefix(57)) : String(l.prefix(57))) + "..."
        }

        /// Appends the bytes of `shortLabel(row)`: those of the label itself when it is plain ASCII (nearly
        /// always), without building a String.
        func appendShortLabel(_ row: Int, to bytes: inout [UInt8]) {
            var label = rows[row].label
            let appended = label.withUTF8 { u -> Bool in
                guard !u.isEmpty, Self.labelShape(u).plain else { return false }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u.prefix(u.count > 60 ? 57 : 60)))
                if u.count > 60 { bytes += Word.ellipsis }
                return true
            }
            if !appended { appendUTF8(shortLabel(row), to: &bytes) }
        }

        /// The readings worth checking for total `t`: at least two components with values in a compared column.
        func candidates(total t: Int) -> [Grouping] {
            var out: [Grouping] = []
            func consider(_ c: Grouping) {
                if !out.contains(where: { $0.rows == c.rows }), hasTwoComparedComponents(c.rows, total: t) { out.append(c) }
            }
            for g in groupings(total: t) {
                consider(g)
                if let collapsed = collapsingImplicitSubtotals(g) { consider(collapsed) }
            }
            return out
        }
    }

    /// Printed precision of `values`: 1 for whole numbers, 0.1 with one decimal, and so on.
    static func printedUnit<S: Sequence<Double>>(_ values: S) -> Double {
        var unit = 1.0
        for v in values where v != v.rounded() {
            var u = 1.0
            while u > 1e-4, abs(v / u - (v / u).rounded()) > 1e-6 * Swift.max(1, abs(v / u)) { u /= 10 }
            unit = Swift.min(unit, u)
        }
        return unit
    }

    static func subtotalChecks(_ s: Statement, into out: inout [Check]) {
        let table = SubtotalTable(s)
        guard !table.dated.isEmpty, !table.totalsOnTop else { return }
        for t in s.rows.indices where table.lines[t].isTotal && !table.lines[t].isHeadingTotal && !table.isRatio(t) {
            let readings = table.candidates(total: t)
            if readings.count == 1 && readings[0].note == nil {
                subtotalChecks(table, total: t, readings[0], into: &out)
            } else if let g = readings.first(where: { table.adds($0.rows, to: t) }) {
                subtotalChecks(table, total: t, g, into: &out)
            }
        }
    }

    private static func subtotalChecks(_ table: SubtotalTable, total t: Int, _ g: Grouping, into out: inout [Check]) {
        var formula: [UInt8] = []
        formula.reserveCapacity(64 * (g.rows.count + 1))  // labels are at most 60 characters
        table.appendShortLabel(t, to: &formula)
        formula += Word.equals
        for (n, row) in g.rows.enumerated() {
            formula += table.lines[row].sign < 0 ? Word.minus : n == 0 ? Word.space : Word.plus
            table.appendShortLabel(row, to: &formula)
        }
        if let note = g.note { appendUTF8(" (\(note))", to: &formula) }
        let tolerance = table.tolerance(g.rows, total: t)
        for c in table.comparedColumns(total: t, rows: g.rows) {
            out.append(compare("subtotal", table.statement, column: c, expected: table.sum(g.rows, column: c),
                               actual: table.value(t, c) ?? 0, formula: formula, tolerance: tolerance))
        }
    }
}
