// Benchmarks with figures a note can quote: medians over several runs, each beside a baseline
// measured in the same run (the machines are shared and noisy, so ratios travel better than
// absolute times). Run with `swift run -c release filings-bench [FIXTURES_DIR]` (default: the
// FIXTURES_DIR variable, else ../shared/fixtures/filings, where the fixture filings are kept).
import FilingEvents
import FilingParser
import FilingsCore
import Foundation
import KafkaKit
import Logging
import MetricsService

let fixtures = CommandLine.arguments.dropFirst().first ?? ProcessInfo.processInfo.environment["FIXTURES_DIR"] ?? "../shared/fixtures/filings"

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func secondsAsync(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

// 1. Parser throughput over the plain-text fixtures, and over the three sample filings alone;
// baseline: one pass over the same bytes counting lines.
var sink = 0
@MainActor func benchParse(_ label: String, names: [String]) throws {
    let texts = try names.map { try String(contentsOfFile: fixtures + "/" + $0, encoding: .utf8) }
    let bytes = Double(texts.reduce(0) { $0 + $1.utf8.count })
    var parseTimes: [Double] = [], scanTimes: [Double] = []
    for _ in 0..<15 {
        parseTimes.append(seconds { for text in texts { sink &+= FilingParser.parse(text).facts.count } })
        scanTimes.append(seconds { for text in texts { sink &+= text.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } } })
    }
    let parseMedian = median(parseTimes), scanMedian = median(scanTimes)
    print("parse \(label): " + String(format: "%d text filings, %.2f MB: median %.2f ms = %.1f MB/s (%.0f filings/s); baseline line count %.3f ms; ratio %.1fx",
                 texts.count, bytes / 1e6, parseMedian * 1000, bytes / 1e6 / parseMedian, Double(texts.count) / parseMedian,
                 scanMedian * 1000, parseMedian / scanMedian))
}
// The plain-text fixtures: *.txt without HTML documents inside.
let textFixtures = try FileManager.default.contentsOfDirectory(atPath: fixtures).filter { name in
    name.hasSuffix(".txt") && (try? String(contentsOfFile: fixtures + "/" + name, encoding: .utf8))?.range(of: "<html", options: .caseInsensitive) == nil
}.sorted()
try benchParse("all text fixtures", names: textFixtures)
try benchParse("the three samples", names: textFixtures.filter { $0.hasPrefix("ptix-") })

// 2. Metrics handler: three parsed PTIX filings into a fresh store (facts in, metrics out, store
// write and outbox included); baseline: decoding the same three events.
let ptix = ["ptix-8k-2003-07-23.txt", "ptix-8k-2003-10-23.txt", "ptix-8k-2004-02-05.txt"]
let messages: [KafkaMessage] = try ptix.enumerated().map { index, name in
    let parsed = FilingParser.parse(try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8))
    let payload = FilingParsed(filingID: "bench-\(index)", companyKey: "file-0-27460", header: parsed.header,
                               statements: parsed.statements, facts: parsed.facts, guidance: parsed.guidance, claims: parsed.claims)
    let event = try CloudEvent(id: "bench-\(index)", source: "bench", type: EventTypes.filingParsed, subject: "bench-\(index)", payload: payload)
    return KafkaMessage(topic: "filings.parsed", partition: 0, offset: Int64(index), key: nil, value: event.data, headers: event.headers)
}
var logger = Logger(label: "bench")
logger.logLevel = .critical
var handleTimes: [Double] = [], decodeTimes: [Double] = []
for _ in 0..<21 {
    let store = try Store.inMemory(migrations: MetricsService.migrations)
    let handler = MetricsHandler(store: store, topics: Topics(), logger: logger)
    handleTimes.append(try await secondsAsync { for message in messages { try await handler.handle(message) } })
    decodeTimes.append(try seconds { for message in messages { sink &+= try CloudEvent(message: message).decode(FilingParsed.self).facts.count } })
}
let handleMedian = median(handleTimes) / Double(messages.count), decodeMedian = median(decodeTimes) / Double(messages.count)
print(String(format: "metrics handler: median %.2f ms per filing (%.0f filings/s); baseline event decode %.2f ms; ratio %.1fx",
             handleMedian * 1000, 1 / handleMedian, decodeMedian * 1000, handleMedian / decodeMedian))
if sink == 42 { print("") }
