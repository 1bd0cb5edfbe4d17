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
    /// above the title, a "(1)" footnote marker after the key-row labels; "3 Mos. Ended" headings, the
    /// statement split over a form feed with its title, scale note and headings repeated, and every
    /// statement title left out; the year-to-date block before the quarter, and a non-GAAP copy of the
    /// income statement before the GAAP one.
    static let boundedKinds: Set<String> = ["label.footnote", "label.synonym", "label.wrapped", "scale.moved", "header.period", "table.page-break",
                                            "statement.untitled", "columns.year-first", "table.nongaap-first"]

    static func inBoundedRun(_ v: LayoutVariant) -> Bool {
        switch v.kind {
        case "header.period": v.name.hasSuffix("abbreviated")
        case "table.page-break": v.name.hasSuffix("form feed")
        case "statement.untitled": v.name.hasSuffix("every title")
        case "label.footnote": v.name.hasSuffix("(1)")
        case "label.synonym": !v.name.contains("Net profit") && !v.name.contains("\"Revenues\" ->")
        case "label.wrapped": !v.name.contains("seeded")
        case "scale.moved": v.name.hasSuffix("above the title")
        case "columns.year-first": true
        case "table.nongaap-first": v.name == "table.nongaap-first non-GAAP" || v.name == "table.nongaap-first html document non-GAAP"
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
        let result = try VariantRun.run(path: path, periodEnd: end, kinds: VariantFixtures.boundedKinds, include: VariantFixtures.inBoundedRun)
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

    // MARK: The kinds added for issue 12's layouts: period phrasing, change and share columns, the
    // scale in the corner, page breaks, untitled statements.

    /// `filing` with an SEC header line giving the fiscal year end, and the December quarter instead of
    /// June's when `december`.
    static func withFiscalYearEnd(_ mmdd: String, december: Bool = false) -> String {
        let body = december ? filing.replacingOccurrences(of: "June 30,", with: "Dec. 31,") : filing
        return "\t\tFISCAL YEAR END:\t\t\t\(mmdd)\n\n" + body
    }

    func named(_ text: String, _ name: String) throws -> String {
        try #require(LayoutVariants.generate(text).variants.first { $0.name == name }, "no variant \(name)").text
    }

    func names(_ text: String, kind: String) -> [String] {
        LayoutVariants.generate(text).variants.filter { $0.kind == kind }.map(\.name)
    }

    @Test func periodPhrasesReworded() throws {
        let abbreviated = try variant("header.period abbreviated")
        #expect(abbreviated.contains("3 Mos. Ended") && !abbreviated.contains("Three Months"))
        #expect(try variant("header.period quarter").contains("Quarter Ended"))
        #expect(LayoutVariants.generate(Self.filing).variants.allSatisfy { !$0.text.contains("Thirteen Weeks") })
        #expect(PeriodVariants.reworded("THREE MONTHS ENDED", PeriodVariants.abbreviated) == "3 MOS. ENDED")
        #expect(PeriodVariants.reworded("Thirteen Weeks Ended", PeriodVariants.weekNumbers) == "13 Weeks Ended")
        #expect(PeriodVariants.reworded("Twelve Months Ended", PeriodVariants.twelveMonths) == "Year Ended")
    }

    @Test func thirteenWeeksOnlyWhereTheQuarterLasts91Days() throws {
        // April 1 to June 30: 91 days.
        #expect(try variant("header.period 13 weeks").contains("13 Weeks Ended"))
        // October 1 to December 31: 92 days, so no "13 Weeks".
        let december = Self.filing.replacingOccurrences(of: "June 30,", with: "Dec. 31,")
        #expect(!names(december, kind: "header.period").contains("header.period 13 weeks"))
        #expect(names(december, kind: "header.period").contains("header.period quarter"))
    }

    @Test func fiscalQuarterHeadingsFromTheFiscalYearEnd() throws {
        // A June quarter ends a fiscal year ending June 30: "Fourth Quarter" over the years.
        let fourth = try named(Self.withFiscalYearEnd("0630"), "header.period fourth quarter").split(separator: "\n").map(String.init)
        let heading = try #require(fourth.firstIndex { $0.contains("Fourth Quarter") })
        #expect(fourth[heading + 1].contains("2003") && fourth[heading + 1].contains("2002"))
        #expect(!fourth.contains { $0.contains("June 30") || $0.contains("Three Months") })
        // The same quarter is the third of a year ending September 30, and no fourth quarter.
        let third = try named(Self.withFiscalYearEnd("0930"), "header.period Qn FYyy")
        #expect(third.contains("Q3 FY03") && third.contains("Q3 FY02") && !third.contains("June 30"))
        #expect(!names(Self.withFiscalYearEnd("0930"), kind: "header.period").contains("header.period fourth quarter"))
        // A December quarter of a year ending in September falls in the next fiscal year.
        let first = try named(Self.withFiscalYearEnd("0930", december: true), "header.period Qn FYyyyy")
        #expect(first.contains("Q1 FY2004") && first.contains("Q1 FY2003"))
        // A 52/53-week year (ending on the 28th) has no calendar quarters: no fiscal headings.
        #expect(!names(Self.withFiscalYearEnd("0928"), kind: "header.period").contains { $0.contains("FY") })
    }

    @Test func dollarChangeIsComputedAndPrintedLikeTheCells() throws {
        let lines = try variant("columns.dollar-change").split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("$ Change") })
        #expect(TextTable.dataValues(Array(try #require(lines.first { $0.hasPrefix("Net revenues") })))?.values.map(\.text) == ["$11,506", "$12,967", "$(1,461)"])
        #expect(TextTable.dataValues(Array(try #require(lines.first { $0.hasPrefix("Net income") })))?.values.map(\.text) == ["(370)", "694", "(1,064)"])
        #expect(TextTable.dataValues(Array(try #require(lines.first { $0.hasPrefix("Diluted") })))?.values.map(\.text) == ["$(0.01)", "$0.03", "$(0.04)"])
        #expect(TableVariants.amount(1234567.0, like: "1,000") == "1,234,567")
    }

    @Test func percentOfRevenueBesideEachColumn() throws {
        let lines = try variant("columns.pct-of-revenue").split(separator: "\n").map(String.init)
        #expect(TextTable.dataValues(Array(try #require(lines.first { $0.hasPrefix("Cost of revenues") })))?.values.map(\.text) == ["8,027", "69.8%", "8,294", "64.0%"])
        // Per-share amounts get no percentage.
        #expect(TextTable.dataValues(Array(try #require(lines.first { $0.hasPrefix("Diluted") })))?.values.map(\.text) == ["$(0.01)", "$0.03"])
        // "Three Months Ended" spans the four columns.
        let html = try variant("columns.pct-of-revenue html")
        #expect(html.contains("colspan=\"12\" align=\"center\">Three Months Ended</td>"))
        #expect(html.contains("% of Revenues"))
        #expect(try variant("columns.pct-change html").contains("align=\"center\">% Change</td>"))
    }

    @Test func scaleNoteInTheCornerCell() throws {
        let lines = try variant("scale.in-cell $ in").split(separator: "\n").map(String.init)
        let corner = try #require(lines.first { $0.contains("$ in thousands") })
        #expect(corner.trimmingSpaces.hasPrefix("($ in thousands, except per share data)") && corner.hasSuffix("2002"))
        #expect(lines.filter { $0.contains("thousands") }.count == 1)
        #expect(try variant("scale.in-cell dollars in").contains("(Dollars in thousands, except per share data)"))
        #expect(try variant("scale.in-cell html corner cell").contains("<tr><td>($ in thousands, except per share data)</td>"))
        #expect(ScaleVariants.cornerWording("Amounts in thousands", dollars: false) == nil)
    }

    static let longFiling = """
                          Example Corporation
                   Consolidated Statements of Operations
                         (In millions)

                                          Year Ended
                                     2003         2002
        Net revenues               $11,506      $12,967
        Cost of revenues             8,027        8,294
        Research and development     1,100        1,000
          Total costs                9,127        9,294
        Operating income             2,379        3,673
        Interest income                 40           50
        Income taxes                   800        1,100
        Net income                  $1,619       $2,623
        """

    @Test func pageBreakRepeatsTitleAndHeadings() throws {
        let lines = try named(Self.longFiling, "table.page-break form feed").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let ff = try #require(lines.firstIndex(of: "\u{0C}"))
        // The break falls between two value lines near the middle, not before a total.
        #expect(lines[ff - 2].hasPrefix("Research and development") || lines[ff - 2].hasPrefix("  Total costs"))
        #expect(!lines[ff + 6].trimmingSpaces.hasPrefix("Total"))
        #expect(lines[ff + 2].trimmingSpaces == "Consolidated Statements of Operations (continued)")
        #expect(lines[ff + 3].trimmingSpaces == "(In millions)")
        #expect(lines[ff + 5].trimmingSpaces == "Year Ended" && lines[ff + 6].hasSuffix("2002"))
        let titleOnly = try named(Self.longFiling, "table.page-break <PAGE> title only")
        #expect(titleOnly.contains("<PAGE>") && titleOnly.components(separatedBy: "(In millions)").count == 2)
        // The body, read again, holds every row once.
        #expect(titleOnly.components(separatedBy: "Net income").count == 2)
        // A table of five value lines is too short to break.
        #expect(names(Self.filing, kind: "table.page-break").isEmpty)
    }

    @Test func untitledLeavesOutTheTitleOnly() throws {
        let lines = try named(Self.longFiling, "statement.untitled every title").split(separator: "\n").map(String.init)
        #expect(!lines.contains { $0.contains("Statements of Operations") })
        #expect(lines.contains { $0.contains("Example Corporation") } && lines.contains { $0.contains("(In millions)") })
        // A title that says more than the statement (a basis, a period) stays.
        for title in ["Pro Forma Statements of Operations", "Statements of Operations for the Year Ended"] {
            let other = Self.longFiling.replacingOccurrences(of: "Consolidated Statements of Operations", with: title)
            #expect(names(other, kind: "statement.untitled").isEmpty)
        }
    }

    static let htmlStatement = """
        <html><body><p>EXAMPLE STORES, INC.</p><p><b>CONSOLIDATED STATEMENTS OF INCOME</b></p><p>(In thousands)</p>
        <table>
        <tr><td></td><td colspan="2">Thirteen Weeks Ended</td></tr>
        <tr><td></td><td>November 2, 2024</td><td>October 28, 2023</td></tr>
        <tr><td>SALES:</td><td></td><td></td></tr>
        <tr><td>Net sales</td><td>$293,618</td><td>$303,457</td></tr>
        <tr><td>Cost of sales</td><td>150,000</td><td>152,000</td></tr>
        <tr><td>Gross profit</td><td>143,618</td><td>151,457</td></tr>
        <tr><td>Selling expenses</td><td>60,000</td><td>61,000</td></tr>
        <tr><td>Total expenses</td><td>90,000</td><td>91,000</td></tr>
        <tr><td>Income taxes</td><td>9,446</td><td>8,695</td></tr>
        <tr><td>NET INCOME</td><td>44,172</td><td>51,762</td></tr>
        </table></body></html>
        """

    @Test func htmlPageBreakAndUntitled() throws {
        let broken = try named(Self.htmlStatement, "table.page-break html")
        // Two tables; the second opens with both heading rows, then the rest of the body.
        #expect(broken.components(separatedBy: "<table>").count == 3)
        let second = try #require(broken.components(separatedBy: "CONSOLIDATED STATEMENTS OF INCOME (continued)</p>").last)
        #expect(second.hasPrefix("\n<p>(In thousands)</p>\n<table><tr><td></td><td colspan=\"2\">Thirteen Weeks Ended</td></tr>"))
        #expect(second.contains("</tr>\n<tr><td>Selling expenses</td>"))
        #expect(!second.contains("SALES:") && !second.contains("Gross profit"))
        #expect(broken.components(separatedBy: "Net sales").count == 2)
        let untitled = try named(Self.htmlStatement, "statement.untitled html every title")
        #expect(untitled.contains("<p><b></b></p><p>(In thousands)</p>") && untitled.contains("EXAMPLE STORES"))
        #expect(try named(Self.htmlStatement, "header.period week numbers").contains(">13 Weeks Ended<"))
    }

    @Test func sameSeedSameVariants() {
        let a = LayoutVariants.generate(Self.filing, seed: 7).variants.map(\.text)
        let b = LayoutVariants.generate(Self.filing, seed: 7).variants.map(\.text)
        #expect(a == b)
        #expect(a.count >= 15)
    }
}

