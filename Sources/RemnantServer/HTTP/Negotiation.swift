import Foundation

/// Content negotiation and conditional-request helpers (RFC 9110), pure so they are tested alone.
enum Negotiation {
    /// The format for a request without `f=`: HTML when `Accept` prefers text/html over every
    /// JSON type (a browser), else JSON (GDAL, QGIS, curl, fetch()).
    static func format(accept: String?, html: Bool = true) -> ResponseFormat {
        guard html, let accept else { return .json }
        var best: (q: Double, format: ResponseFormat)? = nil
        for item in accept.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 1 }
            let f: ResponseFormat?
            switch type {
            case "text/html", "application/xhtml+xml": f = .html
            case "application/json", "application/geo+json", "application/vnd.oai.openapi+json": f = .json
            default: f = nil
            }
            if let f, q > 0, best == nil || q > best!.q { best = (q, f) }
        }
        return best?.format ?? .json
    }

    /// Whether `Accept-Encoding` admits gzip (`gzip` or `x-gzip` without q=0).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
        return false
    }

    /// Whether `If-None-Match` matches `etag` (weak comparison, RFC 9110 §13.1.2; `*` matches).
    static func noneMatchHits(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        func opaque(_ t: Substring) -> Substring { t.hasPrefix("W/") ? t.dropFirst(2) : t }
        for item in header.split(separator: ",") {
            let t = Substring(item.trimmingCharacters(in: .whitespaces))
            if t == "*" || opaque(t) == opaque(Substring(etag)) { return true }
        }
        return false
    }
}
