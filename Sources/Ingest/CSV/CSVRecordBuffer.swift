/// The growing storage of the record a ``CSVReader`` is in the middle of: field bytes back to back and the
/// end offset of each finished field, in memory the reader writes through raw pointers.
///
/// One buffer belongs to one reader; the reader copies it before writing when the reader value itself was
/// copied (``CSVReader`` keeps value semantics). Capacity only grows, and only as far as the largest record
/// met needs: the reader never writes more than ``CSVLimits/maximumRowBytes`` plus one machine word.
final class CSVRecordBuffer {
    /// Field bytes. Always `byteCapacity` bytes allocated, the first `used` (held by the reader) meaningful.
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var byteCapacity: Int
    /// Field end offsets into ``bytes``.
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var endCapacity: Int

    /// Room for a typical export row before the first growth.
    static let initialByteCapacity = 512
    static let initialEndCapacity = 32

    init(byteCapacity: Int = CSVRecordBuffer.initialByteCapacity, endCapacity: Int = CSVRecordBuffer.initialEndCapacity) {
        self.byteCapacity = byteCapacity
        self.endCapacity = endCapacity
        bytes = .allocate(capacity: byteCapacity)
        ends = .allocate(capacity: endCapacity)
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
    }

    /// A buffer of the same capacity holding the first `byteCount` bytes and `endCount` ends of this one.
    func copy(byteCount: Int, endCount: Int) -> CSVRecordBuffer {
        let copy = CSVRecordBuffer(byteCapacity: byteCapacity, endCapacity: endCapacity)
        copy.bytes.update(from: bytes, count: byteCount)
        copy.ends.update(from: ends, count: endCount)
        return copy
    }

    /// Grows the byte storage to at least `minimum` bytes (doubling), keeping the first `keeping` bytes.
    func growBytes(toAtLeast minimum: Int, keeping: Int) {
        guard minimum > byteCapacity else { return }
        let capacity = max(minimum, byteCapacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: bytes, count: keeping)
        bytes.deallocate()
        bytes = grown
        byteCapacity = capacity
    }

    /// Doubles the field-end storage, keeping the first `keeping` ends.
    func growEnds(keeping: Int) {
        let capacity = endCapacity * 2
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        grown.update(from: ends, count: keeping)
        ends.deallocate()
        ends = grown
        endCapacity = capacity
    }
}
