// The scale a statement printed without a scale note takes from the rest of its release.

enum ReleaseScale {
    /// Kinds of statement that take the release's scale when they print none: a balance sheet or
    /// a cash flow statement set in the same units as the income statement beside it.
    static let inheritingKinds: Set<String> = ["balance", "cashflow"]

    /// The scale printed for the release's statements (one document's): the first GAAP income
    /// statement's that prints one, else the one scale every statement printing one shares; nil
    /// when none prints one or they differ.
    static func printed(_ built: [BuiltStatement]) -> Double? {
        let printed = built.filter { $0.explicitScale && $0.monetary }
        if let income = printed.first(where: { $0.statement.kind == "income" && $0.statement.basis == "gaap" }) {
            return income.statement.scale
        }
        guard let first = printed.first?.statement.scale, printed.allSatisfy({ $0.statement.scale == first }) else { return nil }
        return first
    }

    /// The scale for a statement without a printed scale: the one the text implies (`implied`,
    /// from amounts in the prose), else for a balance sheet or cash flow statement the release's
    /// printed scale.
    static func unprinted(_ b: BuiltStatement, implied: Double?, release: Double?) -> Double? {
        implied ?? (inheritingKinds.contains(b.statement.kind) ? release : nil)
    }
}
