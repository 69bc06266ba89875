/// Which names in an export folder are candidates (stampli-export.md §Files).
package enum FileNameRule {
    /// Suffixes of files still being written; never read.
    package static let partialSuffixes = [".tmp", ".part", ".filepart"]
    /// The readiness marker suffix.
    package static let markerSuffix = ".done"

    /// True when `name` must never be read: hidden, or a partial upload.
    package static func isExcluded(_ name: String) -> Bool {
        name.hasPrefix(".") || partialSuffixes.contains { name.lowercased().hasSuffix($0) }
    }

    /// True when `name` is not excluded and matches one of `globs`.
    package static func isCandidate(_ name: String, globs: [String]) -> Bool {
        !isExcluded(name) && globs.contains { matches(name, glob: $0) }
    }

    /// Glob match with `*` (any run) and `?` (one character), case-sensitive as the server's names are.
    package static func matches(_ name: String, glob: String) -> Bool {
        let text = Array(name.unicodeScalars)
        let pattern = Array(glob.unicodeScalars)
        var t = 0
        var p = 0
        var star = -1
        var mark = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                t += 1
                p += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
