import ArgumentParser
import FilingEvents
import FilingsCore
import Foundation
import IngestService
import KafkaKit
import Logging

struct Publish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish filings (files or folders of them) to the filings.submitted topic.",
        discussion: """
            Each file is checked first (non-empty, text, a Form 8-K); a file that fails is reported \
            and the command exits non-zero after publishing the others.
            """)

    @Argument(help: "Filing files or folders (folders are read recursively for *.txt, *.htm, *.html).")
    var paths: [String]

    @Option(help: "Largest file accepted, in bytes.") var maxBytes = FilingValidator.defaultMaxBytes
    @Option(help: "Seconds to wait for the broker to acknowledge a filing before giving up.") var timeout = 10
    @Option(help: "Filings sent together before waiting for the broker's acknowledgements (1: one at a time).")
    var batch = 1
    @Option(help: "At most this many filings a second (default: as fast as the broker acknowledges them).")
    var rate: Double?
    @Option(help: "Write a line per published filing to this file: its accession number (or file name) and the time it was sent, in Unix milliseconds, tab-separated.")
    var timings: String?

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be positive") }
    }

    func run() async throws {
        let files = try filingFiles(paths)
        guard !files.isEmpty else { throw ValidationError("no filing files found in \(paths.joined(separator: " "))") }
        let environment = ProcessInfo.processInfo.environment
        let bootstrap = try ServiceSettings.bootstrapServers(environment)
        let topics = Topics(prefix: environment["TOPIC_PREFIX"] ?? "")
        var logger = Logger(label: "filings.publish")
        logger.logLevel = .critical  // librdkafka's connection errors: the command reports the outcome itself
        var config = ServiceSettings.kafkaPassThrough(environment)
        config["bootstrap.servers"] = bootstrap
        config["message.timeout.ms"] = String(timeout * 1000)
        config["message.max.bytes"] = String(maxBytes + 1_048_576)
        let producer = try KafkaProducer(config: config, logger: logger)
        let validator = FilingValidator(maxBytes: maxBytes)
        var failures = 0, published = 0
        let progress = Progress(total: files.count)
        var pending: [(file: String, name: String, filing: ValidatedFiling, record: ProducerRecord)] = []
        var timingLines: [String] = []
        // One metadata request before the first record: librdkafka 2.0.2 otherwise holds a new
        // producer's first records about a second (its first produce waits out a broker-thread
        // timeout), which every `filings publish` paid. Its answer does not matter here.
        _ = await producer.isConnected()
        let started = Date()
        /// Sends the pending filings together and waits for their acknowledgements.
        func send() async throws {
            let sentAt = Int64(Date().timeIntervalSince1970 * 1000)
            let results = await producer.sendAll(pending.map(\.record))
            for (item, result) in zip(pending, results) {
                switch result {
                case .success(let report):
                    published += 1
                    timingLines.append("\(item.filing.header.accession ?? item.name)\t\(sentAt)")
                    progress.detail("published \(item.file) (\(item.filing.header.company ?? "?"), \(item.record.value.count) bytes) to \(report.topic)[\(report.partition)]@\(report.offset)")
                    progress.update(published: published, refused: failures)
                case .failure(let error):
                    // The broker did not take it: the next files would wait as long, so stop here.
                    progress.finish()
                    await producer.close()
                    throw CLIError("Kafka at \(bootstrap) did not acknowledge \(item.file) within \(timeout) s (\(error)); \(published) of \(files.count) published")
                }
            }
            pending = []
        }
        for (index, file) in files.enumerated() {
            let bytes: [UInt8], filing: ValidatedFiling
            do {
                bytes = [UInt8](try readFiling(file))
                filing = try validator.validate(bytes)
            } catch {
                failures += 1
                progress.note("refused \(file): \(error)")
                progress.update(published: published, refused: failures)
                continue
            }
            let name = (file as NSString).lastPathComponent
            // Keyed by company, like every pipeline topic: one company's filings stay in order.
            let record = ProducerRecord(
                topic: topics.submitted, key: CompanyKey.of(filing.header) ?? filing.sha256, value: bytes,
                headers: [KafkaHeader(name: "filename", string: name),
                          KafkaHeader(name: "content-type", string: filing.contentType)])
            if let rate {
                let due = started.addingTimeInterval(Double(index) / rate).timeIntervalSinceNow
                if due > 0 { try await Task.sleep(for: .seconds(due)) }
            }
            pending.append((file, name, filing, record))
            if pending.count >= batch { try await send() }
        }
        try await send()
        if let timings { try timingLines.map { $0 + "\n" }.joined().write(toFile: timings, atomically: true, encoding: .utf8) }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        print("published \(published) of \(files.count) filings, \(failures) refused"
              + String(format: " in %.2f s (%.1f filings/s)", seconds, Double(published) / max(seconds, 0.001)))
        await producer.close()
        if failures > 0 { throw ExitCode(1) }
    }
}
