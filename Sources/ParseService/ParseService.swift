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
        try runtime.consume(runtime.settings.topics.ingested, stage: "parse") { message in
            try await handler.handle(message)
            relay.wake()
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

    public func handle(_ message: KafkaMessage) async throws {
        let event = try CloudEvent(message: message, expecting: EventTypes.filingIngested)
        let ingested = try event.decode(FilingIngested.self)
        if try await store.writer.read({ db in try ProcessedEvents.contains(db, id: event.id) }) { return }
        if ingested.replay?.stage == .parse, try await reemitStored(ingested, eventID: event.id) { return }

        let parsed = FilingParser.parse(ingested.document)
        let payload = FilingParsed(filingID: ingested.filingID, companyKey: ingested.companyKey,
                                   header: parsed.header, statements: parsed.statements, facts: parsed.facts,
                                   guidance: parsed.guidance, claims: parsed.claims, parserVersion: parserVersion)
        let out = try CloudEvent(
            id: Self.parsedEventID(filingID: ingested.filingID, parserVersion: parserVersion),
            source: EventSources.parse, type: EventTypes.filingParsed, subject: ingested.filingID, payload: payload)
        let topic = topics.parsed
        let stored = try await store.writer.write { db -> Bool in
            guard try ProcessedEvents.claim(db, id: event.id) else { return false }
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO parsed_filings (filing_id, company_key, cik, accession, company, form,
                    statement_count, fact_count, result, parsed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [ingested.filingID, ingested.companyKey, parsed.header.cik, parsed.header.accession,
                                 parsed.header.company, parsed.header.form, parsed.statements.count, parsed.facts.count,
                                 Data(out.data), Date()])
            try Outbox.enqueue(db, event: out, topic: topic, key: ingested.companyKey)
            return true
        }
        if stored {
            logger.info(ingested.replay == nil ? "filing parsed" : "filing parsed again (replay)",
                        metadata: ["filing": "\(ingested.filingID)", "statements": "\(parsed.statements.count)",
                                   "facts": "\(parsed.facts.count)", "parser_version": "\(parserVersion)"])
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
