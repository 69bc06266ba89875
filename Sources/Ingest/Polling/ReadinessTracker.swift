package import EventLog
package import Foundation

/// Decides when a file in an export folder is ready to read (stampli-export.md §Files): its size and mtime
/// are unchanged across two listings at least ``settleInterval`` apart, or a `NAME.done` marker exists.
///
/// A value-type state machine: feed it listings with ``observe(path:size:mtime:at:)``, act on the
/// returned ``Decision``. It holds the first sighting of each file, so a long-lived ``Ingestor`` keeps
/// it between polls and a file settles across two runs of `run --every`.
package struct ReadinessTracker: Sendable, Equatable {
    /// What to do with a file after one listing.
    package enum Decision: Sendable, Equatable {
        /// Read it: the evidence is the first and second listing.
        case ready(first: FileSeen.Listing, second: FileSeen.Listing)
        /// Not yet: list again after `after` seconds.
        case pending(after: TimeInterval)
    }

    private struct Sighting: Sendable, Equatable {
        var size: Int64
        var mtime: Int64
        var at: Date
    }

    /// The minimum time between the two listings, in seconds.
    package var settleInterval: TimeInterval
    private var sightings: [String: Sighting] = [:]

    package init(settleInterval: TimeInterval) {
        self.settleInterval = settleInterval
    }

    /// Records one listing of `path` and says whether it is ready.
    package mutating func observe(path: String, size: Int64, mtime: Int64, at now: Date) -> Decision {
        guard let first = sightings[path], first.size == size, first.mtime == mtime else {
            // New, or changed since we last looked: this listing starts the settle interval again.
            sightings[path] = Sighting(size: size, mtime: mtime, at: now)
            return .pending(after: settleInterval)
        }
        let elapsed = now.timeIntervalSince(first.at)
        guard elapsed >= settleInterval else { return .pending(after: settleInterval - elapsed) }
        return .ready(
            first: FileSeen.Listing(size: size, mtime: mtime, listedAt: SystemEventClock.format(first.at)),
            second: FileSeen.Listing(size: size, mtime: mtime, listedAt: SystemEventClock.format(now)))
    }

    /// Forgets a file (after it was ingested, or when it left the folder).
    package mutating func forget(_ path: String) { sightings[path] = nil }

    /// Forgets every file of `folder` that is not in `present` (files deleted or moved away).
    package mutating func forget(in folder: String, except present: Set<String>) {
        for path in sightings.keys where path.hasPrefix(folder) && !present.contains(path) { sightings[path] = nil }
    }

    /// Paths currently being watched.
    package var watched: Set<String> { Set(sightings.keys) }
}