/// The kinds added for the rest of issue 12's layouts: year-to-date blocks first, the year on a row of
/// its own, restated and constant-currency columns, a non-GAAP copy and highlights before the GAAP
/// statement, and segment rows over a total.
@Suite("Layout variant generator: column blocks, year rows, statement copies")
struct ColumnBlockVariantTests {
    static let quarterAndYear = """
                          Example Corporation
                   Consolidated Statements of Operations
                 (In thousands, except per share data)

                                    Three Months Ended          Year Ended
                                      December 31,             December 31,
                                    2005         2004        2005        2004
        Net revenues              $19,959      $14,806     $69,479     $51,175
        Cost of revenues            4,656        3,782      17,193      13,719
        Operating expenses          6,000        5,000      22,000      20,000
        Net income                 $9,004       $6,509     $30,996     $22,237
        Diluted                     $0.66        $0.48       $2.29       $1.67
        """

    static let fullDates = """
                   Consolidated Statements of Operations
                         (In millions)

                                     Three Months Ended
                               June 30, 2004    June 30, 2003
        Net sales                   $3,000           $2,500
        Cost of sales                2,000            1,700
        Operating expenses             500              450
        Net income                    $300             $250
        Diluted                      $0.45            $0.38
        """

    func variant(_ text: String, _ name: String) throws -> String {
        try #require(LayoutVariants.generate(text).variants.first { $0.name == name }, "no variant \(name)").text
    }

