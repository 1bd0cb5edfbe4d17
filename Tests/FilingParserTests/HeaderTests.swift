import Foundation
import Testing
@testable import FilingParser

@Suite("Filing header")
struct HeaderTests {
    /// Company names compared without case, punctuation and legal-suffix spelling ("CORP" = "Corporation").
    static func normalizedCompany(_ s: String?) -> String {
        guard let s = s else { return "" }
        let synonyms = ["corporation": "corp", "incorporated": "inc", "company": "co", "the": ""]
        return s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { synonyms[String($0)] ?? String($0) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    static let withSGMLHeader = Fixtures.otherText + Fixtures.html

    @Test("SEC header fields match the truth", .fixtures, arguments: withSGMLHeader)
    func sgmlHeader(name: String) throws {
        let truth = try Fixtures.truth(name)
        let text = try Fixtures.text(name)
        let header = FilingParser.parseHeader(text)
        #expect(Self.normalizedCompany(header.company) == Self.normalizedCompany(truth["company"] as? String))
        #expect(header.cik == jsonNumber(truth["cik"]).map { String(Int($0)) })
        #expect(header.accession == truth["accession"] as? String)
        #expect(header.filedDate == truth["filed"] as? String)
        #expect(header.form == truth["form"] as? String)
        // parse() returns the same header.
        #expect(FilingParser.parse(text).header == header)
    }

    @Test("multi-filer submission picks the filer the document is about", .fixtures)
    func multiFiler() throws {
        let header = FilingParser.parseHeader(try Fixtures.text("southern-8k-2005-01-25"))
        #expect(header.company == "SOUTHERN CO")
        #expect(header.cik == "92122")
        #expect(header.irsEIN == "58-0690070")
        #expect(header.stateOfIncorporation == "DE")
        #expect(header.commissionFileNumber == "001-03526")
        #expect(header.items == ["2.02"])
        #expect(header.exhibits.map(\.type) == ["EX-99.01", "EX-99.02", "EX-99.03", "EX-99.04", "EX-99.05", "EX-99.06"])
    }

    @Test("SGML details: period of report, items from the cover, exhibits from documents", .fixtures)
    func sgmlDetails() throws {
        let header = FilingParser.parseHeader(try Fixtures.text("asta-8k-2004-02-11"))
        #expect(header.periodOfReport == "2004-02-10")
        #expect(header.reportDate == "2004-02-11")
        #expect(header.irsEIN == "22-3388607")
        #expect(header.commissionFileNumber == "000-26906")
        #expect(header.items == ["7", "12"])
        #expect(header.exhibits == [Exhibit(type: "EX-99.1", description: "PRESS RELEASE")])

        let pericom = FilingParser.parseHeader(try Fixtures.text("pericom-8k-2006-08-16"))
        #expect(pericom.items == ["2.02", "4.02", "9.01"])
    }

    @Test("items fall back to ITEM INFORMATION when the document is HTML", .fixtures)
    func itemInformation() throws {
        let header = FilingParser.parseHeader(try Fixtures.text("oracle-8k-2014-06-19"))
        #expect(header.items == ["2.02", "8.01", "9.01"])
        #expect(header.reportDate == "2014-06-19")
        #expect(header.exhibits.first == Exhibit(type: "EX-99.1", description: "EX-99.1"))
    }

    @Test("PEM wrapper and escaped lines")
    func pemWrapper() {
        let text = """
        -----BEGIN PRIVACY-ENHANCED MESSAGE-----
        Proc-Type: 2001,MIC-CLEAR
        Originator-Name: webmaster@www.sec.gov

        <SEC-DOCUMENT>0000000001-99-000001.txt : 19990101
        <SEC-HEADER>0000000001-99-000001.hdr.sgml : 19990101
        ACCESSION NUMBER:\t\t0000000001-99-000001
        CONFORMED SUBMISSION TYPE:\t8-K/A
        CONFORMED PERIOD OF REPORT:\t19981231
        FILED AS OF DATE:\t\t19990104

        FILER:

        \tCOMPANY DATA:\t
        \t\tCOMPANY CONFORMED NAME:\t\t\tEXAMPLE CORP
        \t\tCENTRAL INDEX KEY:\t\t\t0000000001
        </SEC-HEADER>
        <DOCUMENT>
        <TYPE>8-K/A
        <SEQUENCE>1
        <TEXT>
        - -----
        Item 5. Other Events.
        </TEXT>
        </DOCUMENT>
        </SEC-DOCUMENT>
        -----END PRIVACY-ENHANCED MESSAGE-----
        """
        let envelope = SubmissionEnvelope(text)
        #expect(envelope.documents.count == 1)
        #expect(envelope.documents.first?.type == "8-K/A")
        let body = String(decoding: envelope.documents.first?.text ?? [], as: UTF8.self)
        #expect(body.hasPrefix("-----\n"))
        let header = FilingParser.parseHeader(text)
        #expect(header.form == "8-K/A")
        #expect(header.cik == "1")
        #expect(header.company == "EXAMPLE CORP")
        #expect(header.periodOfReport == "1998-12-31")
        #expect(header.filedDate == "1999-01-04")
        #expect(header.items == ["5"])
    }

    @Test("JSON uses snake_case keys and decodes with missing keys", .fixtures)
    func codable() throws {
        let header = FilingHeader(form: "8-K", company: "X", cik: "1", filedDate: "2004-01-01", reportDate: "2004-01-02",
                                  periodOfReport: "2004-01-03", commissionFileNumber: "0-1", irsEIN: "11-1111111",
                                  stateOfIncorporation: "DE", items: ["2.02"], exhibits: [Exhibit(type: "EX-99.1")])
        let json = String(decoding: try JSONEncoder().encode(header), as: UTF8.self)
        for key in ["filed_date", "report_date", "period_of_report", "commission_file_number", "irs_ein", "state_of_incorporation"] {
            #expect(json.contains("\"\(key)\""))
        }
        #expect(try JSONDecoder().decode(FilingHeader.self, from: Data(json.utf8)) == header)
        let empty = try JSONDecoder().decode(FilingHeader.self, from: Data("{}".utf8))
        #expect(empty.items.isEmpty && empty.exhibits.isEmpty && empty.form == nil)

        let row = StatementRow(label: "Total", concept: nil, values: [1, nil], level: 0, isTotal: true)
        #expect(String(decoding: try JSONEncoder().encode(row), as: UTF8.self).contains("\"is_total\":true"))
        let parsed = FilingParser.parse(try Fixtures.text("ptix-8k-2003-07-23"))
        let roundTrip = try JSONDecoder().decode(ParsedFiling.self, from: try JSONEncoder().encode(parsed))
        #expect(roundTrip == parsed)
    }
}
