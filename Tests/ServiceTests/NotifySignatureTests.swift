import Foundation
@testable import NotifyService
import Testing

struct NotifySignatureTests {
    @Test func signatureMatchesTheStandardWebhooksTestVector() throws {
        let key = try WebhookSignature.key(fromSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330,
                                              body: Array(#"{"test": 2432232314}"#.utf8), key: key)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let now = Date(timeIntervalSince1970: 1614265330 + 10)
        #expect(WebhookSignature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330",
                                        signatures: "v1,bogus " + signature, body: Array(#"{"test": 2432232314}"#.utf8),
                                        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", now: now))
        #expect(!WebhookSignature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatures: signature,
                                         body: Array(#"{"test": 2432232315}"#.utf8),
                                         secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", now: now))
        // Stale timestamps are refused.
        #expect(!WebhookSignature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatures: signature,
                                         body: Array(#"{"test": 2432232314}"#.utf8),
                                         secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", now: now.addingTimeInterval(600)))
    }

    @Test func secretsMustBeWhsecBase64OfEnoughBytes() throws {
        #expect(throws: WebhookSignature.InvalidSecret.self) { try WebhookSignature.key(fromSecret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") }
        #expect(throws: WebhookSignature.InvalidSecret.self) { try WebhookSignature.key(fromSecret: "whsec_c2hvcnQ=") }
        _ = try WebhookSignature.key(fromSecret: WebhookSignature.generateSecret())
    }

    @Test func targetPolicyRefusesPrivateAddressesUnlessAllowed() async throws {
        let resolver: @Sendable (String) async -> [String] = { host in
            ["hooks.example.com": ["93.184.216.34"], "internal.example.com": ["10.0.0.5"], "metadata.example": ["169.254.169.254"]][host] ?? []
        }
        let strict = TargetPolicy(allowance: .publicOnly, resolve: resolver)
        try await strict.check("https://hooks.example.com/x")
        for url in ["http://internal.example.com/", "http://metadata.example/latest", "http://127.0.0.1:8080/", "ftp://hooks.example.com/",
                    "https://user:pw@hooks.example.com/", "http://nowhere.example/"] {
            await #expect(throws: TargetPolicy.Refusal.self, "\(url)") { try await strict.check(url) }
        }
        let loopback = TargetPolicy(allowance: .loopback, resolve: resolver)
        try await loopback.check("http://127.0.0.1:8080/")
        await #expect(throws: TargetPolicy.Refusal.self) { try await loopback.check("http://internal.example.com/") }
        try await TargetPolicy(allowance: .all, resolve: resolver).check("http://internal.example.com/")
        do { try await strict.check("http://internal.example.com/") } catch {
            #expect(error.description == "the host internal.example.com resolves to 10.0.0.5, a private address (set NOTIFY_ALLOW_PRIVATE_TARGETS=true to allow)")
        }
    }

    @Test func retryScheduleParsingAndRetryAfter() throws {
        let schedule = try RetrySchedule.parse("0, 5s, 5m, 2h, 500ms", jitter: 0)
        #expect(schedule.delays == [.zero, .seconds(5), .seconds(300), .seconds(7200), .milliseconds(500)])
        #expect(schedule.delay(after: 1) == .seconds(5))
        #expect(schedule.delay(after: 1, retryAfter: .seconds(60)) == .seconds(60))
        #expect(schedule.delay(after: 5) == nil)
        let jittered = RetrySchedule(delays: [.zero, .seconds(100)], jitter: 0.2)
        #expect(jittered.delay(after: 1, random: { $0.lowerBound }) == .seconds(80))
        #expect(jittered.delay(after: 1, random: { $0.upperBound }) == .seconds(120))
        #expect(RetrySchedule.parseRetryAfter("120", now: Date()) == .seconds(120))
        let now = Date(timeIntervalSince1970: 1_445_412_400)  // 2015-10-21 07:26:40 GMT
        #expect(RetrySchedule.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(80))
        #expect(throws: (any Error).self) { try RetrySchedule.parse("5 minutes", jitter: 0) }
    }
}
