import FilingParser
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// A complete submission fetched from EDGAR.
public struct EDGARFiling: Sendable {
    public var entry: EDGARIndexEntry
    public var bytes: [UInt8]
    /// The URL it was fetched from.
    public var url: String
}

/// What the poller's sink did with a fetched filing.
public enum EDGARSinkOutcome: Sendable, Equatable {
    case ingested, duplicate, published
    /// Another form, or not an earnings release.
    case skipped(String)
    /// Not a usable filing (truncated, too large, ...).
    case rejected(String)

    var status: String {
        switch self {
        case .ingested: "ingested"
        case .duplicate: "duplicate"
        case .published: "published"
        case .skipped: "skipped"
        case .rejected: "rejected"
        }
    }

    var reason: String? {
        switch self {
        case .skipped(let reason), .rejected(let reason): reason
        default: nil
        }
    }
}

/// Counts of one poll cycle or backfill.
public struct EDGARReport: Sendable, Equatable {
    /// Listed entries of the configured forms.
    public var listed = 0
    /// Submissions fetched.
    public var fetched = 0
    /// Entries handled before (by the poller or another source): not fetched again.
    public var known = 0
    /// Outcomes of the fetched ones, and skips decided from the listing (items in the feed).
    public var outcomes: [String: Int] = [:]
    /// Daily indexes read.
    public var indexes = 0
}

/// Progress of a backfill: `done` of `total` filings to handle (after the indexes were read).
public struct EDGARProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int
}

/// Polls EDGAR for new filings of the configured forms: the current-filings feed (which lists
/// items, so non-earnings 8-Ks are skipped unfetched) and the daily index from the cursor day
/// through today; fetches each new complete submission and hands it to the sink (the ingest
/// processor in the service, the `filings.submitted` topic in `filings backfill`).
///
/// Resuming: the next daily index to read is the cursor in the state store, moved on only after
/// every filing of that day was handled; every handled filing is recorded, and a filing already
/// seen through any source is not fetched again.
public final class EDGARPoller: Service, Sendable {
    public typealias Sink = @Sendable (EDGARFiling) async throws -> EDGARSinkOutcome

    public struct Configuration: Sendable {
        /// Form types to fetch (upper case).
        public var forms: Set<String>
        public var items: EarningsItems
        public var pollInterval: Duration
        /// The first daily index to read when the store has no cursor (default: today).
        public var startDay: EDGARDay?
        /// Largest submission fetched.
        public var maxFilingBytes: Int
        /// A weekday index still missing this many days later is taken as a holiday.
        public var holidayGraceDays: Int
        public var useCurrentFeed: Bool

        public init(forms: Set<String> = FilingValidator.defaultForms, items: EarningsItems = .default,
                    pollInterval: Duration = .seconds(60), startDay: EDGARDay? = nil,
                    maxFilingBytes: Int = FilingValidator.defaultMaxBytes, holidayGraceDays: Int = 3, useCurrentFeed: Bool = true) {
            self.forms = forms
            self.items = items
            self.pollInterval = pollInterval
            self.startDay = startDay
            self.maxFilingBytes = maxFilingBytes
            self.holidayGraceDays = holidayGraceDays
            self.useCurrentFeed = useCurrentFeed
        }
    }

    static let cursorName = "daily-index"

    let client: EDGARClient
    let state: EDGARState
    let configuration: Configuration
    let sink: Sink
    let today: @Sendable () -> EDGARDay
    let logger: Logger
    let skips: SkipCounter

    public init(client: EDGARClient, state: EDGARState, configuration: Configuration, logger: Logger,
                metrics: (any MetricsFactory)? = nil,
                today: @escaping @Sendable () -> EDGARDay = { EDGARDay(date: Date()) }, sink: @escaping Sink) {
        self.client = client
        self.state = state
        self.configuration = configuration
        self.sink = sink
        self.today = today
        self.logger = logger
        skips = SkipCounter(factory: metrics)
    }

