import Foundation
import RemnantGeometry
import RemnantStore
@testable import RemnantExport


/// The KML writer as it was before placemarks were encoded on worker threads (commit b32c6ee),
/// kept as the reference the fast path must match byte for byte: one feature at a time on one
/// thread, text escaped by `XMLText.escape` (String-based) instead of the sink's byte escaper.
final class ReferenceKMLWriter {
    let sink: OutputSink
    let precision: Int
    let iconHref: String
    private var layer: FeatureLayer?
    private var country: String??
    private var schemaFields: [FeatureSchema.Field] = []
    private var descriptionFields: [Int] = []
    private var escapedFieldNames: [String] = []
    private var schemaID = ""

    /// - Parameter iconHref: the incident icon: a path inside the KMZ, or a URL for plain KML.
    init(sink: OutputSink, precision: Int = 6, iconHref: String = KMLFeatureWriter.remoteIcon) {
        self.sink = sink
        self.precision = precision
        self.iconHref = iconHref
    }

    /// Google's white circle, tinted by IconStyle colour, for KML files without a KMZ around them.
    static let remoteIcon = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"

    /// Document header, styles and schemas of every layer that will follow.
    func begin(name: String, description: String, extent: BoundingBox?, layers: [FeatureLayer]) throws {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n"
        s += "<name>" + XMLText.escape(name) + "</name>\n<open>1</open>\n"
        s += "<description>" + XMLText.escape(description) + "</description>\n"
        if let extent { s += Self.lookAt(extent) }
        var kinds: [LayerKind] = []
        for l in layers where !kinds.contains(l.kind) { kinds.append(l.kind) }
        for kind in kinds {
            for style in KMLStyles.styles(for: kind) { s += styleXML(style) }
        }
        for l in layers {
            s += "<Schema name=\"" + XMLText.escape(l.name, attribute: true) + "\" id=\"" + Self.schemaID(l) + "\">\n"
            for f in l.schema.fields {
                let type: String
                switch f.type {
                case .string, .date: type = "string"
                case .int: type = "int"
                case .double: type = "double"
                case .bool: type = "bool"
                }
                s += "<SimpleField type=\"\(type)\" name=\"" + XMLText.escape(f.name, attribute: true) + "\"/>\n"
            }
            s += "</Schema>\n"
        }
        try sink.write(s)
    }

    static func schemaID(_ layer: FeatureLayer) -> String {
        let safe = String(layer.name.unicodeScalars.map { XMLText.isNCName("a" + String($0)) ? Character($0) : "_" })
        return "schema-" + safe
    }

    /// Opens the layer's Folder.
    func beginLayer(_ l: FeatureLayer) throws {
        layer = l
        country = nil
        schemaFields = l.schema.fields
        escapedFieldNames = schemaFields.map { XMLText.escape($0.name, attribute: true) }
        schemaID = Self.schemaID(l)
        if let wanted = l.kind.descriptionFields {
            descriptionFields = wanted.compactMap { name in schemaFields.firstIndex { $0.name == name } }
        } else {
            descriptionFields = schemaFields.indices.filter { i in
                let n = schemaFields[i].name
                return FeatureSchema.sourceColumn(n) == nil && !["id", "lon", "lat", "date_start", "date_end"].contains(n)
            }
        }
        try sink.write("<Folder>\n<name>" + XMLText.escape(l.kind.title) + "</name>\n")
    }

