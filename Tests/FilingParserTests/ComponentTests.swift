import Foundation
import Testing
@testable import FilingParser

/// Unit tests of the pieces: value cells, column periods, concepts, tables.
@Suite("Components")
struct ComponentTests {
    func cells(_ line: String) -> [Double?] {
        LineAnalyzer.analyzeLine(Array(line.utf8))[0].cells.map(\.value)
    }

    @Test("value cells are peeled off the right of a line")
    func valueCells() {
        #expect(cells("Net loss                       $(370)   $(631)   $(694) $(4,327) $(5,267)") == [-370, -631, -694, -4327, -5267])
        #expect(cells("Basic earnings per share                $       .06         $      .03") == [0.06, 0.03])
        #expect(cells("Other liabilities                  4,180 ,000          3,351,000") == [4_180_000, 3_351_000])
        #expect(cells("Restructuring charge          ---      ---      ---    1,431      ---") == [0, 0, 0, 1431, 0])
        #expect(cells("   Diluted EPS                           $    0.40       5%         $    0.38") == [0.40, 0.05, 0.38])
        #expect(cells("    share                  N/A   N/A            N/A   N/A    $      0.39") == [nil, nil, nil, nil, 0.39])
        // Numbers inside the label stay in the label.
        #expect(cells("   and outstanding 13,432,000 shares in 2004 and 13,180,000 in 2003         134,000          66,000") == [134_000, 66_000])
        #expect(cells("Workforce reduction (Note 1)                                126      334") == [126, 334])
        #expect(cells("205 Indigo Creek Drive, Rochester, N.Y. 14626").isEmpty)
        #expect(cells("(unaudited)                        (1)").isEmpty)
        let line = LineAnalyzer.analyzeLine(Array("  Income tax provision (benefit)        (529,000)".utf8))
        #expect(line.label(0) == "Income tax provision (benefit)")
    }

    @Test("heading lines with years are recognized")
    func yearLines() {
        for header in ["                 2003               2002", "  Jun 30, 2003     June 30, 2002*", "Mar 31,2007       Jul 1, 2006",
                       "(unaudited)   December 31, 2005   Change   September 30, 2005  Change  December 31, 2004",
                       " data)               2008      Change     2008      Change     2007",
                       // Two-digit years: only the date as a whole shows it is one.
                       "                                  6/30/03      6/30/02", "                 30-Jun-03    30-Jun-02"] {
            #expect(LineAnalyzer.analyzeLine(Array(header.utf8))[0].isYearLine, "\(header)")
        }
        for notHeader in ["   Interest                                               171,000          2,000",
                          "Results of Operations of the Company as of December 31, 2002, as reported in its",
                          "July 23, 2003                                  By:/s/   Donald L. Turrell"] {
            #expect(!LineAnalyzer.analyzeLine(Array(notHeader.utf8))[0].isYearLine, "\(notHeader)")
        }
    }

    @Test("column headings become periods")
    func periods() {
        func period(_ h: String, _ kind: String = "income", title: String = "") -> Period? {
            ColumnPeriods.resolve(h, kind: kind, title: title, fiscalYearEnd: nil).period
        }
        #expect(period("Three Months Ended June 30, 2003") == Period(start: "2003-04-01", end: "2003-06-30"))
        #expect(period("Six Months Ended June 30, 2003") == Period(start: "2003-01-01", end: "2003-06-30"))
        #expect(period("Year Ended December 31, 2003") == Period(start: "2003-01-01", end: "2003-12-31"))
        #expect(period("Twelve Months Ended Jun 30, 2003") == Period(start: "2002-07-01", end: "2003-06-30"))
        #expect(period("3 Months Ended December 2004") == Period(start: "2004-10-01", end: "2004-12-31"))
        #expect(period("THREE MONTHS ENDED OCT 1, 2005") == Period(start: "2005-07-02", end: "2005-10-01"))
        #expect(period("Thirteen Weeks Ended October 1, 2005") == Period(start: "2005-07-03", end: "2005-10-01"))
        #expect(period("December 31, 2002", "balance") == Period(instant: "2002-12-31"))
        #expect(period("As of Mar 31,2007", "income") == Period(instant: "2007-03-31"))
        #expect(period("Quarter Ended Sept 30, 2008") == Period(start: "2008-07-01", end: "2008-09-30"))
        #expect(period("Three Month Change") == nil)
        #expect(period("2003", title: "FOR THE THREE MONTHS ENDED JUNE 30, 2003 AND 2002") == Period(start: "2003-04-01", end: "2003-06-30"))
        #expect(ColumnPeriods.resolve("Apr 1, 2006 As Previously Reported", kind: "income", title: "", fiscalYearEnd: nil).basis == "previously-reported")
    }

