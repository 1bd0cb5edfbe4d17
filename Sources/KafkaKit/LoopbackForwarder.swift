import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Relays every TCP connection made to `127.0.0.1:port` to `127.0.0.1:target`, byte for byte.
///
/// The dev broker puts one in front of the mock cluster, whose brokers listen on ports the system
/// picks: clients bootstrap through the fixed port, then talk to the brokers the metadata names.
/// When the dev broker is restarted, those brokers are gone and librdkafka falls back to its
/// bootstrap address, which is the fixed port again, and learns the new brokers from there.
public final class LoopbackForwarder: @unchecked Sendable {
    /// The port listened on (the one asked for, or the one the system picked for 0).
    public let port: Int
    private let target: Int
    private let listener: Int32
    private let lock = NSLock()
    private var stopped = false
    private var connections: Set<Int32> = []
    private let acceptLoopExited = DispatchSemaphore(value: 0)

    /// Listens on `127.0.0.1:port` (0: a free port). Throws when the port cannot be bound.
    public init(port: Int, target: Int) throws {
        self.target = target
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw KafkaError.client("cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw KafkaError.client("cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "kafkakit.forwarder"
        thread.start()
    }

    deinit { stop() }

    /// Stops listening and closes every relayed connection; the port is free again on return.
    public func stop() {
        let first = lock.withLock {
            if stopped { return false }
            stopped = true
            for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
        if first { acceptLoopExited.wait() }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 200) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            guard let upstream = connectTarget() else {
                close(client)
                continue
            }
            let registered = lock.withLock {
                if stopped { return false }
                connections.formUnion([client, upstream])
                return true
            }
            guard registered else {
                close(client)
                close(upstream)
                continue
            }
            relay(client, upstream)
        }
        close(listener)
        acceptLoopExited.signal()
    }

    private func connectTarget() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = Self.loopback(target)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected == 0 { return fd }
        close(fd)
        return nil
    }

    /// Two threads copy the bytes each way; when either side ends, both sockets are shut down,
    /// and the last thread to finish closes them.
    private func relay(_ client: Int32, _ upstream: Int32) {
        let remaining = Counter(2)
        for (from, to) in [(client, upstream), (upstream, client)] {
            let thread = Thread { [self] in
                Self.copy(from: from, to: to)
                shutdown(from, Int32(SHUT_RDWR))
                shutdown(to, Int32(SHUT_RDWR))
                guard remaining.decrement() == 0 else { return }
                lock.withLock {  // under the lock, so `stop` never shuts down a reused descriptor
                    connections.subtract([client, upstream])
                    close(client)
                    close(upstream)
                }
            }
            thread.name = "kafkakit.forwarder.relay"
            thread.start()
        }
    }

    private static func copy(from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                guard written > 0 else { return }
                sent += written
            }
        }
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int
    init(_ value: Int) { self.value = value }
    func decrement() -> Int { lock.withLock { value -= 1; return value } }
}
