import Foundation

/// An `InputStream` over an ``InputFile/Reader``, so that `XMLParser(stream:)` pulls the input a
/// chunk at a time (FoundationXML hands each read to libxml2's push parser) instead of holding the
/// whole document. A read error ends the stream and is kept in ``failure``.
final class InputFileStream: InputStream {
    private let reader: InputFile.Reader
    /// The read error that ended the stream, if any.
    private(set) var failure: StoreError?
    private var ended = false

    init(_ reader: InputFile.Reader) {
        self.reader = reader
        super.init(data: Data())
    }

    /// Bytes handed to the parser so far.
    var offset: Int { reader.offset }

    override func open() {}
    override func close() {}
    override var hasBytesAvailable: Bool { !ended }
    override var streamStatus: Stream.Status { failure != nil ? .error : ended ? .atEnd : .open }
    override var streamError: Error? { failure }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        do throws(StoreError) {
            let chunk = try reader.read(upTo: len)
            if chunk.isEmpty { ended = true }
            chunk.copyBytes(to: buffer, count: chunk.count)
            return chunk.count
        } catch {
            failure = error
            ended = true
            return -1
        }
    }
}
