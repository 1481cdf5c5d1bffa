#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A blocking HTTP/1.1 client over a plain TCP socket to 127.0.0.1, for the hostile-client
/// tests: it sends exactly the bytes given (no URL normalisation, partial requests, huge heads)
/// and reads what comes back. Blocking calls run on their own threads (``RawHTTP/onThread(_:)``),
/// never on Swift's cooperative pool, which also runs the server's handlers.
final class RawSocket {
    let fd: Int32

    /// Connects with send and receive timeouts of `timeoutSeconds` (then reads return nil).
    init(port: Int, timeoutSeconds: Double = 10) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw RawHTTP.Failure.socket("socket: errno \(errno)") }
        var tv = timeval()
        tv.tv_sec = .init(timeoutSeconds.rounded(.down))
        tv.tv_usec = .init((timeoutSeconds - timeoutSeconds.rounded(.down)) * 1e6)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw RawHTTP.Failure.socket("connect: errno \(errno)")
        }
    }

    deinit { close(fd) }

    /// Sends all of `bytes`; false when the peer closed or reset the connection (or on timeout).
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    @discardableResult
    func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Closes the sending half (the peer reads end of file).
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Up to `max` bytes; empty at end of file, nil on timeout or error (a reset).
    func receive(max: Int = 1 << 16) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, max, 0) }
        if n < 0 { return nil }
        return Array(buffer[0..<n])
    }

    /// Whether the server closed the connection (end of file or reset) within the receive
    /// timeout, discarding anything it sent first.
    func closedByPeer() -> Bool {
        while true {
            guard let chunk = receive() else { return errno == ECONNRESET }
            if chunk.isEmpty { return true }
        }
    }

    /// Reads one response: status line, headers, and a body of `Content-Length` bytes (or up to
    /// end of file without it). Nil when the connection ends or times out before a full head.
    func readResponse(method: String = "GET") -> RawHTTP.Response? {
        var data: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil {
            guard let chunk = receive(), !chunk.isEmpty else { return nil }
            data += chunk
            headEnd = RawHTTP.find([13, 10, 13, 10], in: data)
        }
        let head = String(decoding: data[0..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(headEnd! + 4)...])
        let noBody = method == "HEAD" || status == 304 || status == 204 || (100..<200).contains(status)
        if noBody {
            body = []
        } else if let length = headers["content-length"].flatMap(Int.init) {
            while body.count < length {
                guard let chunk = receive(), !chunk.isEmpty else { return nil }
                body += chunk
            }
            body = Array(body[0..<length])
        } else {
            while let chunk = receive(), !chunk.isEmpty { body += chunk }
        }
        return RawHTTP.Response(status: status, headers: headers, body: body)
    }
}

enum RawHTTP {
    enum Failure: Error { case socket(String) }

    struct Response: Sendable {
        var status: Int
        /// Lower-cased names.
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request on a fresh connection: `head` is sent verbatim (it must end with CRLF CRLF).
    static func exchange(port: Int, _ head: String, method: String = "GET", timeoutSeconds: Double = 10) async throws -> Response? {
        try await onThread {
            let socket = try RawSocket(port: port, timeoutSeconds: timeoutSeconds)
            socket.write(head)
            return socket.readResponse(method: method)
        }
    }

    /// A plain GET of `target` on a fresh connection.
    static func get(port: Int, _ target: String, timeoutSeconds: Double = 10) async throws -> Response? {
        try await exchange(port: port, "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n", timeoutSeconds: timeoutSeconds)
    }

    /// Runs blocking socket work on a new thread, off the cooperative pool.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}
