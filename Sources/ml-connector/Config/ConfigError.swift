/// A configuration problem: names the file, the key, the value and what was expected. Exit code 78.
struct ConfigError: Error, CustomStringConvertible {
    var path: String
    var key: String?
    var value: String?
    var expected: String
    var line: Int?

    var description: String {
        var text = "invalid configuration in \(path)"
        if let line { text += " (line \(line))" }
        if let key { text += ": key `\(key)`" }
        if let value { text += " has value \(value)" }
        return text + "; expected \(expected)"
    }
}
