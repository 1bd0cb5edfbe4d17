import Testing
@testable import FilingParser

/// Rules of statement reading, each over small tables written by hand: what a line under a
/// section heading means, which total is which concept, which basis a table is on, and the scale.
@Suite("Statement rules")
struct StatementRulesTests {
    /// A quarter table (three months ended March 31, 2004 and 2003) with the given rows, each a
    /// label and its two values as printed.
    static func quarterTable(_ rows: [(String, String, String)], above: String = "", columnHeading: String? = nil) -> String {
        var lines = [above]
        if let h = columnHeading { lines.append(String(repeating: " ", count: 50) + h) }
        lines += ["                                              Three Months Ended",
                     "                                                  March 31,",
                     "                                              2004          2003",
                     "                                            --------      --------"]
        for (label, a, b) in rows {
            lines.append(label.padding(toLength: 44, withPad: " ", startingAt: 0) + a.leftPadded(8) + "      " + b.leftPadded(8))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A line of a two-column text table: the label, then each value right-aligned in its column.
    static func row(_ label: String, _ a: String = "", _ b: String = "") -> String {
        label.padding(toLength: 44, withPad: " ", startingAt: 0) + a.leftPadded(10) + b.leftPadded(14)
    }

    // MARK: per-share sections

    /// A line that is part of earnings, printed under a per-share heading between the income before
    /// it and the net income: its amount is not earnings per share.
    static let partsOfEarnings = [
        "Net Effect of Changes in Accounting Principles",
        "Net gain on sale of branches",
        "Net effect of accounting change",
    ]

    @Test("under a per-share heading, earnings per share is the net income line, not a part of earnings",
          arguments: partsOfEarnings, ["PER COMMON SHARE:", "Amounts per share", "Per share"])
    func perShareSectionEarningsLine(part: String, heading: String) {
        let text = Self.quarterTable([
            ("Revenues", "1,000", "900"),
            ("Net income", "120", "100"),
            (heading, "", ""),
            ("Income before effect of accounting changes", "1.23", "1.09"),
            (part, "--", ".14"),
            ("Net income", "1.23", "1.23"),
        ])
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact("EarningsPerShareBasic", period: "2004-03-31")?.value == 1.23)
        #expect(parsed.fact("EarningsPerShareBasic", period: "2003-03-31")?.value == 1.23)
        #expect(parsed.fact("NetIncomeLoss", period: "2004-03-31")?.value == 120)
        #expect(!parsed.facts.contains { $0.label == part })
    }

    @Test("under a per-share heading, the lines naming earnings are earnings per share",
          arguments: [("Net income", "EarningsPerShareBasic"), ("Net earnings (loss)", "EarningsPerShareBasic"),
                      ("Earnings", "EarningsPerShareBasic"), ("Income/(loss)", "EarningsPerShareBasic"),
                      ("Net income - assuming full dilution", "EarningsPerShareDiluted"), ("Diluted net income", "EarningsPerShareDiluted")])
    func perShareSectionNamedEarnings(label: String, concept: String) {
        let text = Self.quarterTable([
            ("Revenues", "1,000", "900"),
            ("Amounts per share", "", ""),
            (label, "0.45", "(0.12)"),
        ])
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact(concept, period: "2004-03-31")?.value == 0.45)
        #expect(parsed.fact(concept, period: "2003-03-31")?.value == -0.12)
        #expect(parsed.fact("NetIncomeLoss", period: "2004-03-31") == nil)
    }

    /// Sections after the per-share lines that are not per share: a heading of their own, or a
    /// line of money amounts without one.
    static let afterPerShare: [(heading: String?, label: String, values: (String, String), concept: String, value: Double)] = [
        ("Other data:", "Net income applicable to common stock", ("118", "97"), "NetIncomeLossAvailableToCommonStockholdersBasic", 118),
        ("Balance sheet data", "Net income applicable to common stock", ("118", "97"), "NetIncomeLossAvailableToCommonStockholdersBasic", 118),
        ("FINANCIAL POSITION", "Net earnings", ("45", "38"), "NetIncomeLoss", 45),
        (nil, "Net income", ("$1,230", "$1,090"), "NetIncomeLoss", 1_230),
        (nil, "Net earnings (loss)", ("(2,150)", "1,090"), "NetIncomeLoss", -2_150),
    ]

