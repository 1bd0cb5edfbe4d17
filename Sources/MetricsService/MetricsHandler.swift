import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging

/// Adds one parsed filing to its company's history, recomputes the metrics of the periods it can
/// change (`MetricsReach`), and emits the filing's `metrics.computed` event plus an `update` for
/// every earlier-reported period whose metrics changed. All in one transaction with the processed
/// event id; a replay does nothing. The result is the one `CompanyAnalysis` gives over all the
/// company's filings, in any arrival order.
///
/// A filing already stored comes again only as a re-parse (a new `parser_version`, see
/// `filings replay`): a parse by an older version than the stored one is ignored; otherwise its
/// facts replace the stored ones (they are not a restatement: that is between filings), and only
/// `update` events go out, for the periods whose metrics changed, the filing's own included:
/// nothing when no value changed.
public struct MetricsHandler: Sendable {
    let store: Store
    let topics: Topics
    let logger: Logger
    /// The store's analysis inputs of recent companies (shared with the replica that restores them).
    let companyInputs: CompanyInputs

    public init(store: Store, topics: Topics, logger: Logger) {
        self.store = store
        self.topics = topics
        self.logger = logger
        companyInputs = CompanyInputs.of(store)
    }

    /// Handles one record alone: `prepare`, then `commit` (throws the record's error).
    public func handle(_ message: KafkaMessage) async throws {
        if let (_, error) = try await commit([try prepare(message)]).first { throw error }
    }

    /// A record read and decoded, waiting for its batch's transaction.
    public struct Prepared: Sendable {
        public let message: KafkaMessage
        let eventID: String
        let inputs: ParsedInputs
    }

    /// Reads a record's event (what fails here is permanent: the loop dead-letters the record).
    public func prepare(_ message: KafkaMessage) throws -> Prepared {
        let event = try CloudEvent(message: message, expecting: EventTypes.filingParsed)
        return Prepared(message: message, eventID: event.id, inputs: try ParsedInputs(event))
    }

    /// Handles `batch` in one store transaction, each record in a savepoint of its own, in order (a
    /// record sees the effects of those before it). A record that fails is rolled back alone and
    /// returned with its error, for the caller to dead-letter; the others are committed. A failure
    /// of the transaction itself, or a resource error in any record (a full disk, I/O, a lock),
    /// throws and commits nothing: the caller retries the batch.
    public func commit(_ batch: [Prepared]) async throws -> [(Prepared, any Error)] {
        let result: (emitted: [MetricsComputed], failed: [(Int, any Error)])
        do {
            result = try await store.writer.write { db in
                var emitted: [MetricsComputed] = [], failed: [(Int, any Error)] = []
                for (n, item) in batch.enumerated() {
                    var events: [MetricsComputed] = []
                    do {
                        try db.inSavepoint {
                            guard try ProcessedEvents.claim(db, id: item.eventID) else { return .commit }
                            events = try process(db, item.inputs)
                            try MetricsChangelog.capture(db, partition: item.message.partition, eventID: item.eventID)
                            return .commit
                        }
                        emitted += events
                    } catch let error as DatabaseError where Self.isResourceError(error) {
                        throw error
                    } catch {
                        companyInputs.forget(company: item.inputs.filing.companyKey)  // it may hold what was rolled back
                        failed.append((n, error))
                    }
                }
                return (emitted, failed)
            }
        } catch {
            for item in batch { companyInputs.forget(company: item.inputs.filing.companyKey) }
            throw error
        }
        for out in result.emitted {
            logger.info(out.kind == .filing ? "metrics computed" : "metrics updated",
                        metadata: ["filing": "\(out.filingID)", "period": "\(out.period?.label ?? "-")", "metrics": "\(out.metrics.count)"])
        }
        return result.failed.map { (batch[$0.0], $0.1) }
    }

    /// Errors of the store, not of the record: retried with the whole batch, never dead-lettered.
    static func isResourceError(_ error: DatabaseError) -> Bool {
        [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_NOMEM, .SQLITE_READONLY, .SQLITE_CANTOPEN]
            .contains(error.resultCode)
    }

