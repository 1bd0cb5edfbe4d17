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
        var expected: String
        var testDescription: String { heading }
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
        let m = ColumnPeriods.resolve(c.heading, kind: c.kind, title: c.title, fiscalYearEnd: c.fiscalYearEnd)
        #expect(Self.describe(m) == c.expected)
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
    ]

    @Test("a table's header rows give each column its period", arguments: tables)
    func table(_ c: TableCase) throws {
        let lines = LineAnalyzer.analyze(Array(c.text.utf8)[...])
        let raw = try #require(TableFinder.find(lines).first)
        let built = try #require(StatementBuilder.build(raw, fiscalYearEnd: (12, 31)))
        #expect(built.columns.map(Self.describe) == c.expected)
    }
}
