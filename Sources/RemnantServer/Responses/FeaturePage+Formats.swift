import RemnantExport

/// Collects an ``OutputSink``'s bytes in memory (a response body).
final class ByteCollector {
    var bytes: [UInt8] = []

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    var sink: OutputSink { OutputSink { [unowned self] chunk in self.bytes += chunk } }
}

extension FeaturePage {
    /// The page as an OGC API – Features GeoJSON FeatureCollection: the export layer's RFC 7946
    /// writer, then the paging members (`numberMatched`, `numberReturned`, `links`) added to the
    /// collection object as foreign members.
    func geoJSON(links: JSONValue, precision: Int = 6) throws -> [UInt8] {
        try Self.geoJSON(matched: matched, returned: features.count, links: links, precision: precision) { writer in
            for f in features { try writer.write(f) }
        }
    }

    /// A page of rendered features (``GeoJSONFragment``) as the same FeatureCollection, byte for
    /// byte, as ``geoJSON(links:precision:)`` gives for the features they were rendered from.
    static func geoJSON(fragments: [GeoJSONFragment], matched: Int, links: JSONValue) throws -> [UInt8] {
        try geoJSON(matched: matched, returned: fragments.count, links: links, capacity: 1024 + fragments.reduce(0) { $0 + $1.bytes.count + 2 }) { writer in
            for f in fragments { try writer.write(f) }
        }
    }

    private static func geoJSON(matched: Int, returned: Int, links: JSONValue, precision: Int = 6, capacity: Int? = nil,
                                features: (GeoJSONFeatureWriter) throws -> Void) throws -> [UInt8] {
        let linkText = links.text
        let out = ByteCollector(capacity: (capacity ?? 1024 + returned * 1500) + 64 + linkText.utf8.count)
        let writer = GeoJSONFeatureWriter(sink: out.sink, precision: precision)
        try writer.begin()
        try features(writer)
        try writer.finish()
        // The writer ends the collection with "}\n": reopen it for the paging members.
        guard out.bytes.count >= 2, out.bytes[out.bytes.count - 2] == UInt8(ascii: "}") else {
            throw ServerError.startup("unexpected GeoJSON writer output")
        }
        out.bytes.removeLast(2)
        out.bytes += Array((",\"numberMatched\":\(matched),\"numberReturned\":\(returned),\"links\":" + linkText + "}\n").utf8)
        return out.bytes
    }

    /// The page as KML 2.2, through the export layer's KML writer (shared styles, a Schema,
    /// a Folder per country).
    func kml(kind: LayerKind, title: String, description: String) throws -> [UInt8] {
        let out = ByteCollector()
        let layer = FeatureLayer.inMemory(kind: kind, features: features, schema: schema)
        let kml = KMLFeatureWriter(sink: out.sink)
        try kml.begin(name: title, description: description, extent: layer.extent, layers: [layer])
        try kml.beginLayer(layer)
        try layer.forEach(true) { try kml.write($0) }
        try kml.endLayer()
        try kml.finish()
        return out.bytes
    }
}

/// A single feature as GeoJSON (RFC 7946 Feature) with its links.
func featureGeoJSON(_ feature: Feature, links: JSONValue) throws -> [UInt8] {
    let out = ByteCollector()
    let writer = GeoJSONFeatureWriter(sink: out.sink, layout: .newlineDelimited)
    try writer.write(feature)
    try writer.finish()
    // One line "{...}}\n": add the links member inside the feature object.
    guard out.bytes.count >= 2 else { throw ServerError.startup("unexpected GeoJSON writer output") }
    out.bytes.removeLast(2)
    out.bytes += Array((",\"links\":" + links.text + "}\n").utf8)
    return out.bytes
}

/// The KML NetworkLink document at `/network-link.kml`: Google Earth loads each collection's
/// KML feed and refreshes it every `refreshSeconds`.
func networkLinkKML(base: String, refreshSeconds: Int = 300) -> String {
    var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n"
    s += "<name>Remnant live feed</name>\n<open>1</open>\n"
    s += "<description>" + HTMLPage.escape(OGCDocuments.summary) + "</description>\n"
    for id in FeatureCollectionID.allCases {
        let href = base + "/collections/" + id.rawValue + "/items.kml?limit=\(ItemsQuery.maximumLimit)"
        s += "<NetworkLink>\n<name>" + HTMLPage.escape(id.title) + "</name>\n<visibility>\(id == .hexes ? 0 : 1)</visibility>\n"
        s += "<refreshVisibility>0</refreshVisibility>\n<flyToView>\(id == .incidents ? 1 : 0)</flyToView>\n"
        s += "<Link>\n<href>" + HTMLPage.escape(href) + "</href>\n<refreshMode>onInterval</refreshMode>\n"
        s += "<refreshInterval>\(refreshSeconds)</refreshInterval>\n</Link>\n</NetworkLink>\n"
    }
    return s + "</Document>\n</kml>\n"
}
