import Foundation

/// A lexical token of QBO's SQL-like query language.
enum QueryToken: Equatable {
    case word(String)
    case string(String)
    case number(String)
    case symbol(String)

    /// The word upper-cased, for keyword comparison (keywords are case-insensitive).
    var keyword: String? {
        if case .word(let text) = self { return text.uppercased() }
        return nil
    }
}

/// Splits a statement into tokens. `\'` and `\\` are the escapes inside quoted literals.
enum QueryLexer {
    static func tokens(_ text: String) throws(QBOFault) -> [QueryToken] {
        var tokens: [QueryToken] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace { index += 1; continue }
            if character == "'" {
                var literal = ""
                index += 1
                var closed = false
                while index < characters.count {
                    let next = characters[index]
                    if next == "\\", index + 1 < characters.count {
                        literal.append(characters[index + 1])
                        index += 2
                        continue
                    }
                    if next == "'" { closed = true; index += 1; break }
                    literal.append(next)
                    index += 1
                }
                guard closed else { throw QBOFault.queryParse("Lexical error: unterminated string literal") }
                tokens.append(.string(literal))
            } else if "*(),=".contains(character) {
                tokens.append(.symbol(String(character)))
                index += 1
            } else if character == "<" || character == ">" || character == "!" {
                if index + 1 < characters.count, characters[index + 1] == "=" {
                    tokens.append(.symbol(String(character) + "="))
                    index += 2
                } else {
                    tokens.append(.symbol(String(character)))
                    index += 1
                }
            } else if character.isNumber || character == "-" || character == "." {
                var number = String(character)
                index += 1
                while index < characters.count, characters[index].isNumber || characters[index] == "." {
                    number.append(characters[index])
                    index += 1
                }
                tokens.append(.number(number))
            } else if character.isLetter || character == "_" {
                var word = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || "_.".contains(characters[index])
                {
                    word.append(characters[index])
                    index += 1
                }
                tokens.append(.word(word))
            } else {
                throw QBOFault.queryParse(
                    "Lexical error at line 1, column \(index + 1).  Encountered: \"\(character)\"")
            }
        }
        return tokens
    }
}
