import Foundation

/// Where `swift build` put the executables: beside the test bundle, or `FILINGS_BIN_DIR`.
func binDirectory() throws -> URL {
    if let dir = ProcessInfo.processInfo.environment["FILINGS_BIN_DIR"] { return URL(fileURLWithPath: dir) }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // On some platforms the runner sits inside the bundle.
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("ingest").path) {
        dir.deleteLastPathComponent()
    }
    guard FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("ingest").path) else {
        throw SetupError("executables not found beside \(CommandLine.arguments[0]); run `swift build` first or set FILINGS_BIN_DIR")
    }
    return dir
}

struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A child process with its output captured to a file.
final class ChildProcess: @unchecked Sendable {
    let name: String
    let process = Process()
    let logURL: URL

    init(_ executable: URL, arguments: [String] = [], environment: [String: String], logDirectory: URL, name: String) throws {
        self.name = name
        logURL = logDirectory.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits up to `seconds`; returns the exit status, nil if it had to be killed.
    func terminate(within seconds: Double = 15) async -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}

/// Runs a command to completion; returns its exit status and combined output.
func runToCompletion(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> (Int32, String) {
    let process = Process()
    let pipe = Pipe()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// The project's three sample filings (samples/), which the end-to-end tests publish.
func samplesDirectory() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")
}

/// Starts `filings dev-broker` in `work` on `port` (0: a free one, so tests can run side by side)
/// and waits for its bootstrap address.
func startDevBroker(bin: URL, work: URL, port: Int = 0) async throws -> (ChildProcess, String) {
    let brokerFile = work.appendingPathComponent("dev-broker").path
    let broker = try ChildProcess(bin.appendingPathComponent("filings"),
                                  arguments: ["dev-broker", "--port", String(port), "--bootstrap-file", brokerFile],
                                  environment: [:], logDirectory: work, name: "dev-broker")
    // Long enough for a machine busy with the rest of the suite (a start took over 20 s there once);
    // a broker that never told its address is not left running.
    do {
        return (broker, try await waitForFile(brokerFile, seconds: 60))
    } catch {
        kill(broker.process.processIdentifier, SIGKILL)
        throw error
    }
}

/// A dev broker and the four services as child processes, each service on a free HTTP port.
final class Pipeline: @unchecked Sendable {
    let bin: URL
    let work: URL
    let bootstrap: String
    private(set) var children: [ChildProcess] = []
    private(set) var ports: [String: Int] = [:]
    private var environments: [String: [String: String]] = [:]

    static let services = ["ingest", "parse", "metrics", "notify"]

    init(tag: String, environment: [String: String] = [:]) async throws {
        bin = try binDirectory()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("filings-\(tag)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let (broker, address) = try await startDevBroker(bin: bin, work: work)
        children.append(broker)
        bootstrap = address
        for name in Self.services {
            let port = try freePort()
            ports[name] = port
            var env = environment
            env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap
            env["HTTP_PORT"] = String(port)
            env["STORE_PATH"] = work.appendingPathComponent("\(name).sqlite").path
            environments[name] = env
            children.append(try ChildProcess(bin.appendingPathComponent(name), environment: env, logDirectory: work, name: name))
        }
    }

    /// SIGKILL to service `name`, then, `pause` later, the same executable started again with the
    /// same settings, port and store (its log goes to `<name>-restarted-N/<name>.log`).
    /// SIGKILL to the service `name`, then `whileDown` (e.g. publishing what it should handle next),
    /// then a restart with the same store `pause` after the kill (or as soon as `whileDown` is done).
    /// Returns when the new process was started.
    @discardableResult
    func killAndRestart(_ name: String, after pause: Duration = .zero,
                        whileDown: () throws -> Void = {}) async throws -> ContinuousClock.Instant {
        guard let index = children.firstIndex(where: { $0.name == name }), let env = environments[name] else {
            throw SetupError("no service \(name)")
        }
        let old = children[index]
        kill(old.process.processIdentifier, SIGKILL)
        let killed = ContinuousClock.now
        old.process.waitUntilExit()
        try whileDown()
        try await Task.sleep(until: killed + pause)
        let restarts = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasPrefix("\(name)-restarted") }.count
        let logs = work.appendingPathComponent("\(name)-restarted-\(restarts)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        children[index] = try ChildProcess(bin.appendingPathComponent(name), environment: env, logDirectory: logs, name: name)
        return ContinuousClock.now
    }

    /// `filings ARGUMENTS` against this pipeline's broker, to completion.
    func filings(_ arguments: [String]) throws -> (Int32, String) {
        try runToCompletion(bin.appendingPathComponent("filings"), arguments, environment: ["KAFKA_BOOTSTRAP_SERVERS": bootstrap])
    }

    func url(_ service: String, _ path: String) -> String { "http://127.0.0.1:\(ports[service]!)\(path)" }

    func log(_ name: String) -> String { children.first { $0.name == name }?.log ?? "" }

    /// SIGTERM to the services, then the broker; the services' exit codes.
    func stop() async -> [String: Int32?] {
        var codes: [String: Int32?] = [:]
        for child in children.dropFirst() { codes[child.name] = await child.terminate() }
        _ = await children.first?.terminate()
        return codes
    }

    deinit {
        for child in children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) }
    }
}
