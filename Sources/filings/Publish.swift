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

    func run() async throws {
        let files = try filingFiles(paths)
        guard !files.isEmpty else { throw ValidationError("no filing files found in \(paths.joined(separator: " "))") }
        let environment = ProcessInfo.processInfo.environment
        let bootstrap = try ServiceSettings.bootstrapServers(environment)
        let topics = Topics(prefix: environment["TOPIC_PREFIX"] ?? "")
        var logger = Logger(label: "filings.publish")
        logger.logLevel = .error
        var config = ServiceSettings.kafkaPassThrough(environment)
        config["bootstrap.servers"] = bootstrap
        config["message.timeout.ms"] = "30000"
        config["message.max.bytes"] = String(maxBytes + 1_048_576)
        let producer = try KafkaProducer(config: config, logger: logger)
        let validator = FilingValidator(maxBytes: maxBytes)
        var failures = 0
        for file in files {
            do {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
                let filing = try validator.validate(bytes)
                let name = (file as NSString).lastPathComponent
                // Keyed by company, like every pipeline topic: one company's filings stay in order.
                let report = try await producer.send(ProducerRecord(
                    topic: topics.submitted, key: CompanyKey.of(filing.header) ?? filing.sha256, value: bytes,
                    headers: [KafkaHeader(name: "filename", string: name),
                              KafkaHeader(name: "content-type", string: filing.contentType)]))
                print("published \(file) (\(filing.header.company ?? "?"), \(bytes.count) bytes) to \(report.topic)[\(report.partition)]@\(report.offset)")
            } catch {
                failures += 1
                printError("error: \(file): \(error)")
            }
        }
        await producer.close()
        if failures > 0 { throw ExitCode(1) }
    }
}
