import FilingEvents
import Foundation
import KafkaKit
import Testing

/// `filings subscribe` writes each record's line directly (`EventLine`), falling back to
/// `JSONSerialization` where unsure: every line must equal what `JSONSerialization` writes for the
/// same record (`EventLine.foundation`, the command's former code), on records crafted to hit the
/// number forms, escapes, key orders and non-JSON data where the two could differ; and the values
/// it can write directly must not be left to `JSONSerialization`.
struct SubscribeLineTests {
    static let values: [String] = [
        #"{"kind":"filing","metrics":[{"name":"revenue","value":13060000,"unit":"USD","period":{"start":"2003-07-01","end":"2003-09-30"},"derived":false,"computed_from":["Revenues 2003-07-01..2003-09-30 = 13060000 (filing 0001-03-000001)"]},{"name":"gross_margin","value":0.4,"unit":"pure"},{"name":"eps","value":-0.25,"unit":"USD/share"}],"guidance":[],"company":"A/B \"Q\" Co\\ é € 😀","cik":null}"#,
        #"{"n":[0,-5,2.0,100.0,0.1,0.0001,1234567.1,13060000.5,0.30000000000000004,9223372036854775807,123456789012345.67,0.333333333333333,0.3132758620689655,-0.23542183622828783,0.9999999999999999,2.302,-1.5]}"#,
        #"{"n":[1e-5,1E3,1.5e21,-0.0,-0,9223372036854775808,1e2]}"#,
        #"{"a10":1,"a9":2,"B":3,"a":4,"_x":5,"x-y":6,"X_y":7,"period_kind":8,"period":9,"Z":10,"z1":11,"Z0":12,"dlq":13,"ab":14,"a_b":15,"a-b":16}"#,
        #"{"s":"tab\there\nnew \r\u0001\u001f\b\f \/ slash \u00e9 \u0041 \ud83d\ude00 \\ end","t":true,"f":false,"nil":null,"empty":{},"list":[],"nested":[[1,[2,{"k":"v"}]]]}"#,
        #"{"dup":1,"dup":2}"#,
        "not json at all: plain text",
        "",
        #"  [1, 2 , {"b" : 1 , "a":2}]  "#,
        #""just a string""#,
        "42",
        #"{"trailing":1,}"#,
    ]

    /// The values `EventLine` writes itself (the others: exponents, -0, beyond Int64, a key twice, not JSON).
    static let writtenDirectly: Set<Int> = [0, 1, 3, 4, 8, 9, 10]

    @Test func everyLineEqualsJSONSerializations() async throws {
        let bin = try binDirectory()
        let work = try temporaryDirectory("subscribe-lines")
        let (broker, bootstrap) = try await startDevBroker(bin: bin, work: work)
        defer { kill(broker.process.processIdentifier, SIGKILL) }
        let topic = "subscribe.lines"
        let producer = try KafkaProducer(config: ["bootstrap.servers": bootstrap])
        for (n, value) in Self.values.enumerated() {
            let headers = [KafkaHeader(name: "ce_id", string: "id-\(n)"), KafkaHeader(name: "ce_type", string: "test.v1"),
                           KafkaHeader(name: "content-type", string: "application/json"),
                           KafkaHeader(name: "dlq-reason", string: "why/\"not\""), KafkaHeader(name: "other", string: "left out"),
                           KafkaHeader(name: "ce_subject", string: "s\(n)")]
            try await producer.send(ProducerRecord(topic: topic, partition: 0, key: n % 3 == 0 ? nil : Array("key-\(n)".utf8),
                                                   value: Array(value.utf8), headers: headers))
        }
        await producer.close()
        let records = try await readTopic(bootstrap, topic, atLeast: Self.values.count, seconds: 30)
        try #require(records.count == Self.values.count)
        let (status, output) = try runToCompletion(bin.appendingPathComponent("filings"),
                                                   ["subscribe", topic, "--from-beginning", "--count", String(Self.values.count), "--timeout", "30"],
                                                   environment: ["KAFKA_BOOTSTRAP_SERVERS": bootstrap])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        try #require(lines.count == records.count, "\(output)")
        var direct = EventLine()
        for (line, record) in zip(lines, records.sorted { $0.offset < $1.offset }) {
            #expect(line == EventLine.foundation(record), "record \(record.offset)")
            let written = direct.json(record)
            #expect((written != nil) == Self.writtenDirectly.contains(Int(record.offset)), "record \(record.offset)")
            if let written { #expect(written == line, "record \(record.offset)") }
        }
    }
}
