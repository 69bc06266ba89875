import EventLog
import Foundation

/// stdout carries results only; everything else goes to stderr.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes exactly one JSON document to stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0a)
        FileHandle.standardOutput.write(data)
    }

    /// A simple left-aligned text table.
    static func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        line(render(header))
        for row in rows { line(render(row)) }
    }
}

/// A JSON value for `--json` documents whose shape is built at run time (event payloads).
enum JSONValue: Encodable {
    case raw(Any)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .raw(let value):
            try container.encode(AnyEncodable(value))
        }
    }
}

/// Encodes JSONSerialization output (dictionaries, arrays, strings, numbers, bools, null).
struct AnyEncodable: Encodable {
    let value: Any
    init(_ value: Any) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case let text as String: try container.encode(text)
        case let number as NSNumber where String(cString: number.objCType) == "c":
            try container.encode(number.boolValue)  // JSONSerialization's true/false
        case let number as Int: try container.encode(number)
        case let flag as Bool: try container.encode(flag)
        case let number as Int64: try container.encode(number)
        case let number as Double: try container.encode(number)  // payload money is always a string
        case let array as [Any]: try container.encode(array.map(AnyEncodable.init))
        case let object as [String: Any]: try container.encode(object.mapValues(AnyEncodable.init))
        default: try container.encodeNil()
        }
    }
}