    @Test("labels map to US-GAAP concepts")
    func concepts() {
        func c(_ label: String, _ kind: String = "income") -> [String] { ConceptMap.concepts(ConceptMap.normalize(label), kind: kind) }
        #expect(c("Sales") == ["Revenues"])
        #expect(c("Net revenues") == ["Revenues"])
        #expect(c("Cost of goods sold") == ["CostOfRevenue"])
        #expect(c("Income (loss) from operations") == ["OperatingIncomeLoss"])
        #expect(c("Income tax provision (benefit)") == ["IncomeTaxExpenseBenefit"])
        #expect(c("Income taxes payable", "balance").isEmpty)
        #expect(c("Net income (loss)") == ["NetIncomeLoss"])
        #expect(c("Net profit") == ["NetIncomeLoss"])
        #expect(c("Profit") == ["NetIncomeLoss"])
        #expect(c("NET EARNINGS") == ["NetIncomeLoss"])
        #expect(c("Net profit margin").isEmpty)
        #expect(c("Net income attributable to Example Holdings, Inc.") == ["NetIncomeLoss"])
        #expect(c("Net income attributable to noncontrolling interests").isEmpty)
        #expect(c("TOTAL NET REVENUES") == ["Revenues"])
        #expect(c("Total sales and revenues") == ["Revenues"])
        #expect(c("Sales, net of returns and allowances") == ["Revenues"])
        #expect(c("Net loss on investment securities").isEmpty)
        #expect(c("Net interest income") == ["InterestIncomeExpenseNet"])
        #expect(c("Basic and diluted loss per share") == ["EarningsPerShareBasic", "EarningsPerShareDiluted"])
        #expect(c("Shares used in computing basic earnings per share") == ["WeightedAverageNumberOfSharesOutstandingBasic"])
        #expect(c("Weighted average common and common equivalent shares") == ["WeightedAverageNumberOfDilutedSharesOutstanding"])
        #expect(c("In-process research and development") == ["ResearchAndDevelopmentInProcess"])
        #expect(c("Total stockholders' equity", "balance") == ["StockholdersEquity"])
        #expect(c("Total liabilities and shareholders' equity", "balance") == ["LiabilitiesAndStockholdersEquity"])
        #expect(c("Total liabil-ities", "balance") == ["Liabilities"])
        #expect(c("Cash, cash equivalents, and short-term investments", "balance").isEmpty)
        #expect(c("Book value per share").isEmpty)
        #expect(c("Dividends per share").isEmpty)
        #expect(c("Common shares authorized", "balance").isEmpty)
        #expect(c("Revenues", "balance").isEmpty)
        #expect(c("Net income available to common shareholders") == ["NetIncomeLossAvailableToCommonStockholdersBasic"])
        #expect(c("Diluted EPS") == ["EarningsPerShareDiluted"])
        #expect(c("Non-interest income") == [])
        #expect(c("Total non-interest income") == ["NoninterestIncome"])
        #expect(c("Total noninterest income") == ["NoninterestIncome"])
        #expect(c("Net cash provided by (used in) operating activities", "cashflow") == ["NetCashProvidedByUsedInOperatingActivities"])
    }

