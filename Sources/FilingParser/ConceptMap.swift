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

    static func normalize(_ label: String) -> String {
        let source = Array(label.utf8)
        let chars = source.allSatisfy { $0 < 0x80 } ? source.map(ASCII.lower) : Array(label.lowercased().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(chars.count + 8)
        var prevIsLetter = false
        // Runs of separators become one space, none at the ends.
        var pendingSpace = false
        func space() {
            pendingSpace = !out.isEmpty
            prevIsLetter = false
        }
        func append(_ bytes: ArraySlice<UInt8>, letter: Bool) {
            if pendingSpace { out.append(ASCII.space) }
            pendingSpace = false
            out.append(contentsOf: bytes)
            prevIsLetter = letter
        }
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            let length = UTF8Text.scalarLength(chars, at: i)
            if ch == ASCII.lparen {
                // Drop "(loss)", "(benefit)", "(note 4)", "(see notes)"...
                var j = i + 1
                while j < chars.count && j - i <= 24 && chars[j] != ASCII.rparen { j += 1 }
                if j < chars.count && chars[j] == ASCII.rparen {
                    let inner = stringFrom(chars[(i + 1)..<j]).trimmingSpaces
                    if noiseGroups.contains(inner) || inner.hasPrefix("note ") || inner.hasPrefix("see note") {
                        i = j + 1
                        space()
                        continue
                    }
                }
            }
            // Apostrophes ("'", "’") vanish; "&" reads "and".
            if ch == 39 || (length == 3 && ch == 0xE2 && chars[i + 1] == 0x80 && chars[i + 2] == 0x99) { i += length; continue }
            if ch == 38 {
                space()
                append(andWord[...], letter: false)
                space()
                i += 1
                continue
            }
            if ch == ASCII.minus {
                // Keep hyphens inside words ("non-interest"), drop dashes used as bullets or separators.
                if prevIsLetter && i + 1 < chars.count && UTF8Text.isLetter(chars, at: i + 1) {
                    append(chars[i..<(i + 1)], letter: false)
                } else {
                    space()
                }
            } else if UTF8Text.isLetter(chars, at: i) {
                append(chars[i..<(i + length)], letter: true)
            } else if UTF8Text.isNumber(chars, at: i) || ch == 47 {
                append(chars[i..<(i + length)], letter: false)
            } else {
                space()
            }
            i += length
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let andWord = Array("and".utf8)

    /// Labels that only mean something with their heading ("Basic", "Total", "- As Reported").
    static func isAmbiguous(_ normalized: String, raw: String) -> Bool {
        if raw.trimmingLeadingSpaces.hasPrefix("-") { return true }
        return ambiguousLabels.contains(normalized)
    }

    private static let ambiguousLabels: Set<String> = [
        "basic", "diluted", "total", "as reported", "assuming dilution", "basic and diluted", "fully diluted",
        "primary", "net", "excluding one-time items", "excluding one time items", "reported", "gaap", "non-gaap",
    ]

    /// Concepts for a row. `n` is the normalized label (already qualified by its heading when
    /// ambiguous); `kind` is the statement kind. The first rule of `ConceptTable.rules` whose
    /// patterns match decides: its concepts if it applies to `kind`, else none.
    static func concepts(_ n: String, kind: String) -> [String] {
        let found = ConceptTable.match(n, kind: kind)
        if found.isEmpty && n.has("-") {
            // "total liabil-ities" (a word wrapped with a hyphen), "non-interest" vs "noninterest".
            return ConceptTable.match(String(n.filter { $0 != "-" }), kind: kind)
        }
        return found
    }

    /// Basis stated by the row label itself, if any.
    static func rowBasis(_ n: String) -> String? {
        if n.has("non-gaap") || n.has("non gaap") || n.has("pro forma") || n.has("proforma")
            || n.has("excluding") || n.has("adjusted") || n.has("before special") || n.has("one-time items") {
            return "non-gaap"
        }
        if n.has("gaap") || n.has("as reported") { return "gaap" }
        return nil
    }
}

extension String {
    var trimmingLeadingSpaces: Substring { drop(while: { $0 == " " }) }
}
