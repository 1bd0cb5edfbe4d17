import FilingEvents
import FilingParser
import FilingsCore
import Foundation
import GRDB
import Logging
import Metrics

/// The outcome of submitting one filing.
public struct IngestResult: Codable, Sendable, Equatable {
    public var filingID: String
    /// True when the same accession number or content was accepted before (nothing emitted).
    public var duplicate: Bool
    public var accession: String?
    public var companyKey: String

    enum CodingKeys: String, CodingKey {
        case filingID = "filing_id", duplicate, accession, companyKey = "company_key"
    }
}

/// Where a filing came from, as recorded and emitted.
public struct FilingOrigin: Sendable {
    public var source: String
    public var filename: String?
    public var contentType: String?

    public init(source: String, filename: String? = nil, contentType: String? = nil) {
        self.source = source
        self.filename = filename
        self.contentType = contentType
    }
}

/// Validates, de-duplicates, records and emits filings; the one path every ingest source uses.
public struct IngestProcessor: Sendable {
    let store: Store
    let validator: FilingValidator
    let topics: Topics
    let logger: Logger
    /// Largest `filings.ingested` data accepted, in bytes (`INGEST_MAX_EVENT_BYTES`).
    let maxEventBytes: Int
    let skips: SkipCounter

    /// Under librdkafka's default `message.max.bytes` (1,000,000, key and headers included) with
    /// room for the key and the CloudEvent headers.
    public static let defaultMaxEventBytes = 990_000

    public init(store: Store, validator: FilingValidator, topics: Topics, logger: Logger,
                maxEventBytes: Int = IngestProcessor.defaultMaxEventBytes, metrics: (any MetricsFactory)? = nil) {
        self.store = store
        self.validator = validator
        self.topics = topics
        self.logger = logger
        self.maxEventBytes = maxEventBytes
        skips = SkipCounter(factory: metrics)
    }

    /// Accepts `bytes` or throws `IngestRejection`. A rejection is recorded too (once per content)
    /// and counted by reason. An accepted filing and its `filings.ingested` event are committed in
    /// one transaction.
    public func submit(_ bytes: [UInt8], origin: FilingOrigin) async throws -> IngestResult {
        switch try await prepare(bytes, origin: origin) {
        case .known(let result): return result
        case .new(let filing): return try await commit([filing])[0]
        }
    }

    /// A filing checked and its event built (`prepare`), or the answer for one accepted before.
    public enum Prepared: Sendable {
        case known(IngestResult)
        case new(PreparedIngest)
    }

    /// Validates `bytes` and builds their event, writing nothing but a rejection (which it throws);
    /// `commit` records what it returns.
    public func prepare(_ bytes: [UInt8], origin: FilingOrigin) async throws -> Prepared {
        let filing: ValidatedFiling
        do {
            filing = try validator.validate(bytes, declaredContentType: origin.contentType)
        } catch {
            try await recordRejection(bytes, origin: origin, rejection: error, header: error.isPolicySkip ? FilingParser.parseHeader(FilingValidator.decode(bytes)) : nil)
            throw error
        }
        let header = filing.header
        let filingID = header.accession ?? "sha256:\(filing.sha256)"
        guard let companyKey = CompanyKey.of(header) else {
            let rejection = IngestRejection(.notAcceptedFiling, "no CIK, commission file number or company name found", code: "no_company")
            try await recordRejection(bytes, origin: origin, rejection: rejection, header: header)
            throw rejection
        }
        // Cheap check first: re-submissions (polling, backfill, retries) skip building the event.
        if try await store.writer.read({ db in try Self.isKnown(db, accession: header.accession, sha256: filing.sha256) }) {
            return .known(duplicate(filingID, header: header, companyKey: companyKey, origin: origin))
        }
        let (event, built) = makeEvent(filing, filingID: filingID, companyKey: companyKey, origin: origin)
        guard event.data.count <= maxEventBytes else {
            let omitted = built.documents?.filter { $0.omitted != nil }.count ?? 0
            let rejection = IngestRejection(
                .tooLarge, "the filings.ingested event would have \(event.data.count) bytes (\(filing.sizeBytes) received, "
                    + "\(omitted) binary/XBRL document\(omitted == 1 ? "" : "s") left out\(built.stylesCompacted ? ", inline CSS removed" : "")); "
                    + "the limit is \(maxEventBytes) (INGEST_MAX_EVENT_BYTES): not truncated, rejected",
                code: "event_too_large")
            try await recordRejection(bytes, origin: origin, rejection: rejection, header: header)
            throw rejection
        }
        return .new(PreparedIngest(filingID: filingID, companyKey: companyKey, header: header, sha256: filing.sha256,
                                   bytes: filing.bytes, contentType: filing.contentType, format: filing.format,
                                   origin: origin, documents: built.documents ?? [], event: event))
    }

