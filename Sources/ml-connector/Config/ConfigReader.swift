import TOMLKit

/// Typed access to one TOML table that remembers which keys were read, so unknown keys
/// (misspellings) are reported instead of silently ignored.
final class ConfigReader {
    let path: String
    let prefix: String
    let table: TOMLTable
    private var used: Set<String> = []
    private var children: [ConfigReader] = []

    init(path: String, prefix: String, table: TOMLTable) {
        self.path = path
        self.prefix = prefix
        self.table = table
    }

    /// Parses a TOML document.
    /// - Throws: ``ConfigError`` with the line of a syntax error.
    static func parse(_ text: String, path: String) throws -> ConfigReader {
        do {
            return ConfigReader(path: path, prefix: "", table: try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw ConfigError(
                path: path, key: nil, value: nil, expected: "valid TOML (\(error.description))",
                line: error.source.begin.line)
        }
    }

    func fullKey(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    private func fail(_ key: String, _ value: (any TOMLValueConvertible)?, _ expected: String) -> ConfigError {
        ConfigError(path: path, key: fullKey(key), value: value.map { Self.render($0) }, expected: expected)
    }

    static func render(_ value: any TOMLValueConvertible) -> String {
        if let text = value.string { return "\"\(text)\"" }
        return value.debugDescription
    }

    func has(_ key: String) -> Bool { table[key] != nil }

    func string(_ key: String) throws -> String? {
        used.insert(key)
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw fail(key, value, "a string") }
        return text
    }

    func string(_ key: String, default fallback: String) throws -> String { try string(key) ?? fallback }

    func nonEmptyString(_ key: String) throws -> String? {
        guard let text = try string(key) else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(key, text, "a non-empty string") }
        return text
    }

    func choice(_ key: String, _ allowed: [String], default fallback: String) throws -> String {
        let text = try string(key) ?? fallback
        guard allowed.contains(text) else {
            throw fail(key, text, "one of " + allowed.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return text
    }

    func int(_ key: String, range: ClosedRange<Int>) throws -> Int? {
        used.insert(key)
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw fail(key, value, "a whole number from \(range.lowerBound) to \(range.upperBound)") }
        guard range.contains(number) else {
            throw fail(key, value, "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func int(_ key: String, range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        try int(key, range: range) ?? fallback
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        used.insert(key)
        guard let value = table[key] else { return fallback }
        guard let flag = value.bool else { throw fail(key, value, "true or false") }
        return flag
    }

    func strings(_ key: String) throws -> [String]? {
        used.insert(key)
        guard let value = table[key] else { return nil }
        if let single = value.string { return [single] }
        guard let array = value.array else { throw fail(key, value, "a string or an array of strings") }
        return try array.map { element in
            guard let text = element.string else { throw fail(key, value, "an array of strings") }
            return text
        }
    }

    /// A sub-table (`[section]`), or nil when absent.
    func table(_ key: String) throws -> ConfigReader? {
        used.insert(key)
        guard let value = table[key] else { return nil }
        guard let sub = value.table else { throw fail(key, value, "a table ([\(fullKey(key))])") }
        let child = ConfigReader(path: path, prefix: fullKey(key), table: sub)
        children.append(child)
        return child
    }

    /// All keys of this table with string values (for free-form maps such as column templates).
    func stringMap() throws -> [String: String] {
        var result: [String: String] = [:]
        for key in table.keys {
            used.insert(key)
            guard let value = table[key], let text = value.string else {
                throw fail(key, table[key], "a string")
            }
            result[key] = text
        }
        return result
    }

    /// Fails on the first key (here or in a sub-table read through this reader) that was never read.
    func rejectUnknownKeys() throws {
        for key in table.keys.sorted() where !used.contains(key) {
            throw ConfigError(
                path: path, key: fullKey(key), value: nil,
                expected: "a known key (this one is not used by ml-connector; check its spelling)")
        }
        for child in children { try child.rejectUnknownKeys() }
    }
}
