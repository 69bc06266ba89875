// Release-build benchmark driver for tools/bench/ingest.sh. Prints one `key=value` line per run.
//
//   ingest-bench csv <file>                          CSV reader throughput (records, fields, Strings)
//   ingest-bench sftp-file <port> <fp> <pass> <path> fetch one remote file, discard the bytes
//   ingest-bench sftp-many <port> <fp> <pass> <dir>  fetch every file of a remote folder
//   ingest-bench ingest <root> <db>                  one Ingestor run over a local export folder
import EventLog
import Foundation
import Ingest
import Logging

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ingest-bench csv|sftp-file|sftp-many|ingest ...\n".utf8))
    exit(64)
}

/// CPU time this process has used (user and system), in seconds: unlike wall time, it does not grow when
/// other work on the machine takes the cores.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func sftpSource(port: String, fingerprint: String, password: String) throws -> SFTPSource {
    var settings = SFTPSettings(
        host: "127.0.0.1", port: Int(port)!, username: "mlconnector-sftp", hostKeySHA256: fingerprint)
    settings.authentication = .password
    return try SFTPSource(settings: settings, root: "", secrets: { $0 == .sftpPassword ? Secret(password) : nil })
}

/// VmHWM (peak resident set) of this process from /proc/self/status, in MB.
func peakResidentMegabytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.filter(\.isNumber)
        return (Int(digits) ?? 0) / 1024
    }
    return -1
}

switch arguments[1] {
case "csv", "csv-bytes":
    let makesStrings = arguments[1] == "csv"
    let fd = open(arguments[2], O_RDONLY)
    precondition(fd >= 0, "cannot open \(arguments[2])")
    var reader = CSVReader()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var bytes = 0
    var records = 0
    var fields = 0
    var characters = 0
    // The first byte of each record's first field, read from its String in the String run: with the sum of
    // every String's UTF-8 count (`characters`) it shows the Strings exist and hold the record's bytes, and
    // the script checks both runs agree.
    var checksum = 0
    let cpuStart = cpuSeconds()
    let elapsed = seconds {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += count
            buffer.withUnsafeBytes { raw in
                reader.feed(UnsafeRawBufferPointer(rebasing: raw[0..<count])) { record in
                    records += 1
                    fields += record.count
                    // Make a String per field with the product's decoder (FileParser's path), as Python's csv
                    // module makes a str per field, and read each one; or only touch the bytes.
                    if makesStrings {
                        record.decodeFields(.utf8) { index, text in
                            guard let text else { return }
                            characters &+= text.utf8.count
                            if index == 0 { checksum = checksum &* 31 &+ Int(text.utf8.first ?? 0) }
                        }
                    } else {
                        characters &+= record.storage.count
                        let first = record.count > 0 ? record.field(0).first : nil
                        checksum = checksum &* 31 &+ Int(first ?? 0)
                    }
                }
            }
        }
        reader.finish { _ in records += 1 }
    }
    let cpu = cpuSeconds() - cpuStart
    print(
        "\(makesStrings ? "csv_strings" : "csv_bytes")_mb_per_s=\(String(format: "%.1f", Double(bytes) / 1e6 / elapsed)) records=\(records) fields=\(fields) characters=\(characters) checksum=\(checksum) seconds=\(String(format: "%.2f", elapsed)) cpu_mb_per_s=\(String(format: "%.1f", Double(bytes) / 1e6 / cpu)) cpu_seconds=\(String(format: "%.2f", cpu))"
    )
case "sftp-file":
    let source = try sftpSource(port: arguments[2], fingerprint: arguments[3], password: arguments[4])
    var total: Int64 = 0
    let elapsed = try seconds { total = try source.read(path: arguments[5]) { _ in } }
    print("sftp_file_mb_per_s=\(String(format: "%.1f", Double(total) / 1e6 / elapsed)) bytes=\(total)")
case "sftp-many":
    let source = try sftpSource(port: arguments[2], fingerprint: arguments[3], password: arguments[4])
    var files = 0
    let elapsed = try seconds {
        for entry in try source.list(folder: arguments[5]) where entry.isRegularFile {
            _ = try source.read(path: arguments[5] + "/" + entry.name, sizeHint: entry.size) { _ in }
            files += 1
        }
    }
    print("sftp_files_per_s=\(String(format: "%.0f", Double(files) / elapsed)) files=\(files)")
case "ingest":
    var settings = IngestSettings(root: "file://" + arguments[2])
    settings.settleSeconds = 0
    settings.waitForSettle = true
    settings.kinds = [.vendors: .standard(.vendors)]
    let store = try SQLiteEventStore(path: arguments[3])
    var report: StageReport?
    let elapsed = try seconds {
        report = try Ingestor(settings: settings, secretStore: nil).runOnce(
            store: store, logger: Logger(label: "bench"))
    }
    print(
        "ingest_seconds=\(String(format: "%.1f", elapsed)) vm_hwm_mb=\(peakResidentMegabytes()) rows=\((report?.counts["rowsParsed"] ?? 0) + (report?.counts["rowsRejected"] ?? 0)) errors=\(report?.errors.count ?? 0)"
    )
default:
    exit(64)
}
