/// A small RFC 4180 reader for the mapping file (a few hundred rows kept by hand in a spreadsheet):
/// `,` delimiter, `"` quoting with `""` escapes, quoted line breaks, LF or CRLF.
enum SimpleCSV {
    struct Record {
        /// 1-based line number where the record starts.
        var row: Int
        var fields: [String]
    }

    static func records(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var start = 1
        var iterator = Array(text.unicodeScalars)[...]
        func finishRecord() {
            fields.append(field)
            records.append(Record(row: start, fields: fields))
            fields = []
            field = ""
        }
        while let scalar = iterator.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if iterator.first == "\"" {
                        field.unicodeScalars.append("\"")
                        iterator.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\r" where iterator.first == "\n": continue
            case "\n", "\r":
                finishRecord()
                line += 1
                start = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty { finishRecord() }
        return records
    }
}
