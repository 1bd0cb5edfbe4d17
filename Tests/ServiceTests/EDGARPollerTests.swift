import FilingEvents
import FilingsCore
import Foundation
@testable import IngestService
import Testing

/// The EDGAR poller against a fake EDGAR on 127.0.0.1 built from the fixtures.
@Suite(.timeLimit(.minutes(3)))
struct EDGARPollerTests {
    static let pericom = (cik: "1001426", accession: "0001275287-05-004474", file: "pericom-8k-2005-11-07.txt")
    static let horizon = (cik: "1002682", accession: "0000939057-06-000015", file: "horizon-8k-2006-01-19.txt")
    static let asta = (cik: "1001258", accession: "0001125282-05-006555", file: "asta-8k-2005-12-15.txt")
    static let officers = (cik: "1234567", accession: "0001234567-05-000042")
    static let monday = EDGARDay(year: 2005, month: 11, day: 7)

    static func path(_ cik: String, _ accession: String) -> String { "Archives/edgar/data/\(cik)/\(accession).txt" }

    /// Index of Monday 2005-11-07: an earnings 8-K (listed twice, co-registrants), a 10-Q, an 8-K
    /// already ingested through another source, and a non-earnings 8-K the feed describes. The feed
    /// also lists a new earnings 8-K. Tuesday's index is not published yet.
    static func makeEDGAR() throws -> FakeEDGAR {
        let edgar = FakeEDGAR()
        edgar.serve(DailyIndex.path(for: monday), text: FakeEDGAR.dailyIndex([
            "\(pericom.cik)|PERICOM SEMICONDUCTOR CORP|8-K|20051107|edgar/data/\(pericom.cik)/\(pericom.accession).txt",
            "9999999|PERICOM CO-REGISTRANT|8-K|20051107|edgar/data/9999999/\(pericom.accession).txt",
            "1001426|PERICOM SEMICONDUCTOR CORP|10-Q|20051107|edgar/data/1001426/0001275287-05-004475.txt",
            "\(asta.cik)|ASTA FUNDING INC|8-K|20051107|edgar/data/\(asta.cik)/\(asta.accession).txt",
            "\(officers.cik)|OFFICERS INC|8-K|20051107|edgar/data/\(officers.cik)/\(officers.accession).txt",
        ]))
        edgar.serve(path(pericom.cik, pericom.accession), try fixture(pericom.file))
        edgar.serve(path(horizon.cik, horizon.accession), try fixture(horizon.file))
        edgar.serve(path(asta.cik, asta.accession), try fixture(asta.file))
        edgar.serve("Archives/edgar/data/1001426/0001275287-05-004475.txt", text: "10-Q: must not be fetched")
        edgar.serve(path(officers.cik, officers.accession),
                    text: syntheticSubmission(accession: officers.accession, cik: officers.cik, company: "OFFICERS INC"))
        edgar.serve(CurrentFeed.path(form: "8-K"), text: FakeEDGAR.feed([
            (form: "8-K", company: "HORIZON FINANCIAL CORP", cik: horizon.cik, accession: horizon.accession, date: "2005-11-07", items: ["2.02", "9.01"]),
            (form: "8-K", company: "OFFICERS INC", cik: officers.cik, accession: officers.accession, date: "2005-11-07", items: ["5.02"]),
        ]))
        edgar.serve(CurrentFeed.path(form: "8-K/A"), text: FakeEDGAR.feed([]))
        return edgar
    }

    static func makePoller(_ baseURL: String, store: Store, processor: IngestProcessor, sleep: RecordingSleep = RecordingSleep(),
                           backoff: Backoff = .default, rate: Int = 10) -> EDGARPoller {
        let client = EDGARClient(baseURL: baseURL, userAgent: testUserAgent, limiter: RateLimiter(perSecond: rate),
                                 backoff: backoff, logger: quietLogger, sleep: sleep.sleep)
        return EDGARPoller(client: client, state: EDGARState(store: store),
                           configuration: .init(startDay: monday), logger: quietLogger,
                           today: { monday.adding(days: 1) },
                           sink: EDGARPoller.processorSink(processor, onAccepted: {}))
    }