    func line(_ text: String, _ prefix: String) throws -> String {
        try #require(text.split(separator: "\n").map(String.init).first { $0.trimmingSpaces.hasPrefix(prefix) }, "no line \(prefix)")
    }

    func values(_ line: String) -> [String] { TextTable.dataValues(Array(line))?.values.map(\.text) ?? [] }

    @Test func yearBlockMovesBeforeTheQuarter() throws {
        let text = try variant(Self.quarterAndYear, "columns.year-first")
        #expect(values(try line(text, "Net income")) == ["$30,996", "$22,237", "$9,004", "$6,509"])
        let heading = try line(text, "Year Ended")
        #expect(heading.range(of: "Year Ended")!.lowerBound < heading.range(of: "Three Months Ended")!.lowerBound)
        #expect(Self.quarterAndYear.contains("Three Months Ended          Year Ended"))
        // A table with one block has nothing to move.
        #expect(!LayoutVariants.generate(Self.fullDates).variants.contains { $0.kind == "columns.year-first" })
        let html = try variant(Self.quarterAndYear, "columns.year-first html")
        #expect(try #require(html.range(of: "Year Ended")).lowerBound < html.range(of: "Three Months Ended")!.lowerBound)
    }

    @Test func htmlBlocksSwapWithTheirCells() throws {
        let html = """
            <html><body><table>
            <tr><td></td><td colspan="2">Three Months Ended</td><td></td><td colspan="2">Nine Months Ended</td></tr>
            <tr><td></td><td>2004</td><td>2003</td><td></td><td>2004</td><td>2003</td></tr>
            <tr><td>Net sales</td><td>100</td><td>90</td><td></td><td>300</td><td>270</td></tr>
            </table></body></html>
            """
        let text = try variant(html, "columns.year-first html blocks")
        #expect(text.contains("<td colspan=\"2\">Nine Months Ended</td><td></td><td colspan=\"2\">Three Months Ended</td>"))
        #expect(text.contains("<td>Net sales</td><td>300</td><td>270</td><td></td><td>100</td><td>90</td>"))
    }

