// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harness for FilingParser (scripts/fuzz.sh, `make fuzz`; README "Development").
// Its own package so that the fuzz build compiles only the parser, not the services and their
// dependencies. Sources/FilingParser is a symlink to the real ../Sources/FilingParser.
// Build: swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
let package = Package(
    name: "parser-fuzz",
    targets: [
        .target(name: "FilingParser"),
        // main.swift runs libFuzzer's driver (LLVMFuzzerRunDriver) on the harness in ParserFuzz.swift.
        .executableTarget(name: "parser-fuzz", dependencies: ["FilingParser"]),
    ],
    swiftLanguageModes: [.v6]
)
