import Foundation

/// Per-request switches from the query string and the clock reading used for the write.
public struct WriteOptions: Sendable {
    /// `include=allowduplicatedocnum`.
    public var allowDuplicateDocNumber = false
    /// `include=void` on `operation=update` for BillPayment.
    public var isVoid = false
    public var now: Date

    public init(now: Date, allowDuplicateDocNumber: Bool = false, isVoid: Bool = false) {
        self.now = now
        self.allowDuplicateDocNumber = allowDuplicateDocNumber
        self.isVoid = isVoid
    }
}