    @Test func yearOnARowOfItsOwnAndBack() throws {
        let shared = try variant(Self.fullDates, "header.year-row shared month-day").split(separator: "\n").map(String.init)
        let md = try #require(shared.firstIndex { $0.contains("June 30,") })
        #expect(shared[md].components(separatedBy: "June 30,").count == 2)
        #expect(TextTable.words(Array(shared[md + 1])).map(\.text) == ["2004", "2003"])
        #expect(values(try line(shared.joined(separator: "\n"), "Net income")) == ["$300", "$250"])
        // The reverse on a month-day heading over both columns.
        let full = try variant(Self.quarterAndYear, "header.year-row full dates")
        #expect(full.contains("December 31, 2005") && full.contains("December 31, 2004"))
        #expect(!full.split(separator: "\n").map(String.init).contains { $0.trimmingSpaces.hasPrefix("December 31,   ") })
        #expect(try variant(Self.fullDates, "header.year-row html shared month-day").contains("colspan=\"6\" align=\"center\">June 30,</td>"))
    }

    @Test func restatedHeadsThePriorYearOnly() throws {
        let text = try variant(Self.quarterAndYear, "columns.restated as restated").split(separator: "\n").map(String.init)
        let years = try #require(text.firstIndex { $0.contains("2005") && $0.contains("2004") })
        let restated = TextTable.words(Array(text[years + 1])).map(\.text).joined(separator: " ")
        #expect(restated == "(As restated) (As restated)")
        // Under each 2004.
        let yearWords = TextTable.words(Array(text[years])).filter { $0.text == "2004" }.map(\.range.upperBound)
        let marks = TextTable.words(Array(text[years + 1])).filter { $0.text == "restated)" }.map(\.range.upperBound)
        #expect(yearWords == marks)
        let footnoted = try variant(Self.quarterAndYear, "columns.restated restated (1)")
        #expect(footnoted.contains("Restated (1)") && footnoted.contains(ColumnBlockVariants.restatedNote))
    }

