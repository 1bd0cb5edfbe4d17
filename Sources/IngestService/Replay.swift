import FilingEvents
import FilingsCore
import Foundation
import GRDB

/// An accepted filing as `GET /filings/accepted` lists it (what `filings reconcile` compares with
/// what metrics processed).
public struct AcceptedFiling: Codable, Sendable, Equatable {
    public var filingID: String
    public var accession: String?
    public var companyKey: String?
    public var cik: String?
    public var company: String?
    public var form: String?
    public var filedDate: String?
    public var acceptedAt: Date
    public var sha256: String
    public var sizeBytes: Int
    /// True when its raw bytes are kept, so it can be replayed.
    public var rawKept: Bool

    enum CodingKeys: String, CodingKey {
        case filingID = "filing_id", accession, companyKey = "company_key", cik, company, form, filedDate = "filed_date"
        case acceptedAt = "accepted_at", sha256, sizeBytes = "size_bytes", rawKept = "raw_kept"
    }
}

public struct AcceptedList: Codable, Sendable, Equatable {
    public var filings: [AcceptedFiling]
    /// True when more filings matched than `limit`: ask again with a later `since`.
    public var truncated: Bool
}

extension IngestProcessor {
    /// Filings accepted at or after `since` and before `until` (either may be nil), oldest first, at most `limit`.
    public func accepted(since: Date?, until: Date?, limit: Int) async throws -> AcceptedList {
        try await store.writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT f.filing_id, f.accession, f.company_key, f.cik, f.company, f.form, f.filed_date, f.received_at, f.sha256,
                       f.size_bytes, r.sha256 IS NOT NULL AS raw_kept
                FROM filings f LEFT JOIN raw_filings r ON r.sha256 = f.sha256
                WHERE f.status = 'accepted' AND f.received_at >= ? AND f.received_at < ?
                ORDER BY f.received_at, f.filing_id LIMIT ?
                """, arguments: [since ?? Date(timeIntervalSince1970: 0), until ?? Date.distantFuture, limit + 1])
            let filings = rows.prefix(limit).map { row in
                AcceptedFiling(filingID: row["filing_id"], accession: row["accession"], companyKey: row["company_key"], cik: row["cik"],
                               company: row["company"], form: row["form"], filedDate: row["filed_date"], acceptedAt: row["received_at"],
                               sha256: row["sha256"], sizeBytes: row["size_bytes"], rawKept: row["raw_kept"])
            }
            return AcceptedList(filings: Array(filings), truncated: rows.count > limit)
        }
    }

    /// Queues a `filings.ingested` event again for every accepted filing `request` selects, rebuilt
    /// from its kept raw bytes with the current validation and marked `replay` (see
    /// `FilingIngested.Replay`). A filing without kept bytes, or that the current settings would
    /// not accept, is listed in `notReplayed` with the reason; nothing is changed for it.
    public func replay(_ request: ReplayRequest, requestID: String = UUID().uuidString.lowercased()) async throws -> ReplayResult {
        try request.validate()
        var result = ReplayResult(request: requestID, stage: request.stage, replayed: [], notReplayed: [])
        let selected = try await store.writer.read { db in try Self.select(db, request) }
        if let ids = request.filings {
            let found = Set(selected.flatMap { [$0.filingID, $0.accession].compactMap { $0 } })
            for id in ids where !found.contains(id) {
                result.notReplayed.append(.init(filingID: id, reason: "not a filing ingest accepted"))
            }
        }
        let marker = FilingIngested.Replay(request: requestID, stage: request.stage)
        let topic = topics.ingested
        for batch in stride(from: 0, to: selected.count, by: 100).map({ selected[$0..<min($0 + 100, selected.count)] }) {
            let outcomes = try await store.writer.write { db -> [(String, String?)] in
                try batch.map { row in (row.filingID, try self.enqueueReplay(db, row, marker: marker, topic: topic)) }
            }
            for (id, reason) in outcomes {
                if let reason { result.notReplayed.append(.init(filingID: id, reason: reason)) } else { result.replayed.append(id) }
            }
        }
        logger.notice("replay queued", metadata: ["request": "\(requestID)", "stage": "\(request.stage.rawValue)",
                                                  "replayed": "\(result.replayed.count)", "not_replayed": "\(result.notReplayed.count)"])
        return result
    }

    struct StoredFiling {
        var filingID: String
        var accession: String?
        var sha256: String
        var companyKey: String
        var source: String
        var filename: String?
    }

    static func select(_ db: Database, _ request: ReplayRequest) throws -> [StoredFiling] {
        var sql = "SELECT filing_id, accession, sha256, company_key, source, filename FROM filings WHERE status = 'accepted' AND "
        var arguments: StatementArguments
        if let ids = request.filings {
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            sql += "(filing_id IN (\(marks)) OR accession IN (\(marks)))"
            arguments = StatementArguments(ids + ids)
        } else if let company = request.company {
            sql += "(company_key = ? OR ltrim(cik, '0') = ltrim(?, '0'))"
            arguments = [company, company]
        } else {
            sql += "coalesce(filed_date, substr(received_at, 1, 10)) BETWEEN ? AND ?"
            arguments = [request.from, request.to]
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY received_at, filing_id", arguments: arguments).map { row in
            StoredFiling(filingID: row["filing_id"], accession: row["accession"], sha256: row["sha256"],
                         companyKey: row["company_key"], source: row["source"], filename: row["filename"])
        }
    }

    /// Enqueues one replayed event; returns why it cannot be, or nil when queued.
    private func enqueueReplay(_ db: Database, _ row: StoredFiling, marker: FilingIngested.Replay, topic: String) throws -> String? {
        guard let raw = try RawFilings.read(db, sha256: row.sha256) else {
            return "no raw copy kept (accepted before ingest kept raw filings)"
        }
        let filing: ValidatedFiling
        do {
            filing = try validator.validate(raw.bytes, declaredContentType: raw.contentType)
        } catch {
            return "the current settings reject it: \(error)"
        }
        let origin = FilingOrigin(source: row.source, filename: row.filename, contentType: raw.contentType)
        let (event, _) = makeEvent(filing, filingID: row.filingID, companyKey: row.companyKey, origin: origin, replay: marker)
        guard event.data.count <= maxEventBytes else {
            return "the rebuilt event has \(event.data.count) bytes, over INGEST_MAX_EVENT_BYTES (\(maxEventBytes))"
        }
        try Outbox.enqueue(db, event: event, topic: topic, key: row.companyKey)
        return nil
    }
}

/// What `filings reconcile` reports: accepted filings metrics never processed.
public enum Reconciliation {
    /// The filings of `accepted` accepted before `acceptedBefore` whose id is not in `processedIDs`
    /// (newer ones may still be on their way through the pipeline).
    public static func missing(_ accepted: [AcceptedFiling], processedIDs: Set<String>, acceptedBefore: Date) -> [AcceptedFiling] {
        accepted.filter { $0.acceptedAt < acceptedBefore && !processedIDs.contains($0.filingID) }
    }
}
