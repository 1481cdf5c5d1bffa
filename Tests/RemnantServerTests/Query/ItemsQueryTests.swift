import Testing
@testable import RemnantServer

@Suite struct ItemsQueryTests {
    let incidents = FeatureCollectionID.incidents.queryables

    func parse(_ query: String) throws -> ItemsQuery {
        try ItemsQuery.parse(try QueryString.parameters(query), queryables: incidents)
    }

    func failure(_ query: String) -> ServerError? {
        do { _ = try parse(query); return nil } catch let e as ServerError { return e } catch { return nil }
    }

    func parameter(of query: String) -> String? {
        if case let .invalidParameter(name, _)? = failure(query) { return name }
        return nil
    }

    @Test func defaults() throws {
        let q = try parse("")
        #expect(q == ItemsQuery(limit: 100, offset: 0))
    }

    @Test func bboxFourAndSixNumbers() throws {
        let q = try parse("bbox=35.5,32.3,42.4,37.3")
        #expect(q.bbox?.minX == 35.5 && q.bbox?.minY == 32.3 && q.bbox?.maxX == 42.4 && q.bbox?.maxY == 37.3)
        let q6 = try parse("bbox=35.5,32.3,-100,42.4,37.3,9000")
        #expect(q6.bbox?.maxX == 42.4 && q6.bbox?.maxY == 37.3)
        #expect(try parse("bbox=-1e1,-5,1E1,5").bbox?.minX == -10)
    }

    @Test(arguments: ["bbox=1,2,3", "bbox=1,2,3,4,5", "bbox=", "bbox=1,,3,4", "bbox=nan,0,1,1", "bbox=NaN,0,1,1",
                      "bbox=inf,0,1,1", "bbox=-Infinity,0,1,1", "bbox=0x1p3,0,10,1", "bbox=1e999,0,1,1", "bbox=0,-91,1,1",
                      "bbox=181,0,182,1", "bbox=0,10,1,5", "bbox=10,0,5,1", "bbox=-5,0,-10,1", "bbox=a,b,c,d", "bbox=1 ,2,3,4",
                      "bbox=0,0,5,1,1,2"])
    func badBBoxNamesTheParameter(_ query: String) {
        #expect(parameter(of: query) == "bbox", "\(query)")
    }

    @Test func bboxAcrossTheAntimeridian() throws {
        let q = try parse("bbox=170,-20,-170,20")
        #expect(q.bbox?.minX == 170 && q.bbox?.maxX == -170)
    }

    @Test func limitAndOffset() throws {
        #expect(try parse("limit=1").limit == 1)
        #expect(try parse("limit=10000").limit == 10_000)
        // Above the maximum is reduced, not an error (/req/core/fc-limit-response-1).
        #expect(try parse("limit=20000").limit == 10_000)
        #expect(try parse("limit=99999999999999999999999").limit == 10_000)
        #expect(try parse("offset=250").offset == 250)
        #expect(try parse("offset=0").offset == 0)
    }

    @Test(arguments: ["limit=-1", "limit=0", "limit=abc", "limit=1.5", "limit=", "limit=1e3", "limit=--1", "limit=%2B%2B1"])
    func badLimit(_ query: String) {
        #expect(parameter(of: query) == "limit", "\(query)")
    }

    @Test(arguments: ["offset=-1", "offset=x", "offset=2000000000", "offset=1.0"])
    func badOffset(_ query: String) {
        #expect(parameter(of: query) == "offset", "\(query)")
    }

