// A statement (or a column) on another basis than GAAP: without one-time items, adjusted, pro
// forma, managed, underlying, non-GAAP. Its figures are never the GAAP figures, whether its table
// comes before or after the GAAP statement, and wherever the basis is printed: the title, a line
// above the table, the sentence introducing it, the label area of the heading, a column heading.

enum OtherBasis {
    /// Phrases (lower case) that put what they head on another basis.
    static let markers = phrases(
        "non-gaap", "non gaap", "pro forma", "proforma", "adjusted", "excluding special", "excluding one-time", "excluding one time",
        "excluding certain", "excluding unusual", "excluding nonrecurring", "excluding non-recurring", "without one-time",
        "without one time", "without special", "before special", "before one-time", "before unusual", "managed basis",
        "managed results", "on a managed", "underlying", "operating basis", "core earnings")

    /// Whether lower-cased text states another basis.
    static func isStated(in text: LowerText) -> Bool { text.hasAny(markers) }
}
