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

extension ReleaseScale {
    /// A statement continued after a page break ("Consolidated Balance Sheet (continued)", or its
    /// title and column headings printed again) that prints no scale is in the scale of the
    /// statement it continues: it takes that statement's scale note.
    static func continueScales(_ built: inout [BuiltStatement]) {
        for i in built.indices where !built[i].explicitScale {
            guard let j = continued(built, by: i), built[j].explicitScale else { continue }
            built[i].statement.scale = built[j].statement.scale
            built[i].explicitScale = true
            built[i].sharesScaled = built[j].sharesScaled
            built[i].monetary = built[j].monetary
        }
    }

    /// The statement before `i` that `i` continues: the nearest of its kind whose title is the
    /// same but for "(continued)", when `i`'s title says continued or its columns are the same
    /// periods; else, when the title says continued, the statement just before it if of its kind.
    static func continued(_ built: [BuiltStatement], by i: Int) -> Int? {
        let s = built[i].statement
        let (words, saysContinued) = titleWords(s.title)
        guard i > 0, !words.isEmpty else { return nil }
        for j in stride(from: i - 1, through: 0, by: -1) where built[j].statement.kind == s.kind {
            let earlier = built[j].statement
            if titleWords(earlier.title).words == words && (saysContinued || earlier.columns.map(\.period) == s.columns.map(\.period)) {
                return j
            }
        }
        return saysContinued && built[i - 1].statement.kind == s.kind ? i - 1 : nil
    }

    private static let continuedWords: Set<String> = ["continued", "cont'd", "contd", "cont"]

    /// The title's words lower-cased, without the ones saying it is continued, and whether it says so.
    static func titleWords(_ title: String) -> (words: [String], saysContinued: Bool) {
        let all = title.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map { String($0) }
        let words = all.filter { !continuedWords.contains($0) }
        return (words, words.count < all.count)
    }
}
