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
        for file in files {
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
            do {
                // Keyed by company, like every pipeline topic: one company's filings stay in order.
                let report = try await producer.send(ProducerRecord(
                    topic: topics.submitted, key: CompanyKey.of(filing.header) ?? filing.sha256, value: bytes,
                    headers: [KafkaHeader(name: "filename", string: name),
                              KafkaHeader(name: "content-type", string: filing.contentType)]))
                published += 1
                progress.detail("published \(file) (\(filing.header.company ?? "?"), \(bytes.count) bytes) to \(report.topic)[\(report.partition)]@\(report.offset)")
                progress.update(published: published, refused: failures)
            } catch {
                // The broker did not take it: the next files would wait as long, so stop here.
                progress.finish()
                await producer.close()
                throw CLIError("Kafka at \(bootstrap) did not acknowledge \(file) within \(timeout) s (\(error)); \(published) of \(files.count) published")
            }
        }
        progress.finish()
        print("published \(published) of \(files.count) filings, \(failures) refused")
        await producer.close()
        if failures > 0 { throw ExitCode(1) }
    }
}
