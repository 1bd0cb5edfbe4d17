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
    /// above the title, a "(1)" footnote marker after the key-row labels.
    static func inBoundedRun(_ v: LayoutVariant) -> Bool {
        switch v.kind {
        case "label.footnote": v.name.hasSuffix("(1)")
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

    @Test func footnoteMarkersFollowKeyLabelsOnly() throws {
        let lines = try variant("label.footnote (1)").split(separator: "\n").map(String.init)
        #expect(lines.contains("Net revenues (1)           $11,506      $12,967"))
        #expect(lines.contains("Total assets (1)           190,236      180,111"))
        #expect(lines.contains { $0.hasPrefix("Cost of revenues  ") })
        #expect(try variant("label.footnote *").contains("\nNet income (loss)*            (370)         694"))
    }

    @Test func titleCaseKeepsTheNumbersInPlace() throws {
        let lines = try variant("label.title-case").split(separator: "\n").map(String.init)
        #expect(lines.contains("Net Income (Loss)             (370)         694"))
        #expect(lines.contains { $0.hasPrefix("Cost Of Revenues ") && $0.hasSuffix("8,027        8,294") })
        #expect(LabelVariants.titleCased("NET INCOME &AMP; R&amp;D") == "Net Income &AMP; R&amp;d")
    }

    @Test func dayAndYearWithoutASpace() throws {
        let d = try #require(DateText.parse("November 2,2024"))
        #expect(d.month == 11 && d.day == 2 && d.year == 2024 && d.rest.isEmpty)
    }

    static let htmlFiling = """
        <html><body><p>(In thousands)</p>
        <table>
        <tr><td></td><td colspan="2">Thirteen Weeks Ended</td></tr>
        <tr><td></td><td>November 2,2024</td><td>October 28,2023</td></tr>
        <tr><td>NET SALES</td><td>$293,618</td><td>$303,457</td></tr>
        <tr><td>NET INCOME</td><td>44,172</td><td>51,762</td></tr>
        </table></body></html>
        """

    func htmlVariant(_ name: String) throws -> String {
        try #require(LayoutVariants.generate(Self.htmlFiling).variants.first { $0.name == name }, "no variant \(name)").text
    }

    @Test func htmlShiftedAddsOneEmptyCellPerRow() throws {
        let text = try htmlVariant("table.shifted html empty first column")
        #expect(text.components(separatedBy: "<tr><td>&nbsp;</td><td").count == 5)
        #expect(text.contains("<tr><td>&nbsp;</td><td>NET SALES</td><td>$293,618</td>"))
    }

    @Test func htmlLabelsFootnotedAndTitleCased() throws {
        #expect(try htmlVariant("label.footnote (1)").contains("<td>NET INCOME<sup>(1)</sup></td><td>44,172</td>"))
        let title = try htmlVariant("label.title-case")
        #expect(title.contains("<td>Net Sales</td>") && title.contains("<td>Net Income</td>"))
        #expect(try htmlVariant("date.format m/d/yy").contains("<td>11/2/24</td><td>10/28/23</td>"))
    }

    @Test func htmlDatesOverTwoLinesAreRewrittenOnOne() throws {
        let filing = Self.htmlFiling.replacingOccurrences(of: "<td>November 2,2024</td>", with: "<td><font>November 2,<br/>2024</font></td>")
        let made = LayoutVariants.generate(filing).variants
        let numeric = try #require(made.first { $0.name == "date.format m/d/yy" }).text
        #expect(numeric.contains("<td><font>11/2/24</font></td><td>10/28/23</td>"))
        let joined = try #require(made.first { $0.name == "header.restacked html dates joined" }).text
        #expect(joined.contains("<td><font>November 2, 2024</font></td><td>October 28,2023</td>"))
    }

    /// Layouts that used to be read wrongly by the table finder, each a variant that changed meaning.
    @Test func dashRowsYearRowsAndLoneNumbersAreNotValueRows() {
        #expect(TextTable.dataValues(Array("- - - - - -")) == nil)
        #expect(TextTable.dataValues(Array("     common share)                       2004     2003      2004      2003")) == nil)
        #expect(TextTable.dataValues(Array("  data)               2008      Change     2008      Change     2007")) == nil)
        #expect(TextTable.dataValues(Array("    10,000,000")) == nil)
        #expect(TextTable.dataValues(Array("- - Automotive                $ 0.45     $ (2.25)"))?.label.trimmingSpaces == "- - Automotive")
    }

    @Test func labelLinesInsideTheBodyDoNotEndTheTable() {
        let text = """
                                        2005         2004
            Cash                      $25,244      $20,310
            Loans                     906,734      753,523
              Total assets          1,083,743      932,639
            Deposits                  814,748      693,835

            Stockholders' equity:
               Serial preferred stock, $1.00
                par value; 10,000,000 shares
                authorized; none issued or
                outstanding
               Common stock, $1.00 par value;
                30,000,000 shares authorized;
                9,894,380 and 10,121,148
                shares outstanding          9,894       10,121
            Retained earnings          43,444       38,509
            """
        let doc = DocumentLines(text)
        #expect(doc.tables.count == 1)
        #expect(doc.tables.first?.end == doc.lines.count)
    }

    @Test func headingCentredUnderASpanningHeadingMovesWithItsColumns() throws {
        let text = """
                                        Three Months Ended         Year Ended
                                           September 30,          September 30,
                                         2005         2004       2005       2004
            Interest revenue           $19,959      $14,806    $69,479    $51,175
            Total expenses               4,656        3,782     17,193     13,719
            Net income                  $9,004       $6,509    $30,996    $22,237
            Basic                        $0.66        $0.48      $2.29      $1.67
            """
        let doc = DocumentLines(text)
        let g = TextGrid(try #require(doc.tables.first), lines: doc.lines)
        let september = g.spans.filter { $0.text == "September 30," }.map(\.ids)
        #expect(september == [[0, 1], [2, 3]])
        let out = try #require(LayoutVariants.generate(text).variants.first { $0.name == "columns.reordered prior-year first" }).text
        let lines = out.split(separator: "\n").map(String.init)
        // Each "September 30," stays over its block, whose years are now 2004 then 2005.
        let sep = try #require(lines.first { $0.contains("September") })
        let years = try #require(lines.first { $0.contains("2004") })
        #expect(years.range(of: "2004")!.lowerBound < years.range(of: "2005")!.lowerBound)
        // Each "September 30," starts within its block: the first before the second year, the second
        // after the second year ends.
        let septembers = TextTable.words(Array(sep)).filter { $0.text == "September" }.map(\.range.lowerBound)
        let yearWords = TextTable.words(Array(years)).map(\.range)
        #expect(septembers.count == 2 && yearWords.count == 4)
        #expect(septembers[0] < yearWords[1].lowerBound && septembers[1] > yearWords[1].upperBound && septembers[1] < yearWords[3].lowerBound)
    }

    @Test func headerGoesOnAboveABlankLineUnderARule() throws {
        let text = """
                                            Three Months Ended       For the Year Ended
                                               December 31,             December 31,
                                            ------------------       ------------------

                                                1993     1992           1993      1992
                                              ------   ------         ------    ------
            Income Before Effect               $ 347    $ 304        $ 1,569   $ 1,086
            Net Income                         $ 347    $ 304        $ 1,604   $ 1,086
            Net Income Per Share              $ 1.23   $ 1.09         $ 5.77    $ 3.90
            Total Assets                     146,870  140,653        144,881   139,329
            """
        let doc = DocumentLines(text)
        let t = try #require(doc.tables.first)
        #expect(t.headerStart == 0)
        let out = try #require(LayoutVariants.generate(text).variants.first { $0.name == "columns.reordered prior-year first" }).text
        let lines = out.split(separator: "\n").map(String.init)
        // The blocks stay in place, each with its prior year first.
        let income = try #require(lines.first { $0.contains("Net Income  ") })
        #expect(TextTable.dataValues(Array(income))?.values.map(\.text) == ["$304", "$347", "$1,086", "$1,604"])
        let heading = try #require(lines.first { $0.contains("Three Months") })
        #expect(heading.range(of: "Three Months")!.lowerBound < heading.range(of: "For the Year")!.lowerBound)
    }

    @Test func noPercentChangeBesideAChangeColumn() {
        let text = """
                                     2005      Change      2004
            Net revenues           $11,506       -11%    $12,967
            Cost of revenues         8,027        -3%      8,294
            Net income                (370)        nm        694
            Total assets           190,236         6%    180,111
            """
        #expect(!LayoutVariants.generate(text).variants.contains { $0.kind == "columns.pct-change" })
    }

    @Test func sameSeedSameVariants() {
        let a = LayoutVariants.generate(Self.filing, seed: 7).variants.map(\.text)
        let b = LayoutVariants.generate(Self.filing, seed: 7).variants.map(\.text)
        #expect(a == b)
        #expect(a.count >= 15)
    }
}
