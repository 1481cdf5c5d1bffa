import Testing
@testable import RemnantGeometry

@Suite struct GeometryIOTests {
    let context = GEOSContext()

    @Test func wktRoundTrip() throws {
        let g = try Geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))", context: context)
        #expect(g.type == .polygon)
        #expect(try g.wkt() == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))")
        #expect(try g.rings().count == 2)
        #expect(try g.area() == 96)
    }

    @Test func wkbRoundTripAcrossContexts() throws {
        let g = try Geometry(wkt: "LINESTRING (44.1129 41.9853, 43.9686 42.2276)", context: context)
        let bytes = try g.wkb()
        // Little-endian (01), type 2 = LineString, 2 points.
        #expect(bytes.hex.hasPrefix("010200000002000000"))
        let other = GEOSContext()
        let h = try Geometry(wkb: bytes, context: other)
        #expect(try h.coordinates() == [Coordinate(lon: 44.1129, lat: 41.9853), Coordinate(lon: 43.9686, lat: 42.2276)])
    }

    @Test func geoJSONRoundTrip() throws {
        let g = try Geometry(geoJSON: #"{"type":"Point","coordinates":[37.1612,36.2012]}"#, context: context)
        #expect(g.type == .point)
        #expect(try g.coordinates() == [Coordinate(lon: 37.1612, lat: 36.2012)])
        #expect(try g.geoJSON() == #"{"type":"Point","coordinates":[37.1612,36.2012]}"#)
    }

    @Test func wktGarbageCarriesGEOSMessage() {
        #expect {
            _ = try Geometry(wkt: "POLYGON ((0 0, 1 1, banana))", context: context)
        } throws: { error in
            guard case let GeometryError.parse(format, message) = error else { return false }
            // GEOS's own ParseException text, not a generic failure.
            return format == "WKT" && message.contains("ParseException")
        }
    }

    @Test func truncatedWKBAndBadGeoJSONThrow() {
        #expect(throws: GeometryError.self) { _ = try Geometry(wkb: WKBBytes([1, 2, 0, 0]), context: context) }
        #expect(throws: GeometryError.self) { _ = try Geometry(geoJSON: #"{"type":"Pointy"}"#, context: context) }
    }

    @Test func errorsDoNotLeakIntoLaterCalls() throws {
        _ = try? Geometry(wkt: "NOT WKT", context: context)
        let g = try Geometry(wkt: "POINT (1 2)", context: context)
        #expect(try g.coordinates() == [Coordinate(x: 1, y: 2)])
    }

    @Test func buildsPolygonsFromCoordinates() throws {
        let shell = [Coordinate(x: 0, y: 0), Coordinate(x: 4, y: 0), Coordinate(x: 4, y: 4), Coordinate(x: 0, y: 4), Coordinate(x: 0, y: 0)]
        let hole = [Coordinate(x: 1, y: 1), Coordinate(x: 1, y: 2), Coordinate(x: 2, y: 2), Coordinate(x: 2, y: 1), Coordinate(x: 1, y: 1)]
        let p = try Geometry.polygon(exterior: shell, holes: [hole], context: context)
        #expect(try p.area() == 15)
        #expect(try p.rings() == [shell, hole])
        // An open ring is refused with GEOS's message.
        #expect(throws: GeometryError.self) { _ = try Geometry.polygon(exterior: Array(shell.dropLast()), context: context) }
    }

    @Test func orientsForGeoJSONRightHandRule() throws {
        // Clockwise shell, counter-clockwise hole: both must flip.
        let g = try Geometry(wkt: "POLYGON ((0 0, 0 4, 4 4, 4 0, 0 0), (1 1, 2 1, 2 2, 1 2, 1 1))", context: context)
        let oriented = try g.orientedForGeoJSON()
        let rings = try oriented.rings()
        #expect(Geometry.signedDoubleArea(rings[0]) > 0)
        #expect(Geometry.signedDoubleArea(rings[1]) < 0)
        #expect(try oriented.area() == 15)
    }
}
