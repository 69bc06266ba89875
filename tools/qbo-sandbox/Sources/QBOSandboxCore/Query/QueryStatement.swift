import Foundation

/// A parsed `SELECT` statement.
public struct QueryStatement: Sendable, Equatable {
    public enum Operator: String, Sendable {
        case equal = "=", less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">=", like = "LIKE"
        case isIn = "IN"
    }

    public enum Literal: Sendable, Equatable {
        case string(String)
        case number(String)
        case bool(Bool)
    }

    public struct Condition: Sendable, Equatable {
        public var property: String
        public var op: Operator
        public var values: [Literal]
    }

    public var isCount = false
    public var entity = ""
    public var conditions: [Condition] = []
    public var orderBy: [(property: String, ascending: Bool)] = []
    public var startPosition = 1
    public var maxResults = 100

    public static func == (lhs: QueryStatement, rhs: QueryStatement) -> Bool {
        lhs.isCount == rhs.isCount && lhs.entity == rhs.entity && lhs.conditions == rhs.conditions
            && lhs.orderBy.map(\.property) == rhs.orderBy.map(\.property)
            && lhs.orderBy.map(\.ascending) == rhs.orderBy.map(\.ascending) && lhs.startPosition == rhs.startPosition
            && lhs.maxResults == rhs.maxResults
    }

    /// QBO's page size: 100 unless asked, never more than 1000.
    public static let defaultMaxResults = 100
    public static let maximumMaxResults = 1000
}
