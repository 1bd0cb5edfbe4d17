import Foundation
import Testing
@testable import FilingParser

/// Guidance, claims and checks of the Performance Technologies samples (golden values) and the
/// outlook snippets of the other text fixtures.
@Suite("Guidance, claims and checks")
struct ProseTests {
    static let quarterPeriods: [String: (Int, Int, String, String)] = [
        "2003Q3": (2003, 3, "2003-07-01", "2003-09-30"), "2003Q4": (2003, 4, "2003-10-01", "2003-12-31"),
        "2004Q1": (2004, 1, "2004-01-01", "2004-03-31"),
    ]

    @Test("PTIX guidance equals the truth guidance_ranges", .fixtures, arguments: Fixtures.ptix)
    func ptixGuidance(name: String) throws {
        let truthFile = try Fixtures.truth(name)
        let truth = try #require(truthFile["guidance_ranges"] as? [String: Any])
        let parsed = FilingParser.parse(try Fixtures.text(name))
        let targetName = try #require(truth["target_period"] as? String)
        let target = try #require(Self.quarterPeriods[targetName])
        let expected: [(String, Double, Double, String)] = [
            ("revenue", jsonNumber((truth["revenue"] as? [Any])?[0])!, jsonNumber((truth["revenue"] as? [Any])?[1])!, "USD"),
            ("gross_margin", jsonNumber((truth["gross_margin_percent"] as? [Any])?[0])! / 100, jsonNumber((truth["gross_margin_percent"] as? [Any])?[1])! / 100, "pure"),
            ("eps_diluted", jsonNumber((truth["eps_diluted"] as? [Any])?[0])!, jsonNumber((truth["eps_diluted"] as? [Any])?[1])!, "USD/share"),
            ("tax_rate", jsonNumber(truth["tax_rate_percent"])! / 100, jsonNumber(truth["tax_rate_percent"])! / 100, "pure"),
        ]
        #expect(parsed.guidance.count == expected.count, "\(parsed.guidance.map { "\($0.metric) \($0.low ?? 0)" })")
        for (metric, low, high, unit) in expected {
            let g = try #require(parsed.guidance.first { $0.metric == metric }, "no \(metric) guidance")
            #expect(abs((g.low ?? .nan) - low) < 1e-9 && abs((g.high ?? .nan) - high) < 1e-9, "\(metric): \(g.low ?? .nan)..\(g.high ?? .nan)")
            #expect(g.unit == unit)
            #expect(g.fiscalYear == target.0 && g.fiscalQuarter == target.1)
            #expect(g.period == Period(start: target.2, end: target.3))
            #expect(g.basis == "gaap")
            #expect(g.text.contains("expect") || g.text.contains("assumed"))
        }
    }

    @Test("October 2003 sample: the issue's example, sentence included", .fixtures)
    func octoberExample() throws {
        let parsed = FilingParser.parse(try Fixtures.text("ptix-8k-2003-10-23"))
        let revenue = try #require(parsed.guidance.first { $0.metric == "revenue" })
        #expect(revenue.low == 12_000_000 && revenue.high == 13_000_000)
        #expect(revenue.text.hasPrefix("Based upon the current business mix") && revenue.text.hasSuffix("in the fourth quarter 2003."))
        let tax = try #require(parsed.guidance.first { $0.metric == "tax_rate" })
        #expect(tax.low == 0.31 && tax.high == 0.31)
        #expect(tax.text == "The effective income tax rate for the fourth quarter is assumed to be 31%.")
    }

    struct ExpectedClaim: Sendable, CustomStringConvertible {
        var metric: String
        var value: Double
        var start: String
        var end: String
        var basis = "gaap"
        var description: String { "\(metric) \(value) \(start)..\(end) \(basis)" }
    }

