import Testing
import Zlib

@Suite struct DeflaterTests {
    func sample(_ count: Int) -> [UInt8] {
        var state: UInt64 = 42
        return (0..<count).map { index in
            state = state &* 6_364_136_223_846_793_005 &+ 1
            // Mostly text with some noise, like an export.
            return index % 7 == 0 ? UInt8(truncatingIfNeeded: state >> 56) : UInt8(ascii: "a") + UInt8(index % 26)
        }
    }

    @Test func streamingCompressionInAnyChunkSizesInflatesToTheInput() throws {
        let input = sample(3 << 20)
        for pieceSize in [1, 4_093, 1 << 20, input.count] {
            let deflater = try Deflater()
            var compressed: [UInt8] = []
            var largestChunk = 0
            var offset = 0
            // 1-byte pieces over 3 MB would be slow in a debug build: cover the first 64 KiB that way.
            let limit = pieceSize == 1 ? 65_536 : input.count
            while offset < limit {
                let end = min(limit, offset + pieceSize)
                try input[offset..<end].withUnsafeBytes { raw in
                    try deflater.compress(raw) {
                        largestChunk = max(largestChunk, $0.count)
                        compressed.append(contentsOf: $0)
                    }
                }
                offset = end
            }
            try deflater.finish { compressed.append(contentsOf: $0) }
            #expect(deflater.totalIn == limit)
            #expect(deflater.totalOut == compressed.count)
            #expect(largestChunk <= Deflater.chunkBytes)
            let back = try Inflater.decompress(compressed, format: .zlib, maximumOutputBytes: limit)
            #expect(back == Array(input[0..<limit]), "piece size \(pieceSize)")
        }
    }

    @Test func oneShotCompressionMatchesTheStreamingOutput() throws {
        let input = sample(500_000)
        let oneShot = try Deflater.compress(input)
        let deflater = try Deflater()
        var streamed: [UInt8] = []
        try deflater.compress(input) { streamed.append(contentsOf: $0) }
        try deflater.finish { streamed.append(contentsOf: $0) }
        #expect(oneShot == streamed)
        #expect(oneShot.count < input.count)
        #expect(try Inflater.decompress(oneShot, format: .zlib, maximumOutputBytes: input.count) == input)
    }

    @Test func emptyInputMakesAValidEmptyStream() throws {
        let compressed = try Deflater.compress([])
        #expect(!compressed.isEmpty)
        #expect(try Inflater.decompress(compressed, format: .zlib, maximumOutputBytes: 1) == [])
    }

    @Test func writingAfterFinishIsRefusedAndInvalidLevelsFail() throws {
        let deflater = try Deflater()
        try deflater.finish { _ in }
        let error = #expect(throws: ZlibError.self) { try deflater.compress([1, 2, 3]) { _ in } }
        #expect(error?.message.contains("finished") == true)
        let bad = #expect(throws: ZlibError.self) { try Deflater(level: 42) }
        #expect(bad?.operation == "deflateInit2")
    }
}
