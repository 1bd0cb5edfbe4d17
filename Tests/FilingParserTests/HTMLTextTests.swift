import Foundation
import Testing
@testable import FilingParser

@Suite("HTML rendering")
struct HTMLTextTests {
    static func render(_ s: String) -> String { String(decoding: HTMLText.render(Array(s.utf8)[...]), as: UTF8.self) }

    @Test("cells: colspans, $ and ) in their own cells, entities, inline XBRL tags")
    func cells() {
        let html = """
            <html><body><p>CONSOLIDATED STATEMENTS OF OPERATIONS</p><p>($ in millions, except per share data)</p>
            <table>
            <tr><td></td><td colspan="4" align="center">Three Months Ended May&nbsp;31,</td></tr>
            <tr><td></td><td colspan="2">2022</td><td colspan="2">2021</td></tr>
            <tr><td><font><b>Total revenues</b></font></td><td>$</td><td><ix:nonFraction name="us-gaap:Revenues" scale="6">11,840</ix:nonFraction></td><td>$</td><td>11,227</td></tr>
            <tr><td>Other&#146;s expense</td><td></td><td>(81</td><td>)</td><td>&#151;</td></tr>
            </table></body></html>
            """
        let text = Self.render(html)
        #expect(text.contains("$11,840"))
        #expect(text.contains("(81)"))
        #expect(text.contains("Other's expense"))
        #expect(text.contains("\u{2014}"))
        #expect(text.contains("Three Months Ended May 31,"))
        #expect(!text.contains("<") && !text.contains("&nbsp;"))
        let lines = text.split(separator: "\n").map(String.init)
        // Amounts line up under their year headings (right-aligned).
        let header = try! #require(lines.first { $0.contains("2022") })
        let row = try! #require(lines.first { $0.contains("Total revenues") })
        let h = header.range(of: "2022")!.upperBound.utf16Offset(in: header)
        let r = row.range(of: "11,840")!.upperBound.utf16Offset(in: row)
        #expect(h == r)
    }

    @Test("percentage columns are left out; the statement parses")
    func percentColumns() {
        var rows = ""
        for (label, a, b) in [("Total revenues", "11,840", "11,227"), ("Operating expenses", "7,337", "6,686"), ("NET INCOME", "3,189", "4,033")] {
            rows += "<tr><td>\(label)</td><td>$</td><td>\(a)</td><td>45</td><td>%</td><td>\(b)</td><td>(3</td><td>%)</td><td>5%</td></tr>\n"
        }
        let html = """
            <html><body><p>CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS</p><p>($ in millions, except per share data)</p>
            <table><tr><td></td><td colspan="8">Three Months Ended May 31,</td></tr>
            <tr><td></td><td colspan="2">2022</td><td colspan="2">% of Revenues</td><td>2021</td><td colspan="2">% of Revenues</td><td>% Increase (Decrease)</td></tr>
            \(rows)</table></body></html>
            """
        let text = Self.render(html)
        #expect(!text.contains("45%") && !text.contains("% of Revenues"))
        let doc = "<DOCUMENT>\n<TYPE>EX-99.1\n<FILENAME>ex991.htm\n<TEXT>\n" + html + "\n</TEXT>\n</DOCUMENT>\n"
        let parsed = FilingParser.parse(doc)
        #expect(parsed.fact("Revenues", period: "2022-05-31")?.value == 11_840_000_000)
        #expect(parsed.fact("NetIncomeLoss", period: "2021-05-31")?.value == 4_033_000_000)
    }

    @Test("malformed HTML never traps")
    func malformed() {
        for s in ["<table><tr><td colspan=99999>x", "<table><table><td>1</td>", "&#99999999999;<", "&#-5;", "&#x-41;", "<!-- unterminated", "<td>$</td>)", "<script>", "&", "<"] {
            _ = Self.render(s)
            _ = FilingParser.parse("<DOCUMENT>\n<TYPE>EX-99\n<FILENAME>a.htm\n<TEXT>\n<html><table>" + s + "\n</TEXT>\n</DOCUMENT>\n")
        }
    }
}
