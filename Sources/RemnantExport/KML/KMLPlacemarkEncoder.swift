import RemnantGeometry

/// The bytes of one layer's KML `Placemark`s (see ``KMLFeatureWriter`` for the element order),
/// from what the layer declares up front: its kind, schema and the coordinate precision. A value
/// type with no reference to the document, so placemarks can be encoded on several threads and
/// written in order by the one ``KMLFeatureWriter`` that owns the Folders.
struct KMLPlacemarkEncoder: Sendable {
    let kind: LayerKind
    let precision: Int
    let schema: FeatureSchema
    /// The `schemaUrl` target (`#` + the Schema's id).
    let schemaID: String
    /// Field names escaped for attributes, in schema order.
    let escapedFieldNames: [String]
    /// Schema positions of the balloon table's rows.
    let descriptionFields: [Int]
    /// Schema positions of the properties the encoder reads by name (nil: not a schema field,
    /// read from the feature by name).
    let slots: Slots

    struct Slots: Sendable {
        var country: Int?, place: Int?, date: Int?, firstDate: Int?, lastDate: Int?, name: Int?
        var delivery: Int?, zoneClass: Int?, priorityRank: Int?
    }

    init(layer: FeatureLayer, precision: Int) {
        kind = layer.kind
        self.precision = precision
        schema = layer.schema
        schemaID = KMLFeatureWriter.schemaID(layer)
        let fields = layer.schema.fields
        escapedFieldNames = fields.map { XMLText.escape($0.name, attribute: true) }
        if let wanted = layer.kind.descriptionFields {
            descriptionFields = wanted.compactMap { name in fields.firstIndex { $0.name == name } }
        } else {
            descriptionFields = fields.indices.filter { i in
                let n = fields[i].name
                return FeatureSchema.sourceColumn(n) == nil && !["id", "lon", "lat", "date_start", "date_end"].contains(n)
            }
        }
        func slot(_ name: String?) -> Int? { name.flatMap { n in fields.firstIndex { $0.name == n } } }
        slots = Slots(country: slot(layer.kind.countryProperty), place: slot("place"), date: slot("date"),
                      firstDate: slot("first_date"), lastDate: slot("last_date"), name: slot("name"),
                      delivery: slot("delivery"), zoneClass: slot("class"), priorityRank: slot("priority_rank"))
    }

    /// Whether the layer's placemarks go into a Folder per ``LayerKind/countryProperty`` value.
    var groupsByCountry: Bool { kind.countryProperty != nil }

    /// The country Folder a feature belongs in: the text of its country property, nil when it
    /// has none.
    func folderKey(of feature: Feature) -> String? {
        guard let key = kind.countryProperty else { return nil }
        return Self.folderKey(feature[key])
    }

    /// The folder key a country property value gives: its text, nil when absent or null.
    private static func folderKey(_ value: PropertyValue?) -> String? {
        value.flatMap { $0.isNull ? nil : $0.text }
    }

    /// A property by name: from the schema's values when it is a schema field (the values of
    /// ``FeatureSchema/values(of:)`` are the feature's own), else from the feature.
    @inline(__always)
    private func property(_ slot: Int?, _ name: String, _ values: [PropertyValue], _ feature: Feature) -> PropertyValue? {
        if let slot { return values[slot] }
        return feature[name]
    }

    /// Encodes `features` into one batch (its bytes in `block`), grouped by folder key.
    func encode(_ features: [Feature], into block: ByteBlock) -> EncodedBatch {
        var batch = EncodedBatch()
        batch.bytes = OutputSink.bytes(into: block) { out in
            for f in features {
                let key = encode(f, into: out)
                let end = out.count
                if let last = batch.groups.last, last.key == key {
                    batch.groups[batch.groups.count - 1].end = end
                } else {
                    batch.groups.append((key, end))
                }
            }
        }
        batch.count = features.count
        return batch
    }

