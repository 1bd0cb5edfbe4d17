import Testing
@testable import FilingParser

/// Column headers to periods, table-driven: each row is a heading phrasing and the periods its
/// columns must get ("start..end" for a duration, "@date" for an instant, "change" for a
/// change / percentage column).
@Suite("Column headers to periods")
struct ColumnPeriodsTests {
    /// How a resolved column reads in the tables below.
    static func describe(_ m: ColumnMeaning) -> String {
        if m.isChange { return "change" }
        guard let p = m.period else { return "none" }
        if let i = p.instant { return "@" + i }
        return "\(p.start ?? "?")..\(p.end ?? "?")"
    }

    struct HeadingCase: CustomTestStringConvertible, Sendable {
        var heading: String
        var kind = "income"
        var title = ""
        var fiscalYearEnd: (Int, Int)? = nil
        var byStartYear = true
        var expected: String
        var testDescription: String { heading + (fiscalYearEnd.map { " (year end \($0.0)/\($0.1))" } ?? "") }
    }

    /// One column heading (already gathered from its header rows) at a time.
    static let headings: [HeadingCase] = [
        HeadingCase(heading: "Three Months Ended June 30, 2003", expected: "2003-04-01..2003-06-30"),
        HeadingCase(heading: "3 Mos. Ended Sept. 30, 2004", expected: "2004-07-01..2004-09-30"),
        HeadingCase(heading: "13 Weeks Ended July 3, 2004", expected: "2004-04-04..2004-07-03"),
        HeadingCase(heading: "14 Weeks Ended December 31, 2022", expected: "2022-09-25..2022-12-31"),
        HeadingCase(heading: "12 Weeks Ended March 22, 2008", expected: "2007-12-30..2008-03-22"),
        HeadingCase(heading: "16 Weeks Ended January 1, 2005", expected: "2004-09-12..2005-01-01"),
        HeadingCase(heading: "52 Weeks Ended January 29, 2005", expected: "2004-02-01..2005-01-29"),
        HeadingCase(heading: "53 Weeks Ended February 3, 2007", expected: "2006-01-29..2007-02-03"),
        HeadingCase(heading: "Six Months Ended June 30, 2000", expected: "2000-01-01..2000-06-30"),
        HeadingCase(heading: "Twelve Months Ended December 31, 1999", expected: "1999-01-01..1999-12-31"),
        HeadingCase(heading: "Fourth Quarter 1993", fiscalYearEnd: (12, 31), expected: "1993-10-01..1993-12-31"),
        HeadingCase(heading: "Full Year 1993", fiscalYearEnd: (12, 31), expected: "1993-01-01..1993-12-31"),
        // Fiscal quarters and years without a month: counted back from the fiscal year end.
        HeadingCase(heading: "Third Quarter 1993", fiscalYearEnd: (12, 31), expected: "1993-07-01..1993-09-30"),
        HeadingCase(heading: "Q3 FY04", fiscalYearEnd: (9, 30), expected: "2004-04-01..2004-06-30"),
        HeadingCase(heading: "Q1 FY2004", fiscalYearEnd: (9, 30), expected: "2003-10-01..2003-12-31"),
        HeadingCase(heading: "Q3FY04", fiscalYearEnd: (12, 31), expected: "2004-07-01..2004-09-30"),
        HeadingCase(heading: "2nd Qtr Fiscal 2005", fiscalYearEnd: (6, 30), expected: "2004-10-01..2004-12-31"),
        HeadingCase(heading: "Fourth Quarter Fiscal 2004", fiscalYearEnd: (9, 25), expected: "2004-06-27..2004-09-25"),
        HeadingCase(heading: "Q3 FY04", fiscalYearEnd: (9, 25), expected: "2004-03-28..2004-06-26"),
        HeadingCase(heading: "FY 2004", fiscalYearEnd: (6, 30), expected: "2003-07-01..2004-06-30"),
        HeadingCase(heading: "Fiscal Year 2003", fiscalYearEnd: (12, 31), expected: "2003-01-01..2003-12-31"),
        HeadingCase(heading: "Fiscal Year Ended September 25, 2010", expected: "2009-09-26..2010-09-25"),
        HeadingCase(heading: "Quarter Ended 12/31/00", expected: "2000-10-01..2000-12-31"),
        HeadingCase(heading: "Three Months Ended 3/31/2022", expected: "2022-01-01..2022-03-31"),
        HeadingCase(heading: "12/31/99", kind: "balance", expected: "@1999-12-31"),
        // Day-month-year dates: "30-Jun-03", and the day before a month name.
        HeadingCase(heading: "Three Months Ended 30-Jun-03", expected: "2003-04-01..2003-06-30"),
        HeadingCase(heading: "2-Jul-05", kind: "balance", expected: "@2005-07-02"),
        HeadingCase(heading: "Three Months Ended 28 June 2003", expected: "2003-03-29..2003-06-28"),
        HeadingCase(heading: "Quarter Ended June 2003", expected: "2003-04-01..2003-06-30"),
        HeadingCase(heading: "June 30, 2000", kind: "balance", expected: "@2000-06-30"),
        HeadingCase(heading: "2003", title: "Three Months Ended June 30", expected: "2003-04-01..2003-06-30"),
        // Stacked dates: the column's own year picks its date.
        HeadingCase(heading: "For the 13 Weeks Ended July 3, 2004 and June 28, 2003 2003", expected: "2003-03-30..2003-06-28"),
        HeadingCase(heading: "For the 13 Weeks Ended July 3, 2004 and June 28, 2003 2004", expected: "2004-04-04..2004-07-03"),
        HeadingCase(heading: "2004", title: "For the 13 Weeks Ended July 3, 2004 and June 28, 2003", expected: "2004-04-04..2004-07-03"),
        HeadingCase(heading: "2003", title: "For the 13 Weeks Ended July 3, 2004 and June 28, 2003", expected: "2003-03-30..2003-06-28"),
        // Stacked numeric dates over a year row: the printed year picks the date.
        HeadingCase(heading: "For the 13 Weeks Ended 7/3/04 and 6/28/03 2004", expected: "2004-04-04..2004-07-03"),
        HeadingCase(heading: "For the 13 Weeks Ended 7/3/04 and 6/28/03 2003", expected: "2003-03-30..2003-06-28"),
        HeadingCase(heading: "For the 26 Weeks Ended 3-Jul-04 and 28-Jun-03 2003", expected: "2002-12-29..2003-06-28"),
        // Hyphenated and spelled-out lengths, and quarters named without a month.
        HeadingCase(heading: "13-Week Period Ended July 3, 2004", expected: "2004-04-04..2004-07-03"),
        HeadingCase(heading: "Three-Month Period Ended June 30, 2003", expected: "2003-04-01..2003-06-30"),
        HeadingCase(heading: "Thirteen Weeks Ended July 3, 2004", expected: "2004-04-04..2004-07-03"),
        HeadingCase(heading: "Fourteen Weeks Ended January 1, 2005", expected: "2004-09-26..2005-01-01"),
        HeadingCase(heading: "Sixteen Weeks Ended January 1, 2005", expected: "2004-09-12..2005-01-01"),
        HeadingCase(heading: "16-Week Quarter Ended January 1, 2005", expected: "2004-09-12..2005-01-01"),
        HeadingCase(heading: "Fifty-Two Weeks Ended January 29, 2005", expected: "2004-02-01..2005-01-29"),
        HeadingCase(heading: "53-Week Year Ended February 3, 2007", expected: "2006-01-29..2007-02-03"),
        HeadingCase(heading: "3 Mos. Ended 12/31/03", expected: "2003-10-01..2003-12-31"),
        HeadingCase(heading: "Qtr. Ended 6/30/03", expected: "2003-04-01..2003-06-30"),
        HeadingCase(heading: "Q4 2004", fiscalYearEnd: (12, 31), expected: "2004-10-01..2004-12-31"),
        HeadingCase(heading: "4Q04", fiscalYearEnd: (12, 31), expected: "2004-10-01..2004-12-31"),
        HeadingCase(heading: "3Q 2004", fiscalYearEnd: (12, 31), expected: "2004-07-01..2004-09-30"),
        // Two-digit years after an apostrophe.
        HeadingCase(heading: "Q4'04", fiscalYearEnd: (12, 31), expected: "2004-10-01..2004-12-31"),
        HeadingCase(heading: "4Q'03", fiscalYearEnd: (12, 31), expected: "2003-10-01..2003-12-31"),
        HeadingCase(heading: "Q2 '05", fiscalYearEnd: (12, 31), expected: "2005-04-01..2005-06-30"),
        HeadingCase(heading: "Fourth Quarter \u{2019}04", fiscalYearEnd: (12, 31), expected: "2004-10-01..2004-12-31"),
        // Fiscal years ending in January or the first week of February are named by the year they
        // begin in: "Fourth Quarter 2004" of a year ending January 29 ends in January 2005.
        HeadingCase(heading: "Fourth Quarter 2004", fiscalYearEnd: (1, 29), expected: "2004-10-31..2005-01-29"),
        HeadingCase(heading: "Q3 2004", fiscalYearEnd: (1, 29), expected: "2004-08-01..2004-10-30"),
        HeadingCase(heading: "4Q 2004", fiscalYearEnd: (1, 31), expected: "2004-11-01..2005-01-31"),
        HeadingCase(heading: "Fourth Quarter 2003", fiscalYearEnd: (1, 3), expected: "2003-10-05..2004-01-03"),
        HeadingCase(heading: "Fiscal 2004", fiscalYearEnd: (1, 31), expected: "2004-02-01..2005-01-31"),
        HeadingCase(heading: "Fourth Quarter Fiscal 2004", fiscalYearEnd: (2, 1), expected: "2004-11-03..2005-02-01"),
        // ... unless the filing names them by the year they end in.
        HeadingCase(heading: "Fourth Quarter Fiscal 2005", fiscalYearEnd: (1, 31), byStartYear: false, expected: "2004-11-01..2005-01-31"),
        // A year ending in mid-February or later is named by the year it ends in.
        HeadingCase(heading: "Fourth Quarter 2005", fiscalYearEnd: (2, 28), expected: "2004-12-01..2005-02-28"),
        // Restated columns keep their period.
        HeadingCase(heading: "Three Months Ended Apr 1, 2006 (Restated)", expected: "2006-01-02..2006-04-01"),
        // Change and ratio columns have none.
        HeadingCase(heading: "% Change", expected: "change"),
        HeadingCase(heading: "$ Change", expected: "change"),
        HeadingCase(heading: "% of Revenues", expected: "change"),
        HeadingCase(heading: "Constant Currency", expected: "change"),
        HeadingCase(heading: "% Increase (Decrease) in US $", expected: "change"),
        HeadingCase(heading: "June 30, 2000 from Dec. 31, 1999", kind: "balance", expected: "change"),
        HeadingCase(heading: "2004 vs. 2003", expected: "change"),
    ]

