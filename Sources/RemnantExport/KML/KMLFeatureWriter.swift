import Foundation
import RemnantGeometry
import RemnantStore

/// Writes one OGC KML 2.2 document (OGC 07-147r2, namespace `http://www.opengis.net/kml/2.2`),
/// streaming, with any number of layers:
///
/// `kml/Document`: `name`, `open`, `description`, a `LookAt` framing the data, the shared
/// `Style`/`StyleMap`s of ``KMLStyles``, one typed `Schema` per layer, then a `Folder` per layer
/// holding a `Folder` per country (features of one country must come together, see
/// ``FeatureLayer/forEach``). Each `Placemark`: `name`, an HTML `description` (a table of the
/// attributes and the source links), a `TimeStamp` at the date's precision (`gYear`,
/// `gYearMonth` or `date`) or a `TimeSpan` (first and last date), `styleUrl`, `ExtendedData`
/// with `SchemaData`, and the geometry: `Point`, or `Polygon`s with `innerBoundaryIs`
/// (exterior counter-clockwise), `lon,lat` tuples. Elements follow the schema's sequence
/// order; `xmllint --schema ogckml22.xsd` checks it in the tests.
public final class KMLFeatureWriter {
    let sink: OutputSink
    let precision: Int
    let iconHref: String
    private var layer: FeatureLayer?
    private var country: String??
    private var schemaFields: [FeatureSchema.Field] = []
    private var descriptionFields: [Int] = []
    private var sourceCount = 0
    private var schemaID = ""

    /// - Parameter iconHref: the incident icon: a path inside the KMZ, or a URL for plain KML.
    public init(sink: OutputSink, precision: Int = 6, iconHref: String = KMLFeatureWriter.remoteIcon) {
        self.sink = sink
        self.precision = precision
        self.iconHref = iconHref
    }

    /// Google's white circle, tinted by IconStyle colour, for KML files without a KMZ around them.
    public static let remoteIcon = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"