    /// Appends one `Placemark` element (and its trailing newline) to `out`; returns the
    /// feature's ``folderKey(of:)``, read from the schema values it already has.
    @discardableResult
    func encode(_ feature: Feature, into out: OutputSink) -> String? {
        let values = schema.values(of: feature)
        let key = kind.countryProperty.flatMap { Self.folderKey(property(slots.country, $0, values, feature)) }
        if XMLText.isNCName(feature.id) {
            out.append("<Placemark id=\"" as StaticString)
            out.append(feature.id)
            out.append("\">\n<name>" as StaticString)
        } else {
            out.append("<Placemark>\n<name>" as StaticString)
        }
        out.append(xml: name(of: feature, values))
        out.append("</name>\n<description><![CDATA[" as StaticString)
        descriptionHTML(feature, values, into: out)
        out.append("]]></description>\n" as StaticString)
        if case let .date(when)? = property(slots.date, "date", values, feature) {
            out.append("<TimeStamp><when>" as StaticString)
            out.append(xml: when)
            out.append("</when></TimeStamp>\n" as StaticString)
        } else if let first = property(slots.firstDate, "first_date", values, feature),
                  let last = property(slots.lastDate, "last_date", values, feature), !first.isNull, !last.isNull {
            out.append("<TimeSpan><begin>" as StaticString)
            out.append(xml: first.text)
            out.append("</begin><end>" as StaticString)
            out.append(xml: last.text)
            out.append("</end></TimeSpan>\n" as StaticString)
        }
        out.append("<styleUrl>#" as StaticString)
        styleID(feature, values, into: out)
        out.append("</styleUrl>\n<ExtendedData><SchemaData schemaUrl=\"#" as StaticString)
        out.append(schemaID)
        out.append("\">\n" as StaticString)
        for i in values.indices where !values[i].isNull {
            out.append("<SimpleData name=\"" as StaticString)
            out.append(escapedFieldNames[i])
            out.append("\">" as StaticString)
            // xsd:boolean as 1/0: GDAL's LIBKML driver reads bool fields as integers and takes "true" for 0.
            switch values[i] {
            case let .bool(b): out.append(byte: b ? 49 : 48)
            case let .int(n): out.append(int: n)
            case let .double(d): out.append(number: d)
            case let .string(t), let .date(t): out.append(xml: t)
            default: out.append(xml: values[i].text)
            }
            out.append("</SimpleData>\n" as StaticString)
        }
        out.append("</SchemaData></ExtendedData>\n" as StaticString)
        geometryXML(feature.geometry, into: out)
        out.append("</Placemark>\n" as StaticString)
        return key
    }

    // MARK: - Parts

    /// The Placemark name: the place (incidents), "id (class, priority N)" (hazard areas), the
    /// name (hex bins, hotspots), else the id.
    private func name(of feature: Feature, _ values: [PropertyValue]) -> String {
        switch kind {
        case .incidents:
            if let place = property(slots.place, "place", values, feature), !place.isNull { return place.text }
            return feature.id
        case .zones:
            var s = feature.id
            if let c = property(slots.zoneClass, "class", values, feature), !c.isNull { s += " (" + c.text }
            if let r = property(slots.priorityRank, "priority_rank", values, feature), !r.isNull { s += ", priority " + r.text }
            return s + ")"
        case .hexes, .hotspots:
            if let n = property(slots.name, "name", values, feature), !n.isNull { return n.text }
            return feature.id
        }
    }

    /// The StyleMap id of ``KMLStyles/styleID(for:kind:)``, appended without building a string
    /// for the common case (incidents).
    private func styleID(_ feature: Feature, _ values: [PropertyValue], into out: OutputSink) {
        guard kind == .incidents else {
            out.append(KMLStyles.styleID(for: feature, kind: kind))
            return
        }
        out.append("style-incident-" as StaticString)
        if case let .string(delivery)? = property(slots.delivery, "delivery", values, feature),
           KMLStyles.deliveryColors.contains(where: { $0.0 == delivery }) {
            out.append(delivery)
        } else {
            out.append("unknown" as StaticString)
        }
    }

