import ArgumentParser

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file.")
    var config: String = "ml-connector.toml"

    @Option(name: .long, help: "Use this event database instead of the one in the configured data dir.")
    var db: String?

    @Flag(name: .long, help: "Print the result as exactly one JSON document on stdout.")
    var json = false

    @Flag(name: [.short, .long], help: "More log output on stderr (-v info, -vv debug).")
    var verbose: Int

    @Flag(name: .long, help: "No progress or log output on stderr, errors only.")
    var quiet = false

    func validate() throws {
        if quiet && verbose > 0 { throw ValidationError("--quiet and --verbose cannot be used together") }
    }
}