    static func makeProcessor() throws -> (IngestProcessor, Store) {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        return (IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger), store)
    }

    @Test(.fixtures) func fetchesExactlyTheNewEarningsFilingsWithTheUserAgentOnEveryRequest() async throws {
        let edgar = try Self.makeEDGAR()
        let (processor, store) = try Self.makeProcessor()
        // Brought in earlier through another source: the poller must not fetch it.
        _ = try await processor.submit(try fixture(Self.asta.file), origin: FilingOrigin(source: "http"))

        let report = try await edgar.run { baseURL in
            try await Self.makePoller(baseURL, store: store, processor: processor).pollOnce()
        }
        #expect(Set(edgar.submissionRequests) == [Self.path(Self.pericom.cik, Self.pericom.accession),
                                                   Self.path(Self.horizon.cik, Self.horizon.accession)])
        #expect(edgar.submissionRequests.count == 2, "\(edgar.submissionRequests)")
        #expect(report.fetched == 2)
        #expect(report.outcomes["ingested"] == 2)
        #expect(!edgar.hits.isEmpty)
        #expect(edgar.hits.allSatisfy { $0.userAgent == testUserAgent }, "\(edgar.hits.map(\.userAgent))")

        let events = try await outboxMessages(store).map { try CloudEvent(message: $0).decode(FilingIngested.self) }
        #expect(Set(events.map(\.accession)) == [Self.asta.accession, Self.pericom.accession, Self.horizon.accession])
        #expect(events.filter { $0.source == "edgar" }.allSatisfy { $0.filename?.hasPrefix("http://127.0.0.1:") == true })
        // The non-earnings 8-K is recorded as skipped without being fetched; Monday is done.
        #expect(try await count(store, "SELECT COUNT(*) FROM edgar_entries WHERE accession = '\(Self.officers.accession)' AND status = 'skipped'") == 1)
        #expect(try await EDGARState(store: store).cursor("daily-index") == "2005-11-08")
        // Tuesday's index was asked for (not published yet: 404) and the cursor stays there.
        #expect(edgar.hits(DailyIndex.path(for: Self.monday.adding(days: 1))).map(\.status) == [404])
    }

    @Test(.fixtures) func resumesAfterARestartWithoutFetchingAnythingTwice() async throws {
        let edgar = try Self.makeEDGAR()
        let (processor, store) = try Self.makeProcessor()
        let pericomPath = Self.path(Self.pericom.cik, Self.pericom.accession)
        // The first run cannot get Pericom (server errors on every attempt) and stops there.
        edgar.fail(pericomPath, with: [503, 503])
        let quickBackoff = Backoff(forbiddenInitial: .seconds(60), initial: .seconds(1), maximum: .seconds(600), attempts: 2)
        try await edgar.run { baseURL in
            await #expect(throws: EDGARError.self) {
                try await Self.makePoller(baseURL, store: store, processor: processor, backoff: quickBackoff).pollOnce()
            }
            #expect(try await EDGARState(store: store).cursor("daily-index") == nil)
            // Restart: a new poller over the same store.
            let report = try await Self.makePoller(baseURL, store: store, processor: processor, backoff: quickBackoff).pollOnce()
            #expect(report.fetched == 2)  // Pericom, and Asta listed after it
        }
        let successes = edgar.hits.filter { $0.path.hasPrefix("Archives/edgar/data/") && $0.status == 200 }.map(\.path)
        #expect(successes.sorted() == [pericomPath, Self.path(Self.horizon.cik, Self.horizon.accession),
                                       Self.path(Self.asta.cik, Self.asta.accession)].sorted())
        #expect(edgar.hits(pericomPath).map(\.status) == [503, 503, 200])
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 3)
        #expect(try await EDGARState(store: store).cursor("daily-index") == "2005-11-08")

        // A third start fetches no submission at all.
        let before = edgar.submissionRequests.count
        try await edgar.run { baseURL in
            let report = try await Self.makePoller(baseURL, store: store, processor: processor).pollOnce()
            #expect(report.fetched == 0)
        }
        #expect(edgar.submissionRequests.count == before)
    }

    @Test(.fixtures) func backsOffOnA403BurstAndThenContinues() async throws {
        let edgar = try Self.makeEDGAR()
        let (processor, store) = try Self.makeProcessor()
        edgar.fail(DailyIndex.path(for: Self.monday), with: [403, 403, 403])
        edgar.fail(CurrentFeed.path(form: "8-K"), with: [429])
        let sleep = RecordingSleep()
        let report = try await edgar.run { baseURL in
            try await Self.makePoller(baseURL, store: store, processor: processor, sleep: sleep).pollOnce()
        }
        // 429: 1 s; then three 403s: 60 s, 120 s, 240 s (EDGAR blocks for about ten minutes).
        #expect(sleep.recorded == [.seconds(1), .seconds(60), .seconds(120), .seconds(240)])
        #expect(edgar.hits(DailyIndex.path(for: Self.monday)).map(\.status) == [403, 403, 403, 200])
        #expect(report.outcomes["ingested"] == 3)
    }

    @Test func neverExceedsTheConfiguredRateAsMeasuredAtTheServer() async throws {
        let edgar = FakeEDGAR()
        var lines: [String] = []
        for n in 1...24 {
            let cik = String(2_000_000 + n)
            let accession = String(format: "0002000000-05-%06d", n)
            lines.append("\(cik)|COMPANY \(n)|8-K|20051107|edgar/data/\(cik)/\(accession).txt")
            edgar.serve(Self.path(cik, accession), text: syntheticSubmission(accession: accession, cik: cik, company: "COMPANY \(n)"))
        }
        edgar.serve(DailyIndex.path(for: Self.monday), text: FakeEDGAR.dailyIndex(lines))
        let (processor, store) = try Self.makeProcessor()
        let rate = 10
        let report = try await edgar.run { baseURL in
            try await Self.makePoller(baseURL, store: store, processor: processor, rate: rate).pollOnce()
        }
        #expect(report.fetched == 24)
        #expect(report.outcomes["skipped"] == 24)
        let times = edgar.hits.map(\.at).sorted()
        #expect(times.count >= 27)
        // At most `rate` requests in any one-second window.
        var busiest = 0
        for (i, start) in times.enumerated() {
            busiest = max(busiest, times[i...].prefix { $0 - start < .seconds(1) }.count)
        }
        #expect(busiest <= rate, "\(busiest) requests within one second")
        // The guarantee is the upper bound; the lower one only shows the limiter is not far slower than
        // the rate, loosely, since the parallel tests can keep this machine's two cores busy.
        #expect(busiest >= rate / 2, "the limiter should not be much slower than the rate: \(busiest)")
    }

    @Test func thePollerRefusesToStartWithoutADeclaredUserAgent() throws {
        let base = ["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "INGEST_EDGAR_POLL": "true"]
        for agent in [nil, "", "curl/8.0", "Someone without email"] {
            var env = base
            env["EDGAR_USER_AGENT"] = agent
            let settings = try ServiceSettings(service: "ingest", environment: env)
            #expect {
                _ = try IngestConfiguration(settings)
            } throws: { error in
                (error as? ConfigurationError)?.key == "EDGAR_USER_AGENT"
            }
        }
        var env = base
        env["EDGAR_USER_AGENT"] = testUserAgent
        env["EDGAR_REQUESTS_PER_SECOND"] = "11"
        #expect(throws: ConfigurationError.self) { _ = try IngestConfiguration(try ServiceSettings(service: "ingest", environment: env)) }
        env["EDGAR_REQUESTS_PER_SECOND"] = nil
        let edgar = try #require(try IngestConfiguration(try ServiceSettings(service: "ingest", environment: env)).edgar)
        #expect(edgar.baseURL == "https://www.sec.gov/")
        #expect(edgar.requestsPerSecond == 10)
        #expect(try IngestConfiguration(try ServiceSettings(service: "ingest", environment: ["KAFKA_BOOTSTRAP_SERVERS": "x:1"])).edgar == nil)
    }

    @Test func parsesTheDailyIndexAndTheCurrentFeed() {
        let index = DailyIndex.parse(FakeEDGAR.dailyIndex([
            "1341439|ORACLE CORP|8-K|20220613|edgar/data/1341439/0001564590-22-023099.txt",
            "777|CO-REGISTRANT|8-K|20220613|edgar/data/777/0001564590-22-023099.txt",
            "1341439|ORACLE CORP|4|2022-06-13|edgar/data/1341439/0001564590-22-023100.txt",
        ]))
        #expect(index == [
            EDGARIndexEntry(cik: "1341439", company: "ORACLE CORP", form: "8-K", dateFiled: "2022-06-13", accession: "0001564590-22-023099"),
            EDGARIndexEntry(cik: "1341439", company: "ORACLE CORP", form: "4", dateFiled: "2022-06-13", accession: "0001564590-22-023100"),
        ])
        #expect(DailyIndex.path(for: EDGARDay(year: 2022, month: 6, day: 13)) == "Archives/edgar/daily-index/2022/QTR2/master.20220613.idx")
        let feed = CurrentFeed.parse(FakeEDGAR.feed([
            (form: "8-K", company: "ORACLE CORP", cik: "1341439", accession: "0001564590-22-023099", date: "2022-06-13", items: ["2.02", "8.01", "9.01"]),
        ]))
        #expect(feed == [EDGARIndexEntry(cik: "1341439", company: "ORACLE CORP", form: "8-K", dateFiled: "2022-06-13",
                                         accession: "0001564590-22-023099", items: ["2.02", "8.01", "9.01"])])
    }
}