    static let goldenClaims: [String: [ExpectedClaim]] = [
        "ptix-8k-2003-07-23": [
            .init(metric: "revenue_growth_qoq", value: 0.14, start: "2003-04-01", end: "2003-06-30"),
            .init(metric: "revenue_growth_yoy", value: 0.91, start: "2003-04-01", end: "2003-06-30"),
            .init(metric: "revenue", value: 12_600_000, start: "2003-04-01", end: "2003-06-30"),
            .init(metric: "revenue", value: 6_600_000, start: "2002-04-01", end: "2002-06-30"),
            .init(metric: "net_income", value: 700_000, start: "2003-04-01", end: "2003-06-30"),
            .init(metric: "eps_diluted", value: 0.06, start: "2003-04-01", end: "2003-06-30"),
            .init(metric: "net_income", value: 400_000, start: "2002-04-01", end: "2002-06-30"),
            .init(metric: "eps_diluted", value: 0.03, start: "2002-04-01", end: "2002-06-30"),
            .init(metric: "net_income", value: 1_000_000, start: "2003-01-01", end: "2003-06-30"),
            .init(metric: "eps_diluted", value: 0.08, start: "2003-01-01", end: "2003-06-30"),
            .init(metric: "net_income", value: 800_000, start: "2002-01-01", end: "2002-06-30"),
            .init(metric: "eps_diluted", value: 0.06, start: "2002-01-01", end: "2002-06-30"),
            .init(metric: "net_income", value: 900_000, start: "2002-01-01", end: "2002-06-30", basis: "non-gaap"),
            .init(metric: "eps_diluted", value: 0.07, start: "2002-01-01", end: "2002-06-30", basis: "non-gaap"),
        ],
        "ptix-8k-2003-10-23": [
            .init(metric: "revenue", value: 13_100_000, start: "2003-07-01", end: "2003-09-30"),
            .init(metric: "revenue", value: 4_000_000, start: "2002-07-01", end: "2002-09-30"),
            .init(metric: "net_income", value: 1_000_000, start: "2003-07-01", end: "2003-09-30"),
            .init(metric: "eps_diluted", value: 0.07, start: "2003-07-01", end: "2003-09-30"),
            .init(metric: "net_income", value: -1_200_000, start: "2002-07-01", end: "2002-09-30"),
            .init(metric: "eps_diluted", value: -0.10, start: "2002-07-01", end: "2002-09-30"),
            .init(metric: "net_income", value: 1_900_000, start: "2003-01-01", end: "2003-09-30"),
            .init(metric: "eps_diluted", value: 0.15, start: "2003-01-01", end: "2003-09-30"),
            .init(metric: "net_income", value: -400_000, start: "2002-01-01", end: "2002-09-30"),
            .init(metric: "eps_diluted", value: -0.03, start: "2002-01-01", end: "2002-09-30"),
        ],
        "ptix-8k-2004-02-05": [
            .init(metric: "net_income_growth_yoy", value: 8.0, start: "2003-01-01", end: "2003-12-31"),
            .init(metric: "revenue", value: 13_300_000, start: "2003-10-01", end: "2003-12-31"),
            .init(metric: "revenue", value: 10_000_000, start: "2002-10-01", end: "2002-12-31"),
            .init(metric: "revenue", value: 50_000_000, start: "2003-01-01", end: "2003-12-31"),
            .init(metric: "revenue", value: 27_000_000, start: "2002-01-01", end: "2002-12-31"),
            .init(metric: "net_income", value: 1_100_000, start: "2003-10-01", end: "2003-12-31"),
            .init(metric: "eps_diluted", value: 0.09, start: "2003-10-01", end: "2003-12-31"),
            .init(metric: "net_income", value: 700_000, start: "2002-10-01", end: "2002-12-31"),
            .init(metric: "eps_diluted", value: 0.06, start: "2002-10-01", end: "2002-12-31"),
            .init(metric: "net_income", value: 3_000_000, start: "2003-01-01", end: "2003-12-31"),
            .init(metric: "eps_diluted", value: 0.24, start: "2003-01-01", end: "2003-12-31"),
            .init(metric: "net_income", value: 300_000, start: "2002-01-01", end: "2002-12-31"),
            .init(metric: "eps_diluted", value: 0.03, start: "2002-01-01", end: "2002-12-31"),
            .init(metric: "net_income", value: 1_600_000, start: "2003-10-01", end: "2003-12-31", basis: "non-gaap"),
            .init(metric: "eps_diluted", value: 0.12, start: "2003-10-01", end: "2003-12-31", basis: "non-gaap"),
            .init(metric: "net_income", value: 1_100_000, start: "2002-10-01", end: "2002-12-31", basis: "non-gaap"),
            .init(metric: "eps_diluted", value: 0.09, start: "2002-10-01", end: "2002-12-31", basis: "non-gaap"),
            .init(metric: "net_income", value: 3_500_000, start: "2003-01-01", end: "2003-12-31", basis: "non-gaap"),
            .init(metric: "eps_diluted", value: 0.28, start: "2003-01-01", end: "2003-12-31", basis: "non-gaap"),
            .init(metric: "net_income", value: 1_200_000, start: "2002-01-01", end: "2002-12-31", basis: "non-gaap"),
            .init(metric: "eps_diluted", value: 0.10, start: "2002-01-01", end: "2002-12-31", basis: "non-gaap"),
        ],
    ]

