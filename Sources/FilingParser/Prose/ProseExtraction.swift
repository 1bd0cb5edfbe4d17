// Guidance (quantitative outlook) and claims (numbers stated in prose) from plain-text documents.

enum ProseExtractor {
    struct Output {
        var guidance: [Guidance] = []
        var claims: [Claim] = []
        var warnings: [String] = []
    }

    static let metricPatterns: [([ProseWord], String)] = [
        ([.diluted, .earnings, .per, .share], "eps_diluted"), ([.diluted, .per, .share, .earnings], "eps_diluted"),
        ([.earnings, .per, .diluted, .share], "eps_diluted"), ([.diluted, .eps], "eps_diluted"), ([.per, .diluted, .share], "eps_diluted"),
        ([.basic, .earnings, .per, .share], "eps_basic"), ([.earnings, .per, .basic, .share], "eps_basic"), ([.basic, .eps], "eps_basic"),
        ([.earnings, .per, .share], "eps_diluted"), ([.eps], "eps_diluted"),
        ([.gross, .margin], "gross_margin"), ([.gross, .margins], "gross_margin"),
        ([.operating, .margin], "operating_margin"), ([.operating, .margins], "operating_margin"),
        ([.tax, .rate], "tax_rate"),
        ([.net, .income], "net_income"), ([.net, .earnings], "net_income"), ([.net, .loss], "net_income"),
        ([.profit], "net_income"), ([.profits], "net_income"),
        ([.net, .revenues], "revenue"), ([.net, .revenue], "revenue"), ([.revenue], "revenue"), ([.revenues], "revenue"),
        ([.net, .sales], "revenue"), ([.sales], "revenue"),
    ]

    /// `metricPatterns` flattened for `metric(at:)`: each phrase's words padded with nil to
    /// `longestMetricPhrase` slots, so the search reads plain values (no array per phrase).
    private static let longestMetricPhrase = metricPatterns.map(\.0.count).max()!
    private static let metricPhraseWords: [ProseWord?] = metricPatterns.flatMap { words, _ in
        words.map { Optional($0) } + Array(repeating: nil, count: longestMetricPhrase - words.count)
    }
    private static let metricPhraseLengths = metricPatterns.map(\.0.count)

    /// The metric named at token `i`, with the number of tokens it spans (longest match; among
    /// equally long ones the first listed).
    static func metric(at i: Int, _ t: [ProseToken]) -> (String, Int)? {
        // Most tokens start no metric phrase: one flag test (`ProseWordClasses.metricStart`) skips them.
        guard i < t.count, t[i].classes.contains(.metricStart) else { return nil }
        let words = metricPhraseWords, lengths = metricPhraseLengths, slots = longestMetricPhrase
        var best: Int?
        var bestLength = 0
        for p in lengths.indices where lengths[p] > bestLength && i + lengths[p] <= t.count {
            var k = 0
            while k < lengths[p] && t[i + k].word == words[p * slots + k] { k += 1 }
            if k == lengths[p] {
                best = p
                bestLength = k
            }
        }
        return best.map { (metricPatterns[$0].1, bestLength) }
    }

    struct ValueGroup {
        var low: Double
        var high: Double
        var isPercent: Bool
        var isDollar: Bool
        var scale: Double?
        var end: Int
        /// Step of the printed value (in units after scaling).
        var rounding: Double
    }

    /// A single amount or a range ("$12.5 million to $13.5 million", "between $.05 and $.09", "47.5% to 49.5%", "18-20%").
    static func valueGroup(at i: Int, _ t: [ProseToken]) -> ValueGroup? {
        guard i < t.count, t[i].kind == .number else { return nil }
        var a = t[i]
        var end = i + 1
        var b: ProseToken?
        if i + 2 < t.count, t[i + 2].kind == .number,
           t[i + 1].word == .to || t[i + 1].word == .and || t[i + 1].word == .through || t[i + 1].isPunct(UInt8(ascii: "-")) {
            b = t[i + 2]
            end = i + 3
        }
        if var bb = b {
            if bb.percent && !a.dollar { a.percent = true }
            if a.percent && !bb.dollar { bb.percent = true }
            if a.dollar || bb.dollar { a.dollar = true; bb.dollar = true }
            if a.scale == nil { a.scale = bb.scale }
            if bb.scale == nil { bb.scale = a.scale }
            guard a.percent == bb.percent, a.dollar != a.percent else { return nil }
            b = bb
        }
        guard a.dollar || a.percent else { return nil }
        let lowDecimals = max(a.decimals, b?.decimals ?? 0)
        var step = 1.0
        for _ in 0..<lowDecimals { step /= 10 }
        let lo = a.units
        let hi = b?.units ?? lo
        // Absurd digit strings ("$99999999999999999999") are not amounts (and must stay JSON-encodable).
        guard lo.isFinite, hi.isFinite, abs(lo) < 1e15, abs(hi) < 1e15 else { return nil }
        let rounding = a.percent ? step / 100 : step * (a.scale ?? 1)
        return ValueGroup(low: min(lo, hi), high: max(lo, hi), isPercent: a.percent, isDollar: a.dollar, scale: a.scale, end: end, rounding: rounding)
    }

