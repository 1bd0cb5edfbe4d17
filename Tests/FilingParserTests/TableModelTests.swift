import Testing
@testable import FilingParser

/// The table model both formats are read into (`TableGrid`): HTML read from its markup, plain text
/// from word positions, and statements read from it the same way for both.
@Suite("Table model")
struct TableModelTests {
    /// The grid of the first <table> of `html`.
    static func grid(_ html: String) -> TableGrid {
        HTMLText.renderWithGrids(Array(html.utf8)[...]).tables.first?.grid ?? TableGrid()
    }

    /// Each cell as "row:first..<end text".
    static func describe(_ g: TableGrid) -> [String] {
        g.cells.map { "\($0.row):\($0.columns.lowerBound)..<\($0.columns.upperBound) \($0.text)" }
    }

    struct HTMLCase: CustomTestStringConvertible, Sendable {
        var name: String
        var html: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let htmlCases: [HTMLCase] = [
        HTMLCase(name: "a colspan heading over two value columns, each with its $ cell",
                 html: """
                     <table><tr><td></td><td colspan="6">Three Months Ended</td></tr>
                     <tr><td></td><td colspan="3">Dec. 30, 2023</td><td colspan="3">Dec. 31, 2022</td></tr>
                     <tr><td>Net sales</td><td>$</td><td>119,575</td><td></td><td>$</td><td>117,154</td><td></td></tr></table>
                     """,
                 expected: ["0:1..<3 Three Months Ended", "1:1..<2 Dec. 30, 2023", "1:2..<3 Dec. 31, 2022",
                            "2:0..<1 Net sales", "2:1..<2 $119,575", "2:2..<3 $117,154"]),
        HTMLCase(name: "parenthesised negatives and percentages with the sign in its own cell",
                 html: """
                     <table><tr><td>Other income</td><td>(</td><td>1,234</td><td>)</td><td>12.5</td><td>%</td></tr>
                     <tr><td>Tax</td><td>$(</td><td>7</td><td>)</td><td>(3</td><td>%)</td></tr></table>
                     """,
                 expected: ["0:0..<1 Other income", "0:1..<2 (1,234)", "0:2..<3 12.5%",
                            "1:0..<1 Tax", "1:1..<2 $(7)", "1:2..<3 (3%)"]),
        HTMLCase(name: "a rowspan cell takes its column in the rows below",
                 html: """
                     <table><tr><td rowspan="2">(in millions)</td><td colspan="2">Quarter</td></tr>
                     <tr><td>2024</td><td>2023</td></tr>
                     <tr><td>Revenue</td><td>10</td><td>9</td></tr></table>
                     """,
                 expected: ["0:0..<1 (in millions)", "0:1..<3 Quarter", "1:1..<2 2024", "1:2..<3 2023",
                            "2:0..<1 Revenue", "2:1..<2 10", "2:2..<3 9"]),
        HTMLCase(name: "nested tags, entities and empty spacer cells",
                 html: """
                     <table><tr><td><font><b>Net&nbsp;income</b></font></td><td width="1%">&nbsp;</td>
                     <td><ix:nonFraction name="x">3,189</ix:nonFraction></td><td>&nbsp;</td><td>&#8212;</td></tr>
                     <tr><td>AT&amp;T&#146;s share</td><td></td><td>1</td><td></td><td>2</td></tr></table>
                     """,
                 expected: ["0:0..<1 Net income", "0:1..<2 3,189", "0:2..<3 \u{2014}",
                            "1:0..<1 AT&T's share", "1:1..<2 1", "1:2..<3 2"]),
        HTMLCase(name: "a lone \"$\" with no number after it stays a cell of its own",
                 html: "<table><tr><td>Currency</td><td>$</td><td>USD</td></tr></table>",
                 expected: ["0:0..<1 Currency", "0:1..<2 $", "0:2..<3 USD"]),
    ]

    @Test("HTML tables read from their markup", arguments: htmlCases)
    func htmlGrid(_ c: HTMLCase) {
        #expect(Self.describe(Self.grid(c.html)) == c.expected)
    }

    @Test("left padding and leading non-breaking spaces indent a label")
    func htmlIndent() {
        let g = Self.grid("""
            <table><tr><td>Revenue</td><td>1</td></tr>
            <tr><td style="padding-left:10pt">Products</td><td>2</td></tr>
            <tr><td>&nbsp;&nbsp;&nbsp;Services</td><td>3</td></tr></table>
            """)
        #expect(g.cells.filter { $0.columns.lowerBound == 0 }.map(\.indent) == [0, 2, 3])
    }

    /// An income statement in HTML with "$", "(" and ")" in cells of their own.
    static let htmlStatement = """
        <html><body><p>CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS</p><p>(In millions, except per share amounts)</p>
        <table>
        <tr><td></td><td colspan="7" align="center">Three Months Ended</td></tr>
        <tr><td></td><td colspan="3">June 30, 2004</td><td>&nbsp;</td><td colspan="3">June 30, 2003</td></tr>
        <tr><td>Net sales</td><td>$</td><td>2,014</td><td></td><td></td><td>$</td><td>1,545</td><td></td></tr>
        <tr><td>Other expense</td><td></td><td>(12</td><td>)</td><td></td><td></td><td>(7</td><td>)</td></tr>
        <tr><td>Net income</td><td>$</td><td>61</td><td></td><td></td><td>$</td><td>19</td><td></td></tr>
        </table></body></html>
        """

