package import EventLog
package import Foundation

/// Everything the Ingest stage needs to know, filled by the CLI from `ml-connector.toml`.
/// Every field has the default stampli-export.md gives.
package struct IngestSettings: Sendable, Equatable {
    /// What happens to a file once its ingest transaction has committed (stampli-export.md §Files).
    package enum AfterIngest: String, Sendable, Equatable, CaseIterable {
        case keep, move, delete
    }

    /// One file kind's folder, globs and template changes.
    package struct Kind: Sendable, Equatable {
        /// Folder relative to the source root. Default: the kind's name plus `/` (e.g. `invoices/`).
        package var folder: String
        /// File-name globs (`*` and `?`). Default `*.csv`, `*.csv.gz`.
        package var globs: [String]
        /// Canonical column name → the customer's header text.
        package var renames: [String: String]
        /// Canonical names of required columns; nil keeps the spec's required columns.
        package var required: Set<String>?

        package init(
            folder: String, globs: [String] = ["*.csv", "*.csv.gz"], renames: [String: String] = [:],
            required: Set<String>? = nil
        ) {
            self.folder = folder
            self.globs = globs
            self.renames = renames
            self.required = required
        }

        /// The default for a kind: folder `<kind>/`, the default globs, the spec's template.
        package static func standard(_ kind: FileKind) -> Kind { Kind(folder: kind.rawValue + "/") }

        /// This kind's column template after renames and required overrides.
        package func template(for kind: FileKind) -> ColumnTemplate {
            var template = ColumnTemplate.standard(kind).renaming(renames)
            if let required { template = template.requiring(required) }
            return template
        }
    }

    /// `file:///absolute/path` for a local folder; otherwise the remote root folder on the SFTP server
    /// (`""` is the login folder). Default `""`.
    package var root: String
    /// The kinds to poll (polled in ``FileKind`` order). Default: all five with their standard folders.
    package var kinds: [FileKind: Kind] = Dictionary(
        uniqueKeysWithValues: FileKind.allCases.map { ($0, Kind.standard($0)) })
    /// Seconds between the two listings that show a file unchanged. Default 30.
    package var settleSeconds: TimeInterval = 30
    /// When true, a file is ready only when `NAME.done` exists beside it (no settle wait). Default false.
    package var usesDoneMarkers = false
    /// When true, one run waits out the settle interval and lists again (a one-shot `ingest`); when false,
    /// unsettled files are reported as pending and a later run picks them up. Default false.
    package var waitForSettle = false
    /// Default `keep`.
    package var afterIngest = AfterIngest.keep
    /// Folder (inside each kind's folder) that `move` puts files in. Default `processed`.
    package var processedFolder = "processed"
    /// Field delimiter: `,` (default), `;`, tab or `|`.
    package var delimiter = UInt8(ascii: ",")
    /// Default UTF-8.
    package var encoding = TextEncoding.utf8
    /// Default `YYYY-MM-DD`.
    package var dateFormat = DateFormat.isoDate
    /// Field, row and field-count bounds.
    package var limits = CSVLimits.default
    /// Largest file fetched, in bytes. Files are streamed (memory does not grow with their size); the cap
    /// bounds the temporary copy and the blob kept in the log. A larger file is refused whole. Default 16 GiB.
    package var maximumFileBytes: Int64 = 16 << 30
    /// Folder for the private temporary copy of the file being ingested (unlinked at once, so nothing is
    /// left behind). It needs free space for the largest file. Default: the system temporary folder.
    package var temporaryFolder = NSTemporaryDirectory()
    /// Largest decompressed `.csv.gz` content, in bytes (zip-bomb guard). Default 64 GiB.
    package var maximumDecompressedBytes = 64 << 30
    /// Largest attachment fetched, in bytes. Default 64 MiB.
    package var maximumAttachmentBytes: Int64 = 64 << 20
    /// The SFTP server, when ``root`` is not a `file://` URL.
    package var sftp = SFTPSettings()
    /// Reconnect policy within one run.
    package var backoff = Backoff()

    /// Creates settings; set the fields you need afterwards.
    package init(root: String = "") {
        self.root = root
    }

    /// True when ``root`` names a local folder.
    package var isLocal: Bool { root.hasPrefix("file://") }
}

/// How to reach and trust the SFTP server. Secrets are not here: they come from the ``SecretStore``
/// names `sftp-password`, `sftp-private-key` and `sftp-key-passphrase`.
package struct SFTPSettings: Sendable, Equatable {
    /// How the connector logs in.
    package enum Authentication: String, Sendable, Equatable {
        /// The `sftp-password` secret.
        case password
        /// The `sftp-private-key` secret (OpenSSH private key text, ed25519 or ECDSA; RSA needs
        /// rsa-sha2, which Debian 12's libssh2 1.10 lacks) and the optional `sftp-key-passphrase`.
        case privateKey = "private-key"
    }

    package var host = "127.0.0.1"
    package var port = 22
    package var username = ""
    /// The server's host key as `ssh-keygen -lf` prints it: `SHA256:` + unpadded base64. Required.
    package var hostKeySHA256 = ""
    package var authentication = Authentication.password
    /// Seconds to establish the TCP connection. Default 15.
    package var connectTimeout: TimeInterval = 15
    /// Seconds any one SSH/SFTP operation may block. Default 60.
    package var operationTimeout: TimeInterval = 60
    /// Seconds between SSH keepalives. Default 30.
    package var keepaliveInterval = 30
    /// Bytes asked for per SFTP read. Default 1 MiB (machine-facts: 256 KB → 234 MB/s, 1 MB → 305 MB/s).
    package var readBufferBytes = 1 << 20

    package init(host: String = "127.0.0.1", port: Int = 22, username: String = "", hostKeySHA256: String = "") {
        self.host = host
        self.port = port
        self.username = username
        self.hostKeySHA256 = hostKeySHA256
    }
}
