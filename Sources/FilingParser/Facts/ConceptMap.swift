// Maps printed row labels to US-GAAP element names.

enum ConceptMap {
    static let epsBasic = "EarningsPerShareBasic"
    static let epsDiluted = "EarningsPerShareDiluted"
    static let sharesBasic = "WeightedAverageNumberOfSharesOutstandingBasic"
    static let sharesDiluted = "WeightedAverageNumberOfDilutedSharesOutstanding"

    static func isPerShare(_ concept: String) -> Bool { concept.has("PerShare") }
    static func isShares(_ concept: String) -> Bool { concept == sharesBasic || concept == sharesDiluted }

    /// Lower-cases a label and removes what does not change its meaning: sign words in parentheses
    /// ("(loss)", "(benefit)"), note references, apostrophes, bullets and punctuation.
    static let noiseGroups: Set<String> = [
        "loss", "losses", "benefit", "income", "expense", "deficit", "gain", "decrease", "see notes", "see note", "notes",
        "note", "unaudited", "restated", "in millions", "in thousands", "000s", "000's", "1", "2", "3", "a", "b", "c", "*",
    ]
    private static let noiseGroupBytes = noiseGroups.map { Array($0.utf8) }
    private static let notePrefixes = [Array("note ".utf8), Array("see note".utf8)]

    static func normalize(_ label: String) -> String { normalizedLabel(label).text }