    static let forwardWords: [ProseWord] = [
        .expect, .expects, .expected, .anticipate, .anticipates, .anticipated, .guidance, .forecast, .forecasts,
        .outlook, .assumed, .assume, .assumes, .project, .projects, .projected, .estimate, .estimates, .estimated,
        .target, .targets, .should, .will, .plan, .plans,
    ]
    static let levelVerbs: [ProseWord] = [.was, .were, .amounted, .totaled, .totalled, .reached]
    static let nonGAAPWords: [ProseWord] = [.excluding, .excludes, .exclude, .nonGAAP, .proForma, .before]

    static func extract(sentences: [ProseSplitter.Sentence], calendar: FiscalCalendar, currentQuarter: Period?) -> Output {
        var out = Output()
        var context: (ResolvedPeriod, String)?
        for s in sentences {
            if s.isHeading {
                if lowerCased(s.text, hasAnyOf: outlookWords) {
                    let t = ProseTokenizer.tokenize(s.text)
                    let refs = PeriodRefScanner.scan(t)
                    context = refs.lazy.compactMap { r in calendar.resolve(r.ref, future: true).map { ($0, r.label) } }.first
                }
                continue
            }
            let t = ProseTokenizer.tokenize(s.text)
            let refs = PeriodRefScanner.scan(t)
            let nonGAAP = t.contains { $0.classes.contains(.nonGAAP) } || lowerCased(s.text, hasAnyOf: nonGAAPPhrases)
            if t.contains(where: { $0.classes.contains(.forward) }) {
                guidance(t, refs: refs, text: s.text, nonGAAP: nonGAAP, calendar: calendar, context: &context, into: &out)
            } else {
                claims(t, refs: refs, text: s.text, nonGAAP: nonGAAP, calendar: calendar, currentQuarter: currentQuarter, into: &out)
            }
        }
        // De-duplicate claims (a headline often repeats in the page header).
        var seen = Set<String>()
        out.claims = out.claims.filter { c in
            seen.insert("\(c.metric)|\(c.value)|\(c.period?.start ?? "")|\(c.period?.end ?? "")|\(c.basis)").inserted
        }
        var seenG = Set<String>()
        out.guidance = out.guidance.filter { g in
            seenG.insert("\(g.metric)|\(g.low ?? .nan)|\(g.high ?? .nan)|\(g.period?.end ?? "")|\(g.basis)").inserted
        }
        return out
    }

    /// Headings that set the period of the guidance after them.
    /// (Each list filed under a rare letter of each phrase, see `AnchoredWords`.)
    private static let outlookWords = AnchoredWords(["k": ["outlook"], "g": ["guidance"]])
    private static let nonGAAPPhrases = AnchoredWords(["f": ["pro forma"], "g": ["non-gaap"]])
    /// A growth claim about the whole year.
    private static let fullYearPhrases = AnchoredWords(["y": ["for the year", "full year", "fiscal year"]])

    /// Whether `text.lowercased()` contains one of `needles` (lower-case ASCII). An ASCII match
    /// ignoring case is one; without it only text with non-ASCII characters (the Kelvin sign
    /// lower-cases to "k") needs the lower-cased copy.
    static func lowerCased(_ text: String, hasAnyOf needles: AnchoredWords) -> Bool {
        var text = text
        let found = text.withUTF8 { hay -> Bool? in
            if needles.occur(in: hay) { return true }
            return isASCII(hay) ? false : nil
        }
        if let found { return found }
        let lower = text.lowercased()
        return needles.list.contains { lower.has($0) }
    }

    // MARK: Guidance

