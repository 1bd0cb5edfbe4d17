import Foundation
import Testing
@testable import FilingParser

/// `filings survey`: one filing's entry (complete or what is missing) and the summary over many
/// (failed checks, cross-filing conflicts), on small hand-built parse results.
@Suite("Survey")
struct SurveyTests {
    static let q3 = Period(start: "2003-07-01", end: "2003-09-30")
    static let q3Prior = Period(start: "2002-07-01", end: "2002-09-30")
    static let nineMonths = Period(start: "2003-01-01", end: "2003-09-30")

    /// An income statement with the given columns and, per column, revenue / net income / EPS facts.
    static func filing(cik: String? = "1001", company: String = "Example Corp", columns: [(heading: String, period: Period)],
                       concepts: [String] = ["Revenues", "NetIncomeLoss", "EarningsPerShareDiluted"],
                       value: (String, Period) -> Double = { concept, _ in concept.contains("PerShare") ? 0.25 : 1_000_000 },
                       basis: String = "gaap", checks: [Check] = [], warnings: [String] = [], extraFacts: [Fact] = []) -> ParsedFiling {
        let statement = Statement(kind: "income", title: "Statements of Operations", scale: 1000, basis: basis,
                                  columns: columns.map { StatementColumn(heading: $0.heading, period: $0.period) }, rows: [])
        var facts: [Fact] = []
        for (_, period) in columns {
            for concept in concepts {
                facts.append(Fact(concept: concept, label: concept, statement: "income", value: value(concept, period),
                                  unit: concept.contains("PerShare") ? "USD/share" : "USD", period: period, basis: basis))
            }
        }
        return ParsedFiling(header: FilingHeader(company: company, cik: cik), statements: [statement], facts: facts + extraFacts,
                            checks: checks, warnings: warnings)
    }

    @Test("current and prior-year quarter with revenue, net income and diluted EPS: complete")
    func complete() {
        let parsed = Self.filing(columns: [("Three Months Ended Sep 30, 2003", Self.q3), ("2002", Self.q3Prior),
                                           ("Nine Months Ended 2003", Self.nineMonths)],
                                 extraFacts: [Fact(concept: "Assets", label: "Total assets", statement: "balance", value: 9e6, unit: "USD",
                                                   period: Period(instant: "2003-09-30"), basis: "gaap")])
        let entry = Survey.entry(file: "a.txt", parsed: parsed)
        #expect(entry.complete, "\(entry.missing)")
        #expect(entry.quarterEnd == "2003-09-30")  // the nine-month column is not the quarter
        // A later quarter column without values (a misread heading) is not the current quarter.
        var withEmptyColumn = parsed
        withEmptyColumn.statements[0].columns.append(StatementColumn(heading: "Dec 31, 2003", period: Period(start: "2003-10-01", end: "2003-12-31")))
        #expect(Survey.entry(file: "a.txt", parsed: withEmptyColumn).quarterEnd == "2003-09-30")
        #expect(entry.current == [.revenue, .netIncome, .eps, .totalAssets])
        #expect(entry.priorYear == [.revenue, .netIncome, .eps])
        #expect(entry.epsKind == "diluted")
        #expect(entry.line.hasSuffix("| complete"))
        #expect(entry.line.contains("quarter ended 2003-09-30"))
    }

    @Test("a missing prior-year figure makes the filing incomplete and is named")
    func priorYearMissing() {
        let parsed = Self.filing(columns: [("2003", Self.q3), ("2002", Self.q3Prior)])
        var facts = parsed.facts
        facts.removeAll { $0.concept == "NetIncomeLoss" && $0.period == Self.q3Prior }
        let entry = Survey.entry(file: "b.txt", parsed: ParsedFiling(header: parsed.header, statements: parsed.statements, facts: facts))
        #expect(!entry.complete)
        #expect(entry.missing == ["no prior-year net income"])
        #expect(entry.priorYear == [.revenue, .eps])
        #expect(entry.line.contains("incomplete (no prior-year net income)"))
    }

