import FilingEvents
import FilingsCore
import Foundation
import Testing

/// `FilingIngested.read(json:)` gives what Foundation's decoder gives, or nil (then Foundation
/// decodes) for what it does not take; fixtures' events are compared in `EventEncodingTests`.
struct FilingIngestedReadingTests {
    static let full = #"""
        { "filing_id" : "0000950123-03-001", "company_key":"cik:123", "cik":"123", "accession":null, "company":"A \"B\" \\ C\/D \u00e9\u20ac \ud83d\ude00 é",
          "form":"8-K", "filed_date":"2003-07-23", "sha256":"ab", "size_bytes":-0, "source":"topic", "filename":null,
          "content_type":"text/plain", "document":"line 1\r\nline\t2\b\f\u0001 end", "format":"submission",
          "items":["2.02", "9.01"], "report_date":"2003-07-22", "unknown":{"nested":[1, 2.5e3, true, null, "x"]},
          "documents":[{"type":"8-K","sequence":"1","filename":"a.txt","description":null,"size_bytes":120,"text_offset":0,"text_length":120},
                       {"type":"GRAPHIC","size_bytes":9,"omitted":"graphic"}],
          "styles_compacted":true, "replay":{"request":"r1","stage":"parse"} }
        """#

    static let minimal = #"{"filing_id":"sha256:ff","company_key":"name:x","sha256":"ff","size_bytes":12,"source":"http","content_type":"text/html","document":""}"#

    @Test(arguments: [full, minimal, #"{"filing_id":"a","company_key":"b","sha256":"c","size_bytes":1,"source":"s","content_type":"t","document":"d","items":[],"documents":[],"replay":null}"#])
    func readsWhatFoundationReads(_ json: String) throws {
        let foundation = try JSONCoding.decoder.decode(FilingIngested.self, from: Data(json.utf8))
        let direct = try #require(FilingIngested.read(json: Array(json.utf8)))
        #expect(direct == foundation)
    }

    @Test func theFullExampleHasItsEscapesResolved() throws {
        let direct = try #require(FilingIngested.read(json: Array(Self.full.utf8)))
        #expect(direct.company == "A \"B\" \\ C/D é€ 😀 é")
        #expect(direct.document == "line 1\r\nline\t2\u{8}\u{c}\u{1} end")
        #expect(direct.documents?.last?.omitted == "graphic")
        #expect(direct.replay == FilingIngested.Replay(request: "r1", stage: .parse))
    }

    /// Each is left to Foundation (nil here); where Foundation decodes it, the caller gets Foundation's value.
    @Test(arguments: [
        #"{"filing_id":"a","company_key":"b","sha256":"c","size_bytes":1,"source":"s","content_type":"t"}"#,  // no document
        #"{"filing_id":"a","filing_id":"b","company_key":"b","sha256":"c","size_bytes":1,"source":"s","content_type":"t","document":""}"#,
        #"{"filing_id":"a","company_key":"b","sha256":"c","size_bytes":1.0,"source":"s","content_type":"t","document":""}"#,
        #"{"filing_id":"a","company_key":"b","sha256":"c","size_bytes":01,"source":"s","content_type":"t","document":""}"#,
        #"{"filing_id":"a","company_key":"b","sha256":"c","size_bytes":"1","source":"s","content_type":"t","document":""}"#,
        #"{"filing_id":"a\ud800","company_key":"b","sha256":"c","size_bytes":1,"source":"s","content_type":"t","document":""}"#,
        #"{"filing_id":"a","company_key":"b","sha256":"c","size_bytes":1,"source":"s","content_type":"t","document":"", "replay":{"request":"r","stage":"metrics"}}"#,
        #"{"filing_id":"a","company_key":"b","sha256":"c","size_bytes":1,"source":"s","content_type":"t","document":""} x"#,
        "{\"filing_id\":\"a\",\"company_key\":\"b\",\"sha256\":\"c\",\"size_bytes\":1,\"source\":\"s\",\"content_type\":\"t\",\"document\":\"tab\tinside\"}",  // a raw tab in a string
        #"{"filing_id":"a","company_key":"b","sha256":"c","size_bytes":1,"source":"s","content_type":"t","document":"open"#,
    ])
    func leavesTheRestToFoundation(_ json: String) throws {
        #expect(FilingIngested.read(json: Array(json.utf8)) == nil)
    }

    /// Escapes and the closing quote at every place of documents as long as a few of the reader's
    /// eight-byte blocks, among plain ASCII and multi-byte characters.
    @Test func escapesAreReadWhereverTheyStand() throws {
        for special in ["\"", "\\", "\n", "\u{1}", "/", "é"] {
            for length in 0..<26 {
                for place in 0...length {
                    let document = String(repeating: "a", count: place) + special + String(repeating: "€", count: length - place)
                    var event = try JSONCoding.decoder.decode(FilingIngested.self, from: Data(Self.minimal.utf8))
                    event.document = document
                    let json = try JSONCoding.encoder.encodeBytes(event)
                    #expect(FilingIngested.read(json: json)?.document == document)
                }
            }
        }
    }

    @Test func invalidUTF8IsLeftToFoundation() {
        var bytes = Array(Self.minimal.utf8)
        let quote = bytes.lastIndex(of: UInt8(ascii: "\""))!
        bytes.insert(0xFF, at: quote)
        #expect(FilingIngested.read(json: bytes) == nil)
        #expect((try? JSONCoding.decoder.decode(FilingIngested.self, from: Data(bytes))) == nil)
    }
}
