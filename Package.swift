// swift-tools-version:6.1
//
// ml-connector: Stampli SFTP exports -> event log -> QuickBooks Online.
// Module boundaries are described in Sources/*/Documentation.docc and checked by
// Tests/EventLogTests/ModuleBoundaryTests.swift.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ml-connector",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ml-connector", targets: ["ml-connector"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C libraries: module maps with static inline shims only.
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibSSH2", path: "Sources/CLibSSH2", pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // Leaf wrapper: streaming inflate/deflate with an output cap.
        .target(name: "Zlib", dependencies: ["CZlib"], swiftSettings: strict),

        // The append-only, hash-chained log and the event vocabulary shared by the stages.
        .target(
            name: "EventLog",
            dependencies: [
                "Zlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // The three stages: each imports EventLog, never another stage.
        .target(
            name: "Ingest",
            dependencies: ["EventLog", "Zlib", "CLibSSH2", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "Transform",
            dependencies: ["EventLog", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "Publish",
            dependencies: [
                "EventLog", "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // The command-line program that composes the stages.
        .executableTarget(
            name: "ml-connector",
            dependencies: [
                "EventLog", "Ingest", "Transform", "Publish",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict),

        // Release-build benchmarks (run by tools/bench/*).
        .executableTarget(
            name: "eventlog-bench",
            dependencies: ["EventLog", .product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "tools/bench/eventlog",
            swiftSettings: strict),

        // Generates realistic Stampli exports for the demo, tests and benchmarks.
        .executableTarget(name: "stampli-export-gen", path: "tools/stampli-export-gen", swiftSettings: strict),

        // A probe the crash tests kill in the middle of a transaction.
        .executableTarget(
            name: "eventlog-probe", dependencies: ["EventLog"], path: "tools/probes/eventlog-probe",
            swiftSettings: strict),

        // Transform benchmark (tools/bench/transform.sh).
        .executableTarget(
            name: "transform-bench",
            dependencies: ["EventLog", "Transform", .product(name: "Logging", package: "swift-log")],
            path: "tools/bench/transform",
            swiftSettings: strict),

        // Tests.
        .target(
            name: "TestSupport",
            dependencies: [
                "EventLog", "Zlib", .product(name: "Logging", package: "swift-log"),
                // The load suite's raw-insert baseline (a plain prepared-statement loop).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict),
        .testTarget(
            name: "EventLogTests",
            dependencies: ["EventLog", "Zlib", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "EventLog", "Zlib", "TestSupport"]),
        .testTarget(name: "TransformTests", dependencies: ["Transform", "EventLog", "TestSupport"]),
        .testTarget(name: "PublishTests", dependencies: ["Publish", "EventLog", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "EventLog"]),
    ],
    swiftLanguageModes: [.v6]
)

// Ingest benchmark driver (run by tools/bench/ingest.sh, release build).
package.targets.append(
    .executableTarget(
        name: "ingest-bench",
        dependencies: ["Ingest", "EventLog", .product(name: "Logging", package: "swift-log")],
        path: "tools/bench/ingest",
        swiftSettings: strict))

// Publish benchmark and crash helper (tools/bench/publish.sh; the crash mode is used by PublishTests).
package.targets.append(
    .executableTarget(
        name: "publish-bench",
        dependencies: ["Publish", "EventLog", .product(name: "Logging", package: "swift-log")],
        path: "tools/bench/publish",
        swiftSettings: strict))

// Proof suites under fire (tools/proof/*.sh drive this runner; Tests/ProofTests run short versions).
package.targets.append(contentsOf: [
    .executableTarget(
        name: "ml-proof", dependencies: ["TestSupport", "EventLog"], path: "tools/proof/runner",
        swiftSettings: strict),
    .testTarget(name: "ProofTests", dependencies: ["TestSupport", "EventLog"]),
])
