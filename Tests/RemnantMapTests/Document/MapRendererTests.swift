import Foundation
import RemnantAnalysis
import RemnantGeometry
@testable import RemnantMap
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct MapRendererTests {
    @Test func pdfOverviewHasOnePageWithTitleLegendAndCredits() throws {
        let dir = try MapTestSupport.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("overview.pdf").path
        let data = try MapTestSupport.data()
        let report = try MapRenderer().render(data, request: MapRequest(layers: .all, title: "Test overview Caucasus"), to: path)
        #expect(report.pages == 1)
        #expect(try MapTestSupport.pageCount(path) == 1)
        let text = try MapTestSupport.run("pdftotext", [path, "-"])
        #expect(text.status == 0)
        for needle in ["Test overview Caucasus", "Legend", "Confirmed hazardous area (CHA)", "Suspected hazardous area (SHA)",
                       "Incident density", "Natural Earth", "GeoNames, CC BY 4.0", "Test Source Org", report.overview!.projectionName.prefix(20).description,
                       MapRequest.today()] {
            #expect(text.output.contains(needle), "pdftotext lacks '\(needle)'")
        }
        // Only the finished file is left: the temporary name was renamed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["overview.pdf"])
    }

    /// On A3 every sheet of these one-footprint areas fits one page, so the count is exact:
    /// the overview, one page per area in priority order (each with its id and MGRS), the index.
    @Test func pdfSheetsAddOnePagePerAreaInPriorityOrder() throws {
        let dir = try MapTestSupport.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sheets.pdf").path
        let data = try MapTestSupport.data()
        let report = try MapRenderer().render(data, request: MapRequest(size: .a3, sheets: true), to: path)
        #expect(report.sheets == data.areas.sorted { $0.priorityRank < $1.priorityRank }.map(\.id))
        #expect(report.pages == 2 + data.areas.count)
        #expect(report.indexPage == report.pages)
        #expect(try MapTestSupport.pageCount(path) == 2 + data.areas.count)
        let index = try MapTestSupport.run("pdftotext", ["-f", "\(report.pages)", "-l", "\(report.pages)", path, "-"]).output
        #expect(index.contains("Hazard areas by priority"))
        for id in report.sheets { #expect(index.contains(id)) }
        let proj = PROJContext()
        for (page, id) in report.sheets.enumerated() {
            let text = try MapTestSupport.run("pdftotext", ["-f", "\(page + 2)", "-l", "\(page + 2)", path, "-"]).output
            let area = data.areas.first { $0.id == id }!
            #expect(text.contains("Hazard area \(id)"))
            #expect(text.contains("Turning points (\(area.polygons[0][0].count - 1);"))
            // The first turning point's MGRS, as the geometry core computes it.
            let first = try MGRS(area.polygons[0][0][0], context: proj).formatted(separator: " ")
            #expect(text.contains(first), "sheet of \(id) lacks \(first)")
        }
    }

    @Test func a4SheetsContinueTurningPointsAndPdfinfoAgrees() throws {
        let dir = try MapTestSupport.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a4.pdf").path
        let data = try MapTestSupport.data()
        let report = try MapRenderer().render(data, request: MapRequest(region: .zone(data.areas[0].id)), to: path)
        #expect(report.pages >= 1)
        #expect(try MapTestSupport.pageCount(path) == report.pages)
        let text = try MapTestSupport.run("pdftotext", [path, "-"]).output
        // Every turning point is listed, across pages: the last one's MGRS is in the text.
        #expect(text.contains("Centroid MGRS"))
        let ring = data.areas[0].polygons[0][0]
        let last = try MGRS(ring[ring.count - 2], context: PROJContext()).formatted(separator: " ")
        #expect(text.contains(last), "no \(last)")
    }

    @Test func pngHasTheRequestedSizeAndTheHazardFillWhereTheAreaLies() throws {
        let dir = try MapTestSupport.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("zones.png").path
        let data = try MapTestSupport.data()
        // Around Gori, zones only: the paper under the fill is white, and the area is ~100 px across.
        let request = MapRequest(region: .box(BoundingBox(minX: 43.9, minY: 41.85, maxX: 44.35, maxY: 42.1)), layers: [.zones],
                                 size: .custom(width: 1100, height: 800))
        let report = try MapRenderer().render(data, request: request, to: path)
        let image = try PNGImage(path: path)
        #expect(image.width == 1100 && image.height == 800)
        #expect(report.pixelWidth == 1100 && report.pixelHeight == 800)
        let cha = try #require(data.areas.first { $0.incidentIDs.contains("T-GE-1") })
        let expected = MapStyle.zoneFill(cha).over(.white)
        let page = try report.overview!.pagePoint(of: Coordinate(lon: 44.1129, lat: 41.9853), context: PROJContext())
        let scale = report.pixelsPerPoint
        let (cx, cy) = (Int(page.x * scale), Int(page.y * scale))
        var matching = 0
        for dy in -2...2 {
            for dx in -2...2 {
                let p = image.rgba(x: cx + dx, y: cy + dy)
                if abs(Double(p.r) - expected.r * 255) <= 3, abs(Double(p.g) - expected.g * 255) <= 3, abs(Double(p.b) - expected.b * 255) <= 3 {
                    matching += 1
                }
            }
        }
        #expect(matching >= 20, "only \(matching) of 25 pixels carry the CHA fill \(expected) at (\(cx), \(cy)): \(image.rgba(x: cx, y: cy))")
        // And far from any area (the top-left inside of the frame) the fill is absent.
        let frame = report.overview!.frame
        let corner = image.rgba(x: Int((frame[0] + 5) * scale), y: Int((frame[1] + 5) * scale))
        #expect(corner.r > 240 && corner.g > 240 && corner.b > 240)
    }

    @Test func fullPngIsNotBlank() throws {
        let dir = try MapTestSupport.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("all.png").path
        _ = try MapRenderer().render(try MapTestSupport.data(), request: MapRequest(layers: .all, size: .custom(width: 800, height: 1000)), to: path)
        let image = try PNGImage(path: path)
        var colours = Set<Int>()
        var nonWhite = 0
        for y in stride(from: 0, to: image.height, by: 3) {
            for x in stride(from: 0, to: image.width, by: 3) {
                let p = image.rgba(x: x, y: y)
                colours.insert(p.r << 16 | p.g << 8 | p.b)
                if p.r < 245 || p.g < 245 || p.b < 245 { nonWhite += 1 }
            }
        }
        let samples = (image.width / 3 + 1) * (image.height / 3 + 1)
        #expect(colours.count > 50)
        #expect(Double(nonWhite) / Double(samples) > 0.3)
    }

    @Test func svgParsesAsXML() throws {
        let dir = try MapTestSupport.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("map.svg").path
        _ = try MapRenderer().render(try MapTestSupport.data(), request: MapRequest(region: .country("GE"), layers: .all), to: path)
        final class Root: NSObject, XMLParserDelegate {
            var root: String?
            var elements = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if root == nil { root = name }
                elements += 1
            }
        }
        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: path)))
        let delegate = Root()
        parser.delegate = delegate
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(delegate.root == "svg")
        #expect(delegate.elements > 100)
    }

    @Test func refusesWhatItCannotDraw() throws {
        let dir = try MapTestSupport.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try MapTestSupport.data()
        let r = MapRenderer()
        #expect(throws: MapError.self) { try r.render(data, request: MapRequest(sheets: true), to: dir.appendingPathComponent("a.png").path) }
        #expect(throws: MapError.self) { try r.render(data, request: MapRequest(region: .zone("HA-nope")), to: dir.appendingPathComponent("b.pdf").path) }
        #expect(throws: MapError.self) { try r.render(data, request: MapRequest(region: .country("FR")), to: dir.appendingPathComponent("c.pdf").path) }
        #expect(throws: MapError.self) { try r.render(data, request: MapRequest(), to: dir.appendingPathComponent("d.jpg").path) }
        #expect(throws: MapError.self) { try r.render(data, request: MapRequest(), to: "/nonexistent-dir/e.pdf") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
