import NotifyService
import Testing

/// Webhook target addresses, every form the soak tried and the special ranges of RFC 6890,
/// categories read from the RFCs (6890, 4291, 3056, 4380, 6052, 8215, 5737, 3849, 9637).
struct TargetPolicyTests {
    @Test(arguments: [
        // IPv4
        ("127.0.0.1", TargetPolicy.Category.loopback), ("127.255.0.9", .loopback), ("10.1.2.3", .private), ("172.16.0.1", .private),
        ("172.31.255.255", .private), ("192.168.1.1", .private), ("100.64.0.1", .private), ("169.254.1.1", .linkLocal),
        ("169.254.169.254", .metadata), ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("192.0.2.10", .documentation),
        ("198.51.100.7", .documentation), ("203.0.113.9", .documentation), ("192.0.0.8", .reserved), ("198.18.0.1", .reserved),
        ("198.19.255.1", .reserved), ("192.88.99.1", .reserved), ("240.0.0.1", .reserved), ("255.255.255.255", .reserved),
        ("224.0.0.1", .multicast), ("8.8.8.8", .public), ("172.32.0.1", .public), ("198.20.0.1", .public), ("203.0.114.1", .public),
        // IPv6
        ("::1", .loopback), ("::", .unspecified), ("fe80::1", .linkLocal), ("fec0::1", .private), ("fc00::1", .private),
        ("fd12:3456::1", .private), ("fd00:ec2::254", .metadata), ("ff02::1", .multicast), ("2001:db8::1", .documentation),
        ("3fff::1", .documentation), ("100::1", .reserved), ("2001:2::1", .reserved), ("2001:10::1", .reserved),
        ("2606:4700::1111", .public), ("2a00:1450::1", .public),
        // IPv4-mapped and IPv4-compatible
        ("::ffff:127.0.0.1", .loopback), ("::ffff:7f00:1", .loopback), ("::ffff:10.0.0.1", .private),
        ("::ffff:169.254.169.254", .metadata), ("::ffff:192.0.2.1", .documentation), ("::ffff:8.8.8.8", .public),
        ("::127.0.0.1", .loopback), ("::7f00:1", .loopback), ("::10.0.0.1", .private), ("::169.254.1.1", .linkLocal),
        ("::ffff:0:127.0.0.1", .loopback),
        // 6to4 (2002:AABB:CCDD::/48 embeds AA.BB.CC.DD)
        ("2002:7f00:1::1", .loopback), ("2002:a00:1::", .private), ("2002:c0a8:101::1", .private), ("2002:a9fe:a9fe::1", .metadata),
        ("2002:a9fe:101::1", .linkLocal), ("2002:c000:201::1", .documentation), ("2002:cb00:7101::", .documentation),
        ("2002:808:808::1", .public),
        // Teredo (server at bits 32-63, client inverted in the last 32 bits)
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", .loopback), ("2001:0:a00:1::", .private),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", .private), ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", .public),
        // NAT64
        ("64:ff9b::127.0.0.1", .loopback), ("64:ff9b::a00:1", .private), ("64:ff9b::192.0.2.33", .documentation),
        ("64:ff9b::8.8.8.8", .public), ("64:ff9b:1::a00:1", .private), ("64:ff9b:1::808:808", .private),
        // not numeric
        ("localhost", .invalid), ("fe80::1%eth0", .invalid),
    ])
    func addressCategory(_ address: String, _ category: TargetPolicy.Category) {
        #expect(TargetPolicy.category(of: address) == category, "\(address)")
    }

    /// Every form from the soak and the issue, as a URL literal or as what a name resolves to.
    @Test(arguments: [
        "http://[::127.0.0.1]/", "http://[::ffff:127.0.0.1]:8080/", "http://[2002:7f00:1::1]/", "http://[2002:a9fe:a9fe::]/latest",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "http://[64:ff9b::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b:1::a00:1]/", "http://192.0.2.1/", "http://198.51.100.1/", "http://203.0.113.1/", "http://[2001:db8::1]/",
        "http://[::ffff:c000:201]/", "http://[2002:c633:6401::1]/", "http://[fe80::1%25eth0]/", "http://0.0.0.0:8080/",
        "http://[::]/", "http://198.18.0.1/", "https://rebind.example/",
    ])
    func refused(_ url: String) async {
        let policy = TargetPolicy(allowance: .publicOnly) { host in host == "rebind.example" ? ["93.184.216.34", "::127.0.0.1"] : [] }
        await #expect(throws: TargetPolicy.Refusal.self, "\(url)") { try await policy.check(url) }
    }

    @Test func loopbackAllowanceAllowsLoopbackFormsOnly() async throws {
        let policy = TargetPolicy(allowance: .loopback) { _ in [] }
        for url in ["http://127.0.0.1:1/", "http://[::1]/", "http://[::127.0.0.1]/", "http://[2002:7f00:1::1]/"] {
            try await policy.check(url)
        }
        await #expect(throws: TargetPolicy.Refusal.self) { try await policy.check("http://[2002:a00:1::]/") }
        await #expect(throws: TargetPolicy.Refusal.self) { try await policy.check("http://203.0.113.1/") }
    }

    @Test func theCheckedAddressIsTheOneToConnectTo() async throws {
        let policy = TargetPolicy(allowance: .publicOnly) { host in host == "hooks.example.com" ? ["93.184.216.34", "2606:2800::1"] : [] }
        #expect(try await policy.check("https://hooks.example.com/x") == .init(host: "hooks.example.com", address: "93.184.216.34"))
        #expect(try await policy.check("https://93.184.216.34/x") == .init(host: "93.184.216.34", address: nil))
        do {
            try await policy.check("http://[2002:7f00:1::1]/")
            Issue.record("6to4 loopback accepted")
        } catch {
            #expect(error.description == "the host 2002:7f00:1::1 resolves to 2002:7f00:1::1, a loopback address (set NOTIFY_ALLOW_PRIVATE_TARGETS=true to allow)")
        }
    }
}