    /// Document header, styles and schemas of every layer that will follow.
    public func begin(name: String, description: String, extent: BoundingBox?, layers: [FeatureLayer]) throws {
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
    public func beginLayer(_ l: FeatureLayer) throws {
        layer = l
        country = nil
        schemaFields = l.schema.fields
        schemaID = Self.schemaID(l)
        descriptionFields = schemaFields.indices.filter { i in
            let n = schemaFields[i].name
            return FeatureSchema.sourceColumn(n) == nil && !["id", "lon", "lat", "date_start", "date_end"].contains(n)
        }
        sourceCount = schemaFields.compactMap { FeatureSchema.sourceColumn($0.name)?.0 }.max().map { $0 + 1 } ?? 0
        try sink.write("<Folder>\n<name>" + XMLText.escape(l.kind.title) + "</name>\n")
    }

    public func write(_ feature: Feature) throws {
        guard let layer else { throw ExportError.unsupported(format: "kml", reason: "write before beginLayer") }
        var s = ""
        s.reserveCapacity(3072)
        if let key = layer.kind.countryProperty {
            let value = feature[key].flatMap { $0 == .null ? nil : $0.text }
            if country == nil || country! != value {
                if country != nil { s += "</Folder>\n" }
                country = .some(value)
                let title = value.map { code in ISO3166.name(of: code).map { "\(code) \($0)" } ?? code } ?? "Country unknown"
                s += "<Folder>\n<name>" + XMLText.escape(title) + "</name>\n"
            }
        }
        let values = layer.schema.values(of: feature)
        s += XMLText.isNCName(feature.id) ? "<Placemark id=\"" + feature.id + "\">\n" : "<Placemark>\n"
        s += "<name>" + XMLText.escape(Self.name(of: feature, kind: layer.kind)) + "</name>\n"
        s += "<description><![CDATA[" + descriptionHTML(feature, values) + "]]></description>\n"
        if case let .date(when)? = feature["date"] {
            s += "<TimeStamp><when>" + XMLText.escape(when) + "</when></TimeStamp>\n"
        } else if let first = feature["first_date"], let last = feature["last_date"], first != .null, last != .null {
            s += "<TimeSpan><begin>" + XMLText.escape(first.text) + "</begin><end>" + XMLText.escape(last.text) + "</end></TimeSpan>\n"
        }
        s += "<styleUrl>#" + KMLStyles.styleID(for: feature, kind: layer.kind) + "</styleUrl>\n"
        s += "<ExtendedData><SchemaData schemaUrl=\"#" + schemaID + "\">\n"
        for (field, value) in zip(schemaFields, values) where value != .null {
            // xsd:boolean as 1/0: GDAL's LIBKML driver reads bool fields as integers and takes "true" for 0.
            let text = if case let .bool(b) = value { b ? "1" : "0" } else { XMLText.escape(value.text) }
            s += "<SimpleData name=\"" + XMLText.escape(field.name, attribute: true) + "\">" + text + "</SimpleData>\n"
        }
        s += "</SchemaData></ExtendedData>\n"
        geometryXML(feature.geometry, into: &s)
        s += "</Placemark>\n"
        try sink.write(s)
    }

    /// Closes the country and layer Folders.
    public func endLayer() throws {
        try sink.write(country != nil ? "</Folder>\n</Folder>\n" : "</Folder>\n")
        layer = nil
        country = nil
    }

    public func finish() throws {
        try sink.write("</Document>\n</kml>\n")
        try sink.flush()
    }

    // MARK: - Parts

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
    func descriptionHTML(_ feature: Feature, _ values: [PropertyValue]) -> String {
        var h = "<table>"
        for i in descriptionFields where values[i] != .null {
            h += "<tr><th align=\"left\">" + XMLText.escape(schemaFields[i].name, attribute: true) + "</th><td>"
                + XMLText.escape(values[i].text, attribute: true) + "</td></tr>"
        }
        h += "</table>"
        var sources: [(org: String, title: String?, date: String?, url: String?)] = []
        if case let .array(items)? = feature["sources"] {
            for case let .object(pairs) in items {
                func get(_ k: String) -> String? { pairs.first { $0.0 == k }.flatMap { $0.1 == .null ? nil : $0.1.text } }
                sources.append((get("organisation") ?? "source", get("title"), get("date"), get("url")))
            }
        }
        if !sources.isEmpty {
            h += "<p>Sources:</p><ul>"
            for src in sources {
                var label = src.org
                if let t = src.title { label += ": " + t }
                if let d = src.date { label += " (" + d + ")" }
                let text = XMLText.escape(label, attribute: true)
                if let u = src.url, u.hasPrefix("http://") || u.hasPrefix("https://") {
                    h += "<li><a href=\"" + XMLText.escape(u, attribute: true) + "\">" + text + "</a></li>"
                } else {
                    h += "<li>" + text + "</li>"
                }
            }
            h += "</ul>"
        }
        return h
    }

    private func coordinates(_ ring: [Coordinate], into s: inout String) {
        s += "<coordinates>"
        for (i, c) in ring.enumerated() {
            if i > 0 { s += " " }
            s += JSONText.coordinate(c.x, decimals: precision) + "," + JSONText.coordinate(c.y, decimals: precision)
        }
        s += "</coordinates>"
    }

    private func geometryXML(_ g: FeatureGeometry, into s: inout String) {
        switch g {
        case let .point(c):
            s += "<Point>"
            coordinates([c], into: &s)
            s += "</Point>\n"
        case let .multiPolygon(polygons):
            if polygons.count != 1 { s += "<MultiGeometry>" }
            for rings in polygons {
                s += "<Polygon><tessellate>1</tessellate>"
                for (i, ring) in rings.enumerated() {
                    s += i == 0 ? "<outerBoundaryIs><LinearRing>" : "<innerBoundaryIs><LinearRing>"
                    coordinates(RingOrientation.oriented(ring, counterClockwise: i == 0), into: &s)
                    s += i == 0 ? "</LinearRing></outerBoundaryIs>" : "</LinearRing></innerBoundaryIs>"
                }
                s += "</Polygon>"
            }
            if polygons.count != 1 { s += "</MultiGeometry>" }
            s += "\n"
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
