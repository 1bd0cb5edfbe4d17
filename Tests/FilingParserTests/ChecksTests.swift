import Foundation
import Testing
@testable import FilingParser

/// The `subtotal` checks: synthetic statements (a correct total, a wrong one, contra lines, nesting,
/// ambiguous layouts) and the real filings in ../shared/fixtures/filings (FixtureSupport.swift).
@Suite("Checks: subtotals")
struct ChecksTests {
    /// A row: label, values as printed, level; a label starting with "*" is ruled off as a total.
    typealias Line = (String, [Double?], Int)

    static func statement(_ lines: [Line], kind: String = "balance", scale: Double = 1000) -> Statement {
        let columns = kind == "balance"
            ? [StatementColumn(heading: "December 31, 2003", period: .instant("2003-12-31")),
               StatementColumn(heading: "December 31, 2002", period: .instant("2002-12-31"))]
            : [StatementColumn(heading: "Three Months Ended December 31, 2003", period: .duration("2003-10-01", "2003-12-31")),
               StatementColumn(heading: "Three Months Ended December 31, 2002", period: .duration("2002-10-01", "2002-12-31"))]
        let rows = lines.map { l in
            let total = l.0.hasPrefix("*")
            let label = total ? String(l.0.dropFirst()) : l.0
            return StatementRow(label: label, concept: nil, values: l.1.isEmpty ? [nil, nil] : l.1, level: l.2,
                                isTotal: total || label.lowercased().hasPrefix("total"))
        }
        return Statement(kind: kind, title: "TEST STATEMENT", scale: scale, basis: "gaap", columns: columns, rows: rows)
    }

    static func subtotals(_ s: Statement) -> [Check] { Checks.run(statements: [s], facts: [], claims: []).filter { $0.name == "subtotal" } }

    static func checks(of total: String, in checks: [Check]) -> [Check] { checks.filter { $0.detail.contains("]: \(total) =") } }

    static let balanceSheet: [Line] = [
        ("Current assets:", [], 0),
        ("Cash", [100, 80], 1),
        ("Receivables", [60, 50], 1),
        ("Inventories", [20, 30], 1),
        ("Total current assets", [180, 160], 2),
        ("Property, net", [40, 45], 0),
        ("Other assets", [10, 5], 0),
        ("Total assets", [230, 210], 2),
        ("LIABILITIES AND STOCKHOLDERS' EQUITY", [], 0),
        ("Current liabilities:", [], 0),
        ("Accounts payable", [30, 25], 1),
        ("Accrued expenses", [20, 15], 1),
        ("Total current liabilities", [50, 40], 2),
        ("Long-term debt", [30, 40], 0),
        ("Total liabilities", [80, 80], 2),
        ("Stockholders' equity:", [], 0),
        ("Preferred stock, none issued", [], 1),
        ("Common stock", [10, 10], 1),
        ("Retained earnings", [160, 140], 1),
        ("Treasury stock", [-20, -20], 1),
        ("Total stockholders' equity", [150, 130], 2),
        ("Total liabilities and stockholders' equity", [230, 210], 2),
    ]

    @Test("a correct balance sheet: every total found, nested totals count as one component, all pass")
    func correctBalanceSheet() {
        let checks = Self.subtotals(Self.statement(Self.balanceSheet))
        #expect(!checks.isEmpty && checks.allSatisfy { $0.passed == true }, "\(checks.filter { $0.passed != true }.map(\.detail))")
        let expected = [
            "Total current assets = Cash + Receivables + Inventories",
            "Total assets = Total current assets + Property, net + Other assets",
            "Total current liabilities = Accounts payable + Accrued expenses",
            "Total liabilities = Total current liabilities + Long-term debt",
            "Total stockholders' equity = Common stock + Retained earnings + Treasury stock",
            "Total liabilities and stockholders' equity = Total liabilities + Total stockholders' equity",
        ]
        for formula in expected {
            let found = checks.filter { $0.detail.hasSuffix("]: " + formula) }
            #expect(found.count == 2, "\(formula): \(checks.map(\.detail))")  // both columns
        }
        #expect(checks.count == 12)
        let tca = checks[0]
        #expect(tca.expected == 180_000 && tca.actual == 180_000 && tca.period == Period(instant: "2003-12-31"))
        #expect(tca.detail == "TEST STATEMENT [December 31, 2003]: Total current assets = Cash + Receivables + Inventories")
    }

