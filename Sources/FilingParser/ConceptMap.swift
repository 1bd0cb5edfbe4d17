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
        let chars = Array(label.lowercased().unicodeScalars)
        var out = String.UnicodeScalarView()
        var prev: Unicode.Scalar = " "
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "(" {
                // Drop "(loss)", "(benefit)", "(note 4)", "(see notes)"...
                var j = i + 1
                while j < chars.count && j - i <= 24 && chars[j] != ")" { j += 1 }
                if j < chars.count && chars[j] == ")" {
                    var innerScalars = String.UnicodeScalarView()
                    innerScalars.append(contentsOf: chars[(i + 1)..<j])
                    let inner = String(innerScalars).trimmingSpaces
                    if noiseGroups.contains(inner) || inner.hasPrefix("note ") || inner.hasPrefix("see note") {
                        i = j + 1
                        if prev != " " { out.append(" "); prev = " " }
                        continue
                    }
                }
            }
            var c = ch
            if ch == "'" || ch == "\u{2019}" { i += 1; continue }
            if ch == "&" {
                out.append(contentsOf: " and ".unicodeScalars)
                prev = " "
                i += 1
                continue
            }
            if ch == "-" {
                // Keep hyphens inside words ("non-interest"), drop dashes used as bullets or separators.
                let nextIsLetter = i + 1 < chars.count && isLetter(chars[i + 1])
                c = isLetter(prev) && nextIsLetter ? "-" : " "
            } else if !(isLetter(ch) || isNumber(ch) || ch == " " || ch == "/") {
                c = " "
            }
            out.append(c)
            prev = c
            i += 1
        }
        return collapseSpaces(String(out))
    }

    @inline(__always) private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? ASCII.isLetter(UInt8(s.value)) : s.properties.isAlphabetic
    }

    @inline(__always) private static func isNumber(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? ASCII.isDigit(UInt8(s.value)) : s.properties.numericType != nil
    }

    /// Labels that only mean something with their heading ("Basic", "Total", "- As Reported").
    static func isAmbiguous(_ normalized: String, raw: String) -> Bool {
        if raw.trimmingLeadingSpaces.hasPrefix("-") { return true }
        let short: Set<String> = [
            "basic", "diluted", "total", "as reported", "assuming dilution", "basic and diluted", "fully diluted",
            "primary", "net", "excluding one-time items", "excluding one time items", "reported", "gaap", "non-gaap",
        ]
        return short.contains(normalized)
    }

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