    @Test("a heading phrasing gives its period", arguments: headings)
    func heading(_ c: HeadingCase) {
        let m = ColumnPeriods.resolve(c.heading, kind: c.kind, title: c.title, fiscalYearEnd: c.fiscalYearEnd, byStartYear: c.byStartYear)
        #expect(Self.describe(m) == c.expected)
    }

    /// A submission filed on `filed` by a company whose fiscal year ends on `fiscalYearEnd`
    /// ("0131"), with an income statement headed by `current` and `prior`.
    static func submission(fiscalYearEnd: String, filed: String, current: String, prior: String) -> String {
        func right(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        return """
            <SEC-DOCUMENT>0000000000-05-000001.txt : \(filed)
            <SEC-HEADER>0000000000-05-000001.hdr.sgml : \(filed)
            ACCESSION NUMBER:\t\t0000000000-05-000001
            CONFORMED SUBMISSION TYPE:\t8-K
            PUBLIC DOCUMENT COUNT:\t\t2
            FILED AS OF DATE:\t\t\(filed)

            FILER:

            \tCOMPANY DATA:
            \t\tCOMPANY CONFORMED NAME:\t\t\tACME STORES INC
            \t\tCENTRAL INDEX KEY:\t\t\t0000999999
            \t\tFISCAL YEAR END:\t\t\t\(fiscalYearEnd)
            </SEC-HEADER>
            <DOCUMENT>
            <TYPE>EX-99
            <TEXT>
                                CONSOLIDATED STATEMENTS OF INCOME
                             (In thousands, except per share data)

            \(right(current, 52))\(right(prior, 30))
            Net sales                                         $ 9,512                       $ 8,470
            Net income                                          1,130                         1,018
            Diluted earnings per share                           0.12                          0.11
            </TEXT>
            </DOCUMENT>
            </SEC-DOCUMENT>

            """
    }

    @Test("a fiscal year ending in January is named by the year it begins in, unless the filing date says otherwise",
          arguments: [("Fourth Quarter 2004", "Fourth Quarter 2003"), ("Fourth Quarter Fiscal 2005", "Fourth Quarter Fiscal 2004"),
                      ("Q4\u{2019}04", "Q4\u{2019}03")])
    func januaryFiscalYearNames(current: String, prior: String) throws {
        let text = Self.submission(fiscalYearEnd: "0131", filed: "20050301", current: current, prior: prior)
        let parsed = FilingParser.parse(text)
        let quarter = try #require(FilingParser.currentQuarter(parsed.statements))
        #expect(quarter.start == "2004-11-01" && quarter.end == "2005-01-31")
        let netIncome = parsed.facts.filter { $0.concept == "NetIncomeLoss" }.map { "\($0.period.end ?? "?")=\($0.value)" }
        #expect(netIncome.sorted() == ["2004-01-31=1018000.0", "2005-01-31=1130000.0"])
    }

    @Test("quarter names with their years head HTML columns", arguments: [
        ("Q4&#146;04", "Q4&#146;03"), ("Q4 2004", "Q4 2003"), ("4Q 2004", "4Q 2003"), ("Fourth Quarter 2004", "Fourth Quarter 2003"),
        ("4Q&#8217;04", "4Q&#8217;03"),
    ])
    func htmlQuarterNames(current: String, prior: String) throws {
        let html = """
            <p>CONSOLIDATED STATEMENTS OF INCOME</p><p>(In millions, except per share data)</p>
            <table><tr><td></td><td colspan="2">\(current)</td><td colspan="2">\(prior)</td></tr>
            <tr><td>Net sales</td><td>$</td><td>9,512</td><td>$</td><td>8,470</td></tr>
            <tr><td>Net income</td><td></td><td>1,130</td><td></td><td>1,018</td></tr></table>
            """
        let raw = try #require(DocumentTables.html(Array(html.utf8)[...]).first)
        let built = try #require(StatementBuilder.build(raw, fiscalYearEnd: (12, 31)))
        #expect(built.columns.map(Self.describe) == ["2004-10-01..2004-12-31", "2003-10-01..2003-12-31"])
    }

    struct TableCase: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: [String]
        var testDescription: String { name }
    }

