import Foundation

/// Reads just enough of a private key's text to say which algorithm it is, for error messages.
enum PrivateKeyInspector {
    /// True for PEM `RSA PRIVATE KEY` text, or an OpenSSH key whose (unencrypted) public part is `ssh-rsa`.
    static func isRSA(_ text: String) -> Bool {
        if text.contains("BEGIN RSA PRIVATE KEY") { return true }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return false }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { return false }
        // openssh-key-v1 holds the public key in clear before the (possibly encrypted) private part.
        return data.prefix(512).range(of: Data("ssh-rsa".utf8)) != nil
    }
}
