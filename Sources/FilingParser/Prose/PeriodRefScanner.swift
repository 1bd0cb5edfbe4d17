// Period references in prose ("the third quarter 2003", "Fiscal Q4 2007", "the December quarter",
// "the first six months 2003").

/// Finds period references in a token stream.
enum PeriodRefScanner {
    struct Found {
        var ref: PeriodRef
        var range: Range<Int>
        var label: String
    }

    // The numbers some words stand for. Switches rather than dictionaries keyed by `ProseWord`: a
    // jump instead of a hash and a probe per word looked at.

    /// 1...4 for "first" ... "fourth", "1st" ... "4th".
    static func ordinal(_ w: ProseWord) -> Int? {
        switch w {
        case .first, .first1: 1
        case .second, .second2: 2
        case .third, .third3: 3
        case .fourth, .fourth4: 4
        default: nil
        }
    }

    /// The months of "three months", "six months", ...
    static func count(_ w: ProseWord) -> Int? {
        switch w {
        case .three: 3
        case .six: 6
        case .nine: 9
        case .twelve: 12
        default: nil
        }
    }

    /// 1...12 for "january" ... "december".
    static func month(_ w: ProseWord) -> Int? {
        switch w {
        case .january: 1
        case .february: 2
        case .march: 3
        case .april: 4
        case .may: 5
        case .june: 6
        case .july: 7
        case .august: 8
        case .september: 9
        case .october: 10
        case .november: 11
        case .december: 12
        default: nil
        }
    }

    /// 1...4 for "q1" ... "q4".
    static func quarter(_ w: ProseWord) -> Int? {
        switch w {
        case .q1: 1
        case .q2: 2
        case .q3: 3
        case .q4: 4
        default: nil
        }
    }

    /// Words a period reference can start with (`ProseWordClasses.referenceStart`).
    static let startWords: [ProseWord] = ProseWord.allCases.filter { ordinal($0) != nil || count($0) != nil || month($0) != nil || quarter($0) != nil }
        + [.fiscal, .corresponding, .same, .yearAgo, .comparable, .prior, .previous, .last, .priorYear, .previousYear]

    private static let comma = UInt8(ascii: ",")

