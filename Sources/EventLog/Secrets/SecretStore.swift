import Crypto
package import Foundation

/// Secrets at rest: a JSON file (mode 0600) whose values are each sealed with AES-256-GCM under a master
/// key, with the secret's name as authenticated data (so entries cannot be swapped). The master key comes
/// from `ML_CONNECTOR_MASTER_KEY` (base64 of 32 bytes) or from a key file (mode 0600) made by `init`.
/// Values are never printed, logged or written into an event.
package final class SecretStore {
    /// Environment variable holding the base64 master key.
    package static let masterKeyVariable = "ML_CONNECTOR_MASTER_KEY"
    /// File names inside the data dir.
    package static let keyFileName = "master.key"
    package static let storeFileName = "credentials.json"

    package let path: String
    private let key: SymmetricKey

    private struct FileFormat: Codable {
        var version: Int
        /// name → base64 of AES-GCM combined (nonce ‖ ciphertext ‖ tag).
        var secrets: [String: String]
    }

    /// Opens the store in `dataDir`, finding the master key.
    /// - Throws: ``SecretStoreError`` (`.missingMasterKey`, `.invalidMasterKey`, `.insecurePermissions`).
    package convenience init(dataDir: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
    {
        let keyBytes = try Self.masterKey(dataDir: dataDir, environment: environment)
        self.init(path: (dataDir as NSString).appendingPathComponent(Self.storeFileName), keyBytes: keyBytes)
    }

    /// Opens the store at `path` with a 32-byte key.
    package init(path: String, keyBytes: [UInt8]) {
        self.path = path
        self.key = SymmetricKey(data: keyBytes)
    }

    /// Creates the key file with 32 random bytes (mode 0600) unless it exists.
    /// - Returns: true when a new key file was written.
    /// - Throws: ``SecretStoreError`` of kind `.io`.
    @discardableResult
    package static func createKeyFile(dataDir: String) throws -> Bool {
        let keyPath = (dataDir as NSString).appendingPathComponent(keyFileName)
        if FileManager.default.fileExists(atPath: keyPath) { return false }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let text = Data(bytes).base64EncodedString() + "\n"
        try writeAtomically(Array(text.utf8), to: keyPath)
        return true
    }

    static func masterKey(dataDir: String, environment: [String: String]) throws -> [UInt8] {
        if let text = environment[masterKeyVariable], !text.isEmpty {
            return try decodeKey(text, source: masterKeyVariable, path: nil)
        }
        let keyPath = (dataDir as NSString).appendingPathComponent(keyFileName)
        guard let data = FileManager.default.contents(atPath: keyPath) else {
            throw SecretStoreError(
                kind: .missingMasterKey, message: "no master key", path: keyPath,
                hint: "run `ml-connector init` to create one, or set \(masterKeyVariable) to base64 of 32 random bytes")
        }
        try checkPrivate(keyPath)
        return try decodeKey(String(decoding: data, as: UTF8.self), source: "the key file", path: keyPath)
    }

    private static func decodeKey(_ text: String, source: String, path: String?) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32
        else {
            throw SecretStoreError(
                kind: .invalidMasterKey, message: "\(source) must hold base64 of exactly 32 bytes", path: path,
                hint: "generate one with `head -c 32 /dev/urandom | base64`")
        }
        return Array(data)
    }

    private static func checkPrivate(_ path: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = attributes[.posixPermissions] as? Int
        else { return }
        if mode & 0o077 != 0 {
            throw SecretStoreError(
                kind: .insecurePermissions, message: "file mode is \(String(mode, radix: 8)), expected 600",
                path: path, hint: "chmod 600 \(path)")
        }
    }

    // MARK: Reading and writing

    /// The stored secret, or nil when none is stored under that name.
    /// - Throws: ``SecretStoreError`` (`.cannotDecrypt`, `.malformed`, `.io`).
    package func get(_ name: SecretName) throws -> Secret? {
        guard let sealed = try load().secrets[name.rawValue] else { return nil }
        guard let combined = Data(base64Encoded: sealed) else {
            throw SecretStoreError(kind: .malformed, message: "entry \(name.rawValue) is not base64", path: path)
        }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            let clear = try AES.GCM.open(box, using: key, authenticating: Data(name.rawValue.utf8))
            return Secret(String(decoding: clear, as: UTF8.self))
        } catch {
            throw SecretStoreError(
                kind: .cannotDecrypt, message: "entry \(name.rawValue) does not decrypt with this master key",
                path: path, hint: "use the master key the credentials were stored with, or store them again")
        }
    }

    /// Stores (replacing) a secret, writing the file atomically with mode 0600.
    /// - Throws: ``SecretStoreError``.
    package func set(_ name: SecretName, _ secret: Secret) throws {
        var file = try load()
        do {
            let box = try AES.GCM.seal(Data(secret.revealed.utf8), using: key, authenticating: Data(name.rawValue.utf8))
            guard let combined = box.combined else {
                throw SecretStoreError(kind: .io, message: "AES-GCM produced no combined box", path: path)
            }
            file.secrets[name.rawValue] = combined.base64EncodedString()
        } catch let error as SecretStoreError {
            throw error
        } catch {
            throw SecretStoreError(kind: .io, message: "cannot encrypt \(name.rawValue): \(error)", path: path)
        }
        try save(file)
    }

    /// Removes a secret. - Throws: ``SecretStoreError``.
    package func remove(_ name: SecretName) throws {
        var file = try load()
        guard file.secrets.removeValue(forKey: name.rawValue) != nil else { return }
        try save(file)
    }

    /// The names that have a stored value.
    package func storedNames() throws -> [SecretName] {
        try load().secrets.keys.compactMap(SecretName.init(rawValue:)).sorted { $0.rawValue < $1.rawValue }
    }

    private func load() throws -> FileFormat {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileFormat(version: 1, secrets: [:])
        }
        try Self.checkPrivate(path)
        do {
            return try JSONDecoder().decode(FileFormat.self, from: data)
        } catch {
            throw SecretStoreError(kind: .malformed, message: "not a credentials file: \(error)", path: path)
        }
    }

    private func save(_ file: FileFormat) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = (try? encoder.encode(file)) ?? Data()
        try Self.writeAtomically(Array(data), to: path)
    }

    /// Writes to a temporary file with mode 0600, fsyncs it and renames it over `path`.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw SecretStoreError(kind: .io, message: "cannot create file: \(String(cString: strerror(errno)))", path: temporary)
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written <= 0 {
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw SecretStoreError(kind: .io, message: "cannot write file: \(reason)", path: temporary)
            }
            offset += written
        }
        fchmod(fd, 0o600)
        fsync(fd)
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw SecretStoreError(kind: .io, message: "cannot replace file: \(reason)", path: path)
        }
    }
}

@available(*, unavailable) extension SecretStore: Sendable {}