    @Test func constantCurrencyBesideEachChange() throws {
        let text = try variant(Self.fullDates, "columns.constant-currency")
        #expect(text.contains("% Change") && text.contains("Constant Currency"))
        // 3,000 against 2,500: 20.0%, and a point less in constant currency.
        #expect(values(try line(text, "Net sales")) == ["$3,000", "$2,500", "20.0%", "19.0%"])
        #expect(values(try line(text, "Cost of sales")).suffix(2) == ["17.6%", "16.6%"])
        #expect(try variant(Self.fullDates, "columns.constant-currency html").contains("% Change in constant currency"))
    }

    @Test func nonGAAPCopyComesFirstWithOtherValues() throws {
        let text = try variant(Self.quarterAndYear, "table.nongaap-first non-GAAP")
        let lines = text.split(separator: "\n").map(String.init)
        let copy = try #require(lines.firstIndex { $0.contains("Non-GAAP Consolidated Statements of Operations") })
        let gaap = try #require(lines.firstIndex { $0.trimmingSpaces == "Consolidated Statements of Operations" })
        #expect(copy < gaap)
        let incomes = lines.filter { $0.hasPrefix("Net income") }.map(values)
        #expect(incomes == [["$11,255", "$8,136", "$38,745", "$27,796"], ["$9,004", "$6,509", "$30,996", "$22,237"]])
        // The original lines are all there, in order, after the copy.
        #expect(Array(lines[gaap...]).joined(separator: "\n") == Self.quarterAndYear.split(separator: "\n").dropFirst().map(String.init).joined(separator: "\n"))
        #expect(try variant(Self.quarterAndYear, "table.nongaap-first as adjusted").contains("Consolidated Statements of Operations, As Adjusted"))
        #expect(StatementCopyVariants.Basis.excluding.title("  STATEMENTS OF INCOME") == "  STATEMENTS OF INCOME EXCLUDING SPECIAL ITEMS")
        #expect(StatementCopyVariants.Basis.nonGAAP.title("  Statements of Operations - GAAP") == "  Non-GAAP Statements of Operations")
    }

