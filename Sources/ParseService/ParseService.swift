import FilingEvents
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging

/// The parse service: `filings.ingested` in, `filings.parsed` out, results kept in `parse.sqlite`.
public enum ParseService {
    public static func build(_ runtime: ServiceRuntime) throws {
        let handler = ParseHandler(store: runtime.store, topics: runtime.settings.topics, logger: runtime.logger)
        let relay = runtime.relay
        try runtime.consume(runtime.settings.topics.ingested, stage: "parse") { message in
            try await handler.handle(message)
            relay.wake()
        }
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("parse-v1") { db in
            try db.create(table: "parsed_filings") { t in
                t.primaryKey("filing_id", .text)
                t.column("company_key", .text).notNull()
                t.column("cik", .text)
                t.column("accession", .text)
                t.column("company", .text)
                t.column("form", .text)
                t.column("statement_count", .integer).notNull()
                t.column("fact_count", .integer).notNull()
                t.column("result", .blob).notNull()
                t.column("parsed_at", .datetime).notNull()
            }
        }
    }
}

/// Parses one `filings.ingested` event; idempotent by event id.
public struct ParseHandler: Sendable {
    let store: Store
    let topics: Topics
    let logger: Logger

    public init(store: Store, topics: Topics, logger: Logger) {
        self.store = store
        self.topics = topics
        self.logger = logger
    }

    public func handle(_ message: KafkaMessage) async throws {
        let event = try CloudEvent(message: message, expecting: EventTypes.filingIngested)
        let ingested = try event.decode(FilingIngested.self)
        if try await store.writer.read({ db in try ProcessedEvents.contains(db, id: event.id) }) { return }

        let parsed = FilingParser.parse(ingested.document)
        let payload = FilingParsed(filingID: ingested.filingID, companyKey: ingested.companyKey,
                                   header: parsed.header, statements: parsed.statements, facts: parsed.facts,
                                   guidance: parsed.guidance, claims: parsed.claims)
        let out = try CloudEvent(
            id: CloudEvent.deterministicID(stage: "parse", type: EventTypes.filingParsed, subject: ingested.filingID),
            source: EventSources.parse, type: EventTypes.filingParsed, subject: ingested.filingID, payload: payload)
        let topic = topics.parsed
        let stored = try await store.writer.write { db -> Bool in
            guard try ProcessedEvents.claim(db, id: event.id) else { return false }
            try db.execute(sql: """
                INSERT OR REPLACE INTO parsed_filings (filing_id, company_key, cik, accession, company, form,
                    statement_count, fact_count, result, parsed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ingested.filingID, ingested.companyKey, parsed.header.cik, parsed.header.accession,
                                 parsed.header.company, parsed.header.form, parsed.statements.count, parsed.facts.count,
                                 Data(out.data), Date()])
            try Outbox.enqueue(db, event: out, topic: topic, key: ingested.companyKey)
            return true
        }
        if stored {
            logger.info("filing parsed", metadata: ["filing": "\(ingested.filingID)", "statements": "\(parsed.statements.count)",
                                                    "facts": "\(parsed.facts.count)"])
        }
    }
}
