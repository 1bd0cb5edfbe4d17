import FilingEvents
import FilingParser
import FilingsCore
import Foundation
import GRDB
import Logging

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

    public init(store: Store, validator: FilingValidator, topics: Topics, logger: Logger) {
        self.store = store
        self.validator = validator
        self.topics = topics
        self.logger = logger
    }

    /// Accepts `bytes` or throws `IngestRejection`. A rejection is recorded too (once per content).
    /// An accepted filing and its `filings.ingested` event are committed in one transaction.
    public func submit(_ bytes: [UInt8], origin: FilingOrigin) async throws -> IngestResult {
        let filing: ValidatedFiling
        do {
            filing = try validator.validate(bytes, declaredContentType: origin.contentType)
        } catch {
            try await recordRejection(bytes, origin: origin, rejection: error)
            throw error
        }
        let header = filing.header
        let filingID = header.accession ?? "sha256:\(filing.sha256)"
        guard let companyKey = CompanyKey.of(header) else {
            let rejection = IngestRejection(.notAcceptedFiling, "no CIK, commission file number or company name found")
            try await recordRejection(bytes, origin: origin, rejection: rejection)
            throw rejection
        }
        let payload = FilingIngested(
            filingID: filingID, companyKey: companyKey, cik: header.cik, accession: header.accession,
            company: header.company, form: header.form, filedDate: header.filedDate, sha256: filing.sha256,
            sizeBytes: filing.sizeBytes, source: origin.source, filename: origin.filename,
            contentType: filing.contentType, document: filing.text)
        let event = try CloudEvent(
            id: CloudEvent.deterministicID(stage: "ingest", type: EventTypes.filingIngested, subject: filingID),
            source: EventSources.ingest, type: EventTypes.filingIngested, subject: filingID, payload: payload)
        let topic = topics.ingested
        let duplicate = try await store.writer.write { db -> Bool in
            if try Self.isKnown(db, accession: header.accession, sha256: filing.sha256) { return true }
            try db.execute(sql: """
                INSERT INTO filings (filing_id, accession, sha256, cik, company_key, company, form, filed_date, source,
                                     filename, size_bytes, status, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?)
                """, arguments: [filingID, header.accession, filing.sha256, header.cik, companyKey, header.company,
                                 header.form, header.filedDate, origin.source, origin.filename, filing.sizeBytes, Date()])
            try Outbox.enqueue(db, event: event, topic: topic, key: companyKey)
            return false
        }
        logger.info(duplicate ? "duplicate filing ignored" : "filing accepted",
                    metadata: ["filing": "\(filingID)", "company": "\(header.company ?? "?")", "source": "\(origin.source)"])
        return IngestResult(filingID: filingID, duplicate: duplicate, accession: header.accession, companyKey: companyKey)
    }

    /// An accepted filing with the same accession number or the same bytes.
    static func isKnown(_ db: Database, accession: String?, sha256: String) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT 1 FROM filings WHERE status = 'accepted' AND (sha256 = ? OR (? IS NOT NULL AND accession = ?))
            """, arguments: [sha256, accession, accession]) ?? false
    }

    private func recordRejection(_ bytes: [UInt8], origin: FilingOrigin, rejection: IngestRejection) async throws {
        let hash = sha256Hex(bytes)
        try await store.writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO filings (filing_id, sha256, source, filename, size_bytes, status, reason, received_at)
                VALUES (?, ?, ?, ?, ?, 'rejected', ?, ?)
                """, arguments: ["sha256:\(hash)", hash, origin.source, origin.filename, bytes.count, rejection.description, Date()])
        }
        logger.notice("filing rejected", metadata: ["reason": "\(rejection)", "source": "\(origin.source)",
                                                    "filename": "\(origin.filename ?? "-")"])
    }
}
