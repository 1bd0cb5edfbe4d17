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

let usage = """
    usage: filings-bench [FIXTURES_DIR]           parser, metrics handler and event benchmarks
           filings-bench parse [FIXTURES_DIR]     only the parser's (for profiling it alone)
           filings-bench parse-service [FIXTURES_DIR] [ROUNDS]
                                                  the parse service's work per filing, without Kafka
                                                  and the store (synchronous: runs under valgrind)
           filings-bench metrics [FIXTURES_DIR]   only the metrics handler's
           filings-bench pages                    only the pages'
    FIXTURES_DIR defaults to the FIXTURES_DIR variable, else ../shared/fixtures/filings.
    """
if let first = CommandLine.arguments.dropFirst().first, ["-h", "--help", "help"].contains(first) { print(usage); exit(0) }
if CommandLine.arguments.dropFirst().first == "pages" { try await benchPages(); exit(0) }
if CommandLine.arguments.dropFirst().first == "parse-service" {
    let arguments = CommandLine.arguments.dropFirst(2)
    try benchParseService(fixtures: arguments.first ?? ProcessInfo.processInfo.environment["FIXTURES_DIR"] ?? "../shared/fixtures/filings",
                          rounds: arguments.dropFirst().first.flatMap { Int($0) } ?? 20)
    exit(0)
}
let onlyMetrics = CommandLine.arguments.dropFirst().first == "metrics"
let onlyParse = CommandLine.arguments.dropFirst().first == "parse"
let fixtures = CommandLine.arguments.dropFirst(onlyMetrics || onlyParse ? 2 : 1).first ?? ProcessInfo.processInfo.environment["FIXTURES_DIR"]
    ?? "../shared/fixtures/filings"
var isFolder: ObjCBool = false
guard FileManager.default.fileExists(atPath: fixtures, isDirectory: &isFolder), isFolder.boolValue else {
    FileHandle.standardError.write(Data("filings-bench: no fixture folder at \(fixtures)\n\(usage)\n".utf8))
    exit(64)
}

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
// baseline: one pass over the same bytes counting lines with memchr, outside any actor, so the
// ratio is the parser against a real limit (reading the bytes once).
var sink = 0

