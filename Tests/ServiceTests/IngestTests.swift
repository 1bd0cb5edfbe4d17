import FilingEvents
import FilingsCore
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IngestService
import Prometheus
import Testing

struct IngestTests {
    func makeProcessor(maxBytes: Int = FilingValidator.defaultMaxBytes) throws -> (IngestProcessor, Store) {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        return (IngestProcessor(store: store, validator: FilingValidator(maxBytes: maxBytes), topics: Topics(), logger: quietLogger), store)
    }

    @Test func acceptedFilingIsRecordedAndEmittedOnceKeyedByCompany() async throws {
        let (processor, store) = try makeProcessor()
        let bytes = try fixture("ptix-8k-2003-07-23.txt")
        let first = try await processor.submit(bytes, origin: FilingOrigin(source: "test", filename: "a.txt"))
        #expect(!first.duplicate)
        #expect(first.companyKey == "file-0-27460")
        let again = try await processor.submit(bytes, origin: FilingOrigin(source: "test", filename: "copy.txt"))
        #expect(again.duplicate)
        #expect(again.filingID == first.filingID)

        let messages = try await outboxMessages(store)
        try #require(messages.count == 1)
        let event = try CloudEvent(message: messages[0])
        #expect(messages[0].topic == "filings.ingested")
        #expect(messages[0].keyString == "file-0-27460")
        #expect(event.type == "filings.ingested.v1")
        let payload = try event.decode(FilingIngested.self)
        #expect(payload.document.utf8.count == bytes.count)
        #expect(payload.sha256.count == 64)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'accepted'") == 1)
    }

    @Test(.fixtures) func sameAccessionWithDifferentBytesIsADuplicate() async throws {
        let (processor, store) = try makeProcessor()
        let bytes = try fixture("pericom-8k-2003-10-21.txt")
        _ = try await processor.submit(bytes, origin: FilingOrigin(source: "test"))
        let altered = bytes + Array("\n".utf8)
        let second = try await processor.submit(altered, origin: FilingOrigin(source: "test"))
        #expect(second.duplicate)
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 1)
    }

    /// A filing skipped under other settings (here: 8-K not among the accepted forms) is accepted
    /// when submitted again with settings that take it: its skipped row is replaced, the event emitted.
    @Test func aFilingSkippedBeforeIsAcceptedUnderNewSettings() async throws {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let bytes = try fixture("ptix-8k-2003-07-23.txt")
        let skipping = IngestProcessor(store: store, validator: FilingValidator(forms: ["10-K"]), topics: Topics(), logger: quietLogger)
        await #expect(throws: IngestRejection.self) { _ = try await skipping.submit(bytes, origin: FilingOrigin(source: "test")) }
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'skipped'") == 1)

        let accepting = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
        #expect(try await !accepting.submit(bytes, origin: FilingOrigin(source: "test")).duplicate)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings") == 1)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'accepted'") == 1)
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 1)
        #expect(try await accepting.submit(bytes, origin: FilingOrigin(source: "test")).duplicate)
    }

    @Test(arguments: [
        ([UInt8](), IngestRejection.Kind.unreadable),
        (Array("   \n\n ".utf8), .unreadable),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], .unsupportedContent),
        (Array("Dear shareholder, this is a letter.".utf8), .notAcceptedFiling),
    ])
    func badInputIsRejectedWithItsReasonAndRecorded(input: [UInt8], kind: IngestRejection.Kind) async throws {
        let (processor, store) = try makeProcessor()
        await #expect(throws: IngestRejection.self) {
            do { _ = try await processor.submit(input, origin: FilingOrigin(source: "test")) } catch let error as IngestRejection {
                #expect(error.kind == kind, "\(error)")
                throw error
            }
        }
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 0)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'rejected'") == 1)
    }

    @Test func httpStatusesFollowTheRejectionKind() async throws {
        let (processor, _) = try makeProcessor(maxBytes: 100_000)
        let router = Router()
        IngestService.addRoutes(to: router, processor: processor, maxBytes: 100_000, onAccepted: {})
        let app = Application(router: router)
        let filing = try fixture("ptix-8k-2003-10-23.txt")
        try await app.test(.router) { client in
            try await client.execute(uri: "/filings", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(bytes: filing)) { response in
                #expect(response.status == .accepted)
                let result = try JSONDecoder().decode(IngestResult.self, from: Data(buffer: response.body))
                #expect(!result.duplicate)
            }
            try await client.execute(uri: "/filings", method: .post, body: ByteBuffer(bytes: filing)) { response in
                #expect(response.status == .accepted)
                let result = try JSONDecoder().decode(IngestResult.self, from: Data(buffer: response.body))
                #expect(result.duplicate)
            }
            let cases: [(HTTPFields, [UInt8], HTTPResponse.Status, String)] = [
                ([:], [], .badRequest, "unreadable"),
                ([:], [UInt8](repeating: 65, count: 100_001), .contentTooLarge, "too_large"),
                ([.contentType: "application/pdf"], Array("%PDF-1.4".utf8), .unsupportedMediaType, "unsupported_content"),
                ([:], Array("hello, world".utf8), .unprocessableContent, "not_accepted_filing"),
            ]
            for (headers, body, status, code) in cases {
                try await client.execute(uri: "/filings", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == status)
                    let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                    #expect(error.error == code)
                    #expect(!error.reason.isEmpty)
                }
            }
        }
    }

    /// With INGEST_API_TOKEN set, POST /filings needs it; a rejected POST is counted in
    /// `filings_ingest_skipped_total{source="http"}` and leaves no row in the store.
    @Test func postFilingsTokenAndRejectionsCountedNotStored() async throws {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let registry = PrometheusCollectorRegistry()
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger,
                                        metrics: PrometheusMetricsFactory(registry: registry))
        let router = Router()
        IngestService.addRoutes(to: router, processor: processor, maxBytes: 100_000,
                                auth: BearerAuth(token: "s3cret", setting: "INGEST_API_TOKEN", whenUnset: .open), onAccepted: {})
        let filing = try fixture("ptix-8k-2003-10-23.txt")
        try await Application(router: router).test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "s3cret"]] {
                let response = try await client.execute(uri: "/filings", method: .post, headers: headers, body: ByteBuffer(bytes: filing))
                #expect(response.status == .unauthorized, "\(headers)")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            let auth: HTTPFields = [.authorization: "Bearer s3cret"]
            let status1 = try await client.execute(uri: "/filings", method: .post, headers: auth, body: ByteBuffer(bytes: filing)).status

            #expect(status1 == .accepted)
            for i in 0..<3 {
                let junk = ByteBuffer(string: "hello, world \(i)")
                let status2 = try await client.execute(uri: "/filings", method: .post, headers: auth, body: junk).status

                #expect(status2 == .unprocessableContent)
            }
        }
        #expect(try await count(store, "SELECT COUNT(*) FROM filings") == 1, "only the accepted filing is stored")
        let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("filings_ingest_skipped_total") && $0.contains(#"source="http""#) }
        #expect(line?.hasSuffix(" 3") == true, "\(text)")

        // Unset: open, as before.
        let open = Router()
        IngestService.addRoutes(to: open, processor: processor, maxBytes: 100_000, onAccepted: {})
        try await Application(router: open).test(.router) { client in
            let status3 = try await client.execute(uri: "/filings", method: .post, body: ByteBuffer(bytes: filing)).status

            #expect(status3 == .accepted)
        }
    }
}
