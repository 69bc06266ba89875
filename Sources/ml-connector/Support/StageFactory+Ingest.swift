import EventLog
import Foundation
import Ingest

extension Context {
    /// Ingest's settings from `[stampli]`.
    var ingestSettings: IngestSettings {
        let stampli = configuration.stampli
        var settings = IngestSettings(root: stampli.isLocalFolder ? "file://" + (stampli.localPath ?? "") : stampli.root)
        for (kind, configured) in stampli.kinds {
            settings.kinds[kind] = IngestSettings.Kind(
                folder: configured.folder.hasSuffix("/") ? configured.folder : configured.folder + "/",
                globs: configured.globs, renames: configured.columns)
        }
        settings.settleSeconds = TimeInterval(stampli.settleSeconds)
        settings.usesDoneMarkers = stampli.useDoneMarkers
        settings.afterIngest = IngestSettings.AfterIngest(rawValue: stampli.afterIngest) ?? .keep
        settings.processedFolder = stampli.processedFolder
        settings.delimiter = stampli.delimiter == "\t" ? 9 : stampli.delimiter.utf8.first ?? UInt8(ascii: ",")
        settings.encoding = stampli.encoding == "windows-1252" ? .windows1252 : .utf8
        settings.dateFormat = DateFormat(rawValue: stampli.dateFormat) ?? .isoDate
        // Files are spooled beside the database: same file system, and room for the largest export.
        settings.temporaryFolder = (configuration.storage.dataDir as NSString).appendingPathComponent("spool")
        if !stampli.isLocalFolder {
            var sftp = SFTPSettings(
                host: stampli.host ?? "", port: stampli.port, username: stampli.username ?? "",
                hostKeySHA256: stampli.hostKeySHA256 ?? "")
            sftp.authentication = stampli.authentication == "private-key" ? .privateKey : .password
            sftp.connectTimeout = TimeInterval(stampli.connectTimeoutSeconds)
            settings.sftp = sftp
        }
        return settings
    }

    /// A long-lived Ingest stage (it remembers first listings between polls).
    func makeIngestor(waitForSettle: Bool) throws -> Ingestor {
        var settings = ingestSettings
        settings.waitForSettle = waitForSettle
        try FileManager.default.createDirectory(atPath: settings.temporaryFolder, withIntermediateDirectories: true)
        if !configuration.stampli.isLocalFolder && (configuration.stampli.hostKeySHA256 ?? "").isEmpty {
            throw CommandFailure(
                "`stampli.host_key_sha256` is not set: ml-connector never trusts an SFTP server it cannot identify",
                hint: "run `ml-connector sftp fingerprint`, check the fingerprint with the server's owner, and put it in \(configuration.path)",
                status: .config)
        }
        let secrets = configuration.stampli.isLocalFolder ? (try? openSecrets()) : try openSecrets()
        return Ingestor(settings: settings, secretStore: secrets)
    }
}
