import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which webhook targets are acceptable (SSRF protection): `http`/`https` URLs whose host resolves
/// only to public addresses. Loopback, private (RFC 1918, CGNAT, unique-local), link-local,
/// unspecified, multicast, documentation, other special-purpose (RFC 6890) and cloud-metadata
/// addresses are refused unless allowed, also when embedded in an IPv6 address (IPv4-mapped or
/// -compatible, 6to4, Teredo, NAT64). The address checked is the one delivery connects to.
public struct TargetPolicy: Sendable {
    public enum Allowance: String, Sendable {
        /// Public addresses only (the default).
        case publicOnly = "false"
        /// Public and loopback (local development, tests).
        case loopback
        /// Everything (`NOTIFY_ALLOW_PRIVATE_TARGETS=true`).
        case all = "true"
    }

    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public var allowance: Allowance
    /// Name resolution; replaceable in tests.
    public var resolve: @Sendable (String) async -> [String]

    public init(allowance: Allowance, resolve: @escaping @Sendable (String) async -> [String] = TargetPolicy.systemResolve) {
        self.allowance = allowance
        self.resolve = resolve
    }

    /// A target that passed the policy: the URL's host and the address that was checked, which is
    /// the one to connect to (no second resolution). Nil when the host is an IP literal, or when
    /// everything is allowed and the name did not resolve (the client then resolves it).
    public struct Target: Sendable, Equatable {
        public var host: String
        public var address: String?
        public init(host: String, address: String?) {
            self.host = host
            self.address = address
        }
    }

    /// Checks `url`, resolving its host once; throws a refusal naming the problem.
    @discardableResult
    public func check(_ url: String) async throws(Refusal) -> Target {
        let host = try Self.host(of: url)
        if Self.category(of: host) != .invalid {
            if allowance != .all { try check(host: host, addresses: [host]) }
            return Target(host: host, address: nil)
        }
        return try target(host: host, addresses: await resolve(host))
    }

    /// The same, resolving with the system resolver on the calling thread (start-up only).
    @discardableResult
    public func checkBlocking(_ url: String) throws(Refusal) -> Target {
        let host = try Self.host(of: url)
        if Self.category(of: host) != .invalid {
            if allowance != .all { try check(host: host, addresses: [host]) }
            return Target(host: host, address: nil)
        }
        return try target(host: host, addresses: Self.getAddresses(host))
    }

    private func target(host: String, addresses: [String]) throws(Refusal) -> Target {
        if allowance != .all { try check(host: host, addresses: addresses) }
        return Target(host: host, address: addresses.first)
    }

