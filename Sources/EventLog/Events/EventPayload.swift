/// A typed, versioned event body: the contract between the stages.
///
/// Conforming types declare a type string of the form `<stage>.<entity>.<pastTenseVerb>`
/// (for example `ingest.file.fetched`) and a version. Type strings are forever: when the
/// shape of a payload changes, its version goes up and every old version stays decodable.
package protocol EventPayload: Codable, Sendable {
    /// The stable type string, e.g. `ingest.row.parsed`.
    static var type: String { get }
    /// The payload version written by this binary.
    static var version: Int { get }
}

extension EventPayload {
    /// The stage part of ``type`` (`ingest`, `transform`, `publish` or `operator`).
    package static var stage: String {
        String(type.prefix { $0 != "." })
    }
}
