// A statement, a column or a row on another basis than GAAP: without one-time items, adjusted,
// pro forma, managed, underlying, non-GAAP. Its figures are never the GAAP figures, whether its
// table comes before or after the GAAP statement, and wherever the basis is printed: the title, a
// line above the table, the sentence introducing it, the label area of the heading, a column
// heading, a row label. One list serves them all.

enum OtherBasis {
    /// Phrases (lower case) that put what they head on another basis.
    static let markers = PhraseList(phrases(
        "non-gaap", "non gaap", "pro forma", "pro-forma", "proforma", "adjusted", "excluding", "without one-time",
        "without one time", "without special", "before special", "before one-time", "before unusual", "one-time items",
        "one time items", "managed basis", "managed results", "on a managed", "underlying", "operating basis", "core earnings"))

    /// Phrases with a marker in them that keep the basis: figures restated for a stock split
    /// ("Adjusted for the 2-for-1 stock split", "as adjusted to reflect", "split-adjusted") and
    /// notes that leave the per-share amounts out of the scale ("excluding per share amounts").
    static let notMarkers = phrases(
        "adjusted for", "adjusted to reflect", "split-adjusted", "split adjusted", "excluding per share", "excluding per-share",
        "excluding share")

    /// Phrases (lower case) with which a row label says it is the GAAP figure.
    static let gaapMarkers = PhraseList(phrases("gaap", "as reported"))

    /// Whether lower-cased text states another basis.
    static func isStated(in text: LowerText) -> Bool { isStated(in: text.bytes) }

    /// Whether lower-cased bytes state another basis: a marker that is not part of one of
    /// `notMarkers`.
    static func isStated(in t: [UInt8]) -> Bool {
        var kept: [Range<Int>]?
        return markers.contains(in: t) { found in
            if kept == nil { kept = keptRanges(t) }
            return !kept!.contains { $0.lowerBound <= found.lowerBound && found.upperBound <= $0.upperBound }
                && !(t[found].elementsEqual(excluding) && excludesUnitFromScale(t, at: found.lowerBound))
        }
    }

    private static let excluding = Array("excluding".utf8)
    private static let scaleWords = phrases("thousand", "million", "billion", "000")
    /// What a basis leaves out: one-time items and the like.
    private static let itemWords = phrases("special", "one-time", "one time", "nonrecurring", "non-recurring", "unusual", "item",
                                           "charge", "restructuring", "gain", "loss", "impairment", "amortization", "acquisition",
                                           "merger", "compensation", "effect", "impact")

    /// "excluding" inside a scale note in parentheses leaves a unit out of the scale, not items out
    /// of the figures: "(In millions, excluding EPS)", "(Dollars in thousands, excluding per unit
    /// data)". Not when what it leaves out is an item ("(in millions, excluding special charges)").
    static func excludesUnitFromScale(_ t: [UInt8], at o: Int) -> Bool {
        guard let open = t[..<o].lastIndex(of: ASCII.lparen), !t[open..<o].contains(ASCII.rparen) else { return false }
        let close = t[o...].firstIndex(of: ASCII.rparen) ?? t.count
        let before = Array(t[open..<o]), after = Array(t[o..<close])
        return scaleWords.contains { before.find($0) != nil } && !itemWords.contains { after.find($0) != nil }
    }

    /// Where `notMarkers` occur in the text.
    private static func keptRanges(_ t: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for phrase in notMarkers {
            var from = 0
            while let o = t.find(phrase, from: from) {
                out.append(o..<(o + phrase.count))
                from = o + 1
            }
        }
        return out
    }

    /// The basis a row label states (its normalized text): "non-gaap" ("Net income excluding
    /// special items", "Adjusted EBITDA"), "gaap" ("Net income - as reported", "GAAP net income"),
    /// or nil.
    static func ofRow(_ label: LabelBytes) -> String? {
        if isStated(in: label.padded) { return "non-gaap" }
        if gaapMarkers.contains(in: label.padded, where: { _ in true }) { return "gaap" }
        return nil
    }
}