    @Test("no prior-year column printed: the current quarter alone decides")
    func noPriorYear() {
        let entry = Survey.entry(file: "c.txt", parsed: Self.filing(columns: [("2003", Self.q3)]))
        #expect(entry.complete)
        #expect(entry.priorYear == nil)
        #expect(entry.line.contains("prior year: not printed"))
    }

    @Test("a bank: net interest income stands for revenue; the only EPS printed (basic) counts")
    func bankWithBasicEPSOnly() {
        let parsed = Self.filing(columns: [("2003", Self.q3), ("2002", Self.q3Prior)],
                                 concepts: ["InterestIncomeExpenseNet", "NetIncomeLoss", "EarningsPerShareBasic"])
        let entry = Survey.entry(file: "bank.txt", parsed: parsed)
        #expect(entry.complete, "\(entry.missing)")
        #expect(entry.epsKind == "basic")
        // Basic EPS is the only one printed for a quarter whose diluted EPS reads "N/A".
        let loss = Self.filing(columns: [("2003", Self.q3), ("2002", Self.q3Prior)], concepts: ["Revenues", "NetIncomeLoss", "EarningsPerShareBasic"],
                               extraFacts: [Fact(concept: "EarningsPerShareDiluted", label: "Diluted", statement: "income", value: 1,
                                                 unit: "USD/share", period: Self.q3Prior, basis: "gaap")])
        #expect(Survey.entry(file: "d.txt", parsed: loss).complete)
        #expect(Survey.entry(file: "d.txt", parsed: loss).epsKind == "basic")
        // Without any EPS for the quarter it is missing.
        let noEPS = Self.filing(columns: [("2003", Self.q3)], concepts: ["Revenues", "NetIncomeLoss"])
        #expect(Survey.entry(file: "e.txt", parsed: noEPS).missing == ["no current EPS"])
    }

    @Test("incomplete: only a year column, only a non-GAAP statement, or no income statement")
    func incomplete() {
        let year = Self.filing(columns: [("Year Ended 2003", Period(start: "2003-01-01", end: "2003-12-31"))])
        #expect(Survey.entry(file: "y.txt", parsed: year).missing == ["no current-quarter column (12-16 weeks)"])
        let adjusted = Self.filing(columns: [("2003", Self.q3)], basis: "non-gaap")
        #expect(Survey.entry(file: "n.txt", parsed: adjusted).missing == ["no GAAP income statement"])
        let empty = ParsedFiling(header: FilingHeader(), statements: [], facts: [])
        let entry = Survey.entry(file: "e.txt", parsed: empty)
        #expect(!entry.complete)
        #expect(entry.quarterEnd == nil)
        #expect(entry.line.contains("(no company) | no current quarter"))
    }

    @Test("a 14-week quarter counts; a 17-week one does not")
    func quarterLength() {
        #expect(Survey.isQuarter(Period(start: "2022-09-25", end: "2022-12-31")))  // 14 weeks
        #expect(Survey.isQuarter(Period(start: "2003-10-05", end: "2003-12-27")))  // 12 weeks
        #expect(!Survey.isQuarter(Period(start: "2003-09-01", end: "2003-12-27")))  // 17 weeks
        #expect(!Survey.isQuarter(Period(instant: "2003-12-31")))
    }

    @Test("summary: counts, failed checks, and the exact last line")
    func summary() {
        let failed = Check(name: "subtotal", passed: false, expected: 1, actual: 2, detail: "x")
        let passed = Check(name: "gross_profit", passed: true, expected: 1, actual: 1, detail: "y")
        let a = Survey.entry(file: "a.txt", parsed: Self.filing(cik: "1", columns: [("2003", Self.q3)], checks: [failed, passed, failed]))
        let b = Survey.entry(file: "b.txt", parsed: Self.filing(cik: "2", columns: [("Year", Self.nineMonths)], warnings: ["w"]))
        let c = Survey.entry(file: "c.txt", parsed: Self.filing(cik: "3", columns: [("2003", Self.q3)]))
        #expect(a.failedChecks == 2)
        #expect(b.line.contains("0 failed checks, 1 warnings"))
        let summary = Survey.summary([a, b, c])
        #expect(summary.line == "survey: 3 filings, 2 complete (66%), 2 failed checks, 0 cross-filing conflicts")
        #expect(Survey.summary([a, c]).line == "survey: 2 filings, 2 complete (100%), 2 failed checks, 0 cross-filing conflicts")
    }

