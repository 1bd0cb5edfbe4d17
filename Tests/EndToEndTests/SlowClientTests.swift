import Foundation
import Testing

/// Clients that hold a connection open without finishing their request are disconnected after
/// the HTTP timeouts (a real ingest process on 127.0.0.1; Kafka need not be up).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SlowClientTests {
    @Test func slowHeadersAndALyingContentLengthAreDisconnected() async throws {
        let bin = try binDirectory()
        let work = try temporaryDirectory("slowloris")
        let port = try freePort()
        let ingest = try ChildProcess(bin.appendingPathComponent("ingest"), environment: [
            "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:\(try freePort())", "HTTP_PORT": "\(port)",
            "STORE_PATH": work.appendingPathComponent("ingest.sqlite").path,
            "HTTP_IDLE_TIMEOUT_SECONDS": "2", "HTTP_BODY_TIMEOUT_SECONDS": "2",
        ], logDirectory: work, name: "ingest")
        defer { if ingest.process.isRunning { kill(ingest.process.processIdentifier, SIGKILL) } }
        _ = try await httpGet("http://127.0.0.1:\(port)/healthz", waitingUpTo: 20)

        // Headers one line every 500 ms, never the blank line that ends them.
        let slow = try LoopbackSocket(port: port)
        let started = ContinuousClock.now
        var closedAfter: Duration?
        for i in 0..<40 {
            if !slow.send(i == 0 ? "POST /filings HTTP/1.1\r\nHost: 127.0.0.1\r\n" : "X-Slow-\(i): a\r\n") || slow.isClosedByPeer() {
                closedAfter = ContinuousClock.now - started
                break
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let headersClosed = try #require(closedAfter, "the slow-header connection was still open after 20 s")
        #expect(headersClosed >= .seconds(1.5) && headersClosed < .seconds(12), "closed after \(headersClosed)")

        // A complete head announcing 100,000 bytes, then 10 bytes and silence.
        let lying = try LoopbackSocket(port: port)
        let sent = ContinuousClock.now
        #expect(lying.send("POST /filings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n0123456789"))
        var bodyClosed: Duration?
        while ContinuousClock.now - sent < .seconds(20) {
            if lying.isClosedByPeer() { bodyClosed = ContinuousClock.now - sent; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let closed = try #require(bodyClosed, "the lying Content-Length connection was still open after 20 s")
        #expect(closed >= .seconds(1.5) && closed < .seconds(12), "closed after \(closed)")

        // The server still answers others.
        #expect(try await httpGet("http://127.0.0.1:\(port)/healthz", waitingUpTo: 5).status == 200)
        #expect(await ingest.terminate() == 0)
    }
}

/// A plain TCP connection to 127.0.0.1 for writing partial requests.
final class LoopbackSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SetupError("socket() failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { close(fd); throw SetupError("connect to 127.0.0.1:\(port) failed") }
    }

    deinit { close(fd) }

    /// False when the peer has closed the connection (the write fails).
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// True when a read without waiting sees end of stream (or a reset).
    func isClosedByPeer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if n == 0 { return true }
        if n < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
        return false  // the server answered something; still open
    }
}