    /// Records `batch` in one transaction: each filing not accepted before (by accession number or
    /// content, earlier ones of the batch included) with its raw bytes, its documents and its
    /// `filings.ingested` event in the outbox. One result per filing, in order.
    public func commit(_ batch: [PreparedIngest]) async throws -> [IngestResult] {
        let topic = topics.ingested
        let isDuplicate = try await store.writer.write { db -> [Bool] in
            try batch.map { filing in
                let header = filing.header, documents = filing.documents
                // One look-up for both: an accepted row makes it a duplicate; a rejected or skipped
                // one (other settings then) is replaced, as the filing is accepted now.
                let same = Self.sameFiling(sha256: filing.sha256, accession: header.accession)
                let seen = try String.fetchAll(db.cachedStatement(sql: "SELECT status FROM filings WHERE \(same.sql)"),
                                               arguments: same.arguments)
                if seen.contains("accepted") { return true }
                if !seen.isEmpty {
                    try db.cachedStatement(sql: "DELETE FROM filings WHERE status != 'accepted' AND \(same.sql)")
                        .execute(arguments: same.arguments)
                }
                try db.cachedStatement(sql: """
                    INSERT INTO filings (filing_id, accession, sha256, cik, company_key, company, form, filed_date, source,
                                         filename, size_bytes, status, received_at, report_date, items, format,
                                         documents_kept, documents_omitted, event_bytes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [filing.filingID, header.accession, filing.sha256, header.cik, filing.companyKey, header.company,
                                     header.form, header.filedDate, filing.origin.source, filing.origin.filename, filing.bytes.count, Date(),
                                     header.reportDate, header.items.joined(separator: ","), filing.format.rawValue,
                                     documents.filter { $0.omitted == nil }.count, documents.filter { $0.omitted != nil }.count,
                                     filing.event.data.count])
                try RawFilings.keep(db, sha256: filing.sha256, bytes: filing.bytes, contentType: filing.contentType)
                for document in documents {
                    try db.cachedStatement(sql: """
                        INSERT INTO filing_documents (filing_id, sequence, type, filename, description, size_bytes, omitted)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [filing.filingID, document.sequence, document.type, document.filename, document.description,
                                         document.sizeBytes, document.omitted])
                }
                try Outbox.enqueue(db, event: filing.event, topic: topic, key: filing.companyKey)
                return false
            }
        }
        return zip(batch, isDuplicate).map { filing, isDuplicate in
            let header = filing.header
            if isDuplicate { return duplicate(filing.filingID, header: header, companyKey: filing.companyKey, origin: filing.origin) }
            logger.info("filing accepted", metadata: [
                "filing": "\(filing.filingID)", "company": "\(header.company ?? "?")", "source": "\(filing.origin.source)",
                "event_bytes": "\(filing.event.data.count)", "omitted_documents": "\(filing.documents.filter { $0.omitted != nil }.count)",
            ])
            return IngestResult(filingID: filing.filingID, duplicate: false, accession: header.accession, companyKey: filing.companyKey)
        }
    }

    /// The event for `filing`: as is when it fits, else with HTML styles compacted.
    func makeEvent(_ filing: ValidatedFiling, filingID: String, companyKey: String, origin: FilingOrigin,
                   replay: FilingIngested.Replay? = nil) -> (CloudEvent, EventDocument) {
        var built = EventDocument.build(filing)
        var event = self.event(filing, built, filingID: filingID, companyKey: companyKey, origin: origin, replay: replay)
        if event.data.count > maxEventBytes {
            let compact = EventDocument.build(filing, compactStyles: true)
            if compact.stylesCompacted {
                built = compact
                event = self.event(filing, built, filingID: filingID, companyKey: companyKey, origin: origin, replay: replay)
            }
        }
        return (event, built)
    }

    /// A replayed event's id differs per replay request, so parse takes each replay as new.
    private func event(_ filing: ValidatedFiling, _ built: EventDocument, filingID: String, companyKey: String,
                       origin: FilingOrigin, replay: FilingIngested.Replay?) -> CloudEvent {
        let header = filing.header
        let payload = FilingIngested(
            filingID: filingID, companyKey: companyKey, cik: header.cik, accession: header.accession,
            company: header.company, form: header.form, filedDate: header.filedDate, sha256: filing.sha256,
            sizeBytes: filing.sizeBytes, source: origin.source, filename: origin.filename,
            contentType: filing.contentType, document: built.text, format: filing.format.rawValue,
            items: header.items, reportDate: header.reportDate, documents: built.documents,
            stylesCompacted: built.stylesCompacted ? true : nil, replay: replay)
        let id = replay.map { CloudEvent.deterministicID(stage: "ingest-replay", type: EventTypes.filingIngested, subject: filingID,
                                                          discriminator: $0.request) }
            ?? CloudEvent.deterministicID(stage: "ingest", type: EventTypes.filingIngested, subject: filingID)
        return CloudEvent(id: id, source: EventSources.ingest, type: EventTypes.filingIngested, subject: filingID,
                          data: IngestedEventJSON.bytes(payload))
    }

    private func duplicate(_ filingID: String, header: FilingHeader, companyKey: String, origin: FilingOrigin) -> IngestResult {
        skips.count("duplicate", source: origin.source)
        logger.info("duplicate filing ignored", metadata: ["filing": "\(filingID)", "source": "\(origin.source)"])
        return IngestResult(filingID: filingID, duplicate: true, accession: header.accession, companyKey: companyKey)
    }

    /// True when a filing with this accession number was already seen (accepted, skipped or rejected).
    public func hasSeen(accession: String) async throws -> Bool {
        try await store.writer.read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM filings WHERE accession = ?"), arguments: [accession]) ?? false
        }
    }

    /// An accepted filing with the same accession number or the same bytes.
    static func isKnown(_ db: Database, accession: String?, sha256: String) throws -> Bool {
        let same = sameFiling(sha256: sha256, accession: accession)
        return try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM filings WHERE status = 'accepted' AND \(same.sql)"),
                                 arguments: same.arguments) ?? false
    }

    /// The `filings` rows of the same filing: the same bytes (SHA-256), or the same accession
    /// number when it has one.
    private static func sameFiling(sha256: String, accession: String?) -> (sql: String, arguments: StatementArguments) {
        ("(sha256 = ? OR (? IS NOT NULL AND accession = ?))", [sha256, accession, accession])
    }

    /// Records a filing not accepted: `skipped` (another form, not earnings) with what its header
    /// says, or `rejected` (broken input). Never replaces an accepted row. A rejected `POST /filings`
    /// is only counted (`filings_ingest_skipped_total{source="http"}`) and answered, never stored:
    /// a client sending junk must not grow the store.
    private func recordRejection(_ bytes: [UInt8], origin: FilingOrigin, rejection: IngestRejection,
                                 header: FilingHeader?) async throws {
        skips.count(rejection.code, source: origin.source)
        if origin.source == "http" { return }
        let hash = sha256Hex(bytes)
        let status = rejection.isPolicySkip ? "skipped" : "rejected"
        try await store.writer.write { db in
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO filings (filing_id, sha256, accession, cik, company, form, filed_date, report_date, items,
                                               source, filename, size_bytes, status, reason, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: ["sha256:\(hash)", hash, header?.accession, header?.cik, header?.company, header?.form,
                                 header?.filedDate, header?.reportDate, header.map { $0.items.joined(separator: ",") },
                                 origin.source, origin.filename, bytes.count, status, rejection.description, Date()])
        }
        logger.notice("filing rejected", metadata: ["reason": "\(rejection)", "source": "\(origin.source)",
                                                    "filename": "\(origin.filename ?? "-")"])
    }
}
