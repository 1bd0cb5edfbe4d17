import FilingsCore
import GRDB
import Foundation
import Hummingbird
import KafkaKit
import Logging

/// The ingest service: `filings.submitted`, `POST /filings`, a watched folder and the EDGAR poller
/// in, `filings.ingested` out. Its keys are listed on `IngestConfiguration`.
public enum IngestService {
    public static func migrations(_ migrator: inout DatabaseMigrator) { IngestStore.migrations(&migrator) }

    @discardableResult
    public static func build(_ runtime: ServiceRuntime) throws -> IngestProcessor {
        let settings = runtime.settings
        let configuration = try IngestConfiguration(settings)
        let validator = FilingValidator(maxBytes: configuration.maxFilingBytes, forms: configuration.forms, items: configuration.items)
        let processor = IngestProcessor(store: runtime.store, validator: validator, topics: settings.topics, logger: runtime.logger,
                                        maxEventBytes: configuration.maxEventBytes)
        let relay = runtime.relay
        // One store transaction per batch of records: the loop stores the batch's offsets only
        // after its commit returned.
        let batch = PendingBatch<PreparedIngest>()
        try runtime.consume(settings.topics.submitted, stage: "ingest", afterBatch: { _ in
            try await batch.commit { _ = try await processor.commit($0) }
            relay.wake()
            return nil
        }) { message in
            try await handleSubmitted(message, processor: processor, batch: batch)
        }
        let auth = BearerAuth(settings, setting: "INGEST_API_TOKEN", whenUnset: .open)
        addRoutes(to: runtime.router, processor: processor, maxBytes: validator.maxBytes, auth: auth, onAccepted: relay.wake)
        addReplayRoutes(to: runtime.router, processor: processor, auth: auth, onQueued: relay.wake)
        OpenAPIRoute.add(to: runtime.router, document: IngestAPIDocument.yaml)
        if let directory = configuration.watchDirectory {
            let watcher = FolderWatcher(directory: directory, processor: processor, interval: configuration.watchInterval,
                                        logger: runtime.logger.child("folder"), onAccepted: relay.wake)
            try watcher.prepare()
            runtime.addService(watcher)
        }
        if let edgar = configuration.edgar {
            runtime.addService(makePoller(edgar, configuration: configuration, processor: processor, store: runtime.store,
                                          logger: runtime.logger.child("edgar"), onAccepted: relay.wake))
        }
        return processor
    }

    /// The EDGAR poller over the ingest processor, its cursor in the service's store.
    public static func makePoller(_ edgar: EDGARSettings, configuration: IngestConfiguration, processor: IngestProcessor,
                                  store: Store, logger: Logger, onAccepted: @escaping @Sendable () -> Void) -> EDGARPoller {
        let client = EDGARClient(baseURL: edgar.baseURL, userAgent: edgar.userAgent,
                                 limiter: RateLimiter(perSecond: edgar.requestsPerSecond), logger: logger)
        let pollerConfiguration = EDGARPoller.Configuration(
            forms: configuration.forms, items: configuration.items, pollInterval: edgar.pollInterval,
            startDay: edgar.startDay, maxFilingBytes: configuration.maxFilingBytes)
        return EDGARPoller(client: client, state: EDGARState(store: store), configuration: pollerConfiguration, logger: logger,
                           sink: EDGARPoller.processorSink(processor, onAccepted: onAccepted))
    }

    /// A record of `filings.submitted`: the value is the raw filing; optional headers
    /// `filename`, `content-type`, `source-url`. A rejected filing is a poison message (DLQ). An
    /// accepted one is added to `batch` (recorded by the loop's after-batch step), or without a
    /// batch recorded at once.
    static func handleSubmitted(_ message: KafkaMessage, processor: IngestProcessor, batch: PendingBatch<PreparedIngest>? = nil) async throws {
        let origin = FilingOrigin(source: "topic", filename: message.headers.string("filename") ?? message.headers.string("source-url"),
                                  contentType: message.headers.string("content-type"))
        do {
            guard case .new(let filing) = try await processor.prepare(message.value, origin: origin) else { return }
            if let batch { batch.add(filing) } else { _ = try await processor.commit([filing]) }
        } catch let rejection as IngestRejection {
            throw PoisonMessage("filing rejected: \(rejection)")
        }
    }