    @Test("cross-filing conflicts: same company, concept and period, different values, no restatement label")
    func conflicts() {
        // Two quarterly filings of one company: the later one prints the earlier quarter as its prior-year column.
        let q3Next = Period(start: "2004-07-01", end: "2004-09-30")
        let first = Self.filing(columns: [("2003", Self.q3)])
        let agreeing = Self.filing(columns: [("2004", q3Next), ("2003", Self.q3)])
        let differing = Self.filing(columns: [("2004", q3Next), ("2003", Self.q3)],
                                    value: { concept, period in
                                        concept.contains("PerShare") ? 0.25 : period == Self.q3 && concept == "Revenues" ? 1_200_000 : 1_000_000
                                    })
        let restated = Self.filing(columns: [("2004", q3Next), ("2003 (Restated)", Self.q3)],
                                   value: { concept, period in period == Self.q3 ? 2_000_000 : concept.contains("PerShare") ? 0.25 : 1_000_000 })
        let otherCompany = Self.filing(cik: "2002", company: "Other Inc", columns: [("2003", Self.q3)], value: { _, _ in 5 })
        func conflicts(_ filings: [ParsedFiling]) -> [Survey.Conflict] {
            Survey.summary(filings.enumerated().map { Survey.entry(file: "f\($0.offset).txt", parsed: $0.element) }).conflicts
        }
        #expect(conflicts([first, agreeing]).isEmpty)
        #expect(conflicts([first, restated]).isEmpty)
        #expect(conflicts([first, otherCompany]).isEmpty)
        let found = conflicts([first, differing])
        #expect(found.count == 1)
        #expect(found.first?.concept == "Revenues" && found.first?.period == Self.q3 && found.first?.values == [1_000_000, 1_200_000])
        #expect(found.first?.line == "conflict: Example Corp Revenues 2003-07-01..2003-09-30: 1000000 in f0.txt, 1200000 in f1.txt")
        #expect(Survey.summary([first, differing].enumerated().map { Survey.entry(file: "\($0.offset)", parsed: $0.element) }).line
            .hasSuffix("1 cross-filing conflicts"))
        // Rounding between a filing in thousands and one in millions is not a conflict.
        let rounded = Self.filing(columns: [("2003", Self.q3)], value: { c, _ in c.contains("PerShare") ? 0.25 : 1_003_000 })
        #expect(conflicts([first, rounded]).isEmpty)
    }

    @Test("JSON: the entry's fields, snake_case")
    func json() throws {
        let entry = Survey.entry(file: "a.txt", parsed: Self.filing(columns: [("2003", Self.q3), ("2002", Self.q3Prior)]))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(entry)) as? [String: Any]
        #expect(object?["quarter_end"] as? String == "2003-09-30")
        #expect(object?["current"] as? [String] == ["revenue", "net_income", "eps"])
        #expect(object?["complete"] as? Bool == true)
        #expect(object?["failed_checks"] as? Int == 0)
    }

    @Test("the demo's three samples parse complete, with no conflict between them")
    func samples() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("samples")
        let names = ["ptix-8k-2003-07-23.txt", "ptix-8k-2003-10-23.txt", "ptix-8k-2004-02-05.txt"]
        let entries = try names.map { name in
            Survey.entry(file: name, parsed: FilingParser.parse(FilingText.decode(try Data(contentsOf: dir.appendingPathComponent(name)))))
        }
        for entry in entries { #expect(entry.complete, "\(entry.line)") }
        #expect(entries.map(\.quarterEnd) == ["2003-06-30", "2003-09-30", "2003-12-31"])
        #expect(Survey.summary(entries).conflicts.isEmpty)
    }
}
