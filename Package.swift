// swift-tools-version: 6.1
import PackageDescription

// Dependencies, each for one reason:
// - swift-log / swift-metrics / swift-prometheus: structured logs and the /metrics endpoint.
// - swift-service-lifecycle: SIGTERM/SIGINT handling and ordered graceful shutdown.
// - swift-argument-parser: the `filings` CLI and the service executables' flags.
// - GRDB.swift: the SQLite stores (over Debian's libsqlite3).
// - hummingbird: the HTTP server of every service (/healthz, /readyz, /metrics, APIs).
// - swift-crypto: SHA-256 content hashes and HMAC-SHA256 webhook signatures.
// - async-http-client: outgoing HTTP (webhook delivery, the EDGAR poller); already in the graph
//   through Hummingbird's test support, so it adds no build time.
let package = Package(
    name: "filings-pipeline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ingest", targets: ["ingest"]),
        .executable(name: "parse", targets: ["parse"]),
        .executable(name: "metrics", targets: ["metrics"]),
        .executable(name: "notify", targets: ["notify"]),
        .executable(name: "filings", targets: ["filings"]),
        .library(name: "KafkaKit", targets: ["KafkaKit"]),
        .library(name: "FilingParser", targets: ["FilingParser"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // zlib: ingest keeps every accepted raw filing deflated (libz.so.1 is already loaded through librdkafka).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Zstandard: raw filings kept since ingest-v4 (libzstd.so.1 is already loaded through librdkafka).
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "KafkaKit",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "FilingParser"),
        .target(name: "FilingMetrics", dependencies: ["FilingParser"]),
        .target(name: "FilingEvents", dependencies: ["FilingParser", "FilingMetrics", "FilingsCore", "KafkaKit"]),
        // Layout variants of filings for the parser's metamorphic tests (`filings variants`, FilingVariantsTests).
        .target(name: "FilingVariants", dependencies: ["FilingParser"]),
        .target(
            name: "FilingsCore",
            dependencies: [
                "KafkaKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "IngestService",
            dependencies: [
                "FilingsCore", "FilingEvents", "FilingParser", "CZlib", "CZstd",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(name: "ParseService", dependencies: ["FilingsCore", "FilingEvents", "FilingParser"]),
        .target(name: "MetricsService", dependencies: ["FilingsCore", "FilingEvents", "FilingMetrics"]),
        .target(
            name: "NotifyService",
            dependencies: [
                "FilingsCore", "FilingEvents",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(name: "ingest", dependencies: ["IngestService"]),
        .executableTarget(name: "parse", dependencies: ["ParseService"]),
        .executableTarget(name: "metrics", dependencies: ["MetricsService"]),
        .executableTarget(name: "notify", dependencies: ["NotifyService"]),
        .executableTarget(
            name: "filings",
            dependencies: [
                "FilingsCore", "FilingParser", "FilingEvents", "IngestService", "FilingVariants",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Benchmarks: `swift run -c release filings-bench` (see the file for what it measures).
        .executableTarget(
            name: "filings-bench",
            dependencies: ["FilingParser", "FilingsCore", "FilingEvents", "FilingMetrics", "MetricsService", "ParseService", "KafkaKit",
                           .product(name: "Logging", package: "swift-log"), .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "KafkaKitTests", dependencies: ["KafkaKit"]),
        .testTarget(name: "FilingParserTests", dependencies: ["FilingParser", "FilingVariants"]),
        .testTarget(name: "FilingMetricsTests", dependencies: ["FilingMetrics"]),
        .testTarget(name: "FilingVariantsTests", dependencies: ["FilingVariants", "FilingParser"]),
        .testTarget(name: "FilingsCoreTests", dependencies: ["FilingsCore"]),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "IngestService", "ParseService", "MetricsService", "NotifyService", "FilingVariants",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FilingsCore", "KafkaKit", "FilingEvents", "FilingParser", "MetricsService",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
