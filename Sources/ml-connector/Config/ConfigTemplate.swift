/// The commented configuration file `ml-connector init` writes.
enum ConfigTemplate {
    static func text(dataDir: String, exportRoot: String) -> String {
        """
        # ml-connector configuration.
        # Relative paths are resolved against this file's folder. Secrets never go here:
        # store them with `ml-connector credentials set <name>` (they are kept encrypted).

        [stampli]
        # Where Stampli writes its CSV exports: an SFTP folder on `host`, or a local folder
        # written as file:///absolute/path (or file://relative/path).
        root = "\(exportRoot)"
        # host = "sftp.example.com"
        # port = 22
        # username = "stampli-export"
        # auth = "password"   # or "private-key" (ed25519/ECDSA; store it with `credentials set sftp-private-key`)
        # Pin the server's host key; get it with `ml-connector sftp fingerprint --host ... --port ...`.
        # host_key_sha256 = "SHA256:..."
        # How often `run --every` polls is set on the command line; poll_seconds is the default.
        poll_seconds = 300
        # A file is ready when its size and mtime stay the same across two listings this far apart.
        settle_seconds = 30
        # Or, when Stampli writes NAME.done markers beside finished files, trust those instead.
        done_markers = false
        # What to do with a file once it is ingested: keep, move (to processed_folder) or delete.
        after_ingest = "keep"
        processed_folder = "processed"
        # CSV dialect: delimiter (",", ";", "\\t", "|"), encoding (utf-8, windows-1252),
        # date_format (YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY).
        delimiter = ","
        encoding = "utf-8"
        date_format = "YYYY-MM-DD"
        connect_timeout_seconds = 20

        # Per-kind folder and file patterns (defaults shown for invoices; the kinds are
        # invoices, vendors, gl_accounts, purchase_orders, payments).
        # [stampli.kinds.invoices]
        # folder = "invoices"
        # glob = ["*.csv", "*.csv.gz"]

        # When your Stampli template names a column differently, map the standard name to yours:
        # [stampli.columns.invoices]
        # "Invoice ID" = "Stampli Invoice"
        # "GL Account" = "GL Code"

        [qbo]
        # production or sandbox (chooses the API host unless base_url is set).
        environment = "sandbox"
        # base_url = "https://sandbox-quickbooks.api.intuit.com"
        # token_url = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
        # authorize_url = "https://appcenter.intuit.com/connect/oauth2"
        # The company (realmId) is recorded by `ml-connector qbo connect`; set it here to pin it.
        # realm_id = "1234567890"
        # client_id = "AB..."   # the client secret goes in `ml-connector credentials set qbo-client-secret`
        redirect_uri = "http://localhost:8765/callback"
        minor_version = 75
        # Throughput limits (QBO allows 500 requests/min, 10 concurrent, 40 batch calls/min per company).
        requests_per_minute = 450
        max_in_flight = 4
        batches_per_minute = 40
        timeout_seconds = 60

        [mapping]
        # The GL / department / class / bank mapping file (Type,Stampli,QuickBooks).
        # file = "mapping.csv"
        # Match values without a mapping row to QBO records with the same number or name.
        auto_match = true

        [transform]
        # An invoice exported again with changed content: quarantine (default) or update the Bill.
        on_amendment = "quarantine"
        home_currency = "USD"

        [storage]
        # The event database (events.sqlite), the master key and the encrypted credentials live here.
        data_dir = "\(dataDir)"

        """
    }
}
