// swift-tools-version:6.1
//
// qbo-sandbox: an emulator of the QuickBooks Online Accounting API v3 for tests and demos.
// It is its own package so that the connector never links it; clients reach it over HTTP only.
import PackageDescription

let package = Package(
    name: "qbo-sandbox",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qbo-sandbox", targets: ["qbo-sandbox"]),
        .library(name: "QBOSandboxCore", targets: ["QBOSandboxCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "QBOSandboxCore",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "qbo-sandbox",
            dependencies: [
                "QBOSandboxCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "QBOSandboxTests", dependencies: ["QBOSandboxCore"]),
    ],
    swiftLanguageModes: [.v6]
)
