import FilingsCore
import Foundation
@testable import IngestService
import Testing

/// Bytes in to event out (validate, split, decode, build the event, commit filing + outbox row).
/// Run with `scripts/bench-ingest.sh` (sets INGEST_BENCHMARK=1); skipped otherwise.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["INGEST_BENCHMARK"] == "1"))
struct IngestBenchmark {
    @Test func ingestPath() async throws {
        let runs = Int(ProcessInfo.processInfo.environment["INGEST_BENCHMARK_RUNS"] ?? "") ?? 9
        let names = ["pericom-8k-2005-11-07.txt", "southern-8k-2005-01-25.txt", "oracle-8k-2014-06-19.txt", "oracle-8k-2022-06-13.txt"]
        var allFixtures: [[UInt8]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path).sorted() where name.hasSuffix(".txt") {
            allFixtures.append(try fixture(name))
        }
        var lines: [String] = []
        for name in names {
            let bytes = try fixture(name)
            var times: [Double] = []
            for _ in 0..<runs {
                let store = try Store.inMemory(migrations: IngestService.migrations)
                let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
                let start = ContinuousClock.now
                _ = try await processor.submit(bytes, origin: FilingOrigin(source: "bench"))
                times.append(seconds(ContinuousClock.now - start))
            }
            let median = times.sorted()[times.count / 2]
            lines.append(name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + String(format: "%9d bytes  median %8.2f ms  %7.1f MB/s  (%d runs)",
                         bytes.count, median * 1000, Double(bytes.count) / median / 1e6, runs))
        }
        // All the text fixtures one after the other into one store.
        var totals: [Double] = []
        let total = allFixtures.reduce(0) { $0 + $1.count }
        for _ in 0..<runs {
            let store = try Store.inMemory(migrations: IngestService.migrations)
            let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
            let start = ContinuousClock.now
            for bytes in allFixtures { _ = try await processor.submit(bytes, origin: FilingOrigin(source: "bench")) }
            totals.append(seconds(ContinuousClock.now - start))
        }
        let median = totals.sorted()[totals.count / 2]
        lines.append(String(format: "all %d fixtures                %9d bytes  median %8.2f ms  %7.1f MB/s  %6.1f filings/s",
                            allFixtures.count, total, median * 1000, Double(total) / median / 1e6, Double(allFixtures.count) / median))
        print("INGEST BENCHMARK\n" + lines.joined(separator: "\n"))
    }

    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
