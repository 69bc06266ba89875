package import Foundation
import EventLog

/// The secrets check of the fault suite: after a run under fire, no secret is in clear anywhere.
package enum ProofSecrets {
    /// Secrets shorter than this are not searched for (too likely to match by chance).
    static let minimumNeedleLength = 8

    /// Reads every secret back through ``SecretStore`` (and the pieces of the JSON-valued ones), then
    /// searches the connector's whole stdout/stderr transcript, every file of the working folder (database,
    /// WAL, run ledger, reports, logs) except the ciphertext credential file and the master key, and the
    /// decoded event payloads. Also checks the credential file is mode 0600 and holds no secret in clear.
    package static func search(_ rig: ProofRig, _ figures: inout ProofFigures) throws {
        let store = try SecretStore(dataDir: rig.dataPath)
        var needles: [String] = [ProofRig.clientSecret]
        for name in SecretName.allCases {
            guard let value = try store.get(name)?.revealed else { continue }
            figures.secretNamesSearched.append(name.rawValue)
            needles.append(value)
            if let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any] {
                needles += object.values.compactMap { $0 as? String }
            }
            if name == .sftpPrivateKey {
                // Each line of the key's body too, so a key printed or stored piecemeal is found as well.
                needles += value.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("-----") }
            }
        }
        needles = Array(Set(needles.filter { $0.count >= minimumNeedleLength }))
        guard needles.count >= 4 else {
            figures.secretLeaks.append("only \(needles.count) secrets could be read back; expected the client secret, both tokens and the SFTP secret")
            return
        }
        var places: [(String, Data)] = [("connector output", rig.transcript)]
        let credentials = rig.dataPath + "/" + SecretStore.storeFileName
        let keyFile = rig.dataPath + "/" + SecretStore.keyFileName
        let walker = FileManager.default.enumerator(atPath: rig.directory)
        while let relative = walker?.nextObject() as? String {
            let path = rig.directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                path != keyFile, let data = FileManager.default.contents(atPath: path)
            else { continue }
            places.append((relative, data))
        }
        let events = try SQLiteEventStore(path: rig.databasePath)
        var after: Int64 = 0
        var payloads = Data()
        while true {
            let page = try events.events(after: after, limit: 5_000, types: nil)
            guard let last = page.last else { break }
            after = last.seq
            for event in page { payloads.append(contentsOf: event.payload) }
        }
        places.append(("event payloads", payloads))
        figures.secretPlacesSearched = places.count
        for (place, data) in places {
            for needle in needles where data.range(of: Data(needle.utf8)) != nil {
                figures.secretLeaks.append("a secret (\(needle.count) characters) is in clear in \(place)")
            }
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: credentials)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
        if mode & 0o077 != 0 { figures.secretLeaks.append("credentials file mode is \(String(mode, radix: 8)), not 600") }
    }
}