    public func run() async throws {
        logger.info("EDGAR poller started", metadata: [
            "base_url": "\(client.baseURL)", "forms": "\(configuration.forms.sorted().joined(separator: ","))",
            "interval": "\(configuration.pollInterval)", "rate": "\(client.limiter.limit)/s",
        ])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let report = try await self.pollOnce()
                    self.logger.info("EDGAR poll done", metadata: [
                        "fetched": "\(report.fetched)", "known": "\(report.known)", "outcomes": "\(report.outcomes)",
                    ])
                } catch is CancellationError {
                    break
                } catch {
                    self.logger.error("EDGAR poll failed; retrying next cycle", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: self.configuration.pollInterval)
            }
        }
        logger.info("EDGAR poller stopped")
    }

    /// One cycle: the current feed of each form, then the daily indexes from the cursor through today.
    @discardableResult
    public func pollOnce() async throws -> EDGARReport {
        var report = EDGARReport()
        if configuration.useCurrentFeed {
            for form in configuration.forms.sorted() {
                do {
                    let xml = try await client.get(CurrentFeed.path(form: form), maxBytes: 16 << 20)
                    for entry in CurrentFeed.parse(String(decoding: xml, as: UTF8.self)) {
                        try await handle(entry, &report)
                    }
                } catch let error as EDGARError {
                    // The daily index catches up on anything the feed missed.
                    logger.warning("EDGAR current feed unavailable", metadata: ["form": "\(form)", "error": "\(error)"])
                }
            }
        }
        let today = today()
        var day = try await state.cursor(Self.cursorName).flatMap { EDGARDay($0) } ?? configuration.startDay ?? today
        while day <= today {
            try Task.checkCancellation()
            if !day.isWeekend {
                guard let entries = try await dailyIndex(day, today: today) else { break }
                report.indexes += 1
                for entry in entries { try await handle(entry, &report) }
            }
            day = day.adding(days: 1)
            try await state.setCursor(Self.cursorName, day.iso)
        }
        return report
    }

    /// Every filing of the configured forms listed in the daily indexes `from` through `to`, through
    /// the same path as polling; the poll cursor is not touched. Restarting repeats no fetch.
    public func backfill(from: EDGARDay, to: EDGARDay, progress: @Sendable (EDGARProgress) -> Void) async throws -> EDGARReport {
        var report = EDGARReport()
        var days: [EDGARDay] = []
        var day = from
        while day <= to {
            if !day.isWeekend { days.append(day) }
            day = day.adding(days: 1)
        }
        var entries: [EDGARIndexEntry] = []
        for (index, day) in days.enumerated() {
            progress(EDGARProgress(phase: "indexes", done: index, total: days.count))
            do {
                let text = try await client.get(DailyIndex.path(for: day), maxBytes: 64 << 20)
                entries += DailyIndex.parse(String(decoding: text, as: UTF8.self)).filter { configuration.forms.contains($0.form) }
                report.indexes += 1
            } catch EDGARError.notFound {
                logger.info("no daily index (holiday)", metadata: ["day": "\(day)"])
            }
        }
        progress(EDGARProgress(phase: "indexes", done: days.count, total: days.count))
        for (index, entry) in entries.enumerated() {
            progress(EDGARProgress(phase: "filings", done: index, total: entries.count))
            try await handle(entry, &report)
        }
        progress(EDGARProgress(phase: "filings", done: entries.count, total: entries.count))
        return report
    }

    /// The entries of `day`'s index; nil when it is not published yet (stop here, retry next cycle).
    private func dailyIndex(_ day: EDGARDay, today: EDGARDay) async throws -> [EDGARIndexEntry]? {
        do {
            let text = try await client.get(DailyIndex.path(for: day), maxBytes: 64 << 20)
            return DailyIndex.parse(String(decoding: text, as: UTF8.self))
        } catch EDGARError.notFound {
            if day < today.adding(days: -configuration.holidayGraceDays) {
                logger.info("no daily index; taken as a holiday", metadata: ["day": "\(day)"])
                return []
            }
            return nil
        }
    }

    /// Fetches and hands on one listed filing unless its form is not configured, it was seen
    /// before, or the listing already says it is not an earnings release.
    func handle(_ entry: EDGARIndexEntry, _ report: inout EDGARReport) async throws {
        guard configuration.forms.contains(entry.form) else { return }
        report.listed += 1
        if try await state.isKnown(entry.accession) {
            report.known += 1
            return
        }
        if let items = entry.items,
           let why = configuration.items.rejection(FilingHeader(filedDate: entry.dateFiled, items: items), text: "") {
            try await state.record(entry, status: "skipped", reason: "not an earnings release (feed): \(why)")
            skips.count("items", source: "edgar")
            report.outcomes["skipped", default: 0] += 1
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try await client.get(entry.submissionPath, maxBytes: configuration.maxFilingBytes)
        } catch EDGARError.notFound(let path) {
            try await state.record(entry, status: "not_found", reason: "\(path): 404")
            skips.count("not_found", source: "edgar")
            report.outcomes["not_found", default: 0] += 1
            return
        } catch EDGARError.tooLarge(_, let limit) {
            try await state.record(entry, status: "rejected", reason: "larger than \(limit) bytes (INGEST_MAX_FILING_BYTES)")
            skips.count("too_large", source: "edgar")
            report.outcomes["rejected", default: 0] += 1
            return
        }
        report.fetched += 1
        let outcome = try await sink(EDGARFiling(entry: entry, bytes: bytes, url: client.baseURL + entry.submissionPath))
        try await state.record(entry, status: outcome.status, reason: outcome.reason)
        report.outcomes[outcome.status, default: 0] += 1
    }
}

extension EDGARPoller {
    /// The sink of the ingest service: the filing goes through `IngestProcessor` like any other source.
    public static func processorSink(_ processor: IngestProcessor, onAccepted: @escaping @Sendable () -> Void) -> Sink {
        { filing in
            do {
                let result = try await processor.submit(filing.bytes, origin: FilingOrigin(source: "edgar", filename: filing.url))
                if !result.duplicate { onAccepted() }
                return result.duplicate ? .duplicate : .ingested
            } catch let rejection as IngestRejection {
                return rejection.isPolicySkip ? .skipped(rejection.description) : .rejected(rejection.description)
            }
        }
    }
}