    @Test("PTIX claims: exactly the golden list, exact values", .fixtures, arguments: Fixtures.ptix)
    func ptixClaims(name: String) throws {
        let parsed = FilingParser.parse(try Fixtures.text(name))
        let expected = try #require(Self.goldenClaims[name])
        let got = parsed.claims.map { ExpectedClaim(metric: $0.metric, value: $0.value, start: $0.period?.start ?? "", end: $0.period?.end ?? "", basis: $0.basis) }
        #expect(got.count == expected.count, "got:\n\(got.map(\.description).joined(separator: "\n"))")
        for e in expected {
            #expect(got.contains { $0.metric == e.metric && $0.value == e.value && $0.start == e.start && $0.end == e.end && $0.basis == e.basis },
                    "missing claim \(e)")
        }
    }

    @Test("the issue's claims, with their sentences", .fixtures)
    func issueClaims() throws {
        let q2 = FilingParser.parse(try Fixtures.text("ptix-8k-2003-07-23"))
        let qoq = try #require(q2.claims.first { $0.metric == "revenue_growth_qoq" })
        #expect(qoq.value == 0.14 && qoq.unit == "pure" && qoq.text.contains("14% Revenue Growth over First Quarter"))
        let q3 = FilingParser.parse(try Fixtures.text("ptix-8k-2003-10-23"))
        #expect(q3.claims.contains { $0.metric == "revenue" && $0.value == 13_100_000 && $0.text.hasPrefix("Revenue in the third quarter 2003 was $13.1 million") })
        let q4 = FilingParser.parse(try Fixtures.text("ptix-8k-2004-02-05"))
        #expect(q4.claims.contains { $0.metric == "net_income_growth_yoy" && $0.value == 8.0 && $0.text.contains("Nine-Fold Increase") })
    }

    @Test("PTIX checks: arithmetic holds, GAAP claims verified, derived Q1, non-GAAP claims unverifiable", .fixtures, arguments: Fixtures.ptix)
    func ptixChecks(name: String) throws {
        let parsed = FilingParser.parse(try Fixtures.text(name))
        let failed = parsed.checks.filter { $0.passed == false }
        #expect(failed.isEmpty, "\(failed.map(\.detail))")
        for kind in ["gross_profit", "operating_income", "balance_sheet"] {
            #expect(parsed.checks.contains { $0.name == kind && $0.passed == true }, "no \(kind) check")
        }
        for c in parsed.claims where c.basis == "gaap" {
            #expect(parsed.checks.contains { $0.name == "claim:\(c.metric)" && $0.expected == c.value && $0.passed == true }, "claim not verified: \(c.metric) \(c.value)")
        }
        for c in parsed.checks where c.passed == nil { #expect(c.status == "unverifiable" && c.detail.contains("unverifiable")) }
        if name == "ptix-8k-2003-07-23" {
            let q1 = try #require(parsed.checks.first { $0.name == "claim:revenue_growth_qoq" })
            #expect(q1.detail.contains("derived"))
            #expect(abs((q1.actual ?? 0) - (12_636_000.0 / 11_039_000.0 - 1)) < 1e-9)
        }
    }

    @Test("a wrong claim fails its check and is not corrected", .fixtures)
    func failingClaim() throws {
        var text = try Fixtures.text("ptix-8k-2003-10-23")
        text = text.replacingOccurrences(of: "Revenue in the third quarter 2003 was $13.1 million", with: "Revenue in the third quarter 2003 was $14.1 million")
        let parsed = FilingParser.parse(text)
        let check = try #require(parsed.checks.first { $0.name == "claim:revenue" && $0.expected == 14_100_000 })
        #expect(check.passed == false && check.status == "failed" && check.actual == 13_060_000)
        #expect(parsed.fact("Revenues", period: "2003-09-30")?.value == 13_060_000)
        #expect(parsed.claims.contains { $0.value == 14_100_000 })
    }

    @Test("a broken table total fails the arithmetic check", .fixtures)
    func failingArithmetic() throws {
        var text = try Fixtures.text("ptix-8k-2003-10-23")
        let gp = "6,544,000"
        #expect(text.contains(gp))
        text = text.replacingOccurrences(of: gp, with: "6,554,000")
        let parsed = FilingParser.parse(text)
        #expect(parsed.checks.contains { $0.name == "gross_profit" && $0.passed == false && $0.actual == 6_554_000 && $0.expected == 6_544_000 })
    }

    /// The first range of each outlook snippet in the truth files of the other text fixtures.
    static let snippetGuidance: [(String, String, Double, Double, String)] = [
        ("pericom-8k-2003-07-29", "revenue", 10_000_000, 11_000_000, "2003-09-30"),
        ("pericom-8k-2003-10-21", "revenue", 11_250_000, 11_750_000, "2003-12-31"),
        ("pericom-8k-2005-11-07", "revenue_growth_qoq", 0.18, 0.20, "2005-12-31"),
        ("pericom-8k-2006-08-16", "revenue", 29_500_000, 30_500_000, "2006-09-30"),
        ("pericom-8k-2006-08-16", "gross_margin", 0.35, 0.37, "2006-09-30"),
        ("pericom-8k-2007-04-26", "revenue", 31_000_000, 32_000_000, "2007-06-30"),
        ("pericom-8k-2007-04-26", "gross_margin", 0.35, 0.36, "2007-06-30"),
    ]

    @Test("outlook snippets of the other text fixtures", .fixtures)
    func snippets() throws {
        for (name, metric, low, high, end) in Self.snippetGuidance {
            let parsed = FilingParser.parse(try Fixtures.text(name))
            #expect(parsed.guidance.contains { $0.metric == metric && abs(($0.low ?? 0) - low) < 1e-9 && abs(($0.high ?? 0) - high) < 1e-9 && $0.period?.end == end },
                    "\(name): \(metric) \(low)..\(high) not found in \(parsed.guidance.map { "\($0.metric) \($0.low ?? 0)..\($0.high ?? 0) \($0.period?.end ?? "-")" })")
        }
    }

    @Test("new fields round-trip through JSON and old JSON still decodes", .fixtures)
    func codable() throws {
        let parsed = FilingParser.parse(try Fixtures.text("ptix-8k-2003-07-23"))
        let data = try JSONEncoder().encode(parsed)
        let back = try JSONDecoder().decode(ParsedFiling.self, from: data)
        #expect(back == parsed)
        let old = #"{"header":{"items":[]},"claims":[{"metric":"revenue","value":1,"text":"x"}]}"#
        let decoded = try JSONDecoder().decode(ParsedFiling.self, from: Data(old.utf8))
        #expect(decoded.checks.isEmpty && decoded.warnings.isEmpty && decoded.claims.first?.basis == "gaap")
    }

    @Test("hostile prose: absurd numbers and fold words stay finite and encodable")
    func hostileProse() throws {
        let text = """
            Revenue in the third quarter 2003 was $99999999999999999999999999 million. Management expects revenue to be
            $1e400 to $99999999999999999999999 million in the fourth quarter 2003. Inf-fold increase in profit over 2002.
            Nan-fold increase in revenue. 1000000-fold increase in net income in 2003. Tax rate expected at 999999999999999999999%.
            """
        let parsed = FilingParser.parse(text)
        for g in parsed.guidance { #expect((g.low ?? 0).isFinite && (g.high ?? 0).isFinite) }
        for c in parsed.claims { #expect(c.value.isFinite) }
        _ = try JSONEncoder().encode(parsed)
    }

    @Test("prose tokenizer: scale words, ranges, percent words, parentheses")
    func tokenizer() {
        let t = ProseTokenizer.tokenize("between $.05 and $.09, $12.5 million to $13.5 million, 35 to 36 percent, $(.10), 18-20%")
        let numbers = t.filter { $0.kind == .number }
        #expect(numbers.map(\.units) == [0.05, 0.09, 12_500_000, 13_500_000, 35, 0.36, -0.10, 18, 0.20])
        let g = ProseExtractor.valueGroup(at: t.firstIndex { $0.text == "35" }!, t)
        #expect(g?.low == 0.35 && g?.high == 0.36 && g?.isPercent == true)
    }
}

/// The prose calendar of a year ending in January names years as the statements do.
@Suite("Fiscal calendar")
struct FiscalCalendarTests {
    @Test("a January year end names fiscal years by the year they begin in when the filing does")
    func januaryYearEnd() throws {
        var calendar = FiscalCalendar(yearEndMonth: 1, currentQuarterEnd: SimpleDate(iso: "2005-01-31"))
        calendar.namedByStartYear = true
        #expect(calendar.current?.year == 2004 && calendar.current?.quarter == 4)
        #expect(calendar.resolve(.quarter(4, 2004), future: false)?.period == Period(start: "2004-11-01", end: "2005-01-31"))
        #expect(calendar.resolve(.year(2005), future: true)?.period == Period(start: "2005-02-01", end: "2006-01-31"))
        #expect(calendar.resolve(.quarter(1, nil), future: true)?.period == Period(start: "2005-02-01", end: "2005-04-30"))
        calendar.namedByStartYear = false
        #expect(calendar.resolve(.quarter(4, 2005), future: false)?.period == Period(start: "2004-11-01", end: "2005-01-31"))
        #expect(calendar.resolve(.year(2005), future: true)?.period == Period(start: "2004-02-01", end: "2005-01-31"))
    }
}

/// Growth claims whose comparison period is named relative to the current one.
@Suite("Relative-period growth claims")
struct RelativeClaimTests {
    /// A June fiscal year; the current quarter is fiscal Q4 2003 (April-June 2003).
    static let calendar = FiscalCalendar(yearEndMonth: 6, currentQuarterEnd: SimpleDate(iso: "2003-06-30"))
    static let current = Period(start: "2003-04-01", end: "2003-06-30")

    static func claims(_ sentence: String) -> [Claim] {
        ProseExtractor.extract(sentences: [ProseSplitter.Sentence(text: sentence, isHeading: false)], calendar: calendar,
                               currentQuarter: current).claims
    }

    @Test("year-over-year comparisons named relatively", arguments: [
        "Revenue was $11.5 million, a 38.7 percent revenue increase over the fourth quarter of last year.",
        "Revenues were $11,455,000, a 70% increase over revenues of $6,751,000 in the prior year's quarter.",
        "Revenues for the fourth quarter ended June 30, 2003, were $14,806,000, a 32% increase compared to revenues of $11,183,000 for the fourth quarter ended June 30, 2002.",
        "Revenues for the quarter were 14.8 million, a 32% increase over the revenues of 11.2 million for the fourth quarter of fiscal '02.",
        "Net sales were $5.1 million, a 12% increase in net sales over the prior-year period.",
    ])
    func yearOverYear(sentence: String) throws {
        let claim = try #require(Self.claims(sentence).first { $0.metric.hasSuffix("_growth_yoy") }, "\(Self.claims(sentence))")
        #expect(claim.period == Self.current)
    }

    @Test("the year after a named base year")
    func fullYear() throws {
        let claim = try #require(Self.claims("For the year, revenues were 51.2 million, a 46.7% increase over the revenues of 34.9 million from fiscal 2002.").first)
        #expect(claim.metric == "revenue_growth_yoy")
        #expect(claim.period == Period(start: "2002-07-01", end: "2003-06-30"))
    }

    @Test("a sequential comparison is not year over year")
    func sequential() throws {
        let claims = Self.claims("Revenue was $5.1 million, a 9% increase in revenue over the third quarter of fiscal 2003.")
        #expect(claims.map(\.metric) == ["revenue_growth_qoq"])
    }
}