    private static func guidance(_ t: [ProseToken], refs: [PeriodRefScanner.Found], text: String, nonGAAP: Bool, calendar: FiscalCalendar,
                                 context: inout (ResolvedPeriod, String)?, into out: inout Output) {
        // Target period: the first quarter-like reference, else a fiscal year, else the heading / earlier sentence.
        var target: (ResolvedPeriod, String)?
        for r in refs {
            switch r.ref {
            case .quarter, .monthQuarter:
                if target == nil, let p = calendar.resolve(r.ref, future: true) { target = (p, r.label) }
            default: break
            }
        }
        if target == nil {
            for r in refs {
                if case .year(let y) = r.ref, let cur = calendar.current, y >= cur.year, let p = calendar.resolve(r.ref, future: true) {
                    target = (p, r.label)
                    break
                }
            }
        }
        if target != nil { context = target } else { target = context }

        var mention: (String, Int)?  // metric, end index of the mention
        var i = 0
        while i < t.count {
            if let (m, len) = metric(at: i, t) {
                // "equity in net income of investees" is not the company's net income.
                let partOf = i >= 2 && t[i - 1].word == .in && t[i - 2].word == .equity
                mention = partOf ? nil : (m, i + len)
                i += len
                continue
            }
            guard let (m, mentionEnd) = mention, let g = valueGroup(at: i, t) else {
                i += 1
                continue
            }
            defer { i = g.end }
            mention = nil
            guard i - mentionEnd <= 20 else { continue }
            if lastWords(2, of: t[mentionEnd..<i], contain: .by) {
                out.warnings.append("guidance skipped (a change, not a level): \(text)")
                continue
            }
            var metricName = m
            var unit: String
            switch m {
            case "revenue", "net_income":
                if g.isPercent {
                    let changes: [ProseWord] = [.increase, .growth, .decrease, .decline, .grow]
                    guard t[max(0, mentionEnd - 8)..<i].contains(where: { $0.word.map(changes.contains) ?? false }) else { continue }
                    let sequential = t.contains { $0.word == .sequential || $0.word == .sequentially }
                    let yoy = t.contains { $0.word == .yearOverYear || $0.word == .yearAgo }
                    guard sequential || yoy else { continue }
                    metricName = m + (sequential ? "_growth_qoq" : "_growth_yoy")
                    unit = "pure"
                } else {
                    unit = "USD"
                }
            case "eps_diluted", "eps_basic":
                guard g.isDollar, g.scale == nil else { continue }
                unit = "USD/share"
            default:
                guard g.isPercent else { continue }
                unit = "pure"
            }
            if target == nil { out.warnings.append("guidance without a target period: \(text)") }
            out.guidance.append(Guidance(metric: metricName, fiscalYear: target?.0.fiscalYear, fiscalQuarter: target?.0.fiscalQuarter,
                                         period: target?.0.period, periodLabel: target?.1, low: g.low, high: g.high, unit: unit,
                                         basis: nonGAAP ? "non-gaap" : "gaap", text: text))
        }
    }

    /// Whether one of the last `n` word tokens of `t` is `w`.
    private static func lastWords(_ n: Int, of t: ArraySlice<ProseToken>, contain w: ProseWord) -> Bool {
        var k = t.endIndex
        var words = 0
        while k > t.startIndex && words < n {
            k -= 1
            guard t[k].kind == .word else { continue }
            if t[k].word == w { return true }
            words += 1
        }
        return false
    }

    // MARK: Claims

