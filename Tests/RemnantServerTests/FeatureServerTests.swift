import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RemnantServer
import RemnantStore
import Testing

/// Every endpoint and the error cases, against a live server on 127.0.0.1 over the shipped
/// incidents (28), with the real store, GEOS and PROJ.
@Suite(.serialized) struct FeatureServerTests {
    static let shipped = 28

    @Test func landingConformanceAndAPI() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let landing = try await client.get("/")
            #expect(landing.status == .ok)
            #expect(landing.headers[.contentType] == "application/json")
            let links = try #require(try landing.json()["links"] as? [[String: Any]])
            let rels = links.compactMap { $0["rel"] as? String }
            for rel in ["self", "service-desc", "conformance", "data"] { #expect(rels.contains(rel), "\(rel)") }
            let desc = try #require(links.first { $0["rel"] as? String == "service-desc" })
            #expect((desc["href"] as? String)?.hasSuffix("/api") == true)

            let conformance = try await client.get("/conformance")
            let classes = try #require(try conformance.json()["conformsTo"] as? [String])
            for c in ["core", "geojson", "html", "oas30"] {
                #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/\(c)"))
            }

            let api = try await client.get("/api")
            #expect(api.status == .ok)
            #expect(api.headers[.contentType] == "application/vnd.oai.openapi+json;version=3.0")
            let doc = try api.json()
            #expect((doc["openapi"] as? String)?.hasPrefix("3.0") == true)
            let paths = try #require(doc["paths"] as? [String: Any])
            #expect(paths["/collections/{collectionId}/items"] != nil)
            #expect(paths["/collections/{collectionId}/items/{featureId}"] != nil)

            let html = try await client.get("/", [.accept: "text/html,application/xhtml+xml,*/*;q=0.8"])
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            #expect(html.text.contains("<h1>Remnant"))
            #expect(try await client.get("/conformance?f=html").text.contains("conf/core"))
            #expect(try await client.get("/api?f=html").text.contains("openapi"))
        }
    }

    @Test func collectionsWithExtents() async throws {
        try await ServerTestSupport.withServer { client, store in
            let list = try await client.get("/collections")
            #expect(list.status == .ok)
            let collections = try #require(try list.json()["collections"] as? [[String: Any]])
            #expect(collections.compactMap { $0["id"] as? String } == ["incidents", "zones", "hexes"])

            let incidents = try await client.get("/collections/incidents").json()
            let extent = try #require(incidents["extent"] as? [String: Any])
            let bbox = try #require((extent["spatial"] as? [String: Any])?["bbox"] as? [[Double]])
            // The shipped incidents lie in Georgia, Syria, Ukraine, … : all in 20–60° E, 30–55° N.
            #expect(bbox[0].count == 4 && bbox[0][0] > 20 && bbox[0][2] < 60 && bbox[0][1] > 30 && bbox[0][3] < 55)
            let interval = try #require((extent["temporal"] as? [String: Any])?["interval"] as? [[String]])
            let dates = try #require(try store.dateRange())
            #expect(interval[0] == [dates.first + "T00:00:00Z", dates.last + "T23:59:59Z"])
            #expect(dates.first < "2010-01-01" && dates.last > "2015-01-01")
            let zones = try await client.get("/collections/zones").json()
            #expect((zones["extent"] as? [String: Any])?["temporal"] != nil)
            #expect(try await client.get("/collections/hexes").status == .ok)
            #expect(try await client.get("/collections?f=html").text.contains("Hazard areas"))
            #expect(try await client.get("/collections/zones?f=html").text.contains("Queryables"))
        }
    }

    @Test func itemsPagingAndCounts() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let first = try await client.get("/collections/incidents/items?limit=10")
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "application/geo+json")
            let fc = try first.json()
            #expect(fc["type"] as? String == "FeatureCollection")
            #expect(fc["numberMatched"] as? Int == Self.shipped)
            #expect(fc["numberReturned"] as? Int == 10)
            #expect((fc["features"] as? [Any])?.count == 10)
            let links = try #require(fc["links"] as? [[String: Any]])
            let next = try #require(links.first { $0["rel"] as? String == "next" }?["href"] as? String)
            #expect(next.hasSuffix("/collections/incidents/items?limit=10&offset=10"))
            #expect(links.contains { $0["rel"] as? String == "self" })
            #expect(links.contains { $0["rel"] as? String == "alternate" && $0["type"] as? String == "text/html" })
            #expect(!links.contains { $0["rel"] as? String == "prev" })

            var ids: [String] = []
            var offset = 0
            while true {
                let page = try await client.get("/collections/incidents/items?limit=10&offset=\(offset)").json()
                let features = try #require(page["features"] as? [[String: Any]])
                ids += features.compactMap { $0["id"] as? String }
                let l = try #require(page["links"] as? [[String: Any]])
                if offset > 0 { #expect(l.contains { $0["rel"] as? String == "prev" }) }
                guard l.contains(where: { $0["rel"] as? String == "next" }) else { break }
                offset += 10
            }
            #expect(ids.count == Self.shipped && Set(ids).count == Self.shipped)

            let beyond = try await client.get("/collections/incidents/items?offset=1000").json()
            #expect(beyond["numberReturned"] as? Int == 0 && beyond["numberMatched"] as? Int == Self.shipped)
            // Default limit 100 holds all; the maximum is enforced by reduction, not error.
            #expect(try await client.get("/collections/incidents/items").json()["numberReturned"] as? Int == Self.shipped)
            #expect(try await client.get("/collections/incidents/items?limit=50000").status == .ok)
        }
    }

    @Test func itemsFilters() async throws {
        try await ServerTestSupport.withServer { client, store in
            func matched(_ q: String) async throws -> Int {
                let r = try await client.get("/collections/incidents/items?" + q)
                #expect(r.status == .ok, "\(q): \(r.text)")
                return try r.json()["numberMatched"] as? Int ?? -1
            }
            let all = try store.incidents().map(\.incident)
            let georgia = all.filter { $0.country == "GE" }.count
            #expect(georgia > 0)
            #expect(try await matched("country=GE") == georgia)
            #expect(try await matched("country=ge") == georgia)
            let syria = all.filter { $0.country == "SY" }.count
            #expect(try await matched("country=GE,SY") == georgia + syria)
            // A box around Georgia.
            let inBox = all.filter { (40...47).contains($0.location.lon) && (41...44).contains($0.location.lat) }.count
            #expect(try await matched("bbox=40,41,47,44") == inBox)
            #expect(try await matched("bbox=170,-10,-170,10") == 0)
            let in2008 = all.filter { $0.date.lastDay >= "2008-01-01" && $0.date.firstDay <= "2008-12-31" }.count
            #expect(in2008 > 0)
            #expect(try await matched("datetime=2008-01-01T00:00:00Z/2008-12-31T23:59:59Z") == in2008)
            let before2010 = all.filter { $0.date.firstDay <= "2009-12-31" }.count
            #expect(try await matched("datetime=../2009-12-31T23:59:59Z") == before2010)
            let munition = try #require(all.compactMap(\.munition).first)
            #expect(try await matched("munition=\(munition)") == all.filter { $0.munition?.lowercased() == munition.lowercased() }.count)
            #expect(try await matched("evidence=direct") == all.filter { $0.evidence == .direct }.count)
            // Zones filter in memory by class and time.
            let zones = try await client.get("/collections/zones/items?limit=1000").json()
            let total = try #require(zones["numberMatched"] as? Int)
            let cha = try await client.get("/collections/zones/items?class=CHA").json()["numberMatched"] as? Int ?? -1
            let sha = try await client.get("/collections/zones/items?class=sha").json()["numberMatched"] as? Int ?? -1
            #expect(total > 0 && cha + sha == total)
            #expect(try await client.get("/collections/zones/items?datetime=1990-01-01T00:00:00Z").json()["numberMatched"] as? Int == 0)
            let hexes = try await client.get("/collections/hexes/items?limit=10000").json()
            let counts = try #require(hexes["features"] as? [[String: Any]]).compactMap { ($0["properties"] as? [String: Any])?["count"] as? Int }
            // Every strike and remnant find is in exactly one hexagon.
            #expect(counts.reduce(0, +) == all.filter { $0.siteType != .stockpile }.count)
        }
    }

    @Test func singleFeatures() async throws {
        try await ServerTestSupport.withServer { client, store in
            let incident = try #require(try store.incidents().first?.incident)
            let r = try await client.get("/collections/incidents/items/\(incident.id)")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/geo+json")
            let f = try r.json()
            #expect(f["type"] as? String == "Feature" && f["id"] as? String == incident.id)
            let props = try #require(f["properties"] as? [String: Any])
            #expect((props["sources"] as? [Any])?.isEmpty == false)
            #expect((f["links"] as? [[String: Any]])?.contains { $0["rel"] as? String == "collection" } == true)
            let html = try await client.get("/collections/incidents/items/\(incident.id)?f=html")
            #expect(html.text.contains("<h2>Sources</h2>"))
            let kml = try await client.get("/collections/incidents/items/\(incident.id)?f=kml")
            #expect(kml.text.contains("<Placemark") && kml.headers[.contentType] == "application/vnd.google-earth.kml+xml")
            let zone = try #require((try await client.get("/collections/zones/items?limit=1").json()["features"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.get("/collections/zones/items/\(zone)").status == .ok)
            #expect(try await client.get("/collections/incidents/items/NO-SUCH-ID").status == .notFound)
        }
    }

    @Test func htmlAndKMLItems() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let html = try await client.get("/collections/incidents/items?limit=5", [.accept: "text/html"])
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            #expect(html.text.contains("28 matched") && html.text.contains("next →"))
            let kml = try await client.get("/collections/incidents/items.kml?country=GE")
            #expect(kml.status == .ok && kml.headers[.contentType] == "application/vnd.google-earth.kml+xml")
            #expect(kml.text.hasPrefix("<?xml") && kml.text.contains("<kml xmlns=\"http://www.opengis.net/kml/2.2\">"))
            #expect(kml.text.contains("GE Georgia") && !kml.text.contains("SY Syria"))
            #expect(try await client.get("/collections/zones/items?f=kml").text.contains("<Polygon>"))
            #expect(try await client.get("/collections/incidents/items.kml?f=html").status == .badRequest)
            let link = try await client.get("/network-link.kml")
            #expect(link.text.contains("<NetworkLink>") && link.text.contains("<refreshMode>onInterval</refreshMode>"))
            #expect(link.text.contains("/collections/incidents/items.kml?limit=10000"))
        }
    }

    @Test func errorsNameTheParameter() async throws {
        try await ServerTestSupport.withServer { client, _ in
            for (query, parameter) in [("bbox=1,2,3", "bbox"), ("limit=-1", "limit"), ("datetime=yesterday", "datetime"),
                                       ("offset=x", "offset"), ("delivery=catapult", "delivery"), ("colour=red", "colour"),
                                       ("bbox=nan,1,2,3", "bbox"), ("bbox=10,0,5,1", "bbox")] {
                let r = try await client.get("/collections/incidents/items?" + query)
                #expect(r.status == .badRequest, "\(query)")
                #expect(r.headers[.contentType] == "application/json")
                let body = try r.json()
                #expect(body["code"] as? String == "InvalidParameterValue")
                #expect(body["parameter"] as? String == parameter, "\(query)")
                #expect((body["description"] as? String)?.hasPrefix(parameter + ":") == true)
            }
            let missing = try await client.get("/collections/roads/items")
            #expect(missing.status == .notFound)
            #expect(try missing.json()["code"] as? String == "NotFound")
            #expect(try await client.get("/collections/roads").status == .notFound)
            #expect(try await client.get("/nowhere").status == .notFound)
            #expect(try await client.get("/static/../../etc/passwd").status == .notFound)
            #expect(try await client.get("/conformance?f=xml").status == .badRequest)
            // Read-only: no writes, no request bodies.
            let post = try await client.execute(uri: "/collections/incidents/items", method: .post, body: ByteBuffer(string: "{}"))
            #expect(post.status == .methodNotAllowed)
            #expect(try await client.execute(uri: "/collections", method: .delete).status == .methodNotAllowed)
            let long = try await client.get("/collections/incidents/items?country=" + String(repeating: "A", count: 6000))
            #expect(long.status == .uriTooLong || long.status == .badRequest)
        }
    }

    @Test func conditionalRequestsAndGzip() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let r = try await client.get("/collections/incidents/items?limit=20")
            let etag = try #require(r.headers[.eTag])
            let modified = try #require(r.headers[.lastModified])
            #expect(r.headers[.contentEncoding] == nil)
            let again = try await client.get("/collections/incidents/items?limit=20", [.ifNoneMatch: etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            #expect(try await client.get("/collections/incidents/items?limit=20", [.ifModifiedSince: modified]).status == .notModified)
            #expect(try await client.get("/collections/incidents/items?limit=20", [.ifModifiedSince: "Mon, 01 Jan 2001 00:00:00 GMT"]).status == .ok)
            #expect(try await client.get("/collections/incidents/items?limit=20", [.ifNoneMatch: "\"other\""]).status == .ok)
            // Another query is another representation.
            #expect(try await client.get("/collections/incidents/items?limit=21").headers[.eTag] != etag)

            let zipped = try await client.get("/collections/incidents/items?limit=20", [.acceptEncoding: "gzip, deflate"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.eTag] != etag)
            #expect(zipped.body.readableBytes < r.body.readableBytes / 2)
            var compressed = zipped.body
            let plain = try compressed.decompress(with: .gzip())
            #expect(plain == r.body)

            let head = try await client.execute(uri: "/collections/incidents/items?limit=20", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0 && head.headers[.eTag] == etag)
            #expect(r.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func corsOnlyWhenAsked() async throws {
        try await ServerTestSupport.withServer(cors: "https://maps.example.org") { client, _ in
            let r = try await client.get("/collections", [.origin: "https://maps.example.org"])
            #expect(r.headers[.accessControlAllowOrigin] == "https://maps.example.org")
        }
    }

    @Test func mapPageAndStaticFiles() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let map = try await client.get("/map")
            #expect(map.status == .ok)
            #expect(map.text.contains("/static/leaflet/leaflet.js") && !map.text.contains("unpkg") && !map.text.contains("cdn"))
            #expect(map.text.contains("datetime="))
            let js = try await client.get("/static/leaflet/leaflet.js")
            #expect(js.status == .ok && js.text.contains("Leaflet"))
            #expect(try await client.get("/static/leaflet/leaflet.css").headers[.contentType] == "text/css; charset=utf-8")
            let countries = try await client.get("/static/countries.geojson", [.acceptEncoding: "gzip"])
            #expect(countries.headers[.contentEncoding] == "gzip")
            #expect(try await client.get("/static/leaflet/images/layers.png").headers[.contentType] == "image/png")
        }
    }

    @Test func dataChangeChangesTheETag() async throws {
        try await ServerTestSupport.withServer(cacheBytes: 0) { client, store in
            let before = try await client.get("/collections/incidents/items")
            let etag = try #require(before.headers[.eTag])
            // A write to the store (a re-import of the shipped file) is a new data version.
            try await Task.sleep(for: .milliseconds(20))
            _ = try IncidentImporter(store: store, gazetteer: ServerTestSupport.geoData.places, boundaries: ServerTestSupport.geoData.countries)
                .importFiles([ServerTestSupport.geoData.incidents])
            let after = try await client.get("/collections/incidents/items", [.ifNoneMatch: etag])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != etag)
        }
    }
}
