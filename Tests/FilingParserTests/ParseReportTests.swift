import Foundation
import Testing
@testable import FilingParser

/// The readable report of `filings parse`: header, aligned statement tables, failed checks, warnings.
@Suite("Parse report")
struct ParseReportTests {
    static let parsed = ParsedFiling(
        header: FilingHeader(form: "8-K", company: "Example Corp", cik: "1001", items: ["2.02"]),
        statements: [Statement(kind: "income", title: "Statements of Operations", scale: 1000, basis: "gaap",
                               columns: [StatementColumn(heading: "Three Months Ended Sep 30, 2003", period: Period(start: "2003-07-01", end: "2003-09-30")),
                                         StatementColumn(heading: "2002", period: Period(start: "2002-07-01", end: "2002-09-30"))],
                               rows: [StatementRow(label: "Revenue", concept: "Revenues", values: [1234.5, 999], level: 0, isTotal: false),
                                      StatementRow(label: "Net loss", concept: "NetIncomeLoss", values: [-12, nil], level: 1, isTotal: true)])],
        facts: [],
        checks: [Check(name: "subtotal", passed: false, expected: 10, actual: 12, detail: "Total = A + B differs by 2")],
        warnings: ["scale implied by the text"])

    @Test("header, a table with periods, scale and aligned columns, failed checks and warnings")
    func report() {
        let lines = ParseReport.text(Self.parsed, file: "x.txt").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "x.txt: Example Corp")
        #expect(lines[1] == "form 8-K | CIK 1001 | items 2.02")
        #expect(lines[2] == "1 statements, 0 facts, 0 guidance, 1 of 1 checks failed, 1 warnings")
        #expect(lines.contains("Statements of Operations [income, gaap, in thousands]"))
        let header = lines.first { $0.contains("13w to 2003-09-30") }
        let revenue = lines.first { $0.hasPrefix("  Revenue") }
        let loss = lines.first { $0.contains("Net loss") }
        #expect(header != nil && revenue != nil && loss != nil)
        // Right-aligned under their headings: every value ends where its column heading ends.
        if let header, let revenue, let loss {
            #expect(header.count == revenue.count)
            #expect(revenue.hasSuffix("1,234.5                999"))
            #expect(loss.contains("    Net loss"))  // indented by its level
            #expect(loss.trimmingCharacters(in: .whitespaces).hasSuffix("(12)"))
        }
        #expect(lines.contains("  subtotal: Total = A + B differs by 2 (expected 10, printed 12)"))
        #expect(lines.last == "  scale implied by the text")
    }

    @Test("numbers: grouped, negatives in parentheses, missing as a dash")
    func numbers() {
        #expect(ParseReport.number(1_234_567) == "1,234,567")
        #expect(ParseReport.number(-0.25) == "(0.25)")
        #expect(ParseReport.number(nil) == "-")
        #expect(ParseReport.scaleName(1_000_000) == "in millions")
    }
}
