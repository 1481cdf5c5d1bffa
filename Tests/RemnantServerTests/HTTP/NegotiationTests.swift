import Foundation
import Testing
@testable import RemnantServer

@Suite struct NegotiationTests {
    @Test func acceptPicksHTMLForBrowsersOnly() {
        #expect(Negotiation.format(accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == .html)
        #expect(Negotiation.format(accept: "application/geo+json, application/json") == .json)
        #expect(Negotiation.format(accept: "*/*") == .json)
        #expect(Negotiation.format(accept: nil) == .json)
        #expect(Negotiation.format(accept: "text/html;q=0.5, application/json") == .json)
        #expect(Negotiation.format(accept: "text/html", html: false) == .json)
    }

    @Test func gzipAndConditionals() {
        #expect(Negotiation.acceptsGzip("gzip, deflate, br"))
        #expect(Negotiation.acceptsGzip("br;q=1.0, gzip;q=0.8"))
        #expect(!Negotiation.acceptsGzip("gzip;q=0"))
        #expect(!Negotiation.acceptsGzip("identity"))
        #expect(!Negotiation.acceptsGzip(nil))
        #expect(Negotiation.noneMatchHits("\"abc\"", etag: "\"abc\""))
        #expect(Negotiation.noneMatchHits("W/\"abc\", \"x\"", etag: "\"abc\""))
        #expect(Negotiation.noneMatchHits("*", etag: "\"abc\""))
        #expect(!Negotiation.noneMatchHits("\"abd\"", etag: "\"abc\""))
    }

    @Test func httpDates() throws {
        let d = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.format(d) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == d)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1_796_129_954)) == "Tue, 01 Dec 2026 12:59:14 GMT")
    }
}