    @Test func highlightsCopyTheKeyRows() throws {
        let text = try variant(Self.quarterAndYear, "table.highlights")
        let lines = text.split(separator: "\n").map(String.init)
        let h = try #require(lines.firstIndex { $0.contains("Financial Highlights") })
        let gaap = try #require(lines.firstIndex { $0.trimmingSpaces == "Consolidated Statements of Operations" })
        let table = Array(lines[h..<gaap])
        #expect(table.filter { TextTable.dataValues(Array($0)) != nil }.count == 3)
        #expect(table.contains { $0.hasPrefix("Net revenues") } && table.contains { $0.hasPrefix("Net income") } && table.contains { $0.hasPrefix("Diluted") })
        #expect(!table.contains { $0.hasPrefix("Cost of revenues") })
        #expect(table.contains { $0.contains("(In thousands") })
        #expect(Array(lines[gaap...]).count == Self.quarterAndYear.split(separator: "\n").count - 1)
    }

    @Test func segmentRowsAddUpToTheTotal() throws {
        let text = try variant(Self.quarterAndYear, "label.segment-block")
        let lines = text.split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex { $0.trimmingSpaces == "Net revenues:" })
        #expect(values(lines[heading + 1]) == ["$11,975", "$8,884", "$41,687", "$30,705"])
        #expect(values(lines[heading + 2]) == ["7,984", "5,922", "27,792", "20,470"])
        #expect(lines[heading + 4].hasPrefix("Total net revenues") && values(lines[heading + 4]) == ["$19,959", "$14,806", "$69,479", "$51,175"])
        #expect(values(try line(text, "Net income")) == ["$9,004", "$6,509", "$30,996", "$22,237"])
    }
}

@Suite("Layout variant generator: HTML documents")
struct HTMLStatementCopyTests {
    static let html = """
        <html><body><p>EXAMPLE STORES, INC.</p><p><b>CONSOLIDATED STATEMENTS OF INCOME</b></p><p>(In thousands)</p>
        <table>
        <tr><td></td><td colspan="2">Thirteen Weeks Ended</td></tr>
        <tr><td></td><td>November 2, 2024</td><td>October 28, 2023</td></tr>
        <tr><td>Net sales</td><td>$<ix:nonFraction name="us-gaap:Revenues">293,618</ix:nonFraction></td><td>$303,457</td></tr>
        <tr><td>NET INCOME</td><td>44,172</td><td>51,762</td></tr>
        <tr><td>Diluted</td><td>0.88</td><td>1.03</td></tr>
        </table></body></html>
        """

    func variant(_ name: String) throws -> String {
        try #require(LayoutVariants.generate(Self.html).variants.first { $0.name == name }, "no variant \(name)").text
    }

    @Test func nonGAAPCopyBeforeTheTitleWithoutXBRL() throws {
        let text = try variant("table.nongaap-first html document non-GAAP")
        let copy = try #require(text.range(of: "<p><b>NON-GAAP CONSOLIDATED STATEMENTS OF INCOME</b></p><p>(In thousands)</p>"))
        let gaap = try #require(text.range(of: "<p><b>CONSOLIDATED STATEMENTS OF INCOME</b></p>"))
        #expect(copy.upperBound <= gaap.lowerBound)
        let first = String(text[copy.upperBound..<gaap.lowerBound])
        #expect(first.contains("<td>$367,023</td>") && first.contains("<td>55,215</td>") && first.contains("<td>1.10</td>"))
        #expect(first.contains("November 2, 2024") && !first.contains("ix:"))
        // The original follows unchanged.
        #expect(text[gaap.lowerBound...].hasPrefix(Self.html[Self.html.range(of: "<p><b>CONSOLIDATED")!.lowerBound...]))
        #expect(try variant("table.nongaap-first html document excluding special items").contains("CONSOLIDATED STATEMENTS OF INCOME EXCLUDING SPECIAL ITEMS"))
    }