    func process(_ db: Database, _ inputs: ParsedInputs) throws -> [MetricsComputed] {
        let parsed = inputs.filing
        let header = parsed.header
        let company = parsed.companyKey
        let record = FilingRecord(filingID: parsed.filingID,
                                  date: header.filedDate ?? header.reportDate ?? header.periodOfReport ?? "",
                                  facts: parsed.facts, guidance: parsed.guidance, claims: parsed.claims)
        let mainPeriod = record.mainPeriod
        let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT parser_version FROM filings WHERE filing_id = ?"),
                                      arguments: [parsed.filingID])
        let isReparse = stored != nil
        if let stored, ParserVersion.isOlder(parsed.parserVersion, than: stored["parser_version"]) {
            logger.notice("parse by an older parser version ignored", metadata: [
                "filing": "\(parsed.filingID)", "parser_version": "\(parsed.parserVersion ?? "none")",
                "stored_version": "\(stored["parser_version"] as String? ?? "none")"])
            return []
        }
        if parsed.facts.isEmpty { logger.warning("filing has no facts", metadata: ["filing": "\(parsed.filingID)"]) }
        try db.cachedStatement(sql: """
            INSERT INTO companies (company_key, cik, name) VALUES (?, ?, ?)
            ON CONFLICT(company_key) DO UPDATE SET cik = coalesce(excluded.cik, cik), name = coalesce(excluded.name, name)
            """).execute(arguments: [company, header.cik, header.company])
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO filings (filing_id, company_key, accession, form, date, main_period_start, main_period_end,
                                            facts, guidance, claims, received_at, parser_version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [parsed.filingID, company, header.accession, header.form, record.date, mainPeriod?.start,
                             mainPeriod?.end, Data(inputs.factsJSON), Data(inputs.guidanceJSON), Data(inputs.claimsJSON), Date(),
                             parsed.parserVersion])

        // Only the periods this filing can change are recomputed, from the inputs they read.
        let removed = try MetricsStore.removeInputs(db, filingID: parsed.filingID)
        let storedInputs = StoredInputs(record)
        try companyInputs.stored(db, company: company, storedInputs)
        try MetricsStore.addInputs(db, company: company, storedInputs)
        let scope = try RecomputeScope(filing: record, replacedPeriods: removed) { period in
            try companyInputs.partners(db, company: company, of: period)
        }
        let nearby = try companyInputs.near(db, company: company, excluding: record.filingID, factDays: scope.factDays,
                                            guidanceEnds: scope.guidanceEnds, claimEnds: scope.affected)
        let analysis = CompanyAnalysis(nearby + [record], metricsEndingIn: scope.exact)
        for warning in analysis.warnings where warning.contains(parsed.filingID) {
            logger.warning("contradictory facts", metadata: ["detail": "\(warning)"])
        }
        // Each recomputed metric's JSON is written once: the store compares it with its row's, and
        // the events (whose metrics are all recomputed ones) copy it.
        let recomputed = try analysis.metrics.filter(scope.isAffected).map { ($0, json: try MetricJSON.json($0)) }
        try MetricsStore.replaceMetrics(db, company: company, ends: scope.affected, periods: scope.undatedPeriods, recomputed)
        let written = MetricJSON.Written(recomputed)

