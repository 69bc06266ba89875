import Testing

@testable import EventLog

@Suite struct SHA256DigestTests {
    /// A plain reference for lower-case hex: two digits per byte, high nibble first.
    private func referenceHex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    @Test func knownInputsHashToTheirPublishedDigests() {
        #expect(SHA256Digest.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256Digest.hex(of: twoBlocks) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hexOfRawBytesSpellsEveryByteValueInLowerCase() {
        let all = (0...255).map { UInt8($0) }
        #expect(SHA256Digest.hex(all) == referenceHex(all))
        #expect(SHA256Digest.hex([]) == "")
        #expect(all.withUnsafeBytes { SHA256Digest.hex($0) } == referenceHex(all))
    }

    @Test func contiguousAndNonContiguousInputsGiveTheSameDigest() {
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let lazy = (0..<1_000).lazy.map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let fromArray = SHA256Digest.hex(of: bytes)
        #expect(SHA256Digest.hex(of: lazy) == fromArray)
        #expect(SHA256Digest.hex(of: bytes[0..<1_000]) == fromArray)
        #expect(SHA256Digest.hex(of: bytes[10..<500]) == SHA256Digest.hex(of: Array(bytes[10..<500])))
        #expect(fromArray.count == 64)
    }

    @Test func streamingInPiecesEqualsHashingAtOnce() {
        let bytes = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 3) }
        var whole = StreamingSHA256()
        whole.update(bytes)
        var pieces = StreamingSHA256()
        var start = 0
        for size in [1, 63, 64, 65, 1_000, 7] {
            pieces.update(Array(bytes[start..<start + size]))
            start += size
        }
        bytes[start...].withUnsafeBytes { pieces.update($0) }
        #expect(whole.finalizeHex() == SHA256Digest.hex(of: bytes))
        #expect(pieces.finalizeHex() == SHA256Digest.hex(of: bytes))
        #expect(StreamingSHA256().finalizeHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
