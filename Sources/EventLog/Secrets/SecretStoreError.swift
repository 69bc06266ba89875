/// A failure reading or writing the encrypted credential file.
package struct SecretStoreError: Error, CustomStringConvertible, Sendable {
    package enum Kind: String, Sendable {
        /// No master key: neither `ML_CONNECTOR_MASTER_KEY` nor the key file.
        case missingMasterKey
        /// The master key is not 32 bytes of base64.
        case invalidMasterKey
        /// A stored secret does not decrypt with this master key (wrong key, or the file was altered).
        case cannotDecrypt
        /// The file cannot be read or written.
        case io
        /// The credential file is not in the expected format.
        case malformed
        /// The credential or key file is readable by other users.
        case insecurePermissions
    }

    package var kind: Kind
    package var message: String
    package var path: String?
    package var hint: String?

    package init(kind: Kind, message: String, path: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.hint = hint
    }

    package var description: String {
        "credentials \(kind.rawValue): \(message)" + (path.map { " [\($0)]" } ?? "")
    }
}