    /// The same statement as plain text, the heading centred over both columns.
    static let textStatement = """
        CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS
        (In millions, except per share amounts)

                                   Three Months Ended
                              June 30, 2004   June 30, 2003
        Net sales                 $  2,014        $  1,545
        Other expense                  (12)             (7)
        Net income                $     61        $     19
        """

    static func rawTables(html: String) -> [RawTable] { DocumentTables.html(Array(html.utf8)[...]) }
    static func rawTables(text: String) -> [RawTable] { DocumentTables.text(Array(text.utf8)[...]) }

    @Test("a heading centred over two text columns spans both in the grid")
    func textHeadingSpans() throws {
        let raw = try #require(Self.rawTables(text: Self.textStatement).first)
        let spanning = try #require(raw.heading.cells.first { $0.text == "Three Months Ended" })
        #expect(spanning.columns == 1..<3)
        #expect(spanning.extent != nil)
        #expect(raw.heading.cells.filter { $0.text.hasPrefix("June 30") }.map(\.columns) == [1..<2, 2..<3])
    }

    @Test("a heading over a column of percentages that names no period stays over it")
    func ratioColumnKeepsItsOwnHeading() throws {
        let raw = try #require(Self.rawTables(text: """
                                               Three Months Ended
                                               December 31, 2003
                                     ------------------------------------
                                     Average                         Rate
                                     Balance        Interest  (Annualized)
            Loans                   $  76,063       $  1,354       7.08%
            Securities                 23,727            430       7.19%
            """).first)
        #expect(raw.heading.cells.filter { $0.text == "Rate" || $0.text == "(Annualized)" }.map(\.columns) == [3..<4, 3..<4])
    }

    @Test("the HTML and the text rendering of one statement read the same")
    func sameStatementBothFormats() throws {
        let fromHTML = try #require(Self.rawTables(html: Self.htmlStatement).first)
        let fromText = try #require(Self.rawTables(text: Self.textStatement).first)
        #expect(fromHTML.columnTexts == [["Three Months Ended", "June 30, 2004"], ["Three Months Ended", "June 30, 2003"]])
        #expect(fromHTML.columnTexts == fromText.columnTexts)
        #expect(fromHTML.contextLines == fromText.contextLines)
        #expect(fromHTML.rows.map(\.label) == fromText.rows.map(\.label))
        #expect(fromHTML.rows.map { $0.cells.map { $0?.value } } == [[2014, 1545], [-12, -7], [61, 19]])
        #expect(fromHTML.rows.map { $0.cells.map { $0?.value } } == fromText.rows.map { $0.cells.map { $0?.value } })
        let built = try #require(StatementBuilder.build(fromHTML, fiscalYearEnd: nil))
        #expect(built.statement.scale == 1e6)
        #expect(built.columns.map(ColumnPeriodsTests.describe) == ["2004-04-01..2004-06-30", "2003-04-01..2003-06-30"])
    }

    @Test("an HTML table holding two statements gives two tables, each with its own headings")
    func twoStatementsInOneTable() {
        let html = """
            <table>
            <tr><td colspan="3">STATEMENTS OF INCOME</td></tr>
            <tr><td></td><td>2004</td><td>2003</td></tr>
            <tr><td>Revenue</td><td>10</td><td>9</td></tr>
            <tr><td>Net income</td><td>2</td><td>1</td></tr>
            <tr><td colspan="3">BALANCE SHEETS</td></tr>
            <tr><td></td><td>December 31, 2004</td><td>December 31, 2003</td></tr>
            <tr><td>Total assets</td><td>100</td><td>90</td></tr>
            </table>
            """
        let tables = Self.rawTables(html: html)
        #expect(tables.count == 2)
        #expect(tables.map(\.contextLines) == [["STATEMENTS OF INCOME"], ["BALANCE SHEETS"]])
        #expect(tables.map(\.columnTexts) == [[["2004"], ["2003"]], [["December 31, 2004"], ["December 31, 2003"]]])
        #expect(tables.map { $0.rows.map(\.label) } == [["Revenue", "Net income"], ["Total assets"]])
    }

    @Test("a value column is one with numbers under it: a stray footnote cell is not one")
    func strayCellIsNotAColumn() throws {
        let html = """
            <table><tr><td></td><td></td><td>2004</td><td>2003</td></tr>
            <tr><td>Revenue</td><td>(1)</td><td>10</td><td>9</td></tr>
            <tr><td>Costs</td><td></td><td>5</td><td>4</td></tr>
            <tr><td>Tax</td><td></td><td>1</td><td>1</td></tr>
            <tr><td>Net income</td><td></td><td>4</td><td>4</td></tr></table>
            """
        let raw = try #require(Self.rawTables(html: html).first)
        #expect(raw.columnCount == 2)
        #expect(raw.rows.first?.cells.map { $0?.value } == [10, 9])
    }
}