    @Test("a wrong total fails with the difference, in its column only, and is not corrected")
    func wrongTotal() throws {
        var lines = Self.balanceSheet
        lines[4] = ("Total current assets", [190, 160], 2)  // 100 + 60 + 20 = 180
        lines[7] = ("Total assets", [240, 210], 2)  // adds up with the wrong subtotal
        let s = Self.statement(lines)
        let checks = Self.subtotals(s)
        let tca = Self.checks(of: "Total current assets", in: checks)
        #expect(tca.count == 2)
        let failed = try #require(tca.first { $0.passed == false })
        #expect(failed.status == "failed" && failed.period == Period(instant: "2003-12-31"))
        #expect(failed.expected == 180_000 && failed.actual == 190_000)
        #expect(failed.detail.hasSuffix("differs by 10000.0"))
        #expect(tca.contains { $0.passed == true && $0.period == Period(instant: "2002-12-31") })
        #expect(Self.checks(of: "Total assets", in: checks).allSatisfy { $0.passed == true })
        #expect(checks.filter { $0.passed == false }.count == 1)
        #expect(s.rows[4].values == [190, 160])
    }

    @Test("rounding: one printed unit per component")
    func tolerance() {
        let lines: [Line] = [("Costs and expenses:", [], 0), ("Cost of sales", [10, 10], 1), ("Selling", [20, 20], 1),
                             ("Research", [30, 30], 1), ("Total costs and expenses", [63, 64], 1)]
        let checks = Self.subtotals(Self.statement(lines, kind: "income"))
        #expect(checks.map(\.passed) == [true, false])  // 60 + 3 passes with 3 components; 60 + 4 does not
        #expect(checks.last?.detail.hasSuffix("differs by 4000.0") == true)
        // Values printed with decimals: the unit is the last decimal.
        let decimals: [Line] = [("Revenues:", [], 0), ("Product", [10.2, 10.2], 1), ("Service", [5.1, 5.1], 1),
                                ("Total revenues", [15.4, 15.6], 1)]
        #expect(Self.subtotals(Self.statement(decimals, kind: "income", scale: 1e6)).map(\.passed) == [true, false])
    }

