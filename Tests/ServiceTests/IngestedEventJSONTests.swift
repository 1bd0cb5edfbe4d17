import FilingEvents
@testable import FilingsCore
import Foundation
@testable import IngestService
import Testing

/// The `filings.ingested` data written by hand (`IngestedEventJSON`) is what Foundation's encoder
/// writes with the events' settings, and the text of a whole UTF-8 submission (`EventDocument`
/// without copying it piece by piece) is what the piece-by-piece build gives.
struct IngestedEventJSONTests {
    func expectHandWritten(_ event: FilingIngested, _ what: String) throws {
        let ours = IngestedEventJSON.bytes(event), theirs = [UInt8](try JSONCoding.foundationEncoder.encode(event))
        #expect(ours == theirs, "\(what): \(String(decoding: ours, as: UTF8.self).prefix(400))")
    }

    /// Every optional member both set and nil, escapes in every string, non-ASCII text.
    @Test func everyOptionalSetAndNil() throws {
        let documents = [
            FilingDocument(type: "8-K", sequence: "1", filename: "a \"b\".htm", description: "Cover\tpage", sizeBytes: 12,
                           omitted: nil, textOffset: 3, textLength: 12),
            FilingDocument(type: "GRAPHIC", sequence: nil, filename: nil, description: nil, sizeBytes: 0, omitted: "graphic",
                           textOffset: nil, textLength: nil),
        ]
        let full = FilingIngested(filingID: "0000001-26-000001", companyKey: "cik:1", cik: "0000001", accession: "0000001-26-000001",
                                  company: "A \\ B/C Co", form: "8-K", filedDate: "2026-01-02", sha256: String(repeating: "ab", count: 32),
                                  sizeBytes: 123_456, source: "topic", filename: "x/y.txt", contentType: "text/plain",
                                  document: "line 1\r\n\"quoted\"\u{1}\u{8}\u{C}\t é € \u{1F600} </TEXT>", format: "submission",
                                  items: ["2.02", "9.01"], reportDate: "2026-01-01", documents: documents, stylesCompacted: true,
                                  replay: FilingIngested.Replay(request: "r-1", stage: .parse))
        try expectHandWritten(full, "every member set")
        var other = full
        other.items = []
        other.documents = []
        other.stylesCompacted = false
        other.replay = FilingIngested.Replay(request: "", stage: .ingest)
        try expectHandWritten(other, "empty lists, false")
        try expectHandWritten(FilingIngested(filingID: "sha256:ab", companyKey: "name:x", cik: nil, accession: nil, company: nil, form: nil,
                                             filedDate: nil, sha256: "ab", sizeBytes: 0, source: "http", filename: nil,
                                             contentType: "text/html", document: ""), "every optional nil")
    }

    /// Every fixture that is a UTF-8 submission keeping all its documents: the whole text and
    /// offsets equal the piece-by-piece build's.
    @Test(.fixtures) func wholeSubmissionEqualsItsPieces() throws {
        var compared = 0
        for name in EventEncodingTests.fixtureNames() {
            guard let filing = try? FilingValidator().validate(try fixture(name)), filing.format == .submission,
                  let first = filing.split.documents.first else { continue }
            let built = EventDocument.build(filing), pieces = EventDocument.pieces(filing, first: first, compactStyles: false)
            #expect(built.text == pieces.text, "\(name): text")
            #expect(built.documents == pieces.documents, "\(name): documents")
            #expect(built.stylesCompacted == pieces.stylesCompacted)
            if filing.isUTF8 && filing.split.documents.allSatisfy({ $0.omitted == nil }) { compared += 1 }
        }
        #expect(compared >= 10, "fixtures taking the whole-text path: \(compared)")
    }

    @Test func caseInsensitiveSearch() {
        func find(_ haystack: String, _ needle: String) -> Int? {
            Array(haystack.utf8).withUnsafeBufferPointer { $0.firstIndex(ofLowercased: Array(needle.utf8)) }
        }
        #expect(find("abc <HTml>", "<html") == 4)
        #expect(find("<<<TABLE", "<table") == 2)
        #expect(find("< html <htm", "<html") == nil)
        #expect(find("xHTMLx", "html") == 1)
        #expect(find("<htm", "<html") == nil)
        #expect(find("", "<html") == nil)
        #expect(find("ends <HTML", "<html") == 5)
    }
}
