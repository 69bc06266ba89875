import Foundation

/// What the emulator knows about one QBO entity type: its properties, what may be done with it,
/// and which references it carries.
public struct EntityKind: Sendable, Hashable {
    /// Canonical name used in bodies, queries and CDC (`Bill`, `VendorCredit`).
    public var name: String
    /// Every property QBO accepts in a request body (anything else gives 2010).
    public var properties: [String]
    /// Server-computed properties: never cleared by a full update, recomputed on write.
    public var readOnly: Set<String>
    /// Properties that must be present on create (2020 otherwise).
    public var required: [String]
    /// Name-list entities are hidden from queries when inactive and are never deleted.
    public var isNameList: Bool
    public var canCreate: Bool
    public var canUpdate: Bool
    public var canDelete: Bool
    /// Header references: property → entity it must point at.
    public var references: [String: String]
    /// Maximum lengths of string properties (2050 beyond).
    public var maximumLengths: [String: Int]

    /// The URL segment (`bill`, `vendorcredit`).
    public var pathName: String { name.lowercased() }

    public var writable: [String] { properties.filter { !readOnly.contains($0) } }

    public var isTransaction: Bool { ["Bill", "VendorCredit", "BillPayment"].contains(name) }

    /// Name-list entities whose DisplayName must be unique across all three (6240).
    public var hasDisplayName: Bool { ["Vendor", "Customer", "Employee"].contains(name) }
}

/// Properties every entity carries.
let commonProperties = ["Id", "SyncToken", "sparse", "domain", "MetaData", "status"]
let commonReadOnly: Set<String> = ["Id", "SyncToken", "sparse", "domain", "MetaData", "status"]
