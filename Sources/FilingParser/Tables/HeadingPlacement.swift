// Which value columns of a plain-text table a heading phrase heads.

extension TableFinder {
    /// The columns of periods: all but the ratio columns ("%", "% of Revenue", "% Change"), whose
    /// cells are mostly percentages. A heading centred over a block that interleaves them ("2004  %
    /// 2003  %" under "Three Months Ended") heads the period columns of the block; the "%" beside
    /// them is no period. When every column is a ratio column, every column counts.
    static func periodColumnIndices(_ placed: [[Cell?]], count: Int) -> [Int] {
        var percent = [Int](repeating: 0, count: count), numeric = [Int](repeating: 0, count: count)
        for cells in placed {
            for (ci, cell) in cells.enumerated() where ci < count {
                if cell?.kind == .percent { percent[ci] += 1 } else if cell?.kind == .number { numeric[ci] += 1 }
            }
        }
        let periods = (0..<count).filter { !isRatioColumn(percent: percent[$0], numeric: numeric[$0]) }
        return periods.isEmpty ? Array(0..<count) : periods
    }

    /// The heading phrase names a period or a part of one: a year, a date, a month, a length
    /// ("Three Months Ended", "For the 13", "Fourth Quarter", "Fiscal"), unlike "Rate" or "Average
    /// Balance".
    static func namesPeriod(_ text: String, _ kind: PhraseKind) -> Bool {
        if kind.hasYear || kind.isDate { return true }
        let lower = LowerText(text)
        return lower.hasAny(periodWords) || ColumnPeriods.lastDate(in: text).month != nil || ColumnPeriods.fiscalPeriod(in: lower).quarter != nil
    }

    private static let periodWords = phrases("ended", "ending", "for the", "month", "mos.", "week", "quarter", "qtr", "year", "fiscal",
                                             "period", "to date", "ytd")

    /// The dates side by side on heading line `line` stand over a row of more bare years than
    /// there are dates: each date heads a block of columns, as a lone date does.
    static func datesHeadBlocks(_ phrases: [HeaderPhrase], _ kinds: [PhraseKind], line: Int) -> Bool {
        var dates = 0
        var yearsPerLine: [Int: Int] = [:]
        for (k, q) in phrases.enumerated() {
            if q.line == line && kinds[k].isDate { dates += 1 }
            if q.line > line && kinds[k].isBareYear { yearsPerLine[q.line, default: 0] += 1 }
        }
        return (yearsPerLine.values.max() ?? 0) > dates
    }

    /// A phrase wholly in parentheses that states a scale: "(In thousands, except per share data)".
    static func isScaleNote(_ text: String) -> Bool {
        text.hasPrefix("(") && text.hasSuffix(")") && ScaleNote(text).explicit
    }

    /// A column of ratios: at least six in ten of its values are percentages.
    static func isRatioColumn(percent: Int, numeric: Int) -> Bool {
        percent > 0 && percent * 10 >= (percent + numeric) * 6
    }

    /// The columns (indices into `columns`) the heading phrase `p` heads, chosen among `eligible`
    /// (in increasing order). A `single` heading (a year, a date beside another date, a change
    /// heading) heads one column; a spanning one every column it overlaps, and both neighbours of
    /// the gap it is centred over (unless `underlined` by a rule, which says what it covers).
    static func headingTargets(_ p: HeaderPhrase, single: Bool, underlined: Bool, columns all: [ColumnGeometry], eligible: [Int]) -> [Int] {
        let columns = eligible.map { all[$0] }
        var overlaps: [(Int, Int)] = []
        for (ci, col) in columns.enumerated() {
            let ov = min(p.end, col.spanEnd) - max(p.start, col.spanStart)
            if ov > 0 { overlaps.append((ci, ov)) }
        }
        var targets: [Int] = []
        let center = (p.start + p.end) / 2
        if overlaps.isEmpty {
            if !single, let right = columns.firstIndex(where: { $0.spanStart > center }), right > 0,
               p.start - columns[right - 1].spanEnd <= 10, columns[right].spanStart - p.end <= 10 {
                // A heading between two columns, close to both ("For the 13" / "Weeks Ended" centred
                // over the gap of the two columns it heads), covers both.
                targets = [right - 1, right]
            } else if let best = columns.indices.min(by: { abs(columns[$0].center - center) < abs(columns[$1].center - center) }),
               abs(columns[best].center - center) <= max(10, columns[best].spanEnd - columns[best].spanStart) {
                targets = [best]
            }
        } else if single {
            if let best = overlaps.max(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) { targets = [best.0] }
        } else {
            targets = overlaps.map(\.0)
            // A heading centred over the gap between two columns covers both.
            if !underlined, !columns.contains(where: { $0.spanStart <= center && center < $0.spanEnd }),
               let right = columns.firstIndex(where: { $0.spanStart > center }), right > 0 {
                for t in [right - 1, right] where !targets.contains(t) { targets.append(t) }
                targets.sort()
            }
        }
        // Neighbouring period columns headed together: the heading covers the ratio columns between them.
        var out: [Int] = []
        for (k, t) in targets.enumerated() {
            if k > 0, targets[k - 1] == t - 1, let last = out.last {
                out.append(contentsOf: (last + 1)...eligible[t])
            } else {
                out.append(eligible[t])
            }
        }
        return out
    }
}
