import Testing
@testable import FilingParser

/// Column headings printed outside an HTML table's heading rows: as paragraphs above the table, or
/// in rows of it separated from the year row by a wrapped note in the label column.
@Suite("Heading above an HTML table")
struct HeadingAboveTests {
    struct PhraseCase: CustomTestStringConvertible, Sendable {
        var line: String
        var phrases: [String]
        var testDescription: String { line }
    }

    static let phraseCases: [PhraseCase] = [
        PhraseCase(line: "2003 2003 2002", phrases: ["2003", "2003", "2002"]),
        PhraseCase(line: "Sep 30, Jun 30, Sep 30,", phrases: ["Sep 30,", "Jun 30,", "Sep 30,"]),
        PhraseCase(line: "As of Sep 30, 2003 June 30, 2003*", phrases: ["As of Sep 30, 2003", "June 30, 2003*"]),
        PhraseCase(line: "3 Months Ended December 12 Months Ended December", phrases: ["3 Months Ended December", "12 Months Ended December"]),
        PhraseCase(line: "Three Months Ended June 30, Six Months Ended June 30,", phrases: ["Three Months Ended June 30,", "Six Months Ended June 30,"]),
        PhraseCase(line: "For the 13 For the 26", phrases: ["For the 13", "For the 26"]),
        PhraseCase(line: "Weeks Ended Weeks Ended", phrases: ["Weeks Ended", "Weeks Ended"]),
        PhraseCase(line: "Three Months Ended", phrases: ["Three Months Ended"]),
    ]

    @Test("a heading line is cut into the phrases of its columns", arguments: phraseCases)
    func phrases(_ c: PhraseCase) {
        #expect(HeadingAbove.phrases(c.line) == c.phrases)
    }

    @Test("heading paragraphs above a table without heading rows head its value columns")
    func paragraphsAbove() throws {
        let html = """
            <p>CONDENSED STATEMENTS OF OPERATIONS</p><p>(In thousands, except per share data)</p>
            <p>Three Months Ended</p><p>&nbsp;</p>
            <p>&nbsp;&nbsp;&nbsp;&nbsp;Sep 30,&nbsp;&nbsp;&nbsp;Jun 30,&nbsp;&nbsp;&nbsp;Sep 30,</p>
            <p>&nbsp;&nbsp;&nbsp;&nbsp;2003&nbsp;&nbsp;&nbsp;2003&nbsp;&nbsp;&nbsp;2002</p>
            <p>(unaudited)</p>
            <table>
            <tr><td>Net revenues</td><td>$</td><td>11,072</td><td>$</td><td>11,506</td><td>$</td><td>10,828</td></tr>
            <tr><td>Cost of revenues</td><td></td><td>7,854</td><td></td><td>8,027</td><td></td><td>7,560</td></tr>
            <tr><td>Net loss</td><td></td><td>(800</td><td>)</td><td>(105</td><td>)</td><td>(922</td></tr>
            </table>
            """
        let raw = try #require(TableModelTests.rawTables(html: html).first)
        #expect(raw.columnTexts == [["Three Months Ended", "Sep 30,", "2003"], ["Three Months Ended", "Jun 30,", "2003"],
                                    ["Three Months Ended", "Sep 30,", "2002"]])
        let built = try #require(StatementBuilder.build(raw, fiscalYearEnd: nil))
        #expect(built.statement.scale == 1e3)
        #expect(built.columns.map(ColumnPeriodsTests.describe) == ["2003-07-01..2003-09-30", "2003-04-01..2003-06-30", "2002-07-01..2002-09-30"])
    }

    @Test("a table with its own heading rows takes no title paragraph as a column heading")
    func titleStaysTitle() throws {
        let html = """
            <p>For the quarter ended June 30, 2004</p>
            <table>
            <tr><td></td><td>Three Months</td><td>Six Months</td></tr>
            <tr><td></td><td>2004</td><td>2004</td></tr>
            <tr><td>Revenue</td><td>10</td><td>19</td></tr>
            <tr><td>Net income</td><td>2</td><td>3</td></tr>
            </table>
            """
        let raw = try #require(TableModelTests.rawTables(html: html).first)
        #expect(raw.columnTexts == [["Three Months", "2004"], ["Six Months", "2004"]])
    }

    @Test("heading rows above a wrapped note in the label column belong to the heading")
    func headingOverWrappedNote() throws {
        let html = """
            <table>
            <tr><td></td><td colspan="2">For the 13 Weeks Ended</td><td colspan="2">For the 26 Weeks Ended</td></tr>
            <tr><td>(millions, except earnings per</td><td colspan="4"></td></tr>
            <tr><td>common share)</td><td>2004</td><td>2003</td><td>2004</td><td>2003</td></tr>
            <tr><td>Revenues</td><td>8,781</td><td>10,196</td><td>16,575</td><td>19,076</td></tr>
            <tr><td>Net income</td><td>53</td><td>1,045</td><td>3</td><td>1,302</td></tr>
            </table>
            """
        let raw = try #require(TableModelTests.rawTables(html: html).first)
        #expect(raw.columnTexts.first == ["For the 13 Weeks Ended", "2004"])
        #expect(raw.columnTexts.last == ["For the 26 Weeks Ended", "2003"])
        #expect(ScaleNote(raw.headerLabelTexts.joined(separator: " ")).scale == 1e6)
    }
}