    /// Labels seen across industries and decades, with the concepts they must map to.
    static let vocabulary: [(label: String, concepts: [String])] = [
        ("Profit", ["NetIncomeLoss"]),
        ("Profit per common share", ["EarningsPerShareBasic"]),
        ("Profit (loss) per common share - diluted", ["EarningsPerShareDiluted"]),
        ("Profit attributable to common shareholders", ["NetIncomeLossAvailableToCommonStockholdersBasic"]),
        ("Profit attributable to noncontrolling interests", []),
        ("Total sales and revenues", ["Revenues"]),
        ("Total net revenue", ["Revenues"]),
        ("Total net revenues", ["Revenues"]),
        ("Sales, net of returns and allowances", ["Revenues"]),
        ("Total revenues", ["Revenues"]),
        ("Net premiums earned", []),
        ("Net income attributable to Acme Holdings, Inc.", ["NetIncomeLoss"]),
        ("Net income including noncontrolling interests", []),
        ("Net income per share - assuming full dilution", ["EarningsPerShareDiluted"]),
        ("Earnings per share, fully diluted", ["EarningsPerShareDiluted"]),
        ("Primary earnings per share", ["EarningsPerShareBasic"]),
        ("Net earnings (loss) per share (1)", ["EarningsPerShareBasic"]),
    ]

    @Test("labels seen across industries and decades", arguments: vocabulary.indices)
    func vocabularyLabel(_ k: Int) {
        let (label, concepts) = Self.vocabulary[k]
        #expect(ConceptMap.concepts(ConceptMap.normalize(label), kind: "income") == concepts, "\(label)")
    }

    @Test("the concept table covers every concept the parser promises, and only through data")
    func conceptTableCoverage() {
        let promised = [
            "Revenues", "CostOfRevenue", "GrossProfit", "SellingAndMarketingExpense", "ResearchAndDevelopmentExpense",
            "GeneralAndAdministrativeExpense", "SellingGeneralAndAdministrativeExpense", "OperatingExpenses", "OperatingIncomeLoss",
            "InterestExpense", "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest",
            "IncomeTaxExpenseBenefit", "NetIncomeLoss", "EarningsPerShareBasic", "EarningsPerShareDiluted",
            "WeightedAverageNumberOfSharesOutstandingBasic", "WeightedAverageNumberOfDilutedSharesOutstanding",
            "CashAndCashEquivalentsAtCarryingValue", "AccountsReceivableNetCurrent", "InventoryNet", "AssetsCurrent", "Assets",
            "AccountsPayableCurrent", "LiabilitiesCurrent", "LongTermDebtNoncurrent", "Liabilities", "StockholdersEquity",
            "LiabilitiesAndStockholdersEquity", "NetCashProvidedByUsedInOperatingActivities",
        ]
        let mapped = Set(ConceptTable.rules.flatMap(\.concepts))
        #expect(promised.filter { !mapped.contains($0) } == [])
        // Every pattern is lower case and already normalized, or it could never match a normalized label.
        for rule in ConceptTable.rules {
            for pattern in rule.groups.joined() + rule.unless {
                let text = pattern.drop(while: { $0 == "=" || $0 == "^" })
                #expect(text == text.lowercased(), "\(pattern)")
                #expect(ConceptMap.normalize(String(text)) == String(text).trimmingCharacters(in: .whitespaces), "\(pattern)")
            }
        }
    }