        func event(_ kind: MetricsComputed.Kind, _ period: Period?) -> MetricsComputed {
            let view = MetricsView(analysis: analysis, period: period, filingID: parsed.filingID)
            return MetricsComputed(kind: kind, filingID: parsed.filingID, companyKey: company, cik: header.cik,
                                   accession: header.accession, company: header.company, form: header.form, period: period,
                                   metrics: view.metrics, guidance: view.guidance, restatements: view.restatements,
                                   claimChecks: view.claimChecks, derivationChecks: view.derivationChecks)
        }
        var out: [MetricsComputed] = []
        if !isReparse {
            out.append(event(.filing, mainPeriod))
            try enqueue(db, out[0], written, id: CloudEvent.deterministicID(stage: "metrics", type: EventTypes.metricsComputed,
                                                                             subject: parsed.filingID))
            if let mainPeriod {
                try MetricsStore.recordEmitted(db, company: company, period: mainPeriod,
                                               fingerprint: MetricsStore.fingerprint(out[0].metrics))
            }
        }
        // Earlier-reported periods whose metrics this filing changed (only affected periods can have);
        // after a re-parse, its own main period too.
        var earlierPeriods: [Period] = isReparse ? mainPeriod.map { [$0] } ?? [] : []
        for range in scope.affected.ranges {
            earlierPeriods += try Row.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT main_period_start, main_period_end FROM filings
                WHERE company_key = ? AND filing_id != ? AND main_period_end BETWEEN ? AND ?
                """), arguments: [company, parsed.filingID, isoDate(range.lowerBound), isoDate(range.upperBound)])
                .map { Period(start: $0[0], end: $0[1]) }
        }
        for period in Set(earlierPeriods).sorted(by: { $0.label < $1.label }) where isReparse || period != mainPeriod {
            let fingerprint = MetricsStore.fingerprint(analysis.metrics(endingWith: period))  // the update's metrics
            guard try MetricsStore.emittedFingerprint(db, company: company, period: period) != fingerprint else { continue }
            let update = event(.update, period)
            try MetricsStore.recordEmitted(db, company: company, period: period, fingerprint: fingerprint)
            try enqueue(db, update, written, id: CloudEvent.deterministicID(stage: "metrics-update", type: EventTypes.metricsComputed,
                                                                   subject: "\(company)/\(period.label)", discriminator: fingerprint))
            out.append(update)
        }
        return out
    }

    private func enqueue(_ db: Database, _ payload: MetricsComputed, _ written: MetricJSON.Written, id: String) throws {
        let subject = payload.accession ?? payload.filingID
        let event = CloudEvent(id: id, source: EventSources.metrics, type: EventTypes.metricsComputed, subject: subject,
                               data: try MetricJSON.event(payload, written: written))
        try Outbox.enqueue(db, event: event, topic: topics.metricsComputed, key: payload.companyKey)
    }
}

/// The slice of a company's analysis that concerns one period (and the periods ending with it).
struct MetricsView {
    var metrics: [Metric] = []
    var guidance: [GuidanceComparison] = []
    var restatements: [Restatement] = []
    var claimChecks: [ClaimCheck] = []
    var derivationChecks: [DerivationCheck] = []

    init(analysis: CompanyAnalysis, period: Period?, filingID: String) {
        guard let period else { return }
        metrics = analysis.metrics(endingWith: period)
        let end = period.end
        guidance = analysis.guidanceComparisons.filter { $0.period.end == end }
        restatements = analysis.restatements.filter { $0.filingID == filingID }
        claimChecks = analysis.claimChecks.filter { $0.period?.end == end || $0.filingID == filingID }
        derivationChecks = analysis.derivationChecks.filter { $0.period.end == end }
    }
}

/// The periods one filing can change and what recomputing them reads.
struct RecomputeScope {
    /// End days of the periods whose metrics are recomputed and replaced.
    var affected = DayRanges()
    /// Periods without a readable end date among the filing's facts: they depend on their own facts only.
    var undatedPeriods: [Period] = []
    /// End days of the periods whose metrics must be exact: the affected ones and those that guidance
    /// and claims shown with them are compared with.
    var exact: DayRanges
    /// Days the facts read must overlap.
    var factDays: DayRanges
    /// End days of the guidance that can be compared with an affected period.
    var guidanceEnds: DayRanges

    /// `partners` gives the stored durations sharing a start or end day with a period (the filing's own included).
    init(filing: FilingRecord, replacedPeriods: [Period], partners: (Period) throws -> [(start: Int, end: Int)]) rethrows {
        for period in Set(filing.facts.filter { $0.basis == "gaap" }.map(\.period)) {
            if period.endDay == nil { undatedPeriods.append(period); continue }
            affected.formUnion(MetricsReach.affectedEnds(by: period, partners: try partners(period)))
        }
        // A replaced version's periods may have lost their partners with it: assume any.
        for period in Set(replacedPeriods) {
            if period.endDay == nil { undatedPeriods.append(period) } else { affected.formUnion(MetricsReach.affectedEnds(by: period)) }
        }
        let tolerance = MetricsReach.matchToleranceDays
        guidanceEnds = affected.widened(by: tolerance)
        // Views compare guidance and claims with the metric they match: those must be exact too.
        exact = affected.widened(by: 2 * tolerance)
        for claim in filing.claims {
            if let end = claim.period?.endDay { exact.formUnion((end - tolerance)...(end + tolerance)) }
        }
        factDays = MetricsReach.inputDays(forEnds: exact)
    }

    func isAffected(_ metric: Metric) -> Bool {
        metric.period.endDay.map(affected.contains) ?? undatedPeriods.contains(metric.period)
    }
}