    @Test("contra lines: printed in parentheses they are added as negative; \"Less\" without parentheses is subtracted")
    func contraLines() throws {
        let lines: [Line] = [
            ("Current assets:", [], 0),
            ("Cash", [100, 80], 1),
            ("Receivables", [60, 50], 1),
            ("Allowance for doubtful accounts", [-5, -4], 1),
            ("Total current assets", [155, 126], 1),
            ("Property and equipment:", [], 0),
            ("Land", [100, 100], 1),
            ("Buildings", [500, 450], 1),
            ("Less accumulated depreciation", [200, 150], 1),
            ("Total property and equipment, net", [400, 400], 1),
        ]
        let checks = Self.subtotals(Self.statement(lines))
        #expect(checks.count == 4 && checks.allSatisfy { $0.passed == true }, "\(checks.map(\.detail))")
        #expect(Self.checks(of: "Total current assets", in: checks).first?.detail
            .hasSuffix("Total current assets = Cash + Receivables + Allowance for doubtful accounts") == true)
        #expect(Self.checks(of: "Total property and equipment, net", in: checks).first?.detail
            .hasSuffix("= Land + Buildings - Less accumulated depreciation") == true)
    }

    @Test("an unmarked subtotal of a gross amount and its contra line counts once in the total")
    func implicitSubtotal() throws {
        let lines: [Line] = [
            ("Assets:", [], 0),
            ("Cash", [50, 40], 1),
            ("Gross loans receivable", [1000, 900], 1),
            ("Reserve for loan losses", [-20, -15], 1),
            ("*Net loans receivable", [980, 885], 1),
            ("Other assets", [30, 25], 1),
            ("Total assets", [1060, 950], 1),
        ]
        let checks = Self.subtotals(Self.statement(lines))
        #expect(checks.count == 2 && checks.allSatisfy { $0.passed == true }, "\(checks.map(\.detail))")
        #expect(checks.first?.detail.contains("Total assets = Cash + Net loans receivable + Other assets") == true)
        #expect(checks.first?.detail.contains("Net loans receivable taken as the subtotal of the 2 lines above it") == true)
    }

    @Test("an income statement: expense lines after gross profit, totals that are not part of each other")
    func incomeStatement() {
        let lines: [Line] = [
            ("Product revenues", [70, 60], 0),
            ("Service revenues", [30, 25], 0),
            ("Total revenues", [100, 85], 0),
            ("Cost of revenues", [40, 35], 0),
            ("*Gross profit", [60, 50], 0),
            ("Research and development", [20, 18], 1),
            ("Selling, general and administrative", [25, 22], 1),
            ("Total operating expenses", [45, 40], 1),
            ("Income from operations", [15, 10], 0),
            ("Interest income", [3, 2], 1),
            ("Interest expense", [-1, -1], 1),
            ("Total other income, net", [2, 1], 1),
        ]
        let checks = Self.subtotals(Self.statement(lines, kind: "income"))
        #expect(checks.allSatisfy { $0.passed == true }, "\(checks.map(\.detail))")
        #expect(Self.checks(of: "Total revenues", in: checks).first?.detail.hasSuffix("= Product revenues + Service revenues") == true)
        #expect(Self.checks(of: "Total operating expenses", in: checks).first?.detail
            .hasSuffix("= Research and development + Selling, general and administrative") == true)
        #expect(Self.checks(of: "Total other income, net", in: checks).first?.detail.hasSuffix("= Interest income + Interest expense") == true)
        #expect(checks.count == 6)
    }

    @Test("ambiguous or unsupported layouts produce no check rather than a false failure")
    func conservative() {
        // A generic "Total" after another total: it may or may not include it; neither reading adds up.
        let generic: [Line] = [("Alpha", [10, 10], 0), ("Beta", [20, 20], 0), ("Total alpha and beta", [30, 30], 0),
                               ("Gamma", [5, 5], 0), ("Delta", [6, 6], 0), ("Total", [99, 99], 0)]
        let checks = Self.subtotals(Self.statement(generic, kind: "income"))
        #expect(checks.count == 2 && checks.allSatisfy { $0.passed == true && $0.detail.contains("Total alpha and beta =") })
        // One component only, totals printed above their lines, percentages and ratios: no check.
        let single: [Line] = [("Current liabilities:", [], 0), ("Accounts payable", [10, 10], 1), ("Total current liabilities", [10, 12], 1)]
        #expect(Self.subtotals(Self.statement(single)).isEmpty)
        let onTop: [Line] = [("Total sales", [45, 47], 0), ("Total retail sales-", [37, 35], 0), ("Residential", [10, 10], 0),
                             ("Commercial", [12, 11], 0), ("Industrial", [14, 13], 0), ("Total wholesale sales", [8, 12], 0)]
        #expect(Self.subtotals(Self.statement(onTop, kind: "other")).isEmpty)
        let ratios: [Line] = [("Growth rates:", [], 0), ("Product", [0.05, 0.10], 1), ("Service", [0.02, 0.03], 1),
                              ("Total revenues", [0.04, 0.08], 1)]
        #expect(Self.subtotals(Self.statement(ratios, kind: "income")).isEmpty)
        // Columns without a period (changes, percentages) are not compared.
        var s = Self.statement(Self.balanceSheet)
        s.columns[1].period = nil
        #expect(Self.subtotals(s).allSatisfy { $0.period == Period(instant: "2003-12-31") })
    }

    @Test("PTIX balance sheet: Total current assets = its six lines, in both columns", .fixtures)
    func ptixTotalCurrentAssets() throws {
        let parsed = FilingParser.parse(try Fixtures.text("ptix-8k-2003-10-23"))
        let tca = Self.checks(of: "Total current assets", in: parsed.checks.filter { $0.name == "subtotal" })
        #expect(tca.count == 2 && tca.allSatisfy { $0.passed == true })
        #expect(tca.map(\.actual) == [41_035_000, 37_771_000])
        #expect(tca.map(\.period) == [Period(instant: "2003-09-30"), Period(instant: "2002-12-31")])
        #expect(tca.first?.detail == "CONSOLIDATED BALANCE SHEETS [September 30, 2003 (unaudited)]: Total current assets = Cash and cash equivalents"
            + " + Marketable securities + Accounts receivable + Inventories + Prepaid expenses and other assets + Deferred taxes")
        let subtotals = parsed.checks.filter { $0.name == "subtotal" }
        for total in ["Total assets", "Total current liabilities", "Total liabilities", "Total stockholders' equity",
                      "Total liabilities and stockholders' equity", "Total operating expenses"] {
            #expect(!Self.checks(of: total, in: subtotals).isEmpty, "no check of \(total)")
        }
        #expect(Self.checks(of: "Total assets", in: subtotals).first?.detail.contains("Total assets = Total current assets + Property") == true)
    }

    @Test("a broken subtotal in a real filing fails its check", .fixtures)
    func ptixBrokenSubtotal() throws {
        var text = try Fixtures.text("ptix-8k-2003-10-23")
        let tca = "41,035,000"
        #expect(text.components(separatedBy: tca).count == 2)
        text = text.replacingOccurrences(of: tca, with: "41,053,000")
        let parsed = FilingParser.parse(text)
        let failed = parsed.checks.filter { $0.name == "subtotal" && $0.passed == false }
        #expect(failed.contains { $0.detail.contains("Total current assets =") && $0.expected == 41_035_000 && $0.actual == 41_053_000 })
        // "Total assets" now disagrees with the printed "Total current assets" it contains.
        #expect(failed.contains { $0.detail.contains("Total assets =") && $0.actual == 48_200_000 && $0.expected == 48_218_000 })
    }

    @Test("every subtotal of the 16 original fixtures adds up", .fixtures, arguments: Fixtures.original)
    func fixtures(name: String) throws {
        let parsed = FilingParser.parse(try Fixtures.text(name))
        let subtotals = parsed.checks.filter { $0.name == "subtotal" }
        let failed = subtotals.filter { $0.passed != true }
        #expect(failed.isEmpty, "\(failed.map(\.detail))")
        #expect(!subtotals.isEmpty)
    }
}