    /// The direction of a change word ("increased": 1, "fell": -1), nil for other words.
    static func changeSign(_ w: ProseWord) -> Double? {
        switch w {
        case .growth, .increase, .increases, .increased, .rise, .rose, .gain, .grew, .up: 1
        case .decline, .declined, .decrease, .decreased, .drop, .dropped, .down, .fell: -1
        default: nil
        }
    }
    private static let comparisonWords: [ProseWord] = [.over, .from, .compared, .versus, .vs]
    /// Words that end the search for a level claim's period after its amount.
    private static let periodSearchStops: [ProseWord] = [.compared, .versus, .up, .down, .an, .a]
    private static let comma = UInt8(ascii: ",")
    static let foldNumbers: [String: Double] = [
        "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    ]

    private static func claims(_ t: [ProseToken], refs: [PeriodRefScanner.Found], text: String, nonGAAP: Bool, calendar: FiscalCalendar,
                               currentQuarter: Period?, into out: inout Output) {
        let basis = nonGAAP ? "non-gaap" : "gaap"
        func refStarting(in range: Range<Int>) -> PeriodRefScanner.Found? {
            refs.first { range.contains($0.range.lowerBound) }
        }
        let current = currentQuarter.map { ResolvedPeriod(period: $0, fiscalYear: nil, fiscalQuarter: nil) }

        // Growth claims: "14% Revenue Growth over First Quarter", "Nine-Fold Increase in Year-Over-Year Profit".
        var lastMetric: String?
        var i = 0
        while i < t.count {
            var value: Double?
            var rounding = 0.01
            var changeAt: Int?
            var sign = 1.0
            var metricName: String?
            if t[i].kind == .number, t[i].percent, !t[i].dollar {
                // "14% Revenue Growth", "a 91% Increase"
                var k = i + 1
                while k < min(t.count, i + 5) {
                    if let w = t[k].word, let s = changeSign(w), w != .up, w != .down {
                        changeAt = k
                        sign = s
                        break
                    }
                    if let (m, _) = metric(at: k, t) { metricName = m }
                    k += 1
                }
                if changeAt != nil {
                    value = t[i].units
                    var step = 0.01
                    for _ in 0..<t[i].decimals { step /= 10 }
                    rounding = step
                }
            } else if t[i].endsInFold {
                let prefix = String(t[i].text.dropLast(t[i].text.hasSuffix("-fold") ? 5 : 4))
                if let n = foldNumbers[prefix] ?? Int(prefix).flatMap({ (2...1000).contains($0) ? Double($0) : nil }), i + 1 < t.count, t[i + 1].kind == .word,
                   (t[i + 1].word.flatMap(changeSign) ?? 0) > 0 {
                    value = n - 1
                    rounding = 1
                    changeAt = i + 1
                }
            }
            guard let v = value, let c = changeAt else {
                i += 1
                continue
            }
            // The metric: named before the change word, or "in <metric>" after it, or the previous claim's.
            var k = c + 1
            var baseRef: PeriodRefScanner.Found?
            var yoy = false
            var qoq = false
            while k < min(t.count, c + 8) {
                let w = t[k].word
                if w == .yearOverYear || w == .yearAgo { yoy = true }
                if w == .sequential || w == .sequentially { qoq = true }
                if metricName == nil, let (m, _) = metric(at: k, t) { metricName = m }
                if let w, comparisonWords.contains(w), baseRef == nil {
                    // "over revenues of $6,751,000 in the prior year's quarter": the base may follow its amount,
                    // but not another percentage (a second claim).
                    var end = k + 1
                    while end < min(t.count, k + 12) && !(t[end].kind == .number && t[end].percent) { end += 1 }
                    baseRef = refStarting(in: (k + 1)..<end)
                }
                if t[k].kind == .number && (t[k].percent || t[k].dollar) { break }
                k += 1
            }
            let name = metricName ?? lastMetric
            lastMetric = name
            i = c + 1
            guard let metric = name, metric == "revenue" || metric == "net_income" else { continue }
            // The subject: a fiscal year named in the sentence (outside the base), else the current quarter.
            var subject = current
            let baseRange = baseRef?.range
            for r in refs {
                if case .year = r.ref, baseRange.map({ !$0.contains(r.range.lowerBound) }) ?? true {
                    subject = calendar.resolve(r.ref, future: false)
                    break
                }
            }
            if let b = baseRef, let base = calendar.resolve(b.ref, future: false, relativeTo: subject),
               let be = base.period.end.flatMap({ SimpleDate(iso: $0) }), let se = subject?.period.end.flatMap({ SimpleDate(iso: $0) }) {
                // In days, so that 52/53-week quarters ending July 1 and June 30 still compare.
                let days = se.dayNumber - be.dayNumber
                if abs(days - 91) <= 10 { qoq = true } else if abs(days - 365) <= 10 { yoy = true }
            }
            // "For the year, ... a 46.7% increase": a year this filing does not name by number.
            if subject == current,
               lowerCased(text, hasAnyOf: fullYearPhrases) {
                // "For the year, ... a 46.7% increase over ... fiscal 2003": the year after the base year.
                if let b = baseRef, case .year(let y) = b.ref {
                    subject = calendar.resolve(.year(y + 1), future: false)
                    yoy = true
                } else {
                    subject = nil
                }
            }
            guard qoq != yoy, let subj = subject else {
                out.warnings.append("growth claim with an unclear comparison skipped: \(text)")
                continue
            }
            out.claims.append(Claim(metric: metric + (qoq ? "_growth_qoq" : "_growth_yoy"), value: v * sign, period: subj.period, text: text,
                                    basis: basis, unit: "pure", rounding: rounding))
        }

        // Level claims: "Revenue in the third quarter 2003 was $13.1 million", "Net income ... amounted to $1.0 million, or $.07 per diluted share".
        i = 0
        while i < t.count {
            guard let (m, len) = metric(at: i, t), m == "revenue" || m == "net_income" else {
                i += 1
                continue
            }
            let isLoss = t[i + len - 1].word == .loss
            var k = i + len
            var verbAt: Int?
            while k < min(t.count, i + len + 14) {
                if t[k].classes.contains(.levelVerb) { verbAt = k; break }
                if t[k].kind == .number && !t[k].isYear { break }
                if t[k].kind == .word, metric(at: k, t) != nil { break }
                k += 1
            }
            guard let verb = verbAt else {
                i += len
                continue
            }
            var j = verb + 1
            while j < min(t.count, verb + 4), t[j].kind == .word { j += 1 }
            guard j < t.count, t[j].kind == .number, t[j].dollar, let g = valueGroup(at: j, t), g.low == g.high else {
                i = verb + 1
                continue
            }
            var ref = refStarting(in: (i + len)..<verb)
            var after = g.end
            // ", or $.07 per diluted share"
            var eps: (Double, Int)?
            if after + 2 < t.count, t[after].isPunct(comma), t[after + 1].word == .or, t[after + 2].kind == .number, t[after + 2].dollar,
               t[after + 2].scale == nil {
                let e = t[after + 2]
                var q = after + 3
                if q < t.count, t[q].word == .per {
                    while q < min(t.count, after + 7), t[q].word != .share { q += 1 }
                    eps = (e.units, e.decimals)
                    after = min(q + 1, t.count)
                }
            }
            if ref == nil {
                var stop = after
                while stop < min(t.count, after + 6), !(t[stop].word.map(periodSearchStops.contains) ?? false) { stop += 1 }
                ref = refStarting(in: after..<stop)
            }
            guard let r = ref, let subject = calendar.resolve(r.ref, future: false, relativeTo: current) else {
                i = after
                continue
            }
            func step(_ d: Int, _ scale: Double) -> Double {
                var s = 1.0
                for _ in 0..<d { s /= 10 }
                return s * scale
            }
            let sign = isLoss ? -1.0 : 1.0
            out.claims.append(Claim(metric: m, value: sign * g.low, period: subject.period, text: text, basis: basis, unit: "USD", rounding: g.rounding))
            if let (e, d) = eps, m == "net_income" {
                out.claims.append(Claim(metric: "eps_diluted", value: e, period: subject.period, text: text, basis: basis, unit: "USD/share", rounding: step(d, 1)))
            }
            // "compared to [a net loss amounting to] $6.6 million [, or $.03 per diluted share] in the second quarter 2002"
            i = after
            if after + 1 < t.count, t[after].isPunct(comma) { after += 1 }
            guard after + 1 < t.count, t[after].word == .compared || t[after].word == .versus else { continue }
            var p = after + 1
            var priorLoss = false
            while p < min(t.count, after + 8), !(t[p].kind == .number && t[p].dollar) {
                if t[p].word == .loss { priorLoss = true }
                p += 1
            }
            guard p < t.count, t[p].kind == .number, t[p].dollar, var pg = valueGroup(at: p, t), pg.low == pg.high else { continue }
            if pg.scale == nil, let s = g.scale {
                var tok = t[p]
                tok.scale = s
                pg.low = tok.units
                pg.rounding *= s
            }
            var q = pg.end
            var priorEPS: (Double, Int)?
            if q + 2 < t.count, t[q].isPunct(comma), t[q + 1].word == .or, t[q + 2].kind == .number, t[q + 2].dollar {
                priorEPS = (t[q + 2].units, t[q + 2].decimals)
                q += 3
                while q < min(t.count, pg.end + 8), t[q].word != .share { q += 1 }
                // Past "share"; the sentence may end before it.
                q = min(q + 1, t.count)
            }
            guard let pr = refStarting(in: q..<min(t.count, q + 5)), let prior = calendar.resolve(pr.ref, future: false, relativeTo: subject) else { continue }
            let priorSign = priorLoss || (isLoss && !(t[after + 1..<p].contains { $0.word == .income })) ? -1.0 : 1.0
            out.claims.append(Claim(metric: m, value: priorSign * abs(pg.low), period: prior.period, text: text, basis: basis, unit: "USD", rounding: pg.rounding))
            if let (e, d) = priorEPS, m == "net_income" {
                out.claims.append(Claim(metric: "eps_diluted", value: e, period: prior.period, text: text, basis: basis, unit: "USD/share", rounding: step(d, 1)))
            }
            i = q
        }
    }
}
