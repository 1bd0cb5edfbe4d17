import FilingEvents
import FilingParser
import FilingsCore
import Foundation
@testable import IngestService
import Prometheus
import Testing

/// Complete submissions are split into documents; binary and XBRL/data documents are listed
/// but left out of the event text; the event stays under the limit or the filing is rejected.
struct SubmissionSplitterTests {
    func ingest(_ bytes: [UInt8], maxEventBytes: Int = IngestProcessor.defaultMaxEventBytes) async throws -> (FilingIngested, Int) {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger,
                                        maxEventBytes: maxEventBytes)
        _ = try await processor.submit(bytes, origin: FilingOrigin(source: "test"))
        let message = try #require(try await outboxMessages(store).first)
        return (try CloudEvent(message: message).decode(FilingIngested.self), message.value.count)
    }

    func text(_ payload: FilingIngested, _ document: FilingDocument) -> String {
        let utf8 = Array(payload.document.utf8)
        let start = document.textOffset ?? 0
        return String(decoding: utf8[start..<(start + (document.textLength ?? 0))], as: UTF8.self)
    }

    /// The splitter's trimming of tag lines gives what Foundation's `.whitespaces` trimming gives,
    /// Unicode spaces and non-ASCII ends included.
    @Test(arguments: ["", " ", "\t \t", "<TYPE>8-K", "  <TYPE>\t8-K  \t", "\u{00A0}<TYPE>8-K\u{3000}", " \u{2003} x \u{202F}",
                      "x\u{0301} ", " \u{0301}x", "é ", "\r<TEXT>\r", " \u{FFFD} ", "a\u{00A0}b"])
    func trimsTagLinesLikeFoundation(line: String) {
        #expect(SubmissionSplitter.trimmingWhitespace(line[...]) == line.trimmingCharacters(in: .whitespaces))
    }

    @Test(.fixtures) func theTwoMegabyteOracleFilingFitsAfterDroppingBinaryAndXBRLDocuments() async throws {
        let bytes = try fixture("oracle-8k-2022-06-13.txt")
        let (payload, eventBytes) = try await ingest(bytes)
        #expect(eventBytes <= IngestProcessor.defaultMaxEventBytes)
        print("oracle-8k-2022-06-13: \(bytes.count) bytes in, event \(eventBytes) bytes, styles compacted: \(payload.stylesCompacted ?? false)")
        let documents = try #require(payload.documents)
        #expect(documents.count == 15)
        #expect(documents.filter { $0.omitted == nil }.map(\.type) == ["8-K", "EX-99.1"])
        #expect(Set(documents.compactMap(\.omitted)) == ["graphic", "xbrl", "data", "spreadsheet", "zip"])
        #expect(payload.stylesCompacted == true)
        let release = text(payload, documents[1])
        #expect(release.contains("<html>") && release.contains("Exhibit 99.1"))
        #expect(release.contains("text-align:right"))
        #expect(!release.contains("font-family:Calibri"))
        // The parse service reads `document`: still a submission with its header and the press release.
        let header = FilingParser.parseHeader(payload.document)
        #expect(header.accession == "0001564590-22-023099")
        #expect(header.form == "8-K")
        #expect(header.items.contains("2.02"))
        #expect(payload.format == "submission")
    }

    @Test(.fixtures) func aSubmissionWithoutBinaryDocumentsIsCarriedByteForByte() async throws {
        let bytes = try fixture("southern-8k-2005-01-25.txt")
        let (payload, _) = try await ingest(bytes)
        #expect(payload.document == String(decoding: bytes, as: UTF8.self))
        let documents = try #require(payload.documents)
        #expect(documents.count == 7)
        #expect(documents.allSatisfy { $0.omitted == nil })
        #expect(text(payload, documents[1]).contains("Southern Company"))
        #expect(payload.stylesCompacted == nil)

        let oracle = try await ingest(try fixture("oracle-8k-2014-06-19.txt"))
        #expect(oracle.0.documents?.compactMap(\.omitted) == ["graphic"])
        #expect(oracle.0.stylesCompacted == nil)
        #expect(oracle.1 <= IngestProcessor.defaultMaxEventBytes)
    }

    @Test func uuencodedDocumentsAreDroppedAndWindows1252TextIsDecoded() async throws {
        var submission = syntheticSubmission(accession: "0000012345-03-000001", cik: "12345", company: "UUE CORP", filed: "20030723",
                                       items: ["Results of Operations and Financial Condition"])
        submission = submission.replacingOccurrences(of: "</SEC-DOCUMENT>", with: """
            <DOCUMENT>
            <TYPE>EX-99.2
            <SEQUENCE>2
            <FILENAME>chart.gif.uu
            <TEXT>
            begin 644 chart.gif
            M1TE&.#EA`0`!`(```````/___R'Y!`$`````+``````!``$```("1`$`.P``
            `
            end
            </TEXT>
            </DOCUMENT>
            <DOCUMENT>
            <TYPE>EX-99.1
            <SEQUENCE>3
            <TEXT>
            Revenue grew QUOTE
            </TEXT>
            </DOCUMENT>
            </SEC-DOCUMENT>
            """)
        var bytes = Array(submission.utf8)
        // Windows-1252 curly quotes around "strongly".
        let marker = Array("QUOTE".utf8)
        let at = try #require(bytes.firstIndex(of: marker))
        bytes.replaceSubrange(at..<(at + marker.count), with: [0x93] + Array("strongly".utf8) + [0x94])
        let (payload, _) = try await ingest(bytes)
        let documents = try #require(payload.documents)
        #expect(documents.map(\.omitted) == [nil, "uuencoded", nil])
        #expect(!payload.document.contains("begin 644"))
        #expect(text(payload, documents[2]).contains("Revenue grew \u{201C}strongly\u{201D}"))
    }

    @Test(.fixtures) func aFilingWhoseEventWouldBeTooLargeIsRejectedNotTruncated() async throws {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let registry = PrometheusCollectorRegistry()
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger,
                                        maxEventBytes: 50_000, metrics: PrometheusMetricsFactory(registry: registry))
        do {
            _ = try await processor.submit(try fixture("asta-8k-2005-12-15.txt"), origin: FilingOrigin(source: "test"))
            Issue.record("accepted")
        } catch let rejection as IngestRejection {
            #expect(rejection.kind == .tooLarge)
            #expect(rejection.code == "event_too_large")
            #expect(rejection.reason.contains("INGEST_MAX_EVENT_BYTES") && rejection.reason.contains("not truncated"))
        }
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 0)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'rejected' AND accession = '0001125282-05-006555'") == 1)

        // Every skip is counted by reason.
        _ = try await processor.submit(try fixture("ptix-8k-2003-07-23.txt"), origin: FilingOrigin(source: "test"))
        _ = try await processor.submit(try fixture("ptix-8k-2003-07-23.txt"), origin: FilingOrigin(source: "test"))
        _ = try? await processor.submit([], origin: FilingOrigin(source: "http"))
        let metrics = registry.emitToString()
        #expect(metrics.contains(#"filings_ingest_skipped_total{reason="event_too_large",source="test"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"filings_ingest_skipped_total{reason="duplicate",source="test"} 1"#))
        #expect(metrics.contains(#"filings_ingest_skipped_total{reason="empty",source="http"} 1"#))
    }

    @Test(.fixtures) func detectsTheFormat() throws {
        let validator = FilingValidator()
        #expect(try validator.validate(try fixture("pericom-8k-2005-11-07.txt")).format == .submission)
        #expect(try validator.validate(try fixture("ptix-8k-2003-07-23.txt")).format == .text)
        let split = SubmissionSplitter.split(Array("<html><body><table><tr><td>x</td></tr></table></body></html>".utf8), isHTML: true)
        #expect(split.format == .html)
        #expect(split.documents.isEmpty && split.truncation == nil)
    }
}