    @Test("a per-share section ends at a heading of another section or at a line of money amounts",
          arguments: afterPerShare.indices)
    func perShareSectionEnds(_ k: Int) {
        let c = Self.afterPerShare[k]
        var rows = [("Revenues", "9,000", "8,500"), ("Per share:", "", ""), ("Net income", "1.23", "1.09"),
                    ("Dividends declared", "0.10", "0.10")]
        if let h = c.heading { rows.append((h, "", "")) }
        rows += [(c.label, c.values.0, c.values.1), ("Capital expenditures", "450", "380")]
        let parsed = FilingParser.parse(Self.quarterTable(rows))
        #expect(parsed.fact("EarningsPerShareBasic", period: "2004-03-31")?.value == 1.23)
        #expect(parsed.fact("EarningsPerShareBasic", period: "2003-03-31")?.value == 1.09)
        #expect(parsed.fact(c.concept, period: "2004-03-31")?.value == c.value)
    }

    @Test("a per-share section goes on through headings naming which earnings per share")
    func perShareSectionGoesOn() {
        let text = Self.quarterTable([
            ("Revenues", "9,000", "8,500"),
            ("AMOUNTS PER SHARE OF COMMON STOCK", "", ""),
            ("AFTER PREFERRED DIVIDENDS", "", ""),
            ("Net income", "1.23", "1.09"),
            ("Weighted average shares outstanding", "10,000", "9,800"),
            ("Assuming full dilution", "", ""),
            ("Net income", "1.19", "1.05"),
        ])
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact("EarningsPerShareBasic", period: "2004-03-31")?.value == 1.23)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2004-03-31")?.value == 1.19)
        #expect(parsed.fact("NetIncomeLoss", period: "2004-03-31") == nil)
    }

    @Test("net income attributed to the company is its net income; the line above it includes the noncontrolling interests",
          arguments: ["Net income attributable to Acme Corp.", "Net earnings attributable to Acme", "Profit attributable to Acme Inc."])
    func netIncomeAttributable(label: String) {
        let text = Self.quarterTable([
            ("Revenues", "9,000", "8,500"),
            ("Net income", "1,300", "1,150"),
            ("Less: Net income attributable to noncontrolling interests", "70", "60"),
            (label, "1,230", "1,090"),
            ("Diluted earnings per share", "1.23", "1.09"),
        ])
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact("NetIncomeLoss", period: "2004-03-31")?.value == 1_230)
        #expect(parsed.fact("NetIncomeLoss", period: "2003-03-31")?.value == 1_090)
        #expect(parsed.fact("ProfitLoss", period: "2004-03-31")?.value == 1_300)
    }

    @Test("an insurer's total revenues is the revenue, not the premiums above it")
    func insurerRevenue() {
        let text = Self.quarterTable([
            ("Revenues:", "", ""),
            ("  Net premiums earned", "2,400", "2,250"),
            ("  Net investment income", "310", "290"),
            ("  Realized investment gains", "15", "(5)"),
            ("    Total revenues", "2,725", "2,535"),
            ("Net income", "210", "190"),
        ])
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact("Revenues", period: "2004-03-31")?.value == 2_725)
        #expect(parsed.fact("Revenues", period: "2003-03-31")?.value == 2_535)
    }

    // MARK: table layout

    @Test("a scale note on the left of the first heading line scales the table and keeps the heading",
          arguments: [("(In thousands, except per share data)", 1e3), ("(in millions)", 1e6), ("(Dollars in thousands, except share data)", 1e3)])
    func scaleNoteBesideHeading(note: String, scale: Double) {
        let text = note.padding(toLength: 62, withPad: " ", startingAt: 0) + "THREE MONTHS ENDED\n" + """
                                                                  ---------------------------------
                                                                     OCT 1,      JUL 2,     SEP 25,
                                                                      2005        2005        2004
                                                                  ---------   ---------   ---------
        Net revenues                                                $22,473     $21,121     $19,786
        Cost of revenues                                             14,729      12,940      12,771
        Net income                                                      625       1,173          29
        Diluted earnings per share                                     0.02        0.04        0.00

        """
        let parsed = FilingParser.parse(text)
        let revenue = parsed.fact("Revenues", period: "2005-10-01")
        #expect(revenue?.value == 22_473 * scale)
        // The heading still reaches the columns: a quarter, not a date without a length.
        let days = revenue?.period.start.flatMap(SimpleDate.init(iso:)).map { SimpleDate(iso: "2005-10-01")!.dayNumber - $0.dayNumber }
        #expect(days.map { (88...92).contains($0) } == true)
        #expect(parsed.fact("Revenues", period: "2004-09-25")?.value == 19_786 * scale)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2005-10-01")?.value == 0.02)
    }

    @Test("a scale note on a line of its own under the dates scales the table",
          arguments: [("(in millions, except shares)", 1e6), ("(In thousands)", 1e3), ("(Dollars in millions)", 1e6)] as [(String, Double)],
                     ["06/30/2000   12/31/1999   06/30/1999", "   6/30/00     12/31/99      6/30/99", " 30-Jun-00    31-Dec-99    30-Jun-99"])
    func scaleNoteUnderDates(note: (text: String, scale: Double), dates: String) {
        let (note, scale) = note
        let text = """
                                 CONSOLIDATED BALANCE SHEET
                                                          \(dates)
        \(note)
        ASSETS
        Cash and due from banks                              $14,168      $13,250      $12,633
        Loans                                                 98,110       94,200       91,000
        Total assets                                        $234,159     $218,102     $202,000

        """
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact("Assets", period: "2000-06-30")?.value == 234_159 * scale)
        #expect(parsed.fact("Assets", period: "1999-12-31")?.value == 218_102 * scale)
        #expect(!parsed.statements.contains { $0.rows.contains { $0.label == note } })
    }

    /// A balance sheet whose liabilities are printed further left than its assets, under one
    /// heading line of full dates.
    static let balanceSheetAtTwoOffsets = """
                                 CONSOLIDATED BALANCE SHEET
                                       (in millions)
                                                    December 31, 1993   December 31, 1992
        ASSETS
        Cash and cash equivalents                              $5,667              $3,504
        Receivables                                             2,302               2,204
        Net property                                           23,059              22,160
           Total assets                                       $31,028             $27,868

        LIABILITIES AND STOCKHOLDERS' EQUITY
        Trade payables                               $8,769              $7,944
        Long-term debt                                7,084               7,068
           Total liabilities                         15,853              15,012
        Retained earnings                            15,175              12,856
           Total liabilities and equity             $31,028             $27,868

        """

    /// The same balance sheet with its rows in three blocks at three offsets.
    static let balanceSheetAtThreeOffsets = """
                                 CONSOLIDATED BALANCE SHEET
                                       (in millions)
                                                    December 31, 1993   December 31, 1992
        ASSETS
        Cash and cash equivalents                              $5,667              $3,504
        Receivables                                             2,302               2,204
        Net property                                           23,059              22,160
           Total assets                                       $31,028             $27,868

        LIABILITIES
        Trade payables                               $8,769              $7,944
        Long-term debt                                7,084               7,068
           Total liabilities                         15,853              15,012

        STOCKHOLDERS' EQUITY
        Common stock                                        $2,000              $2,000
        Retained earnings                                   13,175              10,856
           Total liabilities and equity                    $31,028             $27,868

        """

    @Test("a balance sheet whose blocks of rows sit at two or three offsets keeps two columns",
          arguments: [balanceSheetAtTwoOffsets, balanceSheetAtThreeOffsets])
    func rowsAtSeveralOffsets(text: String) {
        let parsed = FilingParser.parse(text)
        #expect(parsed.statements.first?.columns.count == 2)
        #expect(parsed.fact("Assets", period: "1993-12-31")?.value == 31_028e6)
        #expect(parsed.fact("Assets", period: "1992-12-31")?.value == 27_868e6)
        #expect(parsed.fact("Liabilities", period: "1993-12-31")?.value == 15_853e6)
        #expect(parsed.fact("Liabilities", period: "1992-12-31")?.value == 15_012e6)
        #expect(parsed.fact("LiabilitiesAndStockholdersEquity", period: "1992-12-31")?.value == 27_868e6)
    }

    @Test("an abbreviated period heading heads its columns: a quarter, not a date without a length",
          arguments: ["3 Mos. Ended", "3 MOS. ENDED", "Qtr. Ended"])
    func abbreviatedPeriodHeading(heading: String) {
        let text = """
                                                          \(heading)
                                                           March 31,
                                                      2004          2003
            Net revenues                            $22,473       $19,786
            Cost of revenues                         14,729        12,771
            Net income                                  625            29
            Diluted earnings per share                 0.02          0.00

            """
        let parsed = FilingParser.parse(text)
        let revenue = parsed.fact("Revenues", period: "2004-03-31")
        #expect(revenue?.value == 22_473)
        let days = revenue?.period.start.flatMap(SimpleDate.init(iso:)).map { SimpleDate(iso: "2004-03-31")!.dayNumber - $0.dayNumber }
        #expect(days.map { (85...92).contains($0) } == true, "\(heading): \(String(describing: revenue?.period))")
        #expect(parsed.fact("NetIncomeLoss", period: "2003-03-31")?.value == 29)
    }

    @Test("a page number between dashes inside a table is no row", arguments: ["- 2 -", "-12-"])
    func pageNumberIsNoRow(page: String) {
        let text = """
                                   CONSOLIDATED BALANCE SHEETS
                                                   September 30,       December 31,
                                                       2003                2002
            Cash and cash equivalents               $ 25,997,000       $ 22,077,000
            Accounts receivable                        6,627,000          6,622,000
            Inventories                                6,341,000          4,550,000

                                                \(page)

            Deferred taxes                             1,667,000          1,574,000
                                                  ------------       ------------
              Total current assets                    40,632,000         34,823,000
            Property                                   7,568,000         10,381,000
                                                  ------------       ------------
              Total assets                          $ 48,200,000       $ 45,204,000

            """
        let parsed = FilingParser.parse(text)
        #expect(parsed.statements.flatMap(\.rows).allSatisfy { !$0.label.allSatisfy { $0 == " " } })
        #expect(parsed.facts.filter { $0.concept == "Assets" && $0.period.instant == "2003-09-30" }.map(\.value) == [48_200_000])
    }

    /// An income statement in thousands, broken over a page: the second part repeats the title
    /// with `continuedTitle` and the column headings, but not the scale note.
    static func statementOverPageBreak(continuedTitle: String) -> String {
        let headings = [String(repeating: " ", count: 48) + "Three Months Ended", String(repeating: " ", count: 52) + "March 31,",
                        Self.row("", "2004", "2003")]
        let lines = ["               CONSOLIDATED STATEMENTS OF OPERATIONS",
                     "               (In thousands, except per share data)"] + headings + [
            Self.row("Net revenues", "$ 29,288", "$ 21,121"),
            Self.row("Cost of revenues", "19,047", "12,940"),
            Self.row("Income before income taxes", "1,981", "1,025"),
            "",
            "                                    - 2 -",
            "<PAGE>",
            "",
            "               \(continuedTitle)",
            "",
        ] + headings + [
            Self.row("Income tax expense", "607", "120"),
            Self.row("Net income", "$ 1,374", "$ 905"),
            Self.row("Diluted earnings per share", "$ 0.05", "$ 0.03"),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a statement continued over a page break without its scale note keeps the scale of the part before the break",
          arguments: ["CONSOLIDATED STATEMENTS OF OPERATIONS (continued)", "Consolidated Statements of Operations - Continued",
                      "CONSOLIDATED STATEMENTS OF OPERATIONS (Cont'd)", "CONSOLIDATED STATEMENTS OF OPERATIONS"])
    func continuedStatementKeepsScale(continuedTitle: String) {
        let parsed = FilingParser.parse(Self.statementOverPageBreak(continuedTitle: continuedTitle))
        #expect(parsed.fact("Revenues", period: "2004-03-31")?.value == 29_288_000)
        #expect(parsed.fact("NetIncomeLoss", period: "2004-03-31")?.value == 1_374_000)
        #expect(parsed.fact("NetIncomeLoss", period: "2003-03-31")?.value == 905_000)
        // Per-share amounts are not scaled.
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2004-03-31")?.value == 0.05)
    }

    /// A "% Change" and a "Constant Currency" column after each block, headed on the year line: two
    /// words of that heading per block are heading words, not running text, so the year line stays
    /// the header (it was dropped, and the statement with it, with two such blocks).
    @Test func constantCurrencyColumnsOnTheYearLine() {
        let text = """
                                  Example Corporation
                           Consolidated Statements of Operations
                         (In thousands, except per share data)

                                          Three Months Ended                                    Twelve Months Ended
                                       June 30,    June 30,                                 June 30,   June 30,
                                           2003        2002   % Change   Constant Currency       2003       2002   % Change   Constant Currency
            Net revenues                $11,506     $12,967     -11.3%              -12.3%    $44,958    $47,589      -5.5%               -6.5%
            Cost of revenues              8,027       8,294      -3.2%               -4.2%     31,468     33,871      -7.1%               -8.1%
              Gross profit                3,479       4,673     -25.6%              -26.6%     13,490     13,718      -1.7%               -2.7%
            Net income (loss)             $(370)      $(694)     46.7%               45.7%    $(4,327)   $(5,267)     17.8%               16.8%
            Net income (loss) per share:
              Diluted                    $(0.01)     $(0.03)       nm                  nm      $(0.17)    $(0.21)       nm                  nm

            """
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact("Revenues", period: "2003-06-30")?.value == 11_506_000)
        #expect(parsed.fact("NetIncomeLoss", period: "2002-06-30")?.value == -694_000)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2003-06-30")?.value == -0.01)
    }

    @Test("running text is prose; the same words set apart in columns are not",
          arguments: [("Net revenues for the quarter were up from the prior year as sales of our products rose.", true),
                      ("(In thousands, except per share data)                 THREE MONTHS ENDED", false),
                      ("Amounts are in thousands of dollars except per share data      Year ended", false)])
    func proseLine(line: String, isProse: Bool) {
        let bytes = Array(line.utf8)
        #expect(bytes.withUnsafeBufferPointer { LineAnalyzer.isProse($0) } == isProse)
    }

    @Test("a total's label wrapped onto an indented line is one label, in upper case too",
          arguments: [("TOTAL", "ASSETS"), ("Total", "assets"), ("TOTAL", "ASSETS (NOTE 2)")])
    func wrappedTotal(first: String, second: String) {
        let text = [
            "                         CONSOLIDATED BALANCE SHEETS",
            "                               (in thousands)",
            Self.row("", "Dec 31,", "Dec 31,"),
            Self.row("", "2008", "2007"),
            Self.row(" ASSETS:"),
            Self.row("   CASH AND DUE"),
            Self.row("    FROM BANKS", "$ 23,391", "$ 24,807"),
            Self.row("   OTHER ASSETS", "22,824", "23,077"),
            Self.row("", "-------", "-------"),
            Self.row("     " + first),
            Self.row("      " + second, "$ 46,215", "$ 47,884"),
            Self.row("", "=======", "======="),
        ].joined(separator: "\n") + "\n"
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact("Assets", period: "2008-12-31")?.value == 46_215_000)
        #expect(parsed.statements.first?.rows.contains { $0.label.uppercased() == "TOTAL" } == false)
    }

    // MARK: minority interest

    /// A balance sheet (in thousands, at December 31, 2006 and 2005) with the given rows between
    /// the current liabilities and the equity.
    static func balanceSheet(_ middle: [(String, String, String)]) -> String {
        var lines = [
            "                   CONSOLIDATED BALANCE SHEETS",
            "                         (In thousands)",
            Self.row("", "December 31,", "December 31,"),
            Self.row("", "2006", "2005"),
            Self.row("Cash", "$ 50,000", "$ 40,000"),
            Self.row("Total assets", "$ 213,686", "$ 193,995"),
            Self.row("Accounts payable", "$ 10,000", "$ 8,000"),
            Self.row("    Total current liabilities", "23,434", "12,369"),
        ]
        lines += middle.map { Self.row($0.0, $0.1, $0.2) }
        lines += [
            Self.row("    Total shareholders' equity", "184,111", "181,162"),
            Self.row("    Total liabilities and shareholders' equity", "$ 213,686", "$ 193,995"),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a total of liabilities that sums a minority interest line is not the liabilities",
          arguments: [
              // Minority interest above the total: the total includes it.
              ([("Long-term debt", "4,172", "207"), ("Minority interest in consolidated subsidiaries", "969", "257"),
                ("    Total liabilities", "29,575", "12,833")], "LiabilitiesAndMinorityInterest", 29_575.0, 969.0),
              // Printed after the total: the total is the liabilities.
              ([("Long-term debt", "5,172", "207"), ("    Total liabilities", "28,606", "12,576"),
                ("Minority interest in consolidated subsidiary", "969", "257")], "Liabilities", 28_606.0, 969.0),
              // The label says so.
              ([("Long-term debt", "5,172", "207"), ("Noncontrolling interest", "969", "257"),
                ("    Total liabilities and minority interest", "29,575", "12,833")], "LiabilitiesAndMinorityInterest", 29_575.0, 969.0),
              // A line of other liabilities that names minority interest is not the minority interest.
              ([("Minority interest and other liabilities", "6,141", "464"), ("    Total liabilities", "29,575", "12,833")],
               "Liabilities", 29_575.0, nil),
          ] as [([(String, String, String)], String, Double, Double?)])
    func minorityInterest(middle: [(String, String, String)], concept: String, total: Double, minority: Double?) {
        let parsed = FilingParser.parse(Self.balanceSheet(middle))
        #expect(parsed.fact(concept, period: "2006-12-31")?.value == total * 1000)
        let other = concept == "Liabilities" ? "LiabilitiesAndMinorityInterest" : "Liabilities"
        #expect(parsed.fact(other, period: "2006-12-31") == nil)
        #expect(parsed.fact("MinorityInterest", period: "2006-12-31")?.value == minority.map { $0 * 1000 })
        #expect(parsed.fact("Assets", period: "2006-12-31")?.value == 213_686_000)
    }

    // MARK: basis

    /// Where a table on another basis says so: the title, a short line above, the sentence that
    /// introduces it, a heading over its columns.
    static let otherBasisLayouts: [(above: String, columnHeading: String?)] = [
        ("                 NON-GAAP CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS", nil),
        ("                         Excluding special items\n", nil),
        ("                     Results on a managed basis", nil),
        ("                          Underlying results", nil),
        ("                      Pro Forma Statements of Income", nil),
        ("The following table shows our results without one-time items, which management uses\nto compare periods:\n", nil),
        ("                    CONDENSED STATEMENTS OF OPERATIONS", "Non-GAAP"),
        ("", "Adjusted"),
    ]

    @Test("a statement on another basis is never taken as GAAP, whichever comes first",
          arguments: otherBasisLayouts.indices, [true, false])
    func otherBasis(layout: Int, otherFirst: Bool) {
        let (above, columnHeading) = Self.otherBasisLayouts[layout]
        let other = Self.quarterTable([("Revenues", "1,100", "950"), ("Net income", "150", "110"), ("Diluted earnings per share", "0.15", "0.11")],
                                      above: above, columnHeading: columnHeading)
        let gaap = Self.quarterTable([("Revenues", "1,000", "900"), ("Net income", "120", "100"), ("Diluted earnings per share", "0.12", "0.10")],
                                     above: "                    CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS")
        let prose = "\nThe company reported its results for the first quarter of the year and its outlook for the rest of it.\n\n"
        let parsed = FilingParser.parse(otherFirst ? other + prose + gaap : gaap + prose + other)
        #expect(parsed.fact("Revenues", period: "2004-03-31")?.value == 1_000)
        #expect(parsed.fact("NetIncomeLoss", period: "2003-03-31")?.value == 100)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2004-03-31")?.value == 0.12)
        #expect(parsed.fact("Revenues", period: "2004-03-31", basis: "non-gaap")?.value == 1_100)
    }

    @Test("a GAAP title that says the figures are adjusted for a stock split stays GAAP",
          arguments: ["(Adjusted for the 2-for-1 stock split)", "(as adjusted for the stock split in May 2004)",
                      "(Amounts adjusted to reflect the three-for-two stock split)", "(In thousands, excluding per share amounts)",
                      "(In millions, excluding EPS)", "(Dollars in thousands, excluding per unit data and ratios)"])
    func splitAdjustedStaysGAAP(note: String) {
        let text = Self.quarterTable([("Revenues", "1,000", "900"), ("Net income", "120", "100"), ("Diluted earnings per share", "0.12", "0.10")],
                                     above: "          CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n          " + note)
        let parsed = FilingParser.parse(text)
        #expect(parsed.statements.first?.basis == "gaap")
        #expect(parsed.fact("Revenues", period: "2004-03-31")?.value != nil)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2004-03-31")?.value == 0.12)
    }

    @Test("\"excluding\" in a scale note leaves a unit out of the scale, not items out of the figures",
          arguments: [("(In millions, excluding EPS)", false), ("(Dollars in thousands, excluding per unit data and ratios)", false),
                      ("(In millions, excluding special charges)", true), ("(In thousands, excluding the effect of the merger)", true),
                      ("Excluding special items", true)])
    func excludingInScaleNote(text: String, otherBasis: Bool) {
        #expect(OtherBasis.isStated(in: LowerText(text)) == otherBasis)
    }

    @Test("a row label states its basis with the same words as a title",
          arguments: [("Net income excluding special items", "non-gaap"), ("Adjusted net income", "non-gaap"),
                      ("Pro-forma net income", "non-gaap"), ("Core earnings", "non-gaap"), ("Net income - as reported", "gaap"),
                      ("GAAP net income", "gaap"), ("Net income", nil), ("Net income per share, as adjusted for the stock split", nil)]
                     as [(String, String?)])
    func rowBasis(label: String, basis: String?) {
        #expect(OtherBasis.ofRow(ConceptMap.normalizedLabel(label)) == basis)
    }

    // MARK: scale

    @Test("each statement has its own scale", arguments: [("(in millions)", 1e6, "(in billions)", 1e9),
                                                         ("(Dollars in thousands)", 1e3, "(in millions)", 1e6),
                                                         ("($ millions)", 1e6, "(In thousands)", 1e3)])
    func scalePerStatement(incomeNote: String, incomeScale: Double, balanceNote: String, balanceScale: Double) {
        let income = Self.quarterTable([("Revenues", "1,000", "900"), ("Net income", "120", "100")],
                                       above: "          CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n                    " + incomeNote)
        let balance = """
                              CONDENSED CONSOLIDATED BALANCE SHEETS
                                        \(balanceNote)
                                                      March 31,    December 31,
                                                      2004          2003
                                                    --------      --------
        Cash                                             1.5           1.2
        Total assets                                    12.5          11.0

        """
        let parsed = FilingParser.parse(income + "\nThe company reported its results for the first quarter of the year and its outlook.\n\n" + balance)
        #expect(parsed.fact("Revenues", period: "2004-03-31")?.value == 1_000 * incomeScale)
        #expect(parsed.fact("Assets", period: "2004-03-31")?.value == 12.5 * balanceScale)
        #expect(parsed.fact("Assets", period: "2003-12-31")?.value == 11 * balanceScale)
    }

    @Test("a balance sheet or cash flow statement without a scale note takes the income statement's",
          arguments: [("(in millions, except per share amounts)", 1e6), ("(In thousands, except per share data)", 1e3)],
                     ["CONDENSED CONSOLIDATED BALANCE SHEETS", "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS"])
    func scaleFromIncomeStatement(note: (text: String, scale: Double), title: String) {
        let income = Self.quarterTable([("Revenues", "1,000", "900"), ("Net income", "120", "100"), ("Diluted earnings per share", "0.12", "0.10")],
                                       above: "          CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n          " + note.text)
        let isBalance = title.contains("BALANCE")
        let other = """
                              \(title)
                                                      March 31,    \(isBalance ? "December 31," : "  March 31,")
                                                      2004          \(isBalance ? "2003" : "2003")
                                                    --------      --------
        \(isBalance ? "Cash                                      " : "Depreciation                              ")       150           120
        \(isBalance ? "Total assets                              " : "Net cash provided by operating activities ")     1,250         1,100

        """
        let parsed = FilingParser.parse(income + "\nThe company reported its results for the first quarter of the year and its outlook.\n\n" + other)
        #expect(parsed.fact("Revenues", period: "2004-03-31")?.value == 1_000 * note.scale)
        let concept = isBalance ? "Assets" : "NetCashProvidedByUsedInOperatingActivities"
        #expect(parsed.fact(concept, period: "2004-03-31")?.value == 1_250 * note.scale)
    }

    /// An HTML statement whose scale is printed in its caption, in its corner cell or in a
    /// paragraph above it.
    static let htmlScaleLayouts: [(caption: String, corner: String, above: String, scale: Double)] = [
        ("Condensed Consolidated Statements of Operations (in millions, except per share data)", "", "", 1e6),
        ("", "$ in millions", "", 1e6),
        ("", "(Dollars in thousands)", "", 1e3),
        ("", "", "<p>(In billions, except per share amounts)</p>", 1e9),
        ("Statements of Operations", "(in thousands)", "", 1e3),
    ]

    @Test("HTML: a scale in the caption, the corner cell or a line above", arguments: htmlScaleLayouts.indices)
    func htmlScale(layout: Int) {
        let (caption, corner, above, scale) = Self.htmlScaleLayouts[layout]
        let html = """
        <html><body><p>Acme reported results for the quarter.</p>\(above)
        <table>\(caption.isEmpty ? "" : "<caption>" + caption + "</caption>")
        <tr><td>\(corner)</td><td colspan="4">Three Months Ended March 31,</td></tr>
        <tr><td></td><td colspan="2">2004</td><td colspan="2">2003</td></tr>
        <tr><td>Revenues</td><td>$</td><td>1,000</td><td>$</td><td>900</td></tr>
        <tr><td>Net income</td><td></td><td>120</td><td></td><td>100</td></tr>
        <tr><td>Diluted earnings per share</td><td>$</td><td>0.12</td><td>$</td><td>0.10</td></tr>
        </table></body></html>
        """
        let parsed = FilingParser.parse(html)
        #expect(parsed.fact("Revenues", period: "2004-03-31")?.value == 1_000 * scale)
        #expect(parsed.fact("NetIncomeLoss", period: "2003-03-31")?.value == 100 * scale)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2004-03-31")?.value == 0.12)
    }

    @Test("share counts with a scale of their own", arguments: [
        ("(in millions, except per share amounts and shares in thousands)", 1e6, 1e3),
        ("(In thousands, except per share data)", 1e3, 1e3),
        ("(in millions, except per share data; shares in millions)", 1e6, 1e6),
        ("(in thousands, except share and per share data)", 1e3, 1.0),
    ])
    func sharesScale(note: String, scale: Double, sharesScale: Double) {
        let text = Self.quarterTable([("Revenues", "1,000", "900"), ("Net income", "120", "100"),
                                      ("Diluted earnings per share", "0.12", "0.10"), ("Diluted weighted average shares", "1,000", "980")],
                                     above: "          CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n       " + note)
        let parsed = FilingParser.parse(text)
        #expect(parsed.fact("Revenues", period: "2004-03-31")?.value == 1_000 * scale)
        #expect(parsed.fact("WeightedAverageNumberOfDilutedSharesOutstanding", period: "2004-03-31")?.value == 1_000 * sharesScale)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2004-03-31")?.value == 0.12)
    }

    @Test("a title with its scale note in parentheses is not prose",
          arguments: [("Condensed Consolidated Statements of Operations (in millions, except per share data)", false),
                      ("Revenue for the quarter was up (in line with our outlook) as sales of our products rose in all regions.", true)])
    func titleWithNoteIsNotProse(line: String, isProse: Bool) {
        #expect(Array(line.utf8).withUnsafeBufferPointer { LineAnalyzer.isProse($0) } == isProse)
    }

    @Test("a warning when the text gives a key figure 1000 times the table's scaled value", arguments: [
        ("(in millions)", "Revenue was $26.7 billion for the quarter, up from $24.1 billion a year ago.", false),
        ("(in thousands)", "Revenue was $26.7 billion for the quarter, up from $24.1 billion a year ago.", true),
        ("(in billions)", "Revenue was $26.7 billion for the quarter, up from $24.1 billion a year ago.", true),
        ("(in thousands)", "Revenue was $26.7 million for the quarter, up from $24.1 million a year ago.", false),
        // Too rounded to tell.
        ("(in thousands)", "Revenue was about $27 billion for the quarter.", false),
    ])
    func proseScaleWarning(note: String, prose: String, warns: Bool) {
        let table = Self.quarterTable([("Revenues", "26,700", "24,100"), ("Net income", "1,200", "1,000")],
                                      above: "          CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n                    " + note)
        let parsed = FilingParser.parse(prose + "\n\n" + table)
        let warnings = parsed.warnings.filter { $0.hasPrefix("scale:") }
        #expect(warnings.isEmpty == !warns, "\(warnings)")
        if warns { #expect(warnings.first?.contains("Revenues") == true) }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
