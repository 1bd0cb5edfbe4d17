// Subtotal checks, part 1: what a row label says about the row (its core words, the kind of total
// it is, whether it is a result line).

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

    enum Nesting { case yes, no, maybe }

    /// UTF-8 bytes of each word of a vocabulary.
    static func words(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

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
    enum Word {
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
        // Nearly every label is ASCII: its core is built byte by byte (the subtotal checks ask for
        // the core of every statement row, and filings-bench shows the Unicode path below costing
        // about a third of the parse time when used for every label).
        if label.utf8.allSatisfy({ $0 < 0x80 }) { return asciiLabelCore(Array(label.utf8)) }
        let s = Array(label.lowercased().unicodeScalars)
        var words: [String] = []
        var word = String.UnicodeScalarView()
        func endWord() {
            if !word.isEmpty { words.append(String(word)) }
            word = String.UnicodeScalarView()
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "(", let close = s[(i + 1)...].firstIndex(of: ")"), isFootnoteMarker(String(String.UnicodeScalarView(s[(i + 1)..<close]))) {
                endWord()
                i = close + 1
                continue
            }
            let hyphenInWord = hyphens.contains(c) && i > 0 && i + 1 < s.count && isLetter(s[i - 1]) && isLetter(s[i + 1])
            if apostrophes.contains(c) || hyphenInWord {
                // Dropped without ending the word.
            } else if c == "&" {
                endWord()
                words.append("and")
            } else if isLetter(c) || c.properties.numericType != nil {
                word.append(c)
            } else {
                endWord()
            }
            i += 1
        }
        endWord()
        return LabelCore(words.joined(separator: " "))
    }

    /// `labelCore` of an ASCII label, as bytes.
    private static func asciiLabelCore(_ b: [UInt8]) -> LabelCore {
        var core: [UInt8] = []
        core.reserveCapacity(b.count + 8)
        var space = false
        func emit(_ c: UInt8) {
            if space && !core.isEmpty { core.append(ASCII.space) }
            space = false
            core.append(c)
        }
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == ASCII.lparen, let close = b[(i + 1)...].firstIndex(of: ASCII.rparen),
               isFootnoteMarker(String(decoding: b[(i + 1)..<close], as: UTF8.self).lowercased()) {
                space = true
                i = close + 1
                continue
            }
            let hyphenInWord = c == ASCII.minus && i > 0 && i + 1 < b.count && ASCII.isLetter(b[i - 1]) && ASCII.isLetter(b[i + 1])
            if c == 39 || hyphenInWord {
                // An apostrophe or a hyphen inside a word: dropped without ending the word.
            } else if c == 38 {
                space = true
                for x in "and".utf8 { emit(x) }
                space = true
            } else if ASCII.isLetter(c) || ASCII.isDigit(c) {
                emit(ASCII.lower(c))
            } else {
                space = true
            }
            i += 1
        }
        return LabelCore(core[...], isASCII: true)
    }

    /// The cores of the labels of `rows`.
    static func labelCores(_ rows: [StatementRow]) -> [LabelCore] { rows.map { labelCore($0.label) } }

    private static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{2018}"]
    /// "-", en dash, em dash, soft hyphen.
    private static let hyphens: Set<Unicode.Scalar> = ["-", "\u{2013}", "\u{2014}", "\u{AD}"]

    private static func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }

    /// Whether the text between parentheses marks a footnote: with its whitespace collapsed, at most
    /// one character, a number ("(3)"), or a reference ("(see notes)", "(note 4)").
    private static func isFootnoteMarker(_ inner: String) -> Bool {
        let text = collapseSpaces(inner)
        return text.count <= 1 || text.allSatisfy(\.isNumber) || text.hasPrefix("see ") || text.hasPrefix("note")
    }

    /// Whether `concept` is one of `words` (compared as UTF-8 bytes).
    static func concept(_ concept: String, isOneOf words: [[UInt8]]) -> Bool {
        var c = concept
        return c.withUTF8 { b in words.contains { $0.count == b.count && b.hasPrefix($0, at: 0) } }
    }

    /// Whether `concept` starts with one of `prefixes`.
    static func concept(_ concept: String, hasPrefixIn prefixes: [[UInt8]]) -> Bool {
        var c = concept
        return c.withUTF8 { b in prefixes.contains { b.hasPrefix($0, at: 0) } }
    }

    static func totalKind(_ r: StatementRow, core: LabelCore) -> TotalKind? {
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
    static func nests(_ t: TotalKind, _ s: TotalKind) -> Nesting {
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
    static func isLessLine(_ core: LabelCore) -> Bool {
        guard let first = core.bytes.first, first == 108 || first == 100 else { return false }
        return core.equals(Word.less) || core.hasPrefix(Word.lessSpaced) || core.hasPrefix(Word.deduct)
    }

    /// Whether a row is a result line (gross profit, operating income, net income, ...), a per-share
    /// amount or a share count.
    static func isResult(_ r: StatementRow, core: LabelCore) -> Bool {
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
    static func labelEnding(_ label: String) -> (colon: Bool, heading: Bool) {
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
    static func hasLowercase(_ label: String) -> Bool {
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
}
