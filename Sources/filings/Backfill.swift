import ArgumentParser
import FilingsCore
import Foundation
import IngestService
import KafkaKit
import Logging
import Synchronization

/// `filings backfill`: past filings from EDGAR's daily indexes, through the same poller code as the
/// ingest service, published to `filings.submitted`.
///
/// Why publish rather than POST: the topic is the pipeline's own buffer. A backfill of years runs
/// for hours at EDGAR's 10 requests per second; publishing needs no running ingest service and no
/// address for it, survives ingest restarts and deploys, and lets ingest apply validation and
/// de-duplication at its own pace (a POST per filing would tie the backfill to the service's
/// availability and hold each request open while the filing is processed). Filings this command
/// already knows are not wanted (another form, not an earnings item) are not published at all, so
/// they do not land in `filings.submitted.dlq`.
struct Backfill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch past filings from EDGAR's daily indexes and publish them to filings.submitted.",
        discussion: """
            Reads Archives/edgar/daily-index/YYYY/QTRn/master.YYYYMMDD.idx for every weekday from --from to --to, \
            fetches each listed filing of the given forms (Archives/edgar/data/CIK/ACCESSION.txt), keeps earnings \
            releases (--items) and publishes them with `filename`, `content-type` and `source-url` headers. \
            Needs EDGAR_USER_AGENT ('Company Name contact@example.com'); EDGAR_BASE_URL and \
            EDGAR_REQUESTS_PER_SECOND (at most 10) as for the ingest service. Handled filings are remembered \
            in --state, so running it again (or after an interruption) fetches nothing twice.
            """)

    @Option(help: "First filing date (YYYY-MM-DD).") var from: String
    @Option(help: "Last filing date (YYYY-MM-DD), inclusive.") var to: String
    @Option(help: "Form types, comma-separated.") var forms = "8-K,8-K/A"
    @Option(help: "Earnings items a filing listing its items must report, comma-separated.") var items = "2.02,12"
    @Option(help: "SQLite file remembering handled filings (default ~/.filings/backfill.sqlite).") var state: String?
    @Option(help: "Largest filing fetched, in bytes.") var maxBytes = FilingValidator.defaultMaxBytes

    func run() async throws {
        guard let first = EDGARDay(from) else { throw ValidationError("--from \(from) is not a date (YYYY-MM-DD)") }
        guard let last = EDGARDay(to) else { throw ValidationError("--to \(to) is not a date (YYYY-MM-DD)") }
        guard first <= last else { throw ValidationError("--from \(from) is after --to \(to)") }
        guard let earnings = EarningsItems(list: items) else { throw ValidationError("--items \(items) is not a list such as 2.02,12") }
        let formSet = Set(forms.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty })
        guard !formSet.isEmpty else { throw ValidationError("--forms lists no form") }
        let environment = ProcessInfo.processInfo.environment
        let edgar: EDGARSettings
        do { edgar = try EDGARSettings(environment: environment) } catch { throw ValidationError("\(error)") }

        var logger = Logger(label: "filings.backfill")
        logger.logLevel = .error
        let topics = Topics(prefix: environment["TOPIC_PREFIX"] ?? "")
        var config = ServiceSettings.kafkaPassThrough(environment)
        config["bootstrap.servers"] = try ServiceSettings.bootstrapServers(environment)
        config["message.timeout.ms"] = "60000"
        config["message.max.bytes"] = String(maxBytes + 1_048_576)
        let producer = try KafkaProducer(config: config, logger: logger)
        let validator = FilingValidator(maxBytes: maxBytes, forms: formSet, items: earnings)
        let statePath = state ?? (ServiceSettings.devBrokerFile(environment) as NSString).deletingLastPathComponent + "/backfill.sqlite"
        let store = try Store.open(path: statePath, migrations: EDGARState.migrations)
        let client = EDGARClient(baseURL: edgar.baseURL, userAgent: edgar.userAgent,
                                 limiter: RateLimiter(perSecond: edgar.requestsPerSecond), logger: logger)
        let submitted = topics.submitted
        let poller = EDGARPoller(
            client: client, state: EDGARState(store: store),
            configuration: .init(forms: formSet, items: earnings, maxFilingBytes: maxBytes, useCurrentFeed: false),
            logger: logger
        ) { filing in
            let valid: ValidatedFiling
            do {
                valid = try validator.validate(filing.bytes)
            } catch let rejection as IngestRejection {
                return rejection.isPolicySkip ? .skipped(rejection.description) : .rejected(rejection.description)
            }
            try await producer.send(ProducerRecord(
                topic: submitted, key: filing.entry.cik, value: filing.bytes,
                headers: [KafkaHeader(name: "filename", string: "\(filing.entry.accession).txt"),
                          KafkaHeader(name: "content-type", string: valid.contentType),
                          KafkaHeader(name: "source-url", string: filing.url)]))
            return .published
        }
        let progress = ProgressLine(terminal: isatty(STDERR_FILENO) != 0)
        printError("backfill \(first)..\(last) from \(edgar.baseURL) (forms \(formSet.sorted().joined(separator: ",")), items \(items)); state in \(statePath)")
        let report: EDGARReport
        do {
            report = try await poller.backfill(from: first, to: last) { progress.update($0) }
        } catch {
            progress.finish()
            await producer.close()
            throw error
        }
        progress.finish()
        await producer.close()
        let outcomes = report.outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print("backfill done: \(report.indexes) daily indexes, \(report.listed) filings listed, \(report.known) known before, "
              + "\(report.fetched) fetched\(outcomes.isEmpty ? "" : " (\(outcomes))")")
    }
}

/// Progress on stderr: a redrawn bar (done / total, rate, ETA) on a terminal, otherwise a plain
/// line at most every 5 seconds and at the end of each phase.
final class ProgressLine: Sendable {
    private struct State {
        var phase = ""
        var started = ContinuousClock.now
        var lastLine = ContinuousClock.now - .seconds(60)
        var drawn = false
    }

    private let terminal: Bool
    private let state = Mutex(State())

    init(terminal: Bool) { self.terminal = terminal }

    func update(_ progress: EDGARProgress) {
        let line: String? = state.withLock { state in
            let now = ContinuousClock.now
            if state.phase != progress.phase {
                if state.drawn && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
                state = State(phase: progress.phase, started: now)
            }
            let finished = progress.done >= progress.total
            if !terminal && !finished && now - state.lastLine < .seconds(5) { return nil }
            if terminal && !finished && now - state.lastLine < .milliseconds(100) { return nil }
            state.lastLine = now
            state.drawn = true
            let elapsed = Double((now - state.started).components.seconds) + Double((now - state.started).components.attoseconds) / 1e18
            let rate = elapsed > 0 ? Double(progress.done) / elapsed : 0
            let remaining = rate > 0 ? Double(progress.total - progress.done) / rate : nil
            let eta = remaining.map(Self.duration) ?? "--"
            let percent = progress.total > 0 ? progress.done * 100 / progress.total : 100
            let counts = "\(progress.done)/\(progress.total) \(progress.phase)"
            let stats = String(format: "%.1f/s", rate) + " ETA \(eta)"
            if terminal {
                let width = 30
                let filled = progress.total > 0 ? width * progress.done / progress.total : width
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                return "\r[\(bar)] \(percent)% \(counts) \(stats)\u{1B}[K"
            }
            return "backfill: \(counts) (\(percent)%), \(stats)\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        let drawn = state.withLock { $0.drawn }
        if drawn && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