    func write(_ feature: Feature) throws {
        guard let layer else { throw ExportError.unsupported(format: "kml", reason: "write before beginLayer") }
        let out = sink
        if let key = layer.kind.countryProperty {
            let value = feature[key].flatMap { $0 == .null ? nil : $0.text }
            if country == nil || country! != value {
                if country != nil { out.append("</Folder>\n" as StaticString) }
                country = .some(value)
                let title = value.map { code in ISO3166.name(of: code).map { "\(code) \($0)" } ?? code } ?? "Country unknown"
                out.append("<Folder>\n<name>" as StaticString)
                out.append(XMLText.escape(title))
                out.append("</name>\n" as StaticString)
            }
        }
        let values = layer.schema.values(of: feature)
        if XMLText.isNCName(feature.id) {
            out.append("<Placemark id=\"" as StaticString)
            out.append(feature.id)
            out.append("\">\n<name>" as StaticString)
        } else {
            out.append("<Placemark>\n<name>" as StaticString)
        }
        out.append(XMLText.escape(Self.name(of: feature, kind: layer.kind)))
        out.append("</name>\n<description><![CDATA[" as StaticString)
        descriptionHTML(feature, values)
        out.append("]]></description>\n" as StaticString)
        if case let .date(when)? = feature["date"] {
            out.append("<TimeStamp><when>" as StaticString)
            out.append(XMLText.escape(when))
            out.append("</when></TimeStamp>\n" as StaticString)
        } else if let first = feature["first_date"], let last = feature["last_date"], first != .null, last != .null {
            out.append("<TimeSpan><begin>" as StaticString)
            out.append(XMLText.escape(first.text))
            out.append("</begin><end>" as StaticString)
            out.append(XMLText.escape(last.text))
            out.append("</end></TimeSpan>\n" as StaticString)
        }
        out.append("<styleUrl>#" as StaticString)
        out.append(KMLStyles.styleID(for: feature, kind: layer.kind))
        out.append("</styleUrl>\n<ExtendedData><SchemaData schemaUrl=\"#" as StaticString)
        out.append(schemaID)
        out.append("\">\n" as StaticString)
        for i in values.indices where values[i] != .null {
            out.append("<SimpleData name=\"" as StaticString)
            out.append(escapedFieldNames[i])
            out.append("\">" as StaticString)
            // xsd:boolean as 1/0: GDAL's LIBKML driver reads bool fields as integers and takes "true" for 0.
            switch values[i] {
            case let .bool(b): out.append(byte: b ? 49 : 48)
            case let .int(n): out.append(String(n))
            case let .double(d): out.append(Self.number(d))
            case let .string(t), let .date(t): out.append(XMLText.escape(t))
            default: out.append(XMLText.escape(values[i].text))
            }
            out.append("</SimpleData>\n" as StaticString)
        }
        out.append("</SchemaData></ExtendedData>\n" as StaticString)
        geometryXML(feature.geometry)
        out.append("</Placemark>\n" as StaticString)
        try out.flushIfFull()
    }

    /// Closes the country and layer Folders.
    func endLayer() throws {
        try sink.write(country != nil ? "</Folder>\n</Folder>\n" : "</Folder>\n")
        layer = nil
        country = nil
    }

    func finish() throws {
        try sink.write("</Document>\n</kml>\n")
        try sink.flush()
    }

    // MARK: - Parts

