import Foundation

/// A GeoJSON or KML input (a file, or bytes in memory) read in chunks, so that a reader holds only
/// the feature or placemark it is parsing and peak memory does not grow with the file.
///
/// Measured with `/usr/bin/time -v` (maximum resident set) on release-build imports: see
/// RELIABILITY.md ("Huge inputs"). Before the readers streamed, a 48.7 MB GeoJSON file of 200,000
/// incidents peaked at 480 MB and a 75 MB KML file at 430 MB, and files over 128 MiB were refused.
struct InputFile {
    /// The bytes read at a time from a file (1 MiB).
    static let defaultChunkSize = 1 << 20

    private enum Source {
        case url(URL)
        case data(Data)
    }

    /// The name used in messages.
    let name: String
    /// The most bytes one read returns; tests make it tiny so that tokens straddle chunk boundaries.
    let chunkSize: Int
    private let source: Source

    init(url: URL, name: String, chunkSize: Int = defaultChunkSize) {
        precondition(chunkSize > 0)
        self.name = name
        self.chunkSize = chunkSize
        source = .url(url)
    }

    init(data: Data, name: String, chunkSize: Int = defaultChunkSize) {
        precondition(chunkSize > 0)
        self.name = name
        self.chunkSize = chunkSize
        source = .data(data)
    }

    /// A reader positioned at the first byte. Each call starts again from the beginning, which is
    /// how the KML reader screens the whole file before parsing it.
    func open() throws(StoreError) -> Reader {
        switch source {
        case let .url(url):
            do {
                return Reader(name: name, chunkSize: chunkSize, handle: try FileHandle(forReadingFrom: url))
            } catch {
                throw .input(file: name, location: "0", field: nil, message: "cannot open: \(error.localizedDescription)")
            }
        case let .data(data):
            return Reader(name: name, chunkSize: chunkSize, data: data)
        }
    }

    /// Sequential reads from an ``InputFile``.
    final class Reader {
        let name: String
        let chunkSize: Int
        /// Bytes handed out so far.
        private(set) var offset = 0
        private let handle: FileHandle?
        private let data: Data

        fileprivate init(name: String, chunkSize: Int, handle: FileHandle) {
            self.name = name
            self.chunkSize = chunkSize
            self.handle = handle
            data = Data()
        }

        fileprivate init(name: String, chunkSize: Int, data: Data) {
            self.name = name
            self.chunkSize = chunkSize
            handle = nil
            self.data = data
        }

        deinit { try? handle?.close() }

        /// The next at most `min(limit, chunkSize)` bytes; empty at the end of the input.
        func read(upTo limit: Int) throws(StoreError) -> Data {
            let count = min(limit, chunkSize)
            guard count > 0 else { return Data() }
            let chunk: Data
            if let handle {
                do {
                    chunk = try handle.read(upToCount: count) ?? Data()
                } catch {
                    throw .input(file: name, location: "byte \(offset)", field: nil, message: "read error: \(error.localizedDescription)")
                }
            } else {
                let start = data.startIndex + offset
                chunk = data[start..<(start + min(count, data.count - offset))]
            }
            offset += chunk.count
            return chunk
        }

        /// Appends the next at most `min(limit, chunkSize)` bytes to `buffer`; returns how many (0 at
        /// the end of the input).
        func append(to buffer: inout [UInt8], limit: Int = .max) throws(StoreError) -> Int {
            let chunk = try read(upTo: limit)
            buffer.append(contentsOf: chunk)
            return chunk.count
        }
    }
}

/// A 1-based line and column, in characters (UTF-8 lead bytes), advanced over the bytes before a
/// position; messages name positions this way.
struct TextPosition: Equatable {
    var line = 1
    var column = 1

    /// The position after `bytes`, starting from this one.
    mutating func advance(over bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
        }
    }

    /// The position of `offset` in `bytes`, which start at this position.
    func advanced(over bytes: [UInt8], to offset: Int) -> TextPosition {
        var position = self
        position.advance(over: bytes[..<min(max(offset, 0), bytes.count)])
        return position
    }
}
