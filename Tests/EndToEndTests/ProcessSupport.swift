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

func fixturesDirectory() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
}