    /// The host of an acceptable `http`/`https` URL.
    public static func host(of url: String) throws(Refusal) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https" else {
            throw Refusal(description: "the target must be an http or https URL")
        }
        guard var host = components.host, !host.isEmpty else { throw Refusal(description: "the target URL has no host") }
        if components.user != nil || components.password != nil {
            throw Refusal(description: "the target URL must not carry credentials")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    func check(host: String, addresses: [String]) throws(Refusal) {
        guard !addresses.isEmpty else { throw Refusal(description: "the host \(host) does not resolve") }
        for address in addresses {
            let category = Self.category(of: address)
            if category == .public || (category == .loopback && allowance == .loopback) { continue }
            throw Refusal(description: "the host \(host) resolves to \(address), a \(category.rawValue) address "
                + "(set NOTIFY_ALLOW_PRIVATE_TARGETS=true to allow)")
        }
    }

    public enum Category: String, Sendable {
        case `public`, loopback, `private`, linkLocal = "link-local", metadata, unspecified, multicast, documentation, reserved, invalid
    }

    /// The category of a numeric IPv4 or IPv6 address. An IPv6 address that embeds an IPv4 one
    /// (IPv4-mapped and -compatible, 6to4, Teredo, NAT64) has the category of what it embeds, so
    /// `::127.0.0.1` and `2002:7f00:1::1` are loopback (the special ranges are RFC 6890's).
    public static func category(of address: String) -> Category {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return category(ipv4: withUnsafeBytes(of: v4) { Array($0) })
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return .invalid }
        return category(ipv6: withUnsafeBytes(of: v6) { Array($0) })
    }

    static func category(ipv6 b: [UInt8]) -> Category {
        func starts(_ prefix: [UInt8]) -> Bool { b.starts(with: prefix) }
        let zeros = [UInt8](repeating: 0, count: 10)
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        if starts(zeros + [0xff, 0xff]) || starts(zeros + [0, 0]) { return category(ipv4: Array(b[12..<16])) }  // ::ffff:a.b.c.d, ::a.b.c.d
        if starts([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0]) { return category(ipv4: Array(b[12..<16])) }  // ::ffff:0:a.b.c.d (SIIT)
        if starts([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]) { return category(ipv4: Array(b[12..<16])) }  // NAT64 64:ff9b::/96
        if starts([0, 0x64, 0xff, 0x9b, 0, 1]) { return .private }  // local-use NAT64 64:ff9b:1::/48 (RFC 8215)
        if starts([0x20, 0x02]) { return category(ipv4: Array(b[2..<6])) }  // 6to4 2002::/16
        if starts([0x20, 0x01, 0, 0]) {  // Teredo 2001::/32: server, then client (bits inverted)
            return worst(category(ipv4: Array(b[4..<8])), category(ipv4: b[12..<16].map { ~$0 }))
        }
        if b == [0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54] { return .metadata }  // AWS fd00:ec2::254
        if b[0] == 0xfe && (b[1] & 0xc0) == 0x80 { return .linkLocal }  // fe80::/10
        if b[0] == 0xfe && (b[1] & 0xc0) == 0xc0 { return .private }  // site-local fec0::/10 (deprecated)
        if (b[0] & 0xfe) == 0xfc { return .private }  // unique-local fc00::/7
        if b[0] == 0xff { return .multicast }
        if starts([0x20, 0x01, 0x0d, 0xb8]) || (b[0] == 0x3f && b[1] == 0xff && b[2] < 0x10) { return .documentation }  // 2001:db8::/32, 3fff::/20
        if starts([0x01, 0, 0, 0, 0, 0, 0, 0]) { return .reserved }  // discard-only 100::/64
        if b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02 { return .reserved }  // IETF protocol assignments 2001::/23 (benchmarking, ORCHID, ...)
        if b[0] < 0x20 || b[0] >= 0x40 { return .reserved }  // outside global unicast 2000::/3
        return .public
    }

    static func category(ipv4 b: [UInt8]) -> Category {
        if (b[0] == 169 && b[1] == 254 && b[2] == 169 && b[3] == 254) || (b[0] == 100 && b[1] == 100 && b[2] == 100 && b[3] == 200) {
            return .metadata  // AWS/GCP/Azure, Alibaba Cloud
        }
        if b[0] == 0 { return .unspecified }  // 0.0.0.0/8 "this network"
        if b[0] == 127 { return .loopback }
        if b[0] == 169 && b[1] == 254 { return .linkLocal }
        if b[0] == 10 || (b[0] == 192 && b[1] == 168) || (b[0] == 172 && (16...31).contains(b[1]))
            || (b[0] == 100 && (64...127).contains(b[1])) {
            return .private  // RFC 1918, shared address space (CGNAT)
        }
        if (b[0] == 192 && b[1] == 0 && b[2] == 2) || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113) {
            return .documentation  // TEST-NET-1, -2, -3
        }
        if (b[0] == 192 && b[1] == 0 && b[2] == 0) || (b[0] == 198 && (18...19).contains(b[1])) || (b[0] == 192 && b[1] == 88 && b[2] == 99) {
            return .reserved  // IETF protocol assignments, benchmarking, 6to4 relay anycast
        }
        if (224...239).contains(b[0]) { return .multicast }
        if b[0] >= 240 { return .reserved }  // 240.0.0.0/4 and the broadcast address
        return .public
    }

    /// The less acceptable of two categories (public only when both are).
    private static func worst(_ a: Category, _ b: Category) -> Category {
        if a == .public { return b }
        return a
    }

    /// getaddrinfo on a thread of its own (it blocks).
    public static let systemResolve: @Sendable (String) async -> [String] = { host in
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: getAddresses(host))
            }
        }
    }

    static func getAddresses(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(cString: buffer)
                if !addresses.contains(text) { addresses.append(text) }
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}
