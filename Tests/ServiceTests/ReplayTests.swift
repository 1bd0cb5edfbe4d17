import FilingEvents
import FilingParser
import FilingsCore
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
@testable import IngestService
import KafkaKit
@testable import MetricsService
import ParseService
import Testing

/// Raw filings kept by ingest, `POST /replay` and what parse and metrics do with a replay or a re-parse.
struct ReplayTests {
    static let samples = PipelineHandlerTests.samples

    func makeIngest() throws -> (IngestProcessor, Store) {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        return (IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger), store)
    }

    @Test func acceptedFilingBytesAreKeptCompressedOnceAndReadBackExactly() async throws {
        let (processor, store) = try makeIngest()
        var hashes: [String] = []
        for name in Self.samples {
            let bytes = try fixture(name)
            _ = try await processor.submit(bytes, origin: FilingOrigin(source: "test"))
            _ = try await processor.submit(bytes, origin: FilingOrigin(source: "test", filename: "again"))  // duplicate
            hashes.append(sha256Hex(bytes))
            let kept = try #require(try await store.writer.read { db in try RawFilings.read(db, sha256: sha256Hex(bytes)) })
            #expect(kept.bytes == bytes)
            #expect(kept.contentType == "text/plain")
        }
        let totals = try await store.writer.read { db in try RawFilings.totals(db) }
        #expect(totals.count == 3)
        #expect(totals.storedBytes * 2 < totals.rawBytes, "compression should at least halve plain-text filings: \(totals)")
        // A rejected filing is not kept.
        _ = try? await processor.submit(Array("not a filing".utf8), origin: FilingOrigin(source: "test"))
        #expect(try await count(store, "SELECT COUNT(*) FROM raw_filings") == 3)
        // A damaged copy is an error, never other bytes.
        let damaged = hashes[0]
        try await store.writer.write { db in
            try db.execute(sql: "UPDATE raw_filings SET compressed = ? WHERE sha256 = ?",
                           arguments: [Data(try RawFilings.compress(Array("other bytes".utf8))), damaged])
            try db.execute(sql: "UPDATE raw_filings SET size_bytes = 11 WHERE sha256 = ?", arguments: [damaged])
        }
        await #expect(throws: RawFilingError.self) { try await store.writer.read { db in try RawFilings.read(db, sha256: damaged) } }
    }

    /// Rows kept before `ingest-v4-raw-codec` are deflated with zlib and have no codec: they
    /// still read back exactly and replay, beside the Zstandard rows kept now.
    @Test func rawFilingsKeptDeflatedBeforeStillReadAndReplay() async throws {
        let (processor, store) = try makeIngest()
        var kept: [(sha256: String, bytes: [UInt8])] = []
        for name in Self.samples {
            let bytes = try fixture(name)
            _ = try await processor.submit(bytes, origin: FilingOrigin(source: "test"))
            kept.append((sha256Hex(bytes), bytes))
        }
        #expect(try await count(store, "SELECT COUNT(*) FROM raw_filings WHERE codec = 'zstd'") == 3)
        let old = kept[0]
        try await store.writer.write { db in
            try db.execute(sql: "UPDATE raw_filings SET compressed = ?, codec = NULL WHERE sha256 = ?",
                           arguments: [Data(try RawFilings.deflate(old.bytes)), old.sha256])
        }
        for (sha256, bytes) in kept {
            let read = try #require(try await store.writer.read { db in try RawFilings.read(db, sha256: sha256) })
            #expect(read.bytes == bytes)
        }
        try await store.writer.write { db in _ = try db.execute(sql: "DELETE FROM outbox") }
        let filingID = try #require(try await store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT filing_id FROM filings WHERE sha256 = ?", arguments: [old.sha256])
        })
        let result = try await processor.replay(ReplayRequest(filings: [filingID]), requestID: "old-row")
        #expect(result.replayed == [filingID])
        let event = try CloudEvent(message: try #require(try await outboxMessages(store).first)).decode(FilingIngested.self)
        #expect(event.sha256 == old.sha256 && event.sizeBytes == old.bytes.count)
        // An unknown codec is an error, never other bytes.
        try await store.writer.write { db in try db.execute(sql: "UPDATE raw_filings SET codec = 'lzma' WHERE sha256 = ?", arguments: [old.sha256]) }
        await #expect(throws: RawFilingError.self) { try await store.writer.read { db in try RawFilings.read(db, sha256: old.sha256) } }
    }

    @Test func replayRebuildsTheIngestedEventMarkedWithANewIDPerRequest() async throws {
        let (processor, store) = try makeIngest()
        for name in Self.samples { _ = try await processor.submit(try fixture(name), origin: FilingOrigin(source: "test")) }
        let originals = try await outboxMessages(store).map { try CloudEvent(message: $0) }
        try await store.writer.write { db in _ = try db.execute(sql: "DELETE FROM outbox") }
        let first = try originals[0].decode(FilingIngested.self)
        #expect(first.accession == nil && first.filedDate == nil, "the samples are bare press releases: no SEC header")

        let one = try await processor.replay(ReplayRequest(filings: [first.filingID, "0000000000-99-999999"]), requestID: "r1")
        #expect(one.replayed == [first.filingID])
        #expect(one.notReplayed == [.init(filingID: "0000000000-99-999999", reason: "not a filing ingest accepted")])
        let again = try await processor.replay(ReplayRequest(filings: [first.filingID], stage: .parse), requestID: "r2")
        #expect(again.replayed == [first.filingID])
        let events = try await outboxMessages(store).map { try CloudEvent(message: $0) }
        try #require(events.count == 2)
        #expect(Set([originals[0].id, events[0].id, events[1].id]).count == 3, "each replay request is a new event id")
        let replayed = try events[0].decode(FilingIngested.self)
        #expect(replayed.replay == .init(request: "r1", stage: .ingest))
        #expect(try events[1].decode(FilingIngested.self).replay == .init(request: "r2", stage: .parse))
        var unmarked = replayed
        unmarked.replay = nil
        #expect(unmarked == first, "the rebuilt event is the original one plus the marker")

        // By company, and by date: without a filing date (no SEC header) the day ingest accepted them (today, UTC).
        #expect(try await processor.replay(ReplayRequest(company: "file-0-27460")).replayed.count == 3)
        let today = String(JSONCoding.rfc3339.format(Date()).prefix(10))
        #expect(try await processor.replay(ReplayRequest(from: today, to: today)).replayed.count == 3)
        #expect(try await processor.replay(ReplayRequest(from: "2003-07-01", to: "2003-07-31")).replayed.isEmpty)

        // A filing accepted before raw filings were kept is reported, not replayed.
        try await store.writer.write { db in _ = try db.execute(sql: "DELETE FROM raw_filings WHERE sha256 = ?", arguments: [first.sha256]) }
        let missing = try await processor.replay(ReplayRequest(filings: [first.filingID]))
        #expect(missing.replayed.isEmpty)
        #expect(missing.notReplayed.first?.reason.contains("no raw copy") == true)
        let accepted = try await processor.accepted(since: nil, until: nil, limit: 2)
        #expect(accepted.filings.count == 2 && accepted.truncated)
        #expect(accepted.filings.first { $0.filingID == first.filingID }?.rawKept == false)
    }

    @Test(arguments: [
        (ReplayRequest(), "say which filings"),
        (ReplayRequest(from: "2003-01-01"), "needs both from and to"),
        (ReplayRequest(from: "2003-13-01", to: "2003-12-31"), "from must be a date yyyy-MM-dd; got '2003-13-01'"),
        (ReplayRequest(from: "2003-02-01", to: "2003-02-30"), "to must be a date"),
        (ReplayRequest(from: "2004-01-01", to: "2003-12-31"), "from (2004-01-01) is after to (2003-12-31)"),
        (ReplayRequest(company: "320193", filings: ["a"]), "give only one of"),
        (ReplayRequest(company: " "), "the company is empty"),
        (ReplayRequest(filings: []), "at least one filing id"),
    ])
    func badReplayRequestsSayWhatIsWrong(request: ReplayRequest, message: String) {
        #expect(throws: ReplayRequestError.self) { try request.validate() }
        do { try request.validate() } catch { #expect(error.description.contains(message), "\(error.description)") }
    }

    @Test func replayAndAcceptedRoutesAnswerAndRefuseBadInput() async throws {
        let (processor, _) = try makeIngest()
        _ = try await processor.submit(try fixture(Self.samples[0]), origin: FilingOrigin(source: "test"))
        let router = Router()
        IngestService.addReplayRoutes(to: router, processor: processor, onQueued: {})
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/replay", method: .post, body: ByteBuffer(string: #"{"stage":"ingest"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("say which filings"))
            }
            try await client.execute(uri: "/replay", method: .post, body: ByteBuffer(string: #"{"company":"file-0-27460","stage":"reparse"}"#)) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/replay", method: .post, body: ByteBuffer(string: #"{"company":"0","filings":null,"stage":"parse"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("filings is null"))
            }
            try await client.execute(uri: "/replay", method: .post, body: ByteBuffer(string: #"{"from":"2004-01-01","to":"2003-01-01","stage":"parse"}"#)) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/replay", method: .post, body: ByteBuffer(string: #"{"company":"file-0-27460","stage":"parse"}"#)) { response in
                #expect(response.status == .accepted)
                let result = try JSONCoding.decoder.decode(ReplayResult.self, from: Data(buffer: response.body))
                #expect(result.replayed.count == 1 && result.stage == .parse)
            }
            try await client.execute(uri: "/filings/accepted?since=yesterday", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/filings/accepted?since=2003-01-01", method: .get) { response in
                #expect(response.status == .ok)
                let list = try JSONCoding.decoder.decode(AcceptedList.self, from: Data(buffer: response.body))
                #expect(list.filings.count == 1 && list.filings[0].rawKept && !list.truncated)
            }
        }
    }

    /// A replayed `filings.ingested` event for `message` (an original ingest event).
    func replayed(_ message: KafkaMessage, request: String, stage: FilingIngested.Replay.Stage) throws -> KafkaMessage {
        let original = try CloudEvent(message: message)
        var payload = try original.decode(FilingIngested.self)
        payload.replay = .init(request: request, stage: stage)
        let event = try CloudEvent(id: "replay-\(request)", source: original.source, type: original.type, subject: original.subject,
                                   payload: payload)
        return KafkaMessage(topic: message.topic, partition: 0, offset: 0, key: message.key, value: event.data, headers: event.headers)
    }

    @Test func parseReparsesAReplayWithItsVersionOrReemitsTheStoredResult() async throws {
        let input = try await PipelineHandlerTests().ingested([Self.samples[0]])[0]
        let store = try Store.inMemory(migrations: ParseService.migrations)
        try await ParseHandler(store: store, topics: Topics(), logger: quietLogger).handle(input)
        // Stage ingest, same parser: the same event again (metrics drops it); a newer parser: a new event.
        try await ParseHandler(store: store, topics: Topics(), logger: quietLogger).handle(try replayed(input, request: "a", stage: .ingest))
        let newer = ParseHandler(store: store, topics: Topics(), logger: quietLogger, parserVersion: "99.0")
        try await newer.handle(try replayed(input, request: "b", stage: .ingest))
        // Stage parse: the stored result (now the 99.0 one) as it was, not parsed again.
        try await ParseHandler(store: store, topics: Topics(), logger: quietLogger).handle(try replayed(input, request: "c", stage: .parse))
        let out = try await outboxMessages(store).map { try CloudEvent(message: $0) }
        try #require(out.count == 4)
        let versions = try out.map { try $0.decode(FilingParsed.self).parserVersion }
        #expect(versions == [ParserVersion.current, ParserVersion.current, "99.0", "99.0"])
        #expect(out[0].id == out[1].id && out[1].id != out[2].id && out[2].id == out[3].id)
        #expect(out[2].data == out[3].data)
        #expect(try out[2].decode(FilingParsed.self).facts == out[0].decode(FilingParsed.self).facts)
    }

    @Test func sinceTakesAnRFC3339TimeOrADay() {
        let day = Date(timeIntervalSince1970: 1_058_918_400)  // 2003-07-23T00:00:00Z: 12,256 days after 1970-01-01
        #expect(QueryRule.parseInstant("2003-07-23") == day)
        #expect(QueryRule.parseInstant("2003-07-23t00:00:00z") == day)
        #expect(QueryRule.parseInstant("2003-07-23T01:02:03.5+01:00") == day.addingTimeInterval(123.5))
        #expect(QueryRule.parseInstant("2003-07-22T23:00:00.000000001-01:00")?.timeIntervalSince(day).rounded() == 0)
        for bad in ["yesterday", "2003-07-23T00:00:00", "2003-07-23T24:00:00Z", "2003-07-23T00:00Z", "2003-02-29", "2003-07-23T00:00:00+1:00"] {
            #expect(QueryRule.parseInstant(bad) == nil, "\(bad)")
        }
    }

    @Test func parserVersionsCompareNumberByNumber() {
        #expect(ParserVersion.isOlder("1.9.0", than: "1.10.0"))
        #expect(!ParserVersion.isOlder("1.10", than: "1.9.9"))
        #expect(!ParserVersion.isOlder("1.0", than: "1.0.0") && !ParserVersion.isOlder("1.0.0", than: "1.0"))
        #expect(ParserVersion.isOlder(nil, than: "0.1") && !ParserVersion.isOlder("0.1", than: nil))
        #expect(ParserVersion.isOlder("1.0.0-rc1", than: "1.0.0-rc2"))
    }

    /// `filings.parsed` for `parsed` with `version`, a new event id per version.
    func parsedMessage(_ parsed: FilingParsed) throws -> KafkaMessage {
        let event = try CloudEvent(id: ParseHandler.parsedEventID(filingID: parsed.filingID, parserVersion: parsed.parserVersion),
                                   source: EventSources.parse, type: EventTypes.filingParsed, subject: parsed.filingID, payload: parsed)
        return KafkaMessage(topic: "filings.parsed", partition: 0, offset: 0, key: Array(parsed.companyKey.utf8), value: event.data,
                            headers: event.headers)
    }

    @Test func metricsReplacesAFilingsFactsWithANewerParseAndEmitsOnlyChangedPeriods() async throws {
        let parsed = try await PipelineHandlerTests().parsed(Self.samples).map { try CloudEvent(message: $0).decode(FilingParsed.self) }
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        for p in parsed { try await handler.handle(try parsedMessage(p)) }
        let settled = try await count(store, "SELECT COUNT(*) FROM outbox")

        // A newer parser reads the July filing's Q2 2003 revenue differently (hypothetical 12,000,000).
        var changed = parsed[0]
        changed.parserVersion = "2.0.0"
        for i in changed.facts.indices where changed.facts[i].concept == "Revenues" && changed.facts[i].period.end == "2003-06-30"
            && changed.facts[i].period.start == "2003-04-01" {
            changed.facts[i].value = 12_000_000
        }
        try await handler.handle(try parsedMessage(changed))
        let updates = try await outboxMessages(store).dropFirst(settled).map { try CloudEvent(message: $0).decode(MetricsComputed.self) }
        #expect(updates.allSatisfy { $0.kind == .update }, "a re-parse is no new filing: \(updates.map(\.kind))")
        let q2 = try #require(updates.first { $0.period?.end == "2003-06-30" })
        #expect(q2.value("revenue") == 12_000_000)
        #expect(q2.restatements.isEmpty, "the filing's own earlier parse is not a restatement")
        // Q3's sequential growth reads Q2's revenue; Q4 (2003-12-31) reads neither.
        #expect(Set(updates.compactMap { $0.period?.end }) == ["2003-06-30", "2003-09-30"])
        #expect(try await count(store, "SELECT COUNT(*) FROM metric_facts WHERE filing_id = '\(parsed[0].filingID)' AND value = 12000000") >= 1)
        #expect(try await count(store, "SELECT COUNT(*) FROM metric_facts WHERE filing_id = '\(parsed[0].filingID)' AND value = 12636000 AND period_start = '2003-04-01'") == 0)

        // The same values from a still newer parser: stored, nothing emitted.
        let afterChange = try await count(store, "SELECT COUNT(*) FROM outbox")
        changed.parserVersion = "2.1.0"
        try await handler.handle(try parsedMessage(changed))
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == afterChange)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE parser_version = '2.1.0'") == 1)
        // An older parse arriving late is ignored: the metrics keep the newer values.
        try await handler.handle(try parsedMessage(parsed[0]))
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == afterChange)
        let revenue = try #require(try await MetricsQueries(store: store).metrics(company: "file-0-27460", name: "revenue", from: "2003-06-30", to: "2003-06-30"))
        #expect(revenue.metrics.first { $0.period.start == "2003-04-01" }?.value == 12_000_000)
        let processed = try await MetricsQueries(store: store).processed(since: nil, limit: 10)
        #expect(processed.filings.count == 3 && !processed.truncated)
        #expect(processed.filings.first { $0.filingID == parsed[0].filingID }?.parserVersion == "2.1.0")
    }

    @Test func reconcileListsAcceptedFilingsMetricsNeverProcessedOnceOldEnough() {
        let now = Date()
        func filing(_ id: String, _ age: Double) -> AcceptedFiling {
            AcceptedFiling(filingID: id, accession: id, companyKey: "c", cik: nil, company: nil, form: "8-K", filedDate: nil,
                           acceptedAt: now.addingTimeInterval(-age), sha256: id, sizeBytes: 1, rawKept: true)
        }
        let accepted = [filing("a", 600), filing("b", 600), filing("c", 5)]
        #expect(Reconciliation.missing(accepted, processedIDs: ["a"], acceptedBefore: now.addingTimeInterval(-60)).map(\.filingID) == ["b"])
        #expect(Reconciliation.missing(accepted, processedIDs: ["a"], acceptedBefore: now).map(\.filingID) == ["b", "c"])
    }
}
