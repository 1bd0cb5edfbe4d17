import FilingEvents
import FilingsCore
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IngestService
import KafkaKit
import Testing

/// Every ingest source (topic, HTTP, folder, EDGAR) feeds the same processor: one event per
/// filing whatever the source, and each bad input gets its documented outcome.
@Suite(.timeLimit(.minutes(3)))
struct IngestSourcesTests {
    static let accession = "0001275287-05-004474"
    static let cik = "1001426"
    static var path: String { "Archives/edgar/data/\(cik)/\(accession).txt" }

    func makeProcessor() throws -> (IngestProcessor, Store) {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        return (IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger), store)
    }

    func poller(_ baseURL: String, _ store: Store, _ processor: IngestProcessor) -> EDGARPoller {
        let client = EDGARClient(baseURL: baseURL, userAgent: testUserAgent, limiter: RateLimiter(perSecond: 10),
                                 backoff: Backoff(forbiddenInitial: .seconds(1), initial: .seconds(1), maximum: .seconds(1), attempts: 1),
                                 logger: quietLogger, sleep: RecordingSleep().sleep)
        return EDGARPoller(client: client, state: EDGARState(store: store),
                           configuration: .init(startDay: EDGARPollerTests.monday, useCurrentFeed: false), logger: quietLogger,
                           today: { EDGARPollerTests.monday }, sink: EDGARPoller.processorSink(processor, onAccepted: {}))
    }

    func topicMessage(_ bytes: [UInt8], filename: String) -> KafkaMessage {
        KafkaMessage(topic: "filings.submitted", partition: 0, offset: 0, key: nil, value: bytes,
                     headers: [KafkaHeader(name: "filename", string: filename)])
    }

    @Test(.fixtures) func theSameFilingThroughAllFourSourcesProducesOneEvent() async throws {
        let (processor, store) = try makeProcessor()
        let bytes = try fixture("pericom-8k-2005-11-07.txt")

        // 1. EDGAR
        let edgar = FakeEDGAR()
        edgar.serve(DailyIndex.path(for: EDGARPollerTests.monday), text: FakeEDGAR.dailyIndex([
            "\(Self.cik)|PERICOM SEMICONDUCTOR CORP|8-K|20051107|edgar/data/\(Self.cik)/\(Self.accession).txt",
        ]))
        edgar.serve(Self.path, bytes)
        let report = try await edgar.run { baseURL in try await poller(baseURL, store, processor).pollOnce() }
        #expect(report.outcomes == ["ingested": 1])

        // 2. the topic
        try await IngestService.handleSubmitted(topicMessage(bytes, filename: "pericom.txt"), processor: processor)
        // 3. HTTP
        let router = Router()
        IngestService.addRoutes(to: router, processor: processor, maxBytes: FilingValidator.defaultMaxBytes, onAccepted: {})
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/filings", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(bytes: bytes)) { response in
                #expect(response.status == .accepted)
                let result = try JSONDecoder().decode(IngestResult.self, from: Data(buffer: response.body))
                #expect(result.duplicate)
            }
        }
        // 4. the folder
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let watcher = FolderWatcher(directory: dir.path, processor: processor, settle: .zero, logger: quietLogger)
        try watcher.prepare()
        try Data(bytes).write(to: dir.appendingPathComponent("pericom.txt"))
        #expect(await watcher.scanOnce().duplicates == ["pericom.txt"])

        let messages = try await outboxMessages(store)
        try #require(messages.count == 1)
        let payload = try CloudEvent(message: messages[0]).decode(FilingIngested.self)
        #expect(payload.accession == Self.accession)
        #expect(payload.source == "edgar")
        #expect(messages[0].keyString == Self.cik)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings") == 1)
    }

    /// Empty, binary, truncated, 10 MB, wrong form, non-filing HTML.
    static func badInputs() throws -> [(name: String, bytes: [UInt8], http: HTTPResponse.Status, code: String)] {
        let filing = try fixture("pericom-8k-2005-11-07.txt")
        let text = String(decoding: filing, as: UTF8.self)
        let truncated = Array(filing.prefix(filing.count * 2 / 3))
        let tenQ = Array(text.replacingOccurrences(of: "CONFORMED SUBMISSION TYPE:\t8-K", with: "CONFORMED SUBMISSION TYPE:\t10-Q")
            .replacingOccurrences(of: "0001275287-05-004474", with: "0001275287-05-009999").utf8)
        var tenMB = Array(text.utf8)
        while tenMB.count < 10 * 1024 * 1024 { tenMB += Array(text.utf8) }
        let html = Array("<html><head><title>Welcome</title></head><body><h1>Our products</h1><table><tr><td>1</td></tr></table></body></html>".utf8)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52] + [UInt8](repeating: 0, count: 64)
        return [
            ("empty", [], .badRequest, "empty"),
            ("binary", png, .unsupportedMediaType, "binary"),
            ("truncated", truncated, .unprocessableContent, "truncated"),
            ("ten-mb", tenMB, .contentTooLarge, "too_large"),
            ("wrong-form", tenQ, .unprocessableContent, "form"),
            ("not-a-filing", html, .unprocessableContent, "not_a_filing"),
        ]
    }

    @Test(.fixtures) func badInputThroughEachSourceGetsItsOutcomeAndLosesNothingAccepted() async throws {
        let (processor, store) = try makeProcessor()
        // Accepted before the bad inputs arrive.
        let good = try fixture("horizon-8k-2006-01-19.txt")
        _ = try await processor.submit(good, origin: FilingOrigin(source: "test"))
        let inputs = try Self.badInputs()

        // The topic: each is a poison message (dead-letter topic) naming the reason.
        for input in inputs {
            await #expect(throws: PoisonMessage.self, "\(input.name)") {
                try await IngestService.handleSubmitted(topicMessage(input.bytes, filename: input.name), processor: processor)
            }
        }
        // HTTP: the documented status and a JSON error.
        let router = Router()
        IngestService.addRoutes(to: router, processor: processor, maxBytes: FilingValidator.defaultMaxBytes, onAccepted: {})
        try await Application(router: router).test(.router) { client in
            for input in inputs {
                try await client.execute(uri: "/filings", method: .post, body: ByteBuffer(bytes: input.bytes)) { response in
                    #expect(response.status == input.http, "\(input.name)")
                    let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                    #expect(!error.reason.isEmpty)
                }
            }
        }
        // The folder: each moves to rejected/ beside its reason.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let watcher = FolderWatcher(directory: dir.path, processor: processor, settle: .zero, logger: quietLogger)
        try watcher.prepare()
        for input in inputs { try Data(input.bytes).write(to: dir.appendingPathComponent(input.name + ".txt")) }
        let scan = await watcher.scanOnce()
        #expect(Set(scan.rejected) == Set(inputs.map { $0.name + ".txt" }))
        for input in inputs {
            let reason = try String(contentsOf: dir.appendingPathComponent("rejected/\(input.name).txt.reason"), encoding: .utf8)
            #expect(!reason.isEmpty, "\(input.name)")
        }
        // EDGAR: each listed as an 8-K; each is recorded with its outcome, none emitted.
        let edgar = FakeEDGAR()
        var lines: [String] = []
        for (n, input) in inputs.enumerated() {
            let accession = String(format: "0009999999-05-%06d", n + 1)
            lines.append("999\(n)|BAD \(input.name)|8-K|20051107|edgar/data/999\(n)/\(accession).txt")
            edgar.serve("Archives/edgar/data/999\(n)/\(accession).txt", input.bytes)
        }
        edgar.serve(DailyIndex.path(for: EDGARPollerTests.monday), text: FakeEDGAR.dailyIndex(lines))
        let report = try await edgar.run { baseURL in try await poller(baseURL, store, processor).pollOnce() }
        #expect(report.fetched == inputs.count - 1)  // the 10 MB one is refused while downloading
        #expect(report.outcomes["rejected"] == inputs.count - 1)
        #expect(report.outcomes["skipped"] == 1)  // the 10-Q
        #expect(try await count(store, "SELECT COUNT(*) FROM edgar_entries WHERE status IN ('rejected', 'skipped') AND reason IS NOT NULL") == inputs.count)

        // Nothing accepted was lost, nothing bad was emitted.
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'accepted'") == 1)
        #expect(try await outboxMessages(store).count == 1)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'skipped' AND form = '10-Q'") == 1)
    }

    @Test func rejectionReasonsAreSpecific() async throws {
        let (processor, _) = try makeProcessor()
        for input in try Self.badInputs() {
            do {
                _ = try await processor.submit(input.bytes, origin: FilingOrigin(source: "test"))
                Issue.record("\(input.name) was accepted")
            } catch let rejection as IngestRejection {
                #expect(rejection.code == input.code, "\(input.name): \(rejection)")
            }
        }
    }

    @Test(.fixtures) func nonEarningsEightKsAreSkippedAndLegacyItem9EarningsAreKept() async throws {
        let (processor, store) = try makeProcessor()
        let officers = syntheticSubmission(accession: "0001234567-05-000042", cik: "1234567", company: "OFFICERS INC")
        do {
            _ = try await processor.submit(Array(officers.utf8), origin: FilingOrigin(source: "test"))
            Issue.record("a non-earnings 8-K was accepted")
        } catch let rejection as IngestRejection {
            #expect(rejection.code == "items")
            #expect(rejection.reason.contains("5.02"))
        }
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'skipped' AND accession = '0001234567-05-000042'") == 1)
        // Pericom furnished its July 2003 results under Item 9 "intended to be furnished under Item 12".
        let legacy = try await processor.submit(try fixture("pericom-8k-2003-07-29.txt"), origin: FilingOrigin(source: "test"))
        #expect(!legacy.duplicate)
        // Every fixture is an earnings release and is accepted.
        for name in ["asta-8k-2004-02-11.txt", "asta-8k-2004-11-26.txt", "horizon-8k-2009-02-02.txt", "pericom-8k-2003-10-21.txt",
                     "pericom-8k-2006-08-16.txt", "pericom-8k-2007-04-26.txt", "ptix-8k-2003-07-23.txt", "southern-8k-2005-01-25.txt",
                     "oracle-8k-2014-06-19.txt", "oracle-8k-2022-06-13.txt"] {
            let result = try await processor.submit(try fixture(name), origin: FilingOrigin(source: "test"))
            #expect(!result.duplicate, "\(name)")
        }
    }
}