    /// A table of the layer's attributes (without coordinates and source columns) and the sources
    /// as links. HTML-escaped, so the text never contains `]]>` and sits safely in CDATA.
    private func descriptionHTML(_ feature: Feature, _ values: [PropertyValue], into out: OutputSink) {
        out.append("<table style=\"text-align:left\">" as StaticString)
        for i in descriptionFields where !values[i].isNull {
            out.append("<tr><th>" as StaticString)
            out.append(escapedFieldNames[i])
            out.append("</th><td>" as StaticString)
            switch values[i] {
            case let .int(n): out.append(int: n)
            case let .double(d): out.append(number: d)
            case let .string(t), let .date(t): out.append(xml: t, attribute: true)
            default: out.append(xml: values[i].text, attribute: true)
            }
            out.append("</td></tr>" as StaticString)
        }
        out.append("</table>" as StaticString)
        guard let items = feature.sourceItems, !items.isEmpty else { return }
        out.append("<p>Sources:</p><ul>" as StaticString)
        for case let .object(pairs) in items {
            func get(_ k: String) -> String? {
                for p in pairs where p.0 == k { return p.1.isNull ? nil : p.1.text }
                return nil
            }
            out.append("<li>" as StaticString)
            let url = get("url").flatMap { $0.hasPrefix("http://") || $0.hasPrefix("https://") ? $0 : nil }
            if let url {
                out.append("<a href=\"" as StaticString)
                out.append(xml: url, attribute: true)
                out.append("\">" as StaticString)
            }
            out.append(xml: get("organisation") ?? "source", attribute: true)
            if let t = get("title") {
                out.append(": " as StaticString)
                out.append(xml: t, attribute: true)
            }
            if let d = get("date") {
                out.append(" (" as StaticString)
                out.append(xml: d, attribute: true)
                out.append(")" as StaticString)
            }
            out.append(url == nil ? "</li>" as StaticString : "</a></li>")
        }
        out.append("</ul>" as StaticString)
    }

    private func coordinates(_ ring: [Coordinate], into out: OutputSink) {
        out.append("<coordinates>" as StaticString)
        for (i, c) in ring.enumerated() {
            if i > 0 { out.append(byte: 32) }
            out.append(coordinate: c.x, decimals: precision)
            out.append(byte: 44)
            out.append(coordinate: c.y, decimals: precision)
        }
        out.append("</coordinates>" as StaticString)
    }

    private func geometryXML(_ g: FeatureGeometry, into out: OutputSink) {
        switch g {
        case let .point(c):
            out.append("<Point><coordinates>" as StaticString)
            out.append(coordinate: c.x, decimals: precision)
            out.append(byte: 44)
            out.append(coordinate: c.y, decimals: precision)
            out.append("</coordinates></Point>\n" as StaticString)
        case let .multiPolygon(polygons):
            if polygons.count != 1 { out.append("<MultiGeometry>" as StaticString) }
            for rings in polygons {
                out.append("<Polygon><tessellate>1</tessellate>" as StaticString)
                for (i, ring) in rings.enumerated() {
                    out.append(i == 0 ? "<outerBoundaryIs><LinearRing>" as StaticString : "<innerBoundaryIs><LinearRing>")
                    coordinates(RingOrientation.oriented(ring, counterClockwise: i == 0), into: out)
                    out.append(i == 0 ? "</LinearRing></outerBoundaryIs>" as StaticString : "</LinearRing></innerBoundaryIs>")
                }
                out.append("</Polygon>" as StaticString)
            }
            if polygons.count != 1 { out.append("</MultiGeometry>" as StaticString) }
            out.append(byte: 10)
        }
    }
}
