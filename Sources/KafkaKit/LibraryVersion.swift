import CRdKafka

/// The librdkafka the process runs with (the shared library loaded at run time, which may be newer
/// than the headers it was built against), and the oldest one KafkaKit supports.
public enum KafkaLibrary {
    /// The oldest librdkafka KafkaKit is built and tested against: Debian 12's 2.0.2 (the admin,
    /// idempotent-producer, headers and mock-cluster APIs it calls all exist there).
    public static let minimum = Version(2, 0, 2)

    /// The loaded library's version, read from `rd_kafka_version()` (0xMMmmrrpp).
    public static var version: Version { Version(packed: UInt32(bitPattern: rd_kafka_version())) }

    /// Throws a message naming both versions when the loaded library is older than `minimum`.
    public static func checkMinimum() throws {
        guard version >= minimum else {
            throw KafkaError.client("librdkafka \(version) is too old: this build needs \(minimum) or newer " +
                                    "(see the README's \"Kafka client library\")")
        }
    }

    public struct Version: Sendable, Comparable, CustomStringConvertible {
        public var major: Int, minor: Int, patch: Int

        public init(_ major: Int, _ minor: Int, _ patch: Int) {
            self.major = major
            self.minor = minor
            self.patch = patch
        }

        /// librdkafka's packed form: one byte each for major, minor, revision and pre-release.
        public init(packed: UInt32) {
            self.init(Int(packed >> 24 & 0xff), Int(packed >> 16 & 0xff), Int(packed >> 8 & 0xff))
        }

        public var description: String { "\(major).\(minor).\(patch)" }

        public static func < (a: Version, b: Version) -> Bool {
            (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
    }
}