    @Test func highlightsTableOfTheHeadingAndKeyRows() throws {
        let text = try variant("table.highlights html document")
        let h = try #require(text.range(of: "<p>FINANCIAL HIGHLIGHTS</p>\n<p>(In thousands)</p>"))
        let gaap = try #require(text.range(of: "<p><b>CONSOLIDATED STATEMENTS OF INCOME</b></p>"))
        #expect(h.upperBound <= gaap.lowerBound)
        let table = String(text[h.upperBound..<gaap.lowerBound])
        #expect(table.contains("<tr><td></td><td colspan=\"2\">Thirteen Weeks Ended</td></tr>"))
        #expect(table.contains("<tr><td>Net sales</td><td>$293,618</td><td>$303,457</td></tr>"))
        #expect(table.contains("<tr><td>NET INCOME</td><td>44,172</td><td>51,762</td></tr>"))
        #expect(table.contains("<tr><td>Diluted</td><td>0.88</td><td>1.03</td></tr>") && !table.contains("ix:"))
        #expect(text[gaap.lowerBound...] == Self.html[Self.html.range(of: "<p><b>CONSOLIDATED")!.lowerBound...])
    }

    @Test func keyRowsWithFootnoteMarkers() {
        #expect(StatementCopyVariants.isKeyRow("Total net sales (1)", ["119,575"]))
        #expect(StatementCopyVariants.isKeyRow("Net income*", ["33,916"]))
        #expect(StatementCopyVariants.isKeyRow("Net income (loss)", ["(370)"]))
        #expect(!StatementCopyVariants.isKeyRow("Net income", ["0.45"]))
        #expect(!StatementCopyVariants.isKeyRow("Cost of sales (1)", ["1,000"]))
        #expect(StatementCopyVariants.isKeyRow("Diluted (2)", ["0.45"]))
    }

    @Test func noHighlightsWithoutAScale() {
        let unscaled = Self.html.replacingOccurrences(of: "<p>(In thousands)</p>", with: "")
        #expect(!LayoutVariants.generate(unscaled).variants.contains { $0.kind == "table.highlights" })
    }

    @Test func restatedInThePriorYearCell() throws {
        let text = try variant("columns.restated html cells")
        #expect(text.contains("<td>November 2, 2024</td><td>October 28, 2023<br>(As restated)</td>"))
    }
}

extension ColumnBlockVariantTests {
    @Test func singleColumnsAndHeadingsOverTwoLinesMoveToo() throws {
        let single = """
                                Quarter Ended   Quarter Ended  Nine Months Ended  Nine Months Ended
                                 December 31,    December 31,      December 31,      December 31,
                                     2005            2004              2005              2004
            Interest income        $12,000         $10,000           $36,000           $30,000
            Interest expense         4,000           3,000            12,000             9,000
            Net interest income      8,000           7,000            24,000            21,000
            Net income              $3,000          $2,500            $9,000            $7,500
            """
        #expect(values(try line(try variant(single, "columns.year-first"), "Net income")) == ["$9,000", "$7,500", "$3,000", "$2,500"])
        let stacked = """
                                     For the 13               For the 26
                                    Weeks Ended              Weeks Ended
                                  2004       2003          2004       2003
            Revenues            $8,781    $10,196       $17,000    $19,000
            Costs                8,728      9,707        16,000     18,000
            Operating income        53        489         1,000      1,000
            Net income             $53       $309          $700       $800
            """
        #expect(values(try line(try variant(stacked, "columns.year-first"), "Net income")) == ["$700", "$800", "$53", "$309"])
    }
}
