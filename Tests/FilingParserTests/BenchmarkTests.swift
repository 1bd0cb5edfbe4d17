import Foundation
import Testing
import FilingParser

/// Throughput on the plain-text fixtures and time on the largest HTML fixture. Prints the figures;
/// figures, not timing assertions; off unless `PARSER_BENCH=1`
/// (release: `PARSER_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter Benchmark`).
@Suite("Benchmark", .enabled(if: ProcessInfo.processInfo.environment["PARSER_BENCH"] == "1"))
struct BenchmarkTests {
    /// CPU time of the calling thread in seconds (unaffected by other processes on the machine).
    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    @Test("text filings: MB/s per core", .fixtures)
    func textThroughput() throws {
        let texts = try (Fixtures.ptix + Fixtures.otherText).map { try Fixtures.text($0) }
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        for t in texts { _ = FilingParser.parse(t) }
        var rounds = 0
        let cpu0 = Self.threadCPU()
        let start = Date()
        repeat {
            for t in texts { _ = FilingParser.parse(t) }
            rounds += 1
        } while Date().timeIntervalSince(start) < 1.0
        let seconds = Date().timeIntervalSince(start)
        let cpu = Self.threadCPU() - cpu0
        let mbps = Double(bytes * rounds) / seconds / 1_000_000
        let cpuMBps = Double(bytes * rounds) / cpu / 1_000_000
        print("BENCH text fixtures: \(texts.count) files, \(bytes) bytes, \(rounds) rounds, \(String(format: "%.1f", mbps)) MB/s wall, \(String(format: "%.1f", cpuMBps)) MB/s per core (thread CPU time)")
        #expect(rounds > 0)
    }

    @Test("the 2 MB inline-XBRL HTML filing", .fixtures)
    func largeHTML() throws {
        let text = try Fixtures.text("oracle-8k-2022-06-13")
        _ = FilingParser.parse(text)
        let runs = 3
        let cpu0 = Self.threadCPU()
        let start = Date()
        for _ in 0..<runs { _ = FilingParser.parse(text) }
        let ms = Date().timeIntervalSince(start) / Double(runs) * 1000
        let cpuMs = (Self.threadCPU() - cpu0) / Double(runs) * 1000
        print("BENCH oracle-8k-2022-06-13 (\(text.utf8.count) bytes): \(String(format: "%.1f", ms)) ms wall, \(String(format: "%.1f", cpuMs)) ms CPU per parse")
    }
}
