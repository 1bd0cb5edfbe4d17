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
        let handler = ParseHandler(store: runtime.store, topics: runtime.settings.topics, logger: runtime.logger,
                                   parserVersion: try parserVersion(runtime.settings))
        let relay = runtime.relay
        // One store transaction per batch of records: the loop stores the batch's offsets only
        // after `commit` returned.
        let batch = PendingBatch<PreparedParse>()
        try runtime.consume(runtime.settings.topics.ingested, stage: "parse", afterBatch: { _ in
            try await batch.commit(handler.commit)
            relay.wake()
            return nil
        }) { message in
            if let parsed = try await handler.prepare(message) { batch.add(parsed) } else { relay.wake() }
        }
    }

    /// `PARSER_VERSION_OVERRIDE` when set (tests and rehearsals of a parser upgrade), else the parser's own.
    static func parserVersion(_ settings: ServiceSettings) throws -> String {
        guard let override = settings.environment["PARSER_VERSION_OVERRIDE"], !override.isEmpty else { return ParserVersion.current }
        guard override.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
            throw ConfigurationError(key: "PARSER_VERSION_OVERRIDE", reason: "'\(override)' is not a version (digits, letters, '.' and '-')")
        }
        return override
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
///
/// A replayed event (`replay` set, a new event id per replay) is parsed again, or with stage
/// `parse` has its stored result re-emitted as it was. Either way the `filings.parsed` event id
/// is derived from the filing and the parser version, so an identical re-parse or a re-emitted
/// result is a duplicate to metrics unless metrics never received it.
public struct ParseHandler: Sendable {
    let store: Store
    let topics: Topics
    let logger: Logger
    let parserVersion: String

    public init(store: Store, topics: Topics, logger: Logger, parserVersion: String = ParserVersion.current) {
        self.store = store
        self.topics = topics
        self.logger = logger
        self.parserVersion = parserVersion
    }

    /// The id of the `filings.parsed` event of `filingID` parsed by `parserVersion` (events without
    /// a version keep the id they had before versions existed).
    public static func parsedEventID(filingID: String, parserVersion: String?) -> String {
        CloudEvent.deterministicID(stage: "parse", type: EventTypes.filingParsed, subject: filingID, discriminator: parserVersion ?? "")
    }

    /// Handles one event to completion: `prepare`, then `commit` of it alone.
    public func handle(_ message: KafkaMessage) async throws {
        if let parsed = try await prepare(message) { try await commit([parsed]) }
    }

    /// Parses the filing of one event into what `commit` writes; nil when there is nothing to write
    /// (the event was processed before, or a replay with stage `parse` re-emitted the stored result,
    /// which is written at once).
    public func prepare(_ message: KafkaMessage) async throws -> PreparedParse? {
        let event = try CloudEvent(message: message, expecting: EventTypes.filingIngested)
        let ingested = try FilingIngested.read(json: event.data) ?? event.decode(FilingIngested.self)
        if try await store.writer.read({ db in try ProcessedEvents.contains(db, id: event.id) }) { return nil }
        if ingested.replay?.stage == .parse, try await reemitStored(ingested, eventID: event.id) { return nil }

        // The event carries no checks: they are not run.
        let parsed = FilingParser.parse(ingested.document, checks: false)
        let payload = FilingParsed(filingID: ingested.filingID, companyKey: ingested.companyKey,
                                   header: parsed.header, statements: parsed.statements, facts: parsed.facts,
                                   guidance: parsed.guidance, claims: parsed.claims, parserVersion: parserVersion)
        let data = try Self.eventData(payload)
        let out = CloudEvent(
            id: Self.parsedEventID(filingID: ingested.filingID, parserVersion: parserVersion),
            source: EventSources.parse, type: EventTypes.filingParsed, subject: ingested.filingID, data: data)
        return PreparedParse(inputEventID: event.id, filingID: ingested.filingID, companyKey: ingested.companyKey,
                            header: parsed.header, statementCount: parsed.statements.count, factCount: parsed.facts.count,
                            isReplay: ingested.replay != nil, event: out)
    }

    /// The data of the `filings.parsed` event of `payload`: written by hand (`ParsedEventJSON`), or
    /// by `JSONCoding.encoder` for what the hand-written JSON does not take (a non-finite number).
    public static func eventData(_ payload: FilingParsed) throws -> [UInt8] {
        try JSONCoding.encoder.encodeBytes(payload) { try ParsedEventJSON.write(payload, $0) }
    }

    /// Writes `batch` in one transaction: for each filing whose input event is not yet processed,
    /// the event claimed, the result kept and the `filings.parsed` event queued in the outbox.
    /// Nothing of the batch is durable until this returns.
    public func commit(_ batch: [PreparedParse]) async throws {
        guard !batch.isEmpty else { return }
        let topic = topics.parsed
        // One time for the batch (formatting a date for SQLite goes through a DateFormatter).
        let parsedAt = Date().databaseValue
        let stored = try await store.writer.write { db -> [PreparedParse] in
            var stored: [PreparedParse] = []
            for filing in batch {
                guard try ProcessedEvents.claim(db, id: filing.inputEventID) else { continue }
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO parsed_filings (filing_id, company_key, cik, accession, company, form,
                        statement_count, fact_count, result, parsed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [filing.filingID, filing.companyKey, filing.header.cik, filing.header.accession,
                                     filing.header.company, filing.header.form, filing.statementCount, filing.factCount,
                                     Data(filing.event.data), parsedAt])
                try Outbox.enqueue(db, event: filing.event, topic: topic, key: filing.companyKey)
                stored.append(filing)
            }
            return stored
        }
        for filing in stored {
            logger.info(filing.isReplay ? "filing parsed again (replay)" : "filing parsed",
                        metadata: ["filing": "\(filing.filingID)", "statements": "\(filing.statementCount)",
                                   "facts": "\(filing.factCount)", "parser_version": "\(parserVersion)"])
        }
    }

    /// Re-emits the stored `filings.parsed` data of the filing with its original event id; false
    /// when there is none (the caller parses).
    private func reemitStored(_ ingested: FilingIngested, eventID: String) async throws -> Bool {
        let topic = topics.parsed
        let reemitted = try await store.writer.write { db -> Bool in
            guard let data = try Data.fetchOne(db, sql: "SELECT result FROM parsed_filings WHERE filing_id = ?",
                                               arguments: [ingested.filingID]) else { return false }
            let version = try JSONCoding.decoder.decode(FilingParsed.self, from: data).parserVersion
            guard try ProcessedEvents.claim(db, id: eventID) else { return true }
            let out = CloudEvent(id: Self.parsedEventID(filingID: ingested.filingID, parserVersion: version),
                                 source: EventSources.parse, type: EventTypes.filingParsed, subject: ingested.filingID, data: [UInt8](data))
            try Outbox.enqueue(db, event: out, topic: topic, key: ingested.companyKey)
            return true
        }
        if reemitted { logger.info("stored parse re-emitted (replay)", metadata: ["filing": "\(ingested.filingID)"]) }
        return reemitted
    }
}
