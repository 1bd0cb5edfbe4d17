import FilingsCore
import GRDB
import Foundation
import Hummingbird
import KafkaKit

/// The ingest service: `filings.submitted` and `POST /filings` in, `filings.ingested` out.
///
/// Service keys besides the common ones: `INGEST_MAX_FILING_BYTES` (default 5 MiB),
/// `INGEST_FORMS` (default `8-K,8-K/A`).
public enum IngestService {
    public static func migrations(_ migrator: inout DatabaseMigrator) { IngestStore.migrations(&migrator) }

    @discardableResult
    public static func build(_ runtime: ServiceRuntime) throws -> IngestProcessor {
        let settings = runtime.settings
        let forms = settings.environment["INGEST_FORMS"].map {
            Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
        } ?? FilingValidator.defaultForms
        let validator = FilingValidator(maxBytes: try settings.integer("INGEST_MAX_FILING_BYTES", default: FilingValidator.defaultMaxBytes),
                                        forms: forms)
        let processor = IngestProcessor(store: runtime.store, validator: validator, topics: settings.topics, logger: runtime.logger)
        let relay = runtime.relay
        try runtime.consume(settings.topics.submitted, stage: "ingest") { message in
            try await handleSubmitted(message, processor: processor)
            relay.wake()
        }
        addRoutes(to: runtime.router, processor: processor, maxBytes: validator.maxBytes, onAccepted: relay.wake)
        return processor
    }

    /// A record of `filings.submitted`: the value is the raw filing; optional headers
    /// `filename`, `content-type`, `source-url`. A rejected filing is a poison message (DLQ).
    static func handleSubmitted(_ message: KafkaMessage, processor: IngestProcessor) async throws {
        let origin = FilingOrigin(source: "topic", filename: message.headers.string("filename") ?? message.headers.string("source-url"),
                                  contentType: message.headers.string("content-type"))
        do {
            _ = try await processor.submit(message.value, origin: origin)
        } catch let rejection as IngestRejection {
            throw PoisonMessage("filing rejected: \(rejection)")
        }
    }

    /// `POST /filings`: the raw filing as the body (`Content-Type` text/plain or text/html, optional
    /// `X-Filename`). 202 with the filing id and whether it was a duplicate; 400, 413, 415, 422 with
    /// a JSON error body.
    public static func addRoutes(to router: Router<BasicRequestContext>, processor: IngestProcessor, maxBytes: Int,
                                 onAccepted: @escaping @Sendable () -> Void) {
        router.post("/filings") { request, context in
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
