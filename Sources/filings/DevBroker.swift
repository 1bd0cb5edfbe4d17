import ArgumentParser
import FilingsCore
import Foundation
import KafkaKit
import Logging

struct DevBroker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-broker",
        abstract: "Run an in-memory Kafka-protocol broker (librdkafka's mock cluster) for local development.",
        discussion: """
            Creates every pipeline topic, prints the bootstrap address and writes it to the dev broker file, \
            which services and commands read when KAFKA_BOOTSTRAP_SERVERS is unset. Runs until SIGINT/SIGTERM. \
            Data lives in memory only (about 5 MiB kept per partition).
            """)

    @Option(help: "Number of brokers.") var brokers = 1
    @Option(help: "Partitions per topic.") var partitions: Int32 = 3
    @Option(help: "Where to write the bootstrap address (default: FILINGS_DEV_BROKER_FILE or ~/.filings/dev-broker).")
    var bootstrapFile: String?

    func run() async throws {
        var logger = Logger(label: "filings.dev-broker")
        logger.logLevel = .warning
        let cluster = try MockCluster(brokers: brokers, logger: logger)
        let topics = Topics(prefix: ProcessInfo.processInfo.environment["TOPIC_PREFIX"] ?? "")
        for topic in topics.all { try cluster.createTopic(topic, partitions: partitions) }
        let file = bootstrapFile ?? ServiceSettings.devBrokerFile()
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try (cluster.bootstrapServers + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        print(cluster.bootstrapServers)
        printError("dev broker: \(brokers) broker(s) at \(cluster.bootstrapServers); \(topics.all.count) topics; address written to \(file)")
        await waitForTermination()
        try? FileManager.default.removeItem(atPath: file)
        printError("dev broker: stopped")
        _ = cluster
    }
}

/// Suspends until SIGINT or SIGTERM.
func waitForTermination() async {
    let (stream, continuation) = AsyncStream<Void>.makeStream()
    var sources: [any DispatchSourceSignal] = []
    for sig in [SIGINT, SIGTERM] {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig)
        source.setEventHandler { continuation.yield() }
        source.resume()
        sources.append(source)
    }
    _ = await stream.first { _ in true }
    sources.forEach { $0.cancel() }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
