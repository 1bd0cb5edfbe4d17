import Foundation

/// A runtime failure (a missing file, a service down, a broker unreachable): ArgumentParser prints
/// it as one line, "Error: <description>", and exits 1. Usage errors stay ValidationError (exit 64).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The bytes of a filing named on the command line, or a one-line error.
func readFiling(_ path: String) throws -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CLIError("\(path): no such file") }
    guard !isDirectory.boolValue else { throw CLIError("\(path) is a folder, not a filing") }
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot be read (permissions?)") }
    return data
}
