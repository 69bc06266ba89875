import Foundation

/// Parses `SELECT * | COUNT(*) FROM E [WHERE ...] [ORDERBY ...] [STARTPOSITION n] [MAXRESULTS n]`.
public struct QueryParser {
    private var tokens: [QueryToken]
    private var index = 0

    public static func parse(_ text: String) throws(QBOFault) -> QueryStatement {
        var parser = QueryParser(tokens: try QueryLexer.tokens(text))
        return try parser.statement()
    }

    private init(tokens: [QueryToken]) { self.tokens = tokens }

    private var current: QueryToken? { index < tokens.count ? tokens[index] : nil }

    private mutating func advance() -> QueryToken? {
        defer { index += 1 }
        return current
    }

    private func describe(_ token: QueryToken?) -> String {
        switch token {
        case .word(let text), .symbol(let text), .number(let text): return "\"\(text)\""
        case .string(let text): return "\"'\(text)'\""
        case nil: return "<EOF>"
        }
    }

    private mutating func expectKeyword(_ keyword: String) throws(QBOFault) {
        guard advance()?.keyword == keyword else {
            throw QBOFault.queryParse("Encountered \(describe(tokens[safe: index - 1])) expecting \(keyword)")
        }
    }

    private mutating func expectSymbol(_ symbol: String) throws(QBOFault) {
        guard advance() == .symbol(symbol) else {
            throw QBOFault.queryParse("Encountered \(describe(tokens[safe: index - 1])) expecting \"\(symbol)\"")
        }
    }

    private mutating func statement() throws(QBOFault) -> QueryStatement {
        var statement = QueryStatement()
        try expectKeyword("SELECT")
        if current == .symbol("*") {
            index += 1
        } else if current?.keyword == "COUNT" {
            index += 1
            try expectSymbol("(")
            try expectSymbol("*")
            try expectSymbol(")")
            statement.isCount = true
        } else {
            // Projections are not supported by this emulator; QBO returns all fields anyway.
            throw QBOFault.queryParse("Encountered \(describe(current)) expecting \"*\" or COUNT(*)")
        }
        try expectKeyword("FROM")
        guard case .word(let entity)? = advance() else { throw QBOFault.queryParse("expecting an entity name") }
        statement.entity = entity
        if current?.keyword == "WHERE" {
            index += 1
            statement.conditions.append(try condition())
            while current?.keyword == "AND" {
                index += 1
                statement.conditions.append(try condition())
            }
        }
        while let keyword = current?.keyword {
            index += 1
            switch keyword {
            case "ORDERBY", "ORDER":
                if keyword == "ORDER" { try expectKeyword("BY") }
                repeat {
                    if current == .symbol(",") { index += 1 }
                    guard case .word(let property)? = advance() else {
                        throw QBOFault.queryParse("expecting a property after ORDERBY")
                    }
                    var ascending = true
                    if let direction = current?.keyword, direction == "ASC" || direction == "DESC" {
                        ascending = direction == "ASC"
                        index += 1
                    }
                    statement.orderBy.append((property, ascending))
                } while current == .symbol(",")
            case "STARTPOSITION": statement.startPosition = max(1, try integer())
            case "MAXRESULTS": statement.maxResults = min(QueryStatement.maximumMaxResults, max(0, try integer()))
            default: throw QBOFault.queryParse("Encountered \"\(keyword)\" at an unexpected place")
            }
        }
        guard current == nil else { throw QBOFault.queryParse("Encountered \(describe(current)) after the statement") }
        return statement
    }

    private mutating func integer() throws(QBOFault) -> Int {
        guard case .number(let text)? = advance(), let value = Int(text) else {
            throw QBOFault.queryParse("expecting an integer")
        }
        return value
    }

    private mutating func condition() throws(QBOFault) -> QueryStatement.Condition {
        guard case .word(let property)? = advance() else {
            throw QBOFault.queryParse("Encountered \(describe(tokens[safe: index - 1])) expecting a property")
        }
        let op: QueryStatement.Operator
        switch advance() {
        case .symbol(let symbol)?:
            guard let parsed = QueryStatement.Operator(rawValue: symbol) else {
                throw QBOFault.queryParse("Encountered \"\(symbol)\": operator not supported")
            }
            op = parsed
        case .word(let word)? where word.uppercased() == "LIKE": op = .like
        case .word(let word)? where word.uppercased() == "IN": op = .isIn
        case let other: throw QBOFault.queryParse("Encountered \(describe(other)) expecting an operator")
        }
        var values: [QueryStatement.Literal] = []
        if op == .isIn {
            try expectSymbol("(")
            values.append(try literal())
            while current == .symbol(",") {
                index += 1
                values.append(try literal())
            }
            try expectSymbol(")")
        } else {
            values.append(try literal())
        }
        return QueryStatement.Condition(property: property, op: op, values: values)
    }

    private mutating func literal() throws(QBOFault) -> QueryStatement.Literal {
        switch advance() {
        case .string(let text)?: return .string(text)
        case .number(let text)?: return .number(text)
        case .word(let word)? where ["TRUE", "FALSE"].contains(word.uppercased()):
            return .bool(word.uppercased() == "TRUE")
        case let other: throw QBOFault.queryParse("Encountered \(describe(other)) expecting a value")
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
