import RemnantExport

/// The HTML representations (the html conformance class): one plain page per resource, with
/// links to its JSON and to the map, and tables of features.
enum HTMLPage {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func page(title: String, base: String, crumbs: [(String, String)], jsonHref: String?, body: String) -> String {
        var nav = "<a href=\"\(escape(base))/\">Remnant</a>"
        for (label, href) in crumbs { nav += " › <a href=\"\(escape(href))\">\(escape(label))</a>" }
        let alternate = jsonHref.map { " · <a href=\"\(escape($0))\">JSON</a>" } ?? ""
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222}
        table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}nav{margin-bottom:1em;color:#666}code{background:#f3f3f3;padding:0 3px}</style></head>
        <body><nav>\(nav)\(alternate) · <a href="\(escape(base))/map">Map</a></nav>
        <h1>\(escape(title))</h1>
        \(body)
        </body></html>

        """
    }

    static func linkList(_ links: [(String, String)]) -> String {
        "<ul>" + links.map { "<li><a href=\"\(escape($0.1))\">\(escape($0.0))</a></li>" }.joined() + "</ul>"
    }

    static func landing(base: String) -> String {
        page(title: OGCDocuments.title, base: base, crumbs: [], jsonHref: base + "/?f=json", body: """
        <p>\(escape(OGCDocuments.summary))</p>
        \(linkList([("Live map", base + "/map"), ("Collections", base + "/collections?f=html"), ("Conformance", base + "/conformance?f=html"),
                    ("API definition (OpenAPI 3.0)", base + "/api"), ("KML NetworkLink for Google Earth", base + "/network-link.kml")]))
        <p>In QGIS: Layer › Add Layer › Add WFS / OGC API – Features Layer, new connection, URL <code>\(escape(base))</code>.</p>
        """)
    }

    static func conformance(base: String) -> String {
        page(title: "Conformance", base: base, crumbs: [("Conformance", base + "/conformance?f=html")], jsonHref: base + "/conformance?f=json",
             body: "<ul>" + OGCDocuments.conformanceClasses.map { "<li><code>\(escape($0))</code></li>" }.joined() + "</ul>")
    }

    static func collectionSummary(_ info: CollectionInfo, base: String) -> String {
        let href = base + "/collections/" + info.id.rawValue
        var s = "<h2><a href=\"\(escape(href))?f=html\">\(escape(info.id.title))</a></h2><p>\(escape(info.id.summary))</p><ul>"
        if let b = info.extent { s += "<li>Extent (CRS84): \(b.minX), \(b.minY), \(b.maxX), \(b.maxY)</li>" }
        if let (a, z) = info.interval { s += "<li>Time: \(escape(a)) to \(escape(z))</li>" }
        s += "<li>Queryables: " + info.id.queryables.map { "<code>\(escape($0.name))</code>" }.joined(separator: ", ") + "</li>"
        s += "<li><a href=\"\(escape(href))/items?f=html\">Items</a> (<a href=\"\(escape(href))/items\">GeoJSON</a>, <a href=\"\(escape(href))/items.kml\">KML</a>)</li></ul>"
        return s
    }

    static func collections(_ infos: [CollectionInfo], base: String) -> String {
        page(title: "Collections", base: base, crumbs: [("Collections", base + "/collections?f=html")], jsonHref: base + "/collections?f=json",
             body: infos.map { collectionSummary($0, base: base) }.joined())
    }

    static func collection(_ info: CollectionInfo, base: String) -> String {
        let href = base + "/collections/" + info.id.rawValue
        return page(title: info.id.title, base: base, crumbs: [("Collections", base + "/collections?f=html"), (info.id.rawValue, href + "?f=html")],
                    jsonHref: href + "?f=json", body: collectionSummary(info, base: base))
    }

    /// Columns shown in the items table per collection (the full record is on the feature page).
    static func columns(_ id: FeatureCollectionID) -> [String] {
        switch id {
        case .incidents: ["date", "country", "place", "munition", "delivery", "evidence", "killed", "injured", "status"]
        case .zones: ["class", "priority_rank", "area_ha", "incident_count", "first_date", "last_date", "nearest_place"]
        case .hexes: ["country", "count", "area_ha"]
        }
    }

    static func items(_ id: FeatureCollectionID, _ page: FeaturePage, base: String, links: [(rel: String, href: String)], offset: Int) -> String {
        let href = base + "/collections/" + id.rawValue
        let cols = columns(id)
        var t = "<p>\(page.matched) matched; showing \(page.features.isEmpty ? 0 : offset + 1)–\(offset + page.features.count).</p><p>"
        t += links.filter { ["prev", "next"].contains($0.rel) }.map { "<a href=\"\(escape($0.href))\">\($0.rel == "prev" ? "← previous" : "next →")</a>" }.joined(separator: " · ")
        t += "</p><table><tr><th>id</th>" + cols.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for f in page.features {
            t += "<tr><td><a href=\"\(escape(href))/items/\(escape(percentEncodePath(f.id)))?f=html\">\(escape(f.id))</a></td>"
            t += cols.map { "<td>\(escape(f[$0]?.text ?? ""))</td>" }.joined() + "</tr>"
        }
        t += "</table>"
        return HTMLPage.page(title: id.title + ": items", base: base,
                             crumbs: [("Collections", base + "/collections?f=html"), (id.rawValue, href + "?f=html"), ("items", href + "/items?f=html")],
                             jsonHref: links.first { $0.rel == "self" }?.href, body: t)
    }

    static func feature(_ id: FeatureCollectionID, _ f: Feature, base: String) -> String {
        let href = base + "/collections/" + id.rawValue
        var t = "<table>"
        for (name, value) in f.properties where name != "sources" {
            t += "<tr><th>\(escape(name))</th><td>\(escape(value.text))</td></tr>"
        }
        t += "</table>"
        if case let .array(items)? = f["sources"] {
            t += "<h2>Sources</h2><ul>"
            for case let .object(pairs) in items {
                func get(_ k: String) -> String? { pairs.first { $0.0 == k }.flatMap { $0.1 == .null ? nil : $0.1.text } }
                var label = get("organisation") ?? "source"
                if let title = get("title") { label += ": " + title }
                if let date = get("date") { label += " (" + date + ")" }
                if let url = get("url"), url.hasPrefix("http://") || url.hasPrefix("https://") {
                    t += "<li><a href=\"\(escape(url))\" rel=\"noopener noreferrer\">\(escape(label))</a></li>"
                } else {
                    t += "<li>\(escape(label))</li>"
                }
            }
            t += "</ul>"
        }
        let self_ = href + "/items/" + percentEncodePath(f.id)
        return page(title: f.id, base: base, crumbs: [("Collections", base + "/collections?f=html"), (id.rawValue, href + "?f=html"),
                                                      ("items", href + "/items?f=html")], jsonHref: self_ + "?f=json", body: t)
    }
}

/// Percent-encodes a path segment (RFC 3986 unreserved characters kept).
func percentEncodePath(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case 48...57, 65...90, 97...122, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
        }
    }
    return out
}