    @Test("whitespace collapses like Character.isWhitespace says, for every scalar up to U+3100")
    func whitespace() {
        for value in UInt32(0)...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = Character(scalar)
            let collapsed = collapseSpaces("a" + String(c) + "b")
            if c.isWhitespace {
                #expect(collapsed == "a b", "U+\(String(value, radix: 16))")
            } else if !c.isNewline {
                #expect(collapsed != "a b", "U+\(String(value, radix: 16))")
            }
        }
        #expect(collapseSpaces("  \t a \u{00A0}\u{2003} b\r\n") == "a b")
    }

    @Test("years: runs of exactly four digits in range")
    func years() {
        #expect(TableFinder.containsYear("June 30, 2003"))
        #expect(TableFinder.containsYear("FY2004"))
        #expect(!TableFinder.containsYear("20031"))
        #expect(!TableFinder.containsYear("1979 and 2040"))
        #expect(!TableFinder.containsYear("$12,003"))
        #expect(TableFinder.containsYear("2039"))
    }

    // Lines with only two-digit-year dates ("6/30/03") are not yet read as headings: the line scan
    // looks for a four-digit year before anything else.
    @Test("numeric dates carry their year: headings of only such dates open a table")
    func numericDates() {
        for d in ["6/30/03", "06/30/2003", "30-Jun-03", "30-JUN-2003", "1/1/99"] { #expect(MonthNames.isNumericDate(Array(d.utf8)), "\(d)") }
        for d in ["13/30/03", "6/32/03", "1/2/3", "30-Foo-03", "2003-2004", "10-K", "3/4"] { #expect(!MonthNames.isNumericDate(Array(d.utf8)), "\(d)") }
        for heading in ["06/30/2003", "30-Jun-2003"] {
            let text = """
                                                  Three Months Ended
                                              \(heading)      \(heading.replacingOccurrences(of: "03", with: "02"))
                                             ----------    ----------
            Net sales                        $ 1,000       $   900
            Net income                       $   120       $    75
            """
            let parsed = FilingParser.parse(text)
            #expect(parsed.fact("Revenues", period: "2003-06-30")?.value == 1_000, "\(heading)")
            #expect(parsed.fact("NetIncomeLoss", period: "2002-06-30")?.value == 75, "\(heading)")
        }
    }

    @Test("upper-case labels: a one-column hanging indent wraps an item, not a section heading")
    func upperCaseWrappedLabels() {
        let text = """
                                                 THREE MONTHS ENDED
                                                JULY 3,     JUNE 28,
                                                  2004        2003
            REVENUES
             MERCHANDISE SALES AND SERVICES     $8,700      $8,851
             CREDIT AND FINANCIAL PRODUCTS
              REVENUES                              81       1,345
                     TOTAL REVENUES              8,781      10,196
            COSTS AND EXPENSES
             COST OF SALES                       6,000       7,000
            NET INCOME                              53         309
            """
        let labels = FilingParser.parse(text).statements.first?.rows.map(\.label) ?? []
        #expect(labels.contains("CREDIT AND FINANCIAL PRODUCTS REVENUES"))
        #expect(labels.contains("REVENUES") && labels.contains("MERCHANDISE SALES AND SERVICES"))
        #expect(labels.contains("COST OF SALES"))
    }

    @Test("a small table: wrapped labels, blank cells and a heading")
    func smallTable() {
        let text = """
                                         Three Months Ended
                                             March 31,
                                          2004        2003
                                        --------    --------
        Net sales                        $ 1,000     $   900
        Restructuring
           charge                                         50
        Net income (loss)                $  (120)    $    75
        Diluted earnings per share       $ (0.12)    $  0.08
        """
        let parsed = FilingParser.parse(text)
        let s = parsed.statements.first
        #expect(s?.kind == "income")
        #expect(s?.rows.map(\.label) == ["Net sales", "Restructuring charge", "Net income (loss)", "Diluted earnings per share"])
        #expect(s?.rows[1].values == [nil, 50])
        #expect(parsed.fact("NetIncomeLoss", period: "2004-03-31")?.value == -120)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2003-03-31")?.value == 0.08)
        #expect(parsed.fact("Revenues", period: "2003-03-31")?.period.start == "2003-01-01")
    }

    @Test("a scale note printed below the table scales it; one above wins")
    func scaleNoteBelow() {
        let table = """
                                         Three Months Ended
                                             March 31,
                                          2004        2003
                                        --------    --------
        Net sales                        $ 1,000     $   900
        Net income                       $   120     $    75
        Diluted earnings per share       $  0.12     $  0.08

        """
        let below = FilingParser.parse(table + "                    (In thousands, except per share data)\n")
        #expect(below.fact("Revenues", period: "2004-03-31")?.value == 1_000_000)
        #expect(below.fact("EarningsPerShareDiluted", period: "2004-03-31")?.value == 0.12)
        let both = FilingParser.parse("                              (In millions)\n" + table + "                    (In thousands)\n")
        #expect(both.fact("Revenues", period: "2004-03-31")?.value == 1_000_000_000)
        // A footnote below is not a scale.
        #expect(FilingParser.parse(table + "        (1) Restated.\n").fact("Revenues", period: "2004-03-31")?.value == 1_000)
    }

    @Test("a 1990s SGML table: tags, dot leaders, rule-underlined headings, thousands")
    func sgmlTable() {
        let text = """
        <DOCUMENT>
        <TYPE>EX-99
        <TEXT>
                          EXAMPLE CORP. CONSOLIDATED STATEMENTS OF OPERATIONS
                            (In thousands, except per share amounts)
        <TABLE>
        <CAPTION>
                                                  THREE MONTHS ENDED         NINE MONTHS ENDED
                                               ------------------------   ------------------------
                                               SEPT. 30,    SEPT. 30,     SEPT. 30,    SEPT. 30,
                                                  1997         1996          1997         1996
                                               ----------   ----------    ----------   ----------
        <S>                                    <C>          <C>           <C>          <C>
        Net sales..........................      $12,500      $10,000       $36,000      $30,000
        Cost of sales......................        7,000        6,000        20,000       18,000
        Net income (loss)..................      $ 1,200(a)   $  (300)      $ 3,000      $   100
        Net income (loss) per share:
          Basic............................        $ .12       $ (.03)        $ .30        $ .01
          Diluted..........................        $ .11       $ (.03)        $ .29        $ .01
        </TABLE>
        </TEXT>
        </DOCUMENT>
        """
        let parsed = FilingParser.parse(text)
        let s = parsed.statements.first
        #expect(s?.kind == "income")
        #expect(s?.scale == 1000)
        #expect(s?.columns.map(\.period) == [
            Period(start: "1997-07-01", end: "1997-09-30"), Period(start: "1996-07-01", end: "1996-09-30"),
            Period(start: "1997-01-01", end: "1997-09-30"), Period(start: "1996-01-01", end: "1996-09-30"),
        ])
        #expect(parsed.fact("Revenues", period: "1997-09-30")?.value == 12_500_000)
        #expect(parsed.fact("NetIncomeLoss", period: "1997-09-30")?.value == 1_200_000)
        #expect(parsed.fact("NetIncomeLoss", period: "1996-09-30")?.value == -300_000)
        #expect(parsed.fact("EarningsPerShareBasic", period: "1996-09-30")?.value == -0.03)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "1997-09-30")?.value == 0.11)
        #expect(s?.rows.first?.label == "Net sales")
    }

    @Test("a balance sheet dated only in its title")
    func balanceDatedInTitle() {
        let text = """
                              CONDENSED CONSOLIDATED BALANCE SHEETS
                                   December 31, 1999 and 1998
                                         (in millions)

                                                      1999        1998
                                                    -------     -------
        Cash and cash equivalents                   $   120     $    80
        Total current assets                            500         450
        Total assets                                $ 1,500     $ 1,400
        Total liabilities                               900         880
        Total stockholders' equity                      600         520
        """
        let parsed = FilingParser.parse(text)
        #expect(parsed.statements.first?.kind == "balance")
        #expect(parsed.fact("Assets", period: "1999-12-31")?.value == 1_500_000_000)
        #expect(parsed.fact("StockholdersEquity", period: "1998-12-31")?.value == 520_000_000)
        #expect(parsed.fact("Assets", period: "1999-12-31")?.period == Period(instant: "1999-12-31"))
    }

    @Test("dates")
    func dates() {
        #expect(MonthNames.firstDate(in: "(Date of earliest event reported): February 5, 2004")?.iso == "2004-02-05")
        #expect(SimpleDate(iso: "20040210")?.iso == "2004-02-10")
        #expect(SimpleDate(year: 2004, month: 3, day: 31)?.startOfPeriod(months: 12)?.iso == "2003-04-01")
        #expect(SimpleDate(year: 2004, month: 2, day: 29)?.addingDays(1)?.iso == "2004-03-01")
    }
}
