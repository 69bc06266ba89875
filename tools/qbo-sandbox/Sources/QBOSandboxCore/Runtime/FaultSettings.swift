import Foundation

/// Fault injection knobs; changeable at runtime through `POST /admin/faults`.
public struct FaultSettings: Sendable, Codable, Equatable {
    /// Probability (0...1) of answering HTTP 500 SystemFault 10000 before executing.
    public var error500Rate: Double = 0
    /// `json` or `xml` body for injected 500s.
    public var error500Format = "xml"
    /// Probability of answering HTTP 503 before executing.
    public var error503Rate: Double = 0
    /// Probability that a write is committed and then no response is delivered.
    public var commitThenDropRate: Double = 0
    /// `close`: close the connection without a response; `withhold`: hold the response `withholdSeconds`.
    public var dropMode = "close"
    public var withholdSeconds: Double = 30
    /// Added latency on every API call, in milliseconds.
    public var latencyMs: Int = 0

    public init() {}
}

/// A small deterministic generator (SplitMix64) so a `--fault-seed` replays the same faults.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

extension FaultSettings {
    /// Reads the `/admin/faults` body; absent keys keep their defaults, unknown keys are refused.
    public init?(json: JSONValue) {
        self.init()
        for member in json.members ?? [] {
            let number = member.value.decimalValue.map { NSDecimalNumber(decimal: $0).doubleValue }
            switch member.key {
            case "error500Rate": guard let number else { return nil }; error500Rate = number
            case "error500Format": guard let text = member.value.stringValue else { return nil }; error500Format = text
            case "error503Rate": guard let number else { return nil }; error503Rate = number
            case "commitThenDropRate": guard let number else { return nil }; commitThenDropRate = number
            case "dropMode": guard let text = member.value.stringValue else { return nil }; dropMode = text
            case "withholdSeconds": guard let number else { return nil }; withholdSeconds = number
            case "latencyMs": guard let number else { return nil }; latencyMs = Int(number)
            default: return nil
            }
        }
        guard json.isObject else { return nil }
    }
}