/// Newlines in `text`, counted with memchr over its contiguous UTF-8.
nonisolated func countLines(_ text: String) -> Int {
    var text = text
    return text.withUTF8 { bytes -> Int in
        guard var position = bytes.baseAddress else { return 0 }
        let end = position + bytes.count
        var lines = 0
        while position < end, let found = memchr(position, 10, end - position) {
            lines += 1
            position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return lines
    }
}

@MainActor func benchParse(_ label: String, names: [String]) throws {
    let texts = try names.map { try String(contentsOfFile: fixtures + "/" + $0, encoding: .utf8) }
    let bytes = Double(texts.reduce(0) { $0 + $1.utf8.count })
    var parseTimes: [Double] = [], serviceTimes: [Double] = [], scanTimes: [Double] = []
    for _ in 0..<15 {
        parseTimes.append(seconds { for text in texts { sink &+= FilingParser.parse(text).facts.count } })
        serviceTimes.append(seconds { for text in texts { sink &+= FilingParser.parse(text, checks: false).facts.count } })
        scanTimes.append(seconds { for text in texts { sink &+= countLines(text) } })
    }
    let parseMedian = median(parseTimes), serviceMedian = median(serviceTimes), scanMedian = median(scanTimes)
    print("parse \(label): " + String(format: "%d text filings, %.2f MB: median %.2f ms = %.1f MB/s (%.0f filings/s); baseline memchr line count %.3f ms; ratio %.1fx",
                 texts.count, bytes / 1e6, parseMedian * 1000, bytes / 1e6 / parseMedian, Double(texts.count) / parseMedian,
                 scanMedian * 1000, parseMedian / scanMedian))
    // What the parse service runs: the same without the consistency checks.
    print("parse \(label) without checks (as the parse service): " + String(format: "median %.2f ms = %.1f MB/s",
                 serviceMedian * 1000, bytes / 1e6 / serviceMedian))
}
// The plain-text fixtures: *.txt without HTML documents inside.
let textFixtures = try FileManager.default.contentsOfDirectory(atPath: fixtures).filter { name in
    name.hasSuffix(".txt") && (try? String(contentsOfFile: fixtures + "/" + name, encoding: .utf8))?.range(of: "<html", options: .caseInsensitive) == nil
}.sorted()
if !onlyMetrics {
    try benchParse("all text fixtures", names: textFixtures)
    try benchParse("the three samples", names: textFixtures.filter { $0.hasPrefix("ptix-") })
}
if onlyParse { if sink == 42 { print("") }; exit(0) }

// 2. Metrics handler: the cost of one filing by the length of the company's history. The three
// parsed PTIX filings (Q2-Q4 2003) repeated with every date moved by whole years make a company
// with decades of history. History 1: a company's first filing (one company per filing); history
// 400: a filing arriving after 400 earlier ones of its company. Each with the store write and the
// outbox included; medians of single filings, in CPU time of the process (the machines are shared:
// wall time would measure the neighbours), the two kinds alternated.
let ptix = ["ptix-8k-2003-07-23.txt", "ptix-8k-2003-10-23.txt", "ptix-8k-2004-02-05.txt"]
let ptixParsed = try ptix.map { FilingParser.parse(try String(contentsOfFile: fixtures + "/" + $0, encoding: .utf8)) }

/// `iso` (yyyy-MM-dd...) with the year moved by `years`.
func shiftYear(_ iso: String?, _ years: Int) -> String? {
    guard let iso, iso.count >= 4, let year = Int(iso.prefix(4)) else { return iso }
    return String(year + years) + iso.dropFirst(4)
}

func shifted(_ period: Period, _ years: Int) -> Period {
    Period(start: shiftYear(period.start, years), end: shiftYear(period.end, years), instant: shiftYear(period.instant, years))
}

/// The `filings.parsed` event of PTIX sample `index` with its dates moved by `years`, for `company`.
func ptixMessage(_ index: Int, years: Int, company: String) throws -> KafkaMessage {
    let parsed = ptixParsed[index]
    var header = parsed.header
    header.filedDate = shiftYear(header.filedDate, years)
    header.reportDate = shiftYear(header.reportDate, years)
    header.periodOfReport = shiftYear(header.periodOfReport, years)
    header.accession = "bench-\(company)-\(years)-\(index)"
    let facts = parsed.facts.map { fact in var f = fact; f.period = shifted(f.period, years); return f }
    let guidance = parsed.guidance.map { item in var g = item; g.period = g.period.map { shifted($0, years) }; return g }
    let claims = parsed.claims.map { item in var c = item; c.period = c.period.map { shifted($0, years) }; return c }
    let id = header.accession!
    let payload = FilingParsed(filingID: id, companyKey: company, header: header, statements: [], facts: facts, guidance: guidance,
                               claims: claims)
    let event = try CloudEvent(id: id, source: "bench", type: EventTypes.filingParsed, subject: id, payload: payload)
    return KafkaMessage(topic: "filings.parsed", partition: 0, offset: 0, key: nil, value: event.data, headers: event.headers)
}

/// `count` consecutive filings of one company in date order, the last one in 2003.
func ptixHistory(_ count: Int, company: String, endingYearsLater: Int = 0) throws -> [KafkaMessage] {
    let years = (count + 2) / 3
    return try (0..<years).flatMap { y in try (0..<3).map { try ptixMessage($0, years: y - years + 1 + endingYearsLater, company: company) } }
        .suffix(count)
}

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .critical
    return logger
}()
func newHandler() throws -> MetricsHandler {
    MetricsHandler(store: try Store.inMemory(migrations: MetricsService.migrations), topics: Topics(), logger: logger)
}

func cpuSecondsAsync(_ body: () async throws -> Void) async rethrows -> Double {
    let start = cpuSeconds()
    try await body()
    return cpuSeconds() - start
}
let firstFilings = try (0..<15).map { try ptixMessage($0 % 3, years: 0, company: "first-\($0)") }
let firstHandler = try newHandler()
let longHandler = try newHandler()
for message in try ptixHistory(400, company: "long") { try await longHandler.handle(message) }
// Alternated, a first filing and a later one, so that both see the same load on a shared machine.
var firstFilingTimes: [Double] = [], laterFilingTimes: [Double] = []
for (first, later) in zip(firstFilings, try ptixHistory(15, company: "long", endingYearsLater: 5)) {
    firstFilingTimes.append(try await cpuSecondsAsync { try await firstHandler.handle(first) })
    laterFilingTimes.append(try await cpuSecondsAsync { try await longHandler.handle(later) })
}
let history1 = median(firstFilingTimes) * 1000, history400 = median(laterFilingTimes) * 1000
print(String(format: "metrics handler: history 1: %.2f ms/filing, history 400: %.2f ms/filing, ratio %.2f",
             history1, history400, history400 / history1))

// A whole 200-filing history of one company, in date order and shuffled (a fixed permutation).
for (label, order) in [("in date order", false), ("shuffled", true)] {
    var history = try ptixHistory(200, company: "whole")
    if order {
        var state: UInt64 = 42
        for i in stride(from: history.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            history.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
        }
    }
    let handler = try newHandler()
    let cpuStart = cpuSeconds()
    let wall = try await secondsAsync { for message in history { try await handler.handle(message) } }
    print(String(format: "metrics history: 200 filings of one company %@: %.2f s CPU, %.2f s wall", label, cpuSeconds() - cpuStart, wall))
}
if sink == 42 { print("") }
if !onlyMetrics { try await benchPages() }