    /// Whole plain-text tables: the header rows are placed over the value columns first. ("Three
    /// months ended June 26" starts the day after March 26: months are counted, not weeks.)
    static let tables: [TableCase] = [
        TableCase(name: "month row over a year row, two blocks side by side", text: """
                                 Three Months Ended       Nine Months Ended
                                June 26,    June 28,    June 26,   June 28,
                                    2004        2003        2004       2003
            Net sales             $2,014      $1,545      $5,929     $4,492
            Net income                61          19         170         44
            """, expected: ["2004-03-27..2004-06-26", "2003-03-29..2003-06-28", "2003-09-27..2004-06-26", "2002-09-29..2003-06-28"]),
        TableCase(name: "stacked dates over a year row", text: """
                                          For the 13         For the 26
                                          Weeks Ended        Weeks Ended
                                        July 3, 2004 and   July 3, 2004 and
                                         June 28, 2003      June 28, 2003
                                         2004     2003      2004      2003
             Total revenues             8,781   10,196    16,575    19,076
             Net income                    53      309      (806)      501
            """, expected: ["2004-04-04..2004-07-03", "2003-03-30..2003-06-28", "2004-01-04..2004-07-03", "2002-12-29..2003-06-28"]),
        TableCase(name: "full-year columns before the quarter", text: """
                                     Year Ended              Three Months Ended
                                    December 31,               December 31,
                                  2004        2003           2004        2003
            Revenues            $4,000      $3,600         $1,100      $  950
            Net income             400         360            110          95
            """, expected: ["2004-01-01..2004-12-31", "2003-01-01..2003-12-31", "2004-10-01..2004-12-31", "2003-10-01..2003-12-31"]),
        TableCase(name: "a multi-date balance sheet with dates side by side", text: """
            CONSOLIDATED BALANCE SHEET
                                               June 26,   September 27,   June 28,
                                                   2004            2003       2003
            Cash and cash equivalents            $3,120          $3,396     $2,000
            Total assets                          7,223           6,815      6,500
            """, expected: ["@2004-06-26", "@2003-09-27", "@2003-06-28"]),
        TableCase(name: "a quarter heading and a full-year heading over a year row", text: """
                                              Fourth Quarter               Full Year
                                           1993          1992          1993          1992
            Sales and revenues           $27,841       $25,406      $108,521      $100,132
            Net income                       719          (840)        2,529        (7,385)
            """, expected: ["1993-10-01..1993-12-31", "1992-10-01..1992-12-31", "1993-01-01..1993-12-31", "1992-01-01..1992-12-31"]),
        TableCase(name: "numeric dates with two-digit years, prior year first", text: """
                                  Three Months Ended
                                 6/30/02      6/30/03
            Net revenues         $12,967      $11,506
            Net income               694         (370)
            """, expected: ["2002-04-01..2002-06-30", "2003-04-01..2003-06-30"]),
        TableCase(name: "day-month-year dates", text: """
            BALANCE SHEETS
                                 31-Mar-99    31-Dec-98
            Cash                   $5,248      $25,561
            Total assets        1,812,984      648,460
            """, expected: ["@1999-03-31", "@1998-12-31"]),
        TableCase(name: "a spanning heading underlined by a rule that starts left of the dollar signs", text: """
                                                 Three Months Ended            Twelve Months Ended
                                            ------------------------------   --------------------
                                               Jul 1,     Apr 1,     Jul 2,     Jul 1,     Jul 2,
                                                2006       2006       2005       2006       2005
                                            --------   --------   --------   --------   --------
            Net revenues                     $29,288    $27,847    $21,121   $105,878    $79,557
            Net income                         2,104      1,838      1,173      5,979        927
            """, expected: ["2006-04-02..2006-07-01", "2006-01-02..2006-04-01", "2005-04-03..2005-07-02",
                            "2005-07-02..2006-07-01", "2004-07-03..2005-07-02"]),
        TableCase(name: "a quarter heading that does not reach its prior-year column, beside a nine-month block", text: """
                                                    Three Months Ended                 Nine Months Ended
                                          Mar 31 2007   Dec 30, 2006   Apr 1 2006   Mar 31 2007   Apr 1 2006
            Net revenues                      $30,182        $30,842      $27,847       $91,850      $76,590
            Net income                          2,614          2,256        1,838         6,495        3,875
            """, expected: ["2007-01-01..2007-03-31", "2006-10-01..2006-12-30", "2006-01-02..2006-04-01",
                            "2006-07-01..2007-03-31", "2005-07-02..2006-04-01"]),
        TableCase(name: "month, day and year each on a row of their own", text: """
                                      Three Months Ended        Nine Months Ended
                                      Mar       Dec       Apr       Mar       Apr
                                       31       30,         1        31         1
                                     2007      2006      2006      2007      2006
            Net revenues          $30,182   $30,842   $27,847   $91,850   $76,590
            Net income              2,614     2,256     1,838     6,495     3,875
            """, expected: ["2007-01-01..2007-03-31", "2006-10-01..2006-12-30", "2006-01-02..2006-04-01",
                            "2006-07-01..2007-03-31", "2005-07-02..2006-04-01"]),
        TableCase(name: "day-month-year dates stacked over a year row", text: """
                                          For the 13         For the 26
                                          Weeks Ended        Weeks Ended
                                         3-Jul-04 and       3-Jul-04 and
                                           28-Jun-03          28-Jun-03
                                         2004     2003      2004      2003
             Total revenues             8,781   10,196    16,575    19,076
             Net income                    53      309      (806)      501
            """, expected: ["2004-04-04..2004-07-03", "2003-03-30..2003-06-28", "2004-01-04..2004-07-03", "2002-12-29..2003-06-28"]),
        TableCase(name: "a quarter heading that reaches only the middle column of its block", text: """
                                                                                                 Twelve Months
                                                         Three Months Ended                          Ended
                                             Jun 30, 2003   Mar 31, 2003   Jun 30, 2002   Jun 30, 2003   Jun 30, 2002
                Net revenues                      $11,506        $11,492        $12,967        $44,958        $47,589
                Net income                          (370)          (331)            694        (1,120)          3,021
            """, expected: ["2003-04-01..2003-06-30", "2003-01-01..2003-03-31", "2002-04-01..2002-06-30",
                            "2002-07-01..2003-06-30", "2001-07-01..2002-06-30"]),
        TableCase(name: "a date and a note in parentheses on one heading line", text: """
            CONDENSED CONSOLIDATED BALANCE SHEETS
                                                                                 As of            As of
                                                              Jun 30, 2003 (unaudited)   June 30, 2002*
            Cash and investments                                              $148,990         $155,812
            Total assets                                                       190,236          201,534
            """, expected: ["@2003-06-30", "@2002-06-30"]),
        TableCase(name: "each column under a heading of its own, underlined by a rule reaching left of the values", text: """
                                                    Three Months Ended September 30,   Three Months Ended September 30,   Year Ended September 30,   Year Ended September 30,
                                                    --------------------------------   --------------------------------   ------------------------   ------------------------
                                                                                2004                               2003                       2004                       2003
                                                    --------------------------------   --------------------------------   ------------------------   ------------------------
            Finance income                                               $14,806,000                        $11,183,000                $51,175,000                $34,862,000
            Net income                                                     6,509,000                          4,293,000                 22,000,000                 14,000,000
            """, expected: ["2004-07-01..2004-09-30", "2003-07-01..2003-09-30", "2003-10-01..2004-09-30", "2002-10-01..2003-09-30"]),
        TableCase(name: "a heading between the two columns it heads, touching neither", text: """
                                                              For the 13                       For the 26
                                                             Weeks Ended                      Weeks Ended
                                                    July 3, 2004 and June 28, 2003   July 3, 2004 and June 28, 2003
                (millions, except earnings per
                 common share)                        2004                    2003      2004                   2003
                REVENUES
                 Merchandise sales and services     $8,700                  $8,851   $16,403                $16,325
            """, expected: ["2004-04-04..2004-07-03", "2003-03-30..2003-06-28", "2004-01-04..2004-07-03", "2002-12-29..2003-06-28"]),
        TableCase(name: "day-first dates, the widest reaching over its neighbour's values", text: """
                                                                         THREE MONTHS ENDED
                                                             ------------------------------------------
                                                                1 October      2 July      25 September
                                                                     2005       2005               2004
                                                             ------------   ------------   ------------
            Net income in accordance with GAAP                       $412         $1,305            $37

            Severance costs                                            48             33

            Gain on sale of land                                                    (41)

            Income tax effect                                        (52)              6
                                                             ------------   ------------   ------------
            Net income on a non-GAAP basis                           $498         $1,303            $37
            """, expected: ["2005-07-02..2005-10-01", "2005-04-03..2005-07-02", "2004-06-26..2004-09-25"]),
        TableCase(name: "full dates on one heading line over a balance sheet whose lower rows sit further left",
                  text: StatementRulesTests.balanceSheetAtTwoOffsets, expected: ["@1993-12-31", "@1992-12-31"]),
        TableCase(name: "a five-quarter trend under one quarter heading", text: """
                                                            Quarter Ended
                                     Dec. 31,   Sept. 30,    June 30,   March 31,    Dec. 31,
                                         2004        2004        2004        2004        2003
            Net interest income         $ 512       $ 498       $ 487       $ 470       $ 455
            Net income                    130         125         121         118         110
            """, expected: ["2004-10-01..2004-12-31", "2004-07-01..2004-09-30", "2004-04-01..2004-06-30",
                            "2004-01-01..2004-03-31", "2003-10-01..2003-12-31"]),
        TableCase(name: "a five-quarter trend headed by quarter names", text: """
                                         4Q04        3Q04        2Q04        1Q04        4Q03
            Net interest income         $ 512       $ 498       $ 487       $ 470       $ 455
            Net income                    130         125         121         118         110
            """, expected: ["2004-10-01..2004-12-31", "2004-07-01..2004-09-30", "2004-04-01..2004-06-30",
                            "2004-01-01..2004-03-31", "2003-10-01..2003-12-31"]),
        TableCase(name: "fiscal quarters with two-digit fiscal years as the only heading line", text: """
                                          Q1 FY04       Q1 FY03
            Net revenues                  $ 9,512       $ 8,470
            Net income                      1,130         1,018
            """, expected: ["2004-01-01..2004-03-31", "2003-01-01..2003-03-31"]),
        TableCase(name: "a 53-week and a 52-week year before a 14-week and a 13-week quarter", text: """
                                               53 Weeks      52 Weeks      14 Weeks      13 Weeks
                                                  Ended         Ended         Ended         Ended
                                             February 3,   January 28,   February 3,   January 28,
                                                   2007          2006          2007          2006
            Net sales                            $9,000        $8,100        $2,900        $2,400
            Net income                              400           360           150           120
            """, expected: ["2006-01-29..2007-02-03", "2005-01-30..2006-01-28", "2006-10-29..2007-02-03", "2005-10-30..2006-01-28"]),
        // "% of revenue" columns after each value column: a heading centred over its block of four
        // columns heads the two value columns of the block, not the "%" beside them.
        TableCase(name: "quarter and nine-month headings centred over blocks with a % column after each value", text: """
                                 ACME WIDGETS INC.
                          CONSOLIDATED STATEMENTS OF OPERATIONS
                          (In thousands, except per share data)

                                            Three Months Ended                      Nine Months Ended
                                              September 30,                           September 30,
                                       2005        %          2004        %         2005        %          2004        %
                                   ---------             ---------             ---------             ---------
            Net sales               $48,210   100.0%      $41,300   100.0%      $139,870   100.0%    $118,020   100.0%
            Cost of sales            29,890    62.0%       26,019    63.0%        87,419    62.5%      75,533    64.0%
            Net income                4,821    10.0%        3,304     8.0%        13,987    10.0%       8,261     7.0%
            """, expected: ["2005-07-01..2005-09-30", "change", "2004-07-01..2004-09-30", "change",
                            "2005-01-01..2005-09-30", "change", "2004-01-01..2004-09-30", "change"]),
        TableCase(name: "stacked week headings centred over blocks with a % column after each value", text: """
                                                    For the 13                        For the 39
                                                    Weeks Ended                       Weeks Ended
                                                Oct. 30, 2004 and                 Oct. 30, 2004 and
                                                  Nov. 1, 2003                      Nov. 1, 2003
                                             2004      %       2003      %      2004      %       2003      %
            Net sales                      $5,120   100.0%   $4,980   100.0%  $15,300   100.0%  $14,870   100.0%
            Cost of sales                   3,584    70.0%    3,536    71.0%   10,557    69.0%   10,409    70.0%
            Net income                        154     3.0%      125     2.5%      459     3.0%      372     2.5%
            """, expected: ["2004-08-01..2004-10-30", "change", "2003-08-03..2003-11-01", "change",
                            "2004-02-01..2004-10-30", "change", "2003-02-02..2003-11-01", "change"]),
        TableCase(name: "a month heading centred over a block with the % column of its first value under it", text: """
                                          Three Months Ended
                                               June 30,
                                     2003        %         2002        %
            Sales                $9,250,000   100.0%   $7,410,000   100.0%
            Net income              812,000     8.8%      455,000     6.1%
            """, expected: ["2003-04-01..2003-06-30", "change", "2002-04-01..2002-06-30", "change"]),
    ]

    @Test("a table's header rows give each column its period", arguments: tables)
    func table(_ c: TableCase) throws {
        let lines = LineAnalyzer.analyze(Array(c.text.utf8)[...])
        let raw = try #require(TableFinder.find(lines).first)
        let built = try #require(StatementBuilder.build(raw, fiscalYearEnd: (12, 31)))
        #expect(built.columns.map(Self.describe) == c.expected)
    }
}
