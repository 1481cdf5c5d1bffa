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
/// attributes of ``LayerKind/descriptionFields`` and the source links), a `TimeStamp` at the date's precision (`gYear`,
/// `gYearMonth` or `date`) or a `TimeSpan` (first and last date), `styleUrl`, `ExtendedData`
/// with `SchemaData`, and the geometry: `Point`, or `Polygon`s with `innerBoundaryIs`
/// (exterior counter-clockwise), `lon,lat` tuples. Elements follow the schema's sequence
/// order; `xmllint --schema ogckml22.xsd` checks it in the tests.
public final class KMLFeatureWriter {
    let sink: OutputSink
    let precision: Int
    let iconHref: String
    private var encoder: KMLPlacemarkEncoder?
    private var country: String??

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
        encoder = KMLPlacemarkEncoder(layer: l, precision: precision)
        country = nil
        try sink.write("<Folder>\n<name>" + XMLText.escape(l.kind.title) + "</name>\n")
    }

    /// The encoder of the open layer's placemarks, for encoding on other threads.
    var placemarkEncoder: KMLPlacemarkEncoder? { encoder }

    public func write(_ feature: Feature) throws {
        guard let encoder else { throw ExportError.unsupported(format: "kml", reason: "write before beginLayer") }
        if encoder.groupsByCountry { enterFolder(encoder.folderKey(of: feature)) }
        encoder.encode(feature, into: sink)
        try sink.flushIfFull()
    }

    /// Writes placemarks encoded elsewhere (``KMLPlacemarkEncoder`` on a worker thread), opening
    /// and closing country Folders between their groups as ``write(_:)`` would.
    func write(encoded batch: EncodedBatch) throws {
        guard let encoder else { throw ExportError.unsupported(format: "kml", reason: "write before beginLayer") }
        let bytes = batch.bytes.bytes
        var start = 0
        for group in batch.groups {
            if encoder.groupsByCountry { enterFolder(group.key) }
            try sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[start..<group.end]))
            start = group.end
        }
        try sink.flushIfFull()
    }

    /// Opens the Folder of country `value` (closing the previous one) unless it is already open.
    private func enterFolder(_ value: String?) {
        if country != nil, country! == value { return }
        if country != nil { sink.append("</Folder>\n" as StaticString) }
        country = .some(value)
        let title = value.map { code in ISO3166.name(of: code).map { "\(code) \($0)" } ?? code } ?? "Country unknown"
        sink.append("<Folder>\n<name>" as StaticString)
        sink.append(xml: title)
        sink.append("</name>\n" as StaticString)
    }

    /// Closes the country and layer Folders.
    public func endLayer() throws {
        try sink.write(country != nil ? "</Folder>\n</Folder>\n" : "</Folder>\n")
        encoder = nil
        country = nil
    }

    public func finish() throws {
        try sink.write("</Document>\n</kml>\n")
        try sink.flush()
    }

    // MARK: - Parts

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
