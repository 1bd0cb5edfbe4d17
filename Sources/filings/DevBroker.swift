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
            Creates every pipeline topic, prints the bootstrap address (127.0.0.1:PORT) and writes it to the dev \
            broker file, which services and commands read when KAFKA_BOOTSTRAP_SERVERS is unset. Runs until \
            SIGINT/SIGTERM. Data lives in memory only (about 5 MiB kept per partition) and is lost when it stops; \
            started again on the same port, it has the same address (running consumers must be restarted, see \
            docs/operations.md).
            """)

    @Option(help: "Number of brokers.") var brokers = 1
    @Option(help: "Partitions per topic.") var partitions: Int32 = 3
    @Option(help: "Bootstrap port on 127.0.0.1 (0: a free one).") var port = DevBroker.defaultPort
    @Option(help: "Where to write the bootstrap address (default: FILINGS_DEV_BROKER_FILE or ~/.filings/dev-broker).")
    var bootstrapFile: String?

    /// The dev broker's fixed bootstrap port.
    static let defaultPort = 9092

    func run() async throws {
        var logger = Logger(label: "filings.dev-broker")
        logger.logLevel = .warning
        let cluster = try MockCluster(brokers: brokers, logger: logger)
        let topics = Topics(prefix: ProcessInfo.processInfo.environment["TOPIC_PREFIX"] ?? "")
        for topic in topics.all { try cluster.createTopic(topic, partitions: partitions) }
        // The mock's brokers listen on ports the system picks; clients bootstrap through the fixed
        // port, so after a restart they find the new brokers there (see LoopbackForwarder).
        let forwarder: LoopbackForwarder
        do {
            forwarder = try LoopbackForwarder(port: port, target: cluster.brokerPorts[0])
        } catch {
            throw CLIError("\((error as? KafkaError)?.message ?? "\(error)"); is another dev broker or Kafka running there? Choose another with --port")
        }
        let address = "127.0.0.1:\(forwarder.port)"
        let file = bootstrapFile ?? ServiceSettings.devBrokerFile()
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try (address + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        print(address)
        printError("dev broker: \(brokers) broker(s) at \(address) (brokers \(cluster.bootstrapServers)); \(topics.all.count) topics; address written to \(file)")
        await waitForTermination()
        try? FileManager.default.removeItem(atPath: file)
        forwarder.stop()
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
