import Foundation
import RemnantStore

/// Writes layers as GeoPackage feature tables through the store's ``GeoPackageWriter``: one
/// table per layer, named after it, with a column per schema field (string → TEXT, int →
/// INTEGER, double → REAL, bool → BOOLEAN, date → DATE), POINT or MULTIPOLYGON geometries in
/// EPSG:4326, an R-tree and the layer extent.
enum GeoPackageFeatureWriter {
    static func write(_ layers: [FeatureLayer], to path: String) throws {
        try GeoPackageWriter.write(to: path) { gpkg in
            for layer in layers {
                let columns = layer.schema.fields.map { f -> GeoPackageWriter.Column in
                    switch f.type {
                    case .string: .init(f.name, .text)
                    case .int: .init(f.name, .integer)
                    case .double: .init(f.name, .real)
                    case .bool: .init(f.name, .boolean)
                    case .date: .init(f.name, .date)
                    }
                }
                try gpkg.beginTable(layer.name, description: "\(layer.kind.title) (Remnant)",
                                    geometryType: layer.isPoints ? .point : .multiPolygon, columns: columns)
                try layer.forEach(false) { feature in
                    let values = zip(layer.schema.fields, layer.schema.values(of: feature)).map { field, v -> GeoPackageWriter.Value in
                        switch v {
                        case .null: .null
                        case let .int(i): .integer(i)
                        case let .double(d): d.isFinite ? .real(d) : .null
                        case let .bool(b): .integer(b ? 1 : 0)
                        case let .date(s), let .string(s):
                            // A DATE column takes only full dates; anything else would not read back.
                            field.type == .date && s.utf8.count != 10 ? .null : .text(s)
                        case .array, .object: .text(v.text)
                        }
                    }
                    guard let envelope = feature.geometry.envelope else { return }
                    let blob: Data
                    switch feature.geometry {
                    case let .point(c): blob = GeoPackageBinary.point(c)
                    case .multiPolygon: blob = GeoPackageBinary.geometry(wkb: feature.geometry.wkb, envelope: envelope)
                    }
                    try gpkg.insert(geometry: blob, envelope: envelope, values: values)
                }
            }
        }
    }
}
