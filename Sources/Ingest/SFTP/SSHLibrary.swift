internal import CLibSSH2

/// libssh2's process-wide initialisation, run once through a lazily initialised global
/// (libssh2_init(3): "must be called before any other libssh2 function ... not thread safe").
enum SSHLibrary {
    private static let initResult: Int32 = libssh2_init(0)

    /// Initialises libssh2 if nobody has.
    /// - Throws: ``SFTPError`` of kind `library` when libssh2 cannot initialise (its crypto backend).
    static func ensureInitialized() throws {
        guard initResult == 0 else {
            throw SFTPError(
                kind: .library, operation: "libssh2_init", code: initResult, message: "libssh2 failed to initialise")
        }
    }
}