    static func scan(_ t: [ProseToken]) -> [Found] {
        var out: [Found] = []
        var i = 0
        func word(_ k: Int) -> ProseWord? { k < t.count ? t[k].word : nil }
        func year(_ k: Int) -> Int? { k < t.count && t[k].isYear ? Int(t[k].value) : nil }
        func label(_ r: Range<Int>) -> String {
            var s = ""
            s.reserveCapacity(r.reduce(0) { $0 + t[$1].text.utf8.count + 1 })
            for k in r {
                if k > r.lowerBound { s += " " }
                s += t[k].text
            }
            return s
        }
        while i < t.count {
            let start = i
            if t[i].kind == .word {
                guard t[i].classes.contains(.referenceStart), let w = t[i].word else {
                    i += 1
                    continue
                }
                // "fiscal q4 2007", "q4 2007", "q4 of fiscal 2007"
                var k = i
                if w == .fiscal { k += 1 }
                if let qw = word(k), let q = quarter(qw) {
                    k += 1
                    if word(k) == .of { k += 1 }
                    if word(k) == .fiscal { k += 1 }
                    if k < t.count && t[k].isPunct(comma) { k += 1 }
                    let y = year(k)
                    if y != nil { k += 1 } else if k > i + 1, word(k - 1) == .fiscal { k -= 1 }
                    out.append(Found(ref: .quarter(q, y), range: start..<k, label: label(start..<k)))
                    i = k
                    continue
                }
                // "third quarter 2003", "third fiscal quarter of 2003", "first quarter of fiscal 2004"
                if let q = ordinal(w) {
                    k = i + 1
                    if word(k) == .fiscal { k += 1 }
                    if word(k) == .quarter {
                        k += 1
                        // "fourth quarter ended September 30, 2003": the quarter ending that month.
                        if word(k) == .ended || word(k) == .ending, let (m, y, end) = monthAndYear(t, from: k + 1) {
                            out.append(Found(ref: .monthQuarter(m, y), range: start..<end, label: label(start..<end)))
                            i = end
                            continue
                        }
                        // "fourth quarter of last year", "fourth quarter of the prior year".
                        var p = k
                        if word(p) == .of { p += 1 }
                        if word(p) == .the { p += 1 }
                        if let rel = word(p), rel == .last || rel == .prior || rel == .previous,
                           word(p + 1) == .year || word(p + 1) == .fiscal && word(p + 2) == .year {
                            let end = p + (word(p + 1) == .year ? 2 : 3)
                            out.append(Found(ref: .quarterOfPriorYear(q), range: start..<end, label: label(start..<end)))
                            i = end
                            continue
                        }
                        if word(k) == .of { k += 1 }
                        if word(k) == .fiscal { k += 1 }
                        var y = year(k)
                        if y != nil { k += 1 } else if k < t.count, t[k].isPunct(comma), let yy = year(k + 1) { y = yy; k += 2 }
                        while k > i + 2, word(k - 1) == .of || word(k - 1) == .fiscal { k -= 1 }
                        out.append(Found(ref: .quarter(q, y), range: start..<k, label: label(start..<k)))
                        i = k
                        continue
                    }
                }
                // "first six months 2003", "six months ended june 30, 2003", "first nine months of 2003"
                if let n = count(w) ?? (w == .first ? word(i + 1).flatMap(count) : nil) {
                    k = w == .first ? i + 2 : i + 1
                    if word(k) == .months {
                        k += 1
                        var y: Int?
                        if word(k) == .ended || word(k) == .ending {
                            var m = k + 1
                            while m < min(t.count, k + 6), y == nil {
                                y = year(m)
                                m += 1
                            }
                            if y != nil { k = m }
                        } else {
                            if word(k) == .of { k += 1 }
                            if word(k) == .fiscal { k += 1 }
                            y = year(k)
                            if y != nil { k += 1 }
                        }
                        if n == 3 {
                            // "three months ended June 30, 2003": a quarter ending that month.
                            if let ended = monthBefore(t, k), let yy = y {
                                out.append(Found(ref: .monthQuarter(ended, yy), range: start..<k, label: label(start..<k)))
                            }
                        } else {
                            out.append(Found(ref: .yearToDate(n, y), range: start..<k, label: label(start..<k)))
                        }
                        i = k
                        continue
                    }
                }
                // "september 2003 quarter", "the december quarter"
                if let m = month(w) {
                    k = i + 1
                    let y = year(k)
                    if y != nil { k += 1 }
                    if word(k) == .quarter {
                        k += 1
                        out.append(Found(ref: .monthQuarter(m, y), range: start..<k, label: label(start..<k)))
                        i = k
                        continue
                    }
                }
                // "the corresponding quarter a year earlier", "the year-ago quarter", "the same quarter last year"
                if w == .corresponding || w == .same || w == .yearAgo || w == .comparable {
                    k = i + 1
                    if word(k) == .quarter || word(k) == .period {
                        var m = k + 1
                        var ok = w == .yearAgo
                        while !ok, m < min(t.count, k + 5) {
                            if let e = word(m), e == .earlier || e == .ago || e == .last || e == .prior || e == .previous { ok = true }
                            m += 1
                        }
                        if ok {
                            if w != .yearAgo, word(m) == .year { m += 1 }
                            out.append(Found(ref: .priorYearCorresponding, range: start..<m, label: label(start..<m)))
                            i = m
                            continue
                        }
                    }
                }
                // "the prior year's quarter", "prior-year period", "last year's quarter"
                if w == .prior || w == .previous || w == .last || w == .priorYear || w == .previousYear {
                    k = i + 1
                    var yearSaid = w == .priorYear || w == .previousYear
                    if !yearSaid, let next = word(k), next == .year || next == .yearPossessive || next == .years {
                        yearSaid = true
                        k += 1
                    }
                    if yearSaid, word(k) == .quarter || word(k) == .period {
                        out.append(Found(ref: .priorYearCorresponding, range: start..<(k + 1), label: label(start..<(k + 1))))
                        i = k + 1
                        continue
                    }
                }
                // "fiscal 2004", "fiscal year 2004"
                if w == .fiscal {
                    k = i + 1
                    if word(k) == .year { k += 1 }
                    if let y = year(k) {
                        out.append(Found(ref: .year(y), range: start..<(k + 1), label: label(start..<(k + 1))))
                        i = k + 1
                        continue
                    }
                }
            } else if let y = year(i) {
                // A bare year, unless it belongs to a date ("July 23, 2003") or a count.
                let isDate = i > 1 && t[i - 1].isPunct(comma) && t[i - 2].kind == .number
                    || (i > 0 && t[i - 1].word.flatMap(month) != nil)
                if !isDate {
                    out.append(Found(ref: .year(y), range: i..<(i + 1), label: label(i..<(i + 1))))
                }
            }
            i += 1
        }
        return out
    }

    /// A month name and then a year within the next few tokens ("September 30, 2003"), with the index after the year.
    private static func monthAndYear(_ t: [ProseToken], from k: Int) -> (Int, Int, Int)? {
        guard k < t.count, let w = t[k].word, let m = month(w) else { return nil }
        var j = k + 1
        while j < min(t.count, k + 5) {
            if t[j].isYear { return (m, Int(t[j].value), j + 1) }
            j += 1
        }
        return nil
    }

    private static func monthBefore(_ t: [ProseToken], _ end: Int) -> Int? {
        var k = end - 1
        while k >= 0 && k >= end - 5 {
            if let w = t[k].word, let m = month(w) { return m }
            k -= 1
        }
        return nil
    }
}