    @Test func datetimeInstantAndIntervals() throws {
        #expect(try parse("datetime=2015-03-01T12:00:00Z").datetime == DateTimeFilter(start: "2015-03-01", end: "2015-03-01"))
        #expect(try parse("datetime=2015-03-01").datetime == DateTimeFilter(start: "2015-03-01", end: "2015-03-01"))
        #expect(try parse("datetime=2014-01-01T00:00:00Z/2016-12-31T23:59:59Z").datetime == DateTimeFilter(start: "2014-01-01", end: "2016-12-31"))
        #expect(try parse("datetime=../2016-12-31T00:00:00Z").datetime == DateTimeFilter(start: nil, end: "2016-12-31"))
        #expect(try parse("datetime=2014-01-01T00:00:00Z/..").datetime == DateTimeFilter(start: "2014-01-01", end: nil))
        #expect(try parse("datetime=2014-01-01T00:00:00Z/").datetime == DateTimeFilter(start: "2014-01-01", end: nil))
        // Offsets move the instant to its UTC day, across month and year ends.
        #expect(try parse("datetime=2015-03-01T01:30:00%2B03:00").datetime?.start == "2015-02-28")
        #expect(try parse("datetime=2015-12-31T22:00:00-05:00").datetime?.start == "2016-01-01")
        #expect(try parse("datetime=2016-03-01T00:00:00.123456%2B00:01").datetime?.start == "2016-02-29")
        #expect(try parse("datetime=2016-02-29T23:59:60Z").datetime?.start == "2016-02-29")
    }

    @Test(arguments: ["datetime=yesterday", "datetime=2015-02-29", "datetime=2015-13-01", "datetime=2015-00-10",
                      "datetime=2015-04-31T00:00:00Z", "datetime=2015-03-01T24:00:00Z", "datetime=2015-03-01T12:00:00",
                      "datetime=2015-03-01T12:00Z", "datetime=../..", "datetime=/", "datetime=2016-01-01/2015-01-01",
                      "datetime=2015-01-01/2015-02-01/2015-03-01", "datetime=2015-03-01T12:00:00%2B25:00", "datetime=",
                      "datetime=2015-03-01T12:00:00.Z", "datetime=%C2%A0"])
    func badDatetime(_ query: String) {
        #expect(parameter(of: query) == "datetime", "\(query)")
    }

    @Test func propertyFilters() throws {
        let q = try parse("munition=lar160-m85&country=SY,UA&delivery=Rocket")
        #expect(q.properties == [ItemsQuery.PropertyFilter(name: "country", values: ["SY", "UA"]),
                                 ItemsQuery.PropertyFilter(name: "delivery", values: ["Rocket"]),
                                 ItemsQuery.PropertyFilter(name: "munition", values: ["lar160-m85"])])
        #expect(parameter(of: "delivery=catapult") == "delivery")
        #expect(parameter(of: "country=") == "country")
        #expect(parameter(of: "country=SY,") == "country")
        #expect(parameter(of: "country=S%00Y") == "country")
    }

    @Test func unknownRepeatedAndFormat() throws {
        #expect(parameter(of: "colour=red") == "colour")
        #expect(parameter(of: "limit=5&limit=6") == "limit")
        #expect(try parse("f=json").format == .json)
        #expect(try parse("f=geojson").format == .json)
        #expect(try parse("f=html").format == .html)
        #expect(try parse("f=kml").format == .kml)
        #expect(parameter(of: "f=xml") == "f")
        // Queryables are per collection.
        #expect(throws: ServerError.self) { try ItemsQuery.parse([("munition", "x")], queryables: FeatureCollectionID.zones.queryables) }
        #expect(try ItemsQuery.parse([("class", "cha")], queryables: FeatureCollectionID.zones.queryables).properties.count == 1)
    }

    @Test func queryStringDecoding() throws {
        let pairs = try QueryString.parameters("a=1&&b=x%2Cy+z&c&d=%E2%9C%93")
        #expect(pairs.map(\.0) == ["a", "b", "c", "d"])
        #expect(pairs.map(\.1) == ["1", "x,y z", "", "✓"])
        #expect(throws: ServerError.self) { try QueryString.parameters("a=%zz") }
        #expect(throws: ServerError.self) { try QueryString.parameters("a=%4") }
        #expect(throws: ServerError.self) { try QueryString.parameters("a=%FF%FE") }
        #expect(throws: ServerError.self) { try QueryString.parameters(String(repeating: "a", count: 5000)) }
    }
}