    /// `POST /filings`: the raw filing as the body (`Content-Type` text/plain or text/html, optional
    /// `X-Filename`). 202 with the filing id and whether it was a duplicate; 400, 413, 415, 422 with
    /// a JSON error body.
    /// `POST /filings`, behind `auth` (`INGEST_API_TOKEN`; open when unset).
    public static func addRoutes(to router: Router<BasicRequestContext>, processor: IngestProcessor, maxBytes: Int,
                                 auth: BearerAuth = BearerAuth(token: nil, setting: "INGEST_API_TOKEN", whenUnset: .open),
                                 onAccepted: @escaping @Sendable () -> Void) {
        router.post("/filings") { request, context in
            if let denied = auth.deny(request) { return denied }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maxBytes)
            } catch {
                return errorResponse(.contentTooLarge, IngestRejection.Kind.tooLarge.rawValue,
                                     "the body exceeds the limit of \(maxBytes) bytes (INGEST_MAX_FILING_BYTES)")
            }
            let origin = FilingOrigin(source: "http", filename: request.headers[.init("X-Filename")!],
                                      contentType: request.headers[.contentType])
            do {
                let result = try await processor.submit(Array(buffer: body), origin: origin)
                onAccepted()
                return try jsonResponse(result, status: .accepted)
            } catch let rejection as IngestRejection {
                return errorResponse(rejection.kind.httpStatus, rejection.kind.rawValue, rejection.reason)
            }
        }
    }
}

extension IngestService {
    /// `GET /filings/accepted?since=&until=&limit=` (what `filings reconcile` compares) and
    /// `POST /replay` (a `ReplayRequest` as JSON; 202 with a `ReplayResult`), behind `auth`.
    public static func addReplayRoutes(to router: Router<BasicRequestContext>, processor: IngestProcessor,
                                       auth: BearerAuth = BearerAuth(token: nil, setting: "INGEST_API_TOKEN", whenUnset: .open),
                                       onQueued: @escaping @Sendable () -> Void) {
        router.get("/filings/accepted") { request, _ in
            if let denied = auth.deny(request) { return denied }
            let q = request.uri.queryParameters
            let since = try QueryRule.instant("since", q["since"]), until = try QueryRule.instant("until", q["until"])
            let limit = try QueryRule.integer("limit", q["limit"], in: 1...100_000) ?? 10_000
            return try jsonResponse(try await processor.accepted(since: since, until: until, limit: limit))
        }
        router.post("/replay") { request, _ in
            if let denied = auth.deny(request) { return denied }
            let body = try await request.body.collect(upTo: 1 << 20)
            let replay: ReplayRequest
            do {
                replay = try JSONCoding.decoder.decode(ReplayRequest.self, from: Data(buffer: body))
                try replay.validate()
            } catch let error as ReplayRequestError {
                return errorResponse(error.inconsistent ? .unprocessableContent : .badRequest, "invalid_replay", error.description)
            } catch {
                return errorResponse(.badRequest, "invalid_replay",
                                     "the body must be JSON {from, to | company | filings, stage: ingest|parse}: \(error)")
            }
            let result = try await processor.replay(replay)
            onQueued()
            return try jsonResponse(result, status: .accepted)
        }
    }
}

extension IngestRejection.Kind {
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .unreadable: .badRequest
        case .tooLarge: .contentTooLarge
        case .unsupportedContent: .unsupportedMediaType
        case .notAcceptedFiling: .unprocessableContent
        }
    }
}