    /// A JSON number as the sink wrote it at b32c6ee: integral values without a fraction, others
    /// in Swift's shortest round-tripping form.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : d.description
    }

    static func name(of feature: Feature, kind: LayerKind) -> String {
        switch kind {
        case .incidents:
            if let place = feature["place"], place != .null { return place.text }
            return feature.id
        case .zones:
            var s = feature.id
            if let c = feature["class"], c != .null { s += " (" + c.text }
            if let r = feature["priority_rank"], r != .null { s += ", priority " + r.text }
            return s + ")"
        case .hexes, .hotspots:
            if let n = feature["name"], n != .null { return n.text }
            return feature.id
        }
    }

    /// A table of the layer's attributes (without coordinates and source columns) and the sources
    /// as links. HTML-escaped, so the text never contains `]]>` and sits safely in CDATA.
    func descriptionHTML(_ feature: Feature, _ values: [PropertyValue]) {
        let out = sink
        out.append("<table style=\"text-align:left\">" as StaticString)
        for i in descriptionFields where values[i] != .null {
            out.append("<tr><th>" as StaticString)
            out.append(escapedFieldNames[i])
            out.append("</th><td>" as StaticString)
            switch values[i] {
            case let .int(n): out.append(String(n))
            case let .double(d): out.append(Self.number(d))
            case let .string(t), let .date(t): out.append(XMLText.escape(t, attribute: true))
            default: out.append(XMLText.escape(values[i].text, attribute: true))
            }
            out.append("</td></tr>" as StaticString)
        }
        out.append("</table>" as StaticString)
        guard case let .array(items)? = feature["sources"], !items.isEmpty else { return }
        out.append("<p>Sources:</p><ul>" as StaticString)
        for case let .object(pairs) in items {
            func get(_ k: String) -> String? {
                for p in pairs where p.0 == k { return p.1 == .null ? nil : p.1.text }
                return nil
            }
            out.append("<li>" as StaticString)
            let url = get("url").flatMap { $0.hasPrefix("http://") || $0.hasPrefix("https://") ? $0 : nil }
            if let url {
                out.append("<a href=\"" as StaticString)
                out.append(XMLText.escape(url, attribute: true))
                out.append("\">" as StaticString)
            }
            out.append(XMLText.escape(get("organisation") ?? "source", attribute: true))
            if let t = get("title") {
                out.append(": " as StaticString)
                out.append(XMLText.escape(t, attribute: true))
            }
            if let d = get("date") {
                out.append(" (" as StaticString)
                out.append(XMLText.escape(d, attribute: true))
                out.append(")" as StaticString)
            }
            out.append(url == nil ? "</li>" as StaticString : "</a></li>")
        }
        out.append("</ul>" as StaticString)
    }

    private func coordinates(_ ring: [Coordinate]) {
        sink.append("<coordinates>" as StaticString)
        for (i, c) in ring.enumerated() {
            if i > 0 { sink.append(byte: 32) }
            sink.append(coordinate: c.x, decimals: precision)
            sink.append(byte: 44)
            sink.append(coordinate: c.y, decimals: precision)
        }
        sink.append("</coordinates>" as StaticString)
    }

    private func geometryXML(_ g: FeatureGeometry) {
        switch g {
        case let .point(c):
            sink.append("<Point>" as StaticString)
            coordinates([c])
            sink.append("</Point>\n" as StaticString)
        case let .multiPolygon(polygons):
            if polygons.count != 1 { sink.append("<MultiGeometry>" as StaticString) }
            for rings in polygons {
                sink.append("<Polygon><tessellate>1</tessellate>" as StaticString)
                for (i, ring) in rings.enumerated() {
                    sink.append(i == 0 ? "<outerBoundaryIs><LinearRing>" as StaticString : "<innerBoundaryIs><LinearRing>")
                    coordinates(RingOrientation.oriented(ring, counterClockwise: i == 0))
                    sink.append(i == 0 ? "</LinearRing></outerBoundaryIs>" as StaticString : "</LinearRing></innerBoundaryIs>")
                }
                sink.append("</Polygon>" as StaticString)
            }
            if polygons.count != 1 { sink.append("</MultiGeometry>" as StaticString) }
            sink.append(byte: 10)
        }
    }

    private func styleXML(_ style: KMLStyles.Style) -> String {
        func one(_ suffix: String, highlight: Bool) -> String {
            var s = "<Style id=\"\(style.id)-\(suffix)\">"
            if let icon = style.iconColor {
                s += "<IconStyle><color>\(icon)</color><scale>\(highlight ? "1.2" : "0.8")</scale><Icon><href>"
                    + XMLText.escape(iconHref) + "</href></Icon></IconStyle>"
                s += "<LabelStyle><scale>\(highlight ? "1" : "0")</scale></LabelStyle>"
            }
            if let line = style.lineColor { s += "<LineStyle><color>\(line)</color><width>\(highlight ? "3" : "1.5")</width></LineStyle>" }
            if let fill = style.fillColor {
                s += "<PolyStyle><color>\(highlight ? KMLStyles.highlighted(fill) : fill)</color><fill>1</fill><outline>1</outline></PolyStyle>"
            }
            return s + "</Style>\n"
        }
        return one("normal", highlight: false) + one("highlight", highlight: true)
            + "<StyleMap id=\"\(style.id)\"><Pair><key>normal</key><styleUrl>#\(style.id)-normal</styleUrl></Pair>"
            + "<Pair><key>highlight</key><styleUrl>#\(style.id)-highlight</styleUrl></Pair></StyleMap>\n"
    }

    /// A LookAt straight down on the centre of `e`, with a range (metres from the eye) that shows
    /// the whole box with a 20% margin in Google Earth's default 60° field of view: the larger of
    /// its east–west and north–south extents, on a sphere of 6,371 km (framing needs no better).
    static func lookAt(_ e: BoundingBox) -> String {
        let lat = (e.minY + e.maxY) / 2, lon = (e.minX + e.maxX) / 2
        let metersPerDegree = 6_371_000 * Double.pi / 180
        let width = (e.maxX - e.minX) * metersPerDegree * cos(lat * .pi / 180)
        let height = (e.maxY - e.minY) * metersPerDegree
        let range = max(1_000, max(width, height) * 1.2 / (2 * tan(30 * Double.pi / 180)))
        return "<LookAt><longitude>" + JSONText.coordinate(lon, decimals: 6) + "</longitude><latitude>" + JSONText.coordinate(lat, decimals: 6)
            + "</latitude><altitude>0</altitude><heading>0</heading><tilt>0</tilt><range>" + String(Int(range.rounded()))
            + "</range><altitudeMode>clampToGround</altitudeMode></LookAt>\n"
    }
}