    /// The normalized label as bytes (see `normalize`), ready for the concept patterns.
    static func normalizedLabel(_ label: String) -> LabelBytes {
        // ASCII is lower-cased byte by byte as it is read; anything else through Unicode first.
        var text = label
        let ascii = text.withUTF8 { u in !u.contains { $0 >= 0x80 } }
        if !ascii { text = label.lowercased() }
        let padded = text.withUTF8 { chars in
            // Each byte writes at most four ("&" → " and"), plus the two padding spaces. Written on
            // the stack, then copied into an array of the right size.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * chars.count + 2) { buffer in
                var w = LabelWriter(out: buffer)
                normalize(chars, into: &w)
                return Array(UnsafeBufferPointer(rebasing: buffer[0..<w.finish()]))
            }
        }
        return LabelBytes(padded: padded)
    }

    /// Writes the words of a normalized label separated by single spaces, with one space at each
    /// end, into a buffer large enough.
    private struct LabelWriter {
        let out: UnsafeMutableBufferPointer<UInt8>
        var count = 1
        var prevIsLetter = false
        /// A separator was seen since the last word byte (written only before the next one).
        var pendingSpace = false

        init(out: UnsafeMutableBufferPointer<UInt8>) {
            self.out = out
            out[0] = ASCII.space
        }

        mutating func separator() {
            pendingSpace = count > 1
            prevIsLetter = false
        }

        @inline(__always) private mutating func put(_ b: UInt8) {
            out[count] = b
            count += 1
        }

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int, count n: Int, letter: Bool) {
            if pendingSpace { put(ASCII.space) }
            pendingSpace = false
            if n == 1 {
                put(ASCII.lower(bytes[i]))
            } else {
                for k in i..<(i + n) { put(bytes[k]) }
            }
            prevIsLetter = letter
        }

        /// Writes the run of ASCII letters and digits at `start` lower-cased (found and written in
        /// one pass); returns where the run ends.
        mutating func appendWordRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            if pendingSpace { put(ASCII.space) }
            pendingSpace = false
            var i = start, k = count
            while i < bytes.count {
                let b = bytes[i]
                let folded = b | 0x20
                if folded &- 97 < 26 {
                    out[k] = folded  // a letter, lower-cased
                } else if ASCII.isDigit(b) {
                    out[k] = b
                } else {
                    break
                }
                i += 1
                k += 1
            }
            count = k
            prevIsLetter = ASCII.isLetter(bytes[i - 1])
            return i
        }

        mutating func append(_ bytes: [UInt8]) {
            if pendingSpace { put(ASCII.space) }
            pendingSpace = false
            for b in bytes { put(b) }
            prevIsLetter = false
        }

        /// Writes the closing space; returns the length written.
        mutating func finish() -> Int {
            put(ASCII.space)
            return count
        }
    }

    /// `normalize` on UTF-8 bytes whose non-ASCII part is already lower case; ASCII letters are
    /// lower-cased here.
    private static func normalize(_ chars: UnsafeBufferPointer<UInt8>, into w: inout LabelWriter) {
        let n = chars.count
        var i = 0
        while i < n {
            let ch = chars[i]
            // Most bytes are runs of ASCII letters and digits: written lower-cased in one go.
            if isASCIIWordByte(ch) {
                i = w.appendWordRun(chars, from: i)
                continue
            }
            // Spaces and most punctuation only separate words.
            if isPlainSeparator(ch) {
                w.separator()
                i += 1
                continue
            }
            let length = UTF8Text.scalarLength(chars, at: i)
            if ch == ASCII.lparen {
                // Drop "(loss)", "(benefit)", "(note 4)", "(see notes)"...
                var j = i + 1
                while j < n && j - i <= 24 && chars[j] != ASCII.rparen { j += 1 }
                if j < n && chars[j] == ASCII.rparen && isNoiseGroup(UnsafeBufferPointer(rebasing: chars[(i + 1)..<j])) {
                    i = j + 1
                    w.separator()
                    continue
                }
            }
            // Apostrophes ("'", "’") vanish; "&" reads "and".
            if ch == 39 || (length == 3 && ch == 0xE2 && chars[i + 1] == 0x80 && chars[i + 2] == 0x99) { i += length; continue }
            if ch == 38 {
                w.separator()
                w.append(andWord)
                w.separator()
                i += 1
                continue
            }
            if ch == ASCII.minus {
                // Keep hyphens inside words ("non-interest"), drop dashes used as bullets or separators.
                if w.prevIsLetter && i + 1 < n && UTF8Text.isLetter(chars, at: i + 1) {
                    w.append(chars, from: i, count: 1, letter: false)
                } else {
                    w.separator()
                }
            } else if UTF8Text.isLetter(chars, at: i) {
                w.append(chars, from: i, count: length, letter: true)
            } else if UTF8Text.isNumber(chars, at: i) || ch == 47 {
                w.append(chars, from: i, count: length, letter: false)
            } else {
                w.separator()
            }
            i += length
        }
    }

    @inline(__always) private static func isASCIIWordByte(_ b: UInt8) -> Bool { ASCII.isLetter(b) || ASCII.isDigit(b) }

    /// An ASCII byte, not a letter or digit, that `normalize` reads as a plain word separator: any
    /// but "(" (may open a sign word), "'" (vanishes), "&" (reads "and"), "-" (may join words) and "/" (kept).
    @inline(__always) private static func isPlainSeparator(_ b: UInt8) -> Bool {
        b < 0x80 && b != ASCII.lparen && b != 39 && b != 38 && b != ASCII.minus && b != 47
    }

    private static let andWord = Array("and".utf8)

    /// Whether the text inside parentheses (ASCII not yet lower-cased) is a sign word or note
    /// reference: one of `noiseGroups`, or "note ..." / "see note...", after trimming spaces and tabs.
    private static func isNoiseGroup(_ inner: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = 0, e = inner.count
        while s < e && (inner[s] == ASCII.space || inner[s] == ASCII.tab) { s += 1 }
        while e > s && (inner[e - 1] == ASCII.space || inner[e - 1] == ASCII.tab) { e -= 1 }
        let t = inner[s..<e]
        if t.contains(where: { $0 >= 0x80 }) {
            // Non-ASCII: compare as text, as Unicode string comparison does.
            let text = stringFrom(t.map(ASCII.lower))
            return noiseGroups.contains(text) || text.hasPrefix("note ") || text.hasPrefix("see note")
        }
        if noiseGroupBytes.contains(where: { $0.count == t.count && t.hasPrefixIgnoringCase($0, at: s) }) { return true }
        return notePrefixes.contains { t.hasPrefixIgnoringCase($0, at: s) }
    }

    /// Labels that only mean something with their heading ("Basic", "Total", "- As Reported").
    static func isAmbiguous(_ label: LabelBytes, raw: String) -> Bool {
        if startsWithDash(raw) { return true }
        return ambiguousLabels.contains { label.matches($0) }
    }

    /// `raw.trimmingLeadingSpaces.hasPrefix("-")`, on bytes.
    private static func startsWithDash(_ raw: String) -> Bool {
        var s = raw
        let dash = s.withUTF8 { u -> Bool? in
            var i = 0
            while i < u.count && u[i] == ASCII.space { i += 1 }
            guard i < u.count, u[i] == ASCII.minus else { return false }
            // A non-ASCII byte after the dash may extend its character: compare characters then.
            return i + 1 < u.count && u[i + 1] >= 0x80 ? nil : true
        }
        return dash ?? raw.trimmingLeadingSpaces.hasPrefix("-")
    }

    /// A heading naming the kind of the per-share rows under it ("Basic", "Diluted", "Assuming
    /// full dilution", "Primary").
    static func isDilutionHeading(_ heading: LabelBytes) -> Bool {
        dilutionHeadings.contains { heading.matches($0) }
    }

    private static let dilutionHeadings = [
        "=basic", "=diluted", "=fully diluted", "=assuming dilution", "=assuming full dilution", "=primary",
        "=basic earnings per share", "=diluted earnings per share", "=basic earnings loss per share", "=diluted earnings loss per share",
    ].map(LabelPattern.init)

    /// A per-share label that does not say basic or diluted ("Earnings per share", "Net income per share").
    static func isUnqualifiedPerShare(_ label: LabelBytes) -> Bool {
        perShareWords.contains { label.matches($0) } && !dilutionWords.contains { label.matches($0) }
    }

    private static let perShareWords = ["per share", "per common share"].map(LabelPattern.init)

    /// A section heading over per-share amounts ("Amounts per share of common stock").
    static func isPerShareHeading(_ heading: LabelBytes) -> Bool {
        perShareHeadings.contains { heading.matches($0) }
    }

    private static let perShareHeadings = ["^amounts per share", "^per share", "^per common share", "^earnings per share",
                                           "^earnings loss per share", "^net income per share"].map(LabelPattern.init)

    /// Under a per-share heading, whether a row is the earnings line whose amount is earnings per
    /// share: its label names net income or earnings ("Net income", "Net earnings (loss)",
    /// "Earnings", "Net income applicable to common stock") or says which earnings per share it is
    /// ("Basic", "Primary", "Assuming full dilution"). A part of earnings printed per share ("Net
    /// effect of changes in accounting principles", "Extraordinary item") is not.
    static func isEarningsLine(_ label: LabelBytes) -> Bool {
        if earningsLineWords.contains(where: { label.matches($0) }) || dilutionWords.contains(where: { label.matches($0) }) { return true }
        return ConceptTable.match(label, kind: "income").contains(where: isNetIncome)
    }

    /// Net income, or net income available to common stock.
    static func isNetIncome(_ concept: String) -> Bool { netIncomeConcepts.contains(concept) }

    private static let earningsLineWords = ["^earnings", "^income", "^loss", "=net", "^net income", "^net loss", "^net earnings", " eps "].map(LabelPattern.init)
    private static let netIncomeConcepts: Set<String> = ["NetIncomeLoss", "NetIncomeLossAvailableToCommonStockholdersBasic"]

    /// The label mentions shares ("Average number outstanding" does not; "Shares outstanding" does).
    static func mentionsShares(_ label: LabelBytes) -> Bool {
        shareWords.contains { label.matches($0) }
    }

    private static let shareWords = [" shares ", " share ", "outstanding"].map(LabelPattern.init)
    private static let dilutionWords = [" basic ", " diluted ", " dilution ", " primary ", " fully "].map(LabelPattern.init)

    private static let ambiguousLabels = [
        "basic", "diluted", "total", "as reported", "assuming dilution", "basic and diluted", "fully diluted",
        "primary", "net", "excluding one-time items", "excluding one time items", "reported", "gaap", "non-gaap",
    ].map { LabelPattern("=" + $0) }

    /// Concepts for a row. `n` is the normalized label (already qualified by its heading when
    /// ambiguous); `kind` is the statement kind. The first rule of `ConceptTable.rules` whose
    /// patterns match decides: its concepts if it applies to `kind`, else none.
    static func concepts(_ n: String, kind: String) -> [String] { concepts(LabelBytes(n), kind: kind) }

    static func concepts(_ label: LabelBytes, kind: String) -> [String] {
        let found = ConceptTable.match(label, kind: kind)
        if found.isEmpty, let joined = withoutHyphens(label) {
            // "total liabil-ities" (a word wrapped with a hyphen), "non-interest" vs "noninterest".
            return ConceptTable.match(joined, kind: kind)
        }
        return found
    }

    /// The label with its hyphens removed, or nil when it has none.
    private static func withoutHyphens(_ label: LabelBytes) -> LabelBytes? {
        let p = label.padded
        let (hyphens, ascii) = p.withUnsafeBufferPointer { u in
            var hyphens = 0, ascii = true
            for b in u {
                if b == ASCII.minus { hyphens += 1 }
                if b >= 0x80 { ascii = false }
            }
            return (hyphens, ascii)
        }
        guard hyphens > 0 else { return nil }
        guard ascii else {
            // A hyphen may start a character with combining marks: remove characters, as text.
            return LabelBytes(String(label.text.filter { $0 != "-" }))
        }
        return LabelBytes(padded: [UInt8](unsafeUninitializedCapacity: p.count - hyphens) { out, count in
            for b in p where b != ASCII.minus {
                out[count] = b
                count += 1
            }
        })
    }
}

extension String {
    var trimmingLeadingSpaces: Substring { drop(while: { $0 == " " }) }
}
