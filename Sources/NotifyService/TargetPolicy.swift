import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which webhook targets are acceptable (SSRF protection): `http`/`https` URLs whose host resolves
/// only to public addresses. Loopback, private (RFC 1918, CGNAT, unique-local), link-local,
/// unspecified, multicast and cloud-metadata addresses are refused unless allowed.
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

    /// Checks `url`; throws a refusal naming the problem.
    public func check(_ url: String) async throws(Refusal) {
        let host = try Self.host(of: url)
        if allowance == .all { return }
        let literal = Self.category(of: host) != .invalid
        try check(host: host, addresses: literal ? [host] : await resolve(host))
    }

    /// The same, resolving with the system resolver on the calling thread (start-up only).
    public func checkBlocking(_ url: String) throws(Refusal) {
        let host = try Self.host(of: url)
        if allowance == .all { return }
        try check(host: host, addresses: Self.getAddresses(host))
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
        case `public`, loopback, `private`, linkLocal = "link-local", metadata, unspecified, multicast, invalid
    }

    /// The category of a numeric IPv4 or IPv6 address.
    public static func category(of address: String) -> Category {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            let b = withUnsafeBytes(of: v4) { Array($0) }
            return category(ipv4: b)
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return .invalid }
        let b = withUnsafeBytes(of: v6) { Array($0) }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff { return category(ipv4: Array(b[12..<16])) }
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        if b == [0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54] { return .metadata }  // AWS fd00:ec2::254
        if b[0] == 0xfe && (b[1] & 0xc0) == 0x80 { return .linkLocal }
        if (b[0] & 0xfe) == 0xfc { return .private }
        if b[0] == 0xff { return .multicast }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 { return .private }  // documentation
        if b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b { return category(ipv4: Array(b[12..<16])) }  // NAT64
        return .public
    }

    static func category(ipv4 b: [UInt8]) -> Category {
        if (b[0] == 169 && b[1] == 254 && b[2] == 169 && b[3] == 254) || (b[0] == 100 && b[1] == 100 && b[2] == 100 && b[3] == 200) {
            return .metadata  // AWS/GCP/Azure, Alibaba Cloud
        }
        if b[0] == 0 { return .unspecified }
        if b[0] == 127 { return .loopback }
        if b[0] == 169 && b[1] == 254 { return .linkLocal }
        if b[0] == 10 || (b[0] == 192 && b[1] == 168) || (b[0] == 172 && (16...31).contains(b[1]))
            || (b[0] == 100 && (64...127).contains(b[1])) || (b[0] == 198 && (18...19).contains(b[1]))
            || (b[0] == 192 && b[1] == 0 && b[2] == 0) || b[0] >= 240 {
            return .private
        }
        if (224...239).contains(b[0]) { return .multicast }
        return .public
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
