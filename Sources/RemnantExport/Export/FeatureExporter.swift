import Foundation
import RemnantStore

/// The one export entry point: writes layers in a format to a file or standard output. Files are
/// written atomically (a temporary file in the same directory, then rename(2)), so a failed or
/// interrupted export never leaves a truncated file under the target name.
public enum FeatureExporter {
    /// Writes `layers` as `format` to `url`, or to standard output when `url` is nil.
    /// - Throws: ``ExportError`` for a format that cannot hold the layers or go to standard
    ///   output, and the layers' own errors (e.g. the store's) unchanged.
    public static func export(_ layers: [FeatureLayer], format: ExportFormat, to url: URL?, options: ExportOptions = ExportOptions()) throws {
        guard !layers.isEmpty else { throw ExportError.unsupported(format: format.rawValue, reason: "no layer to export") }
        if layers.count > 1 && !format.holdsSeveralLayers {
            throw ExportError.unsupported(format: format.rawValue, reason: "holds one layer; use kml, kmz or gpkg for several")
        }
        guard let url else {
            guard format.streamsToStandardOutput else {
                throw ExportError.unsupported(format: format.rawValue, reason: "is a binary file; give -o FILE")
            }
            let sink = OutputSink(handle: .standardOutput)
            try write(layers, format: format, sink: sink, options: options, iconHref: KMLFeatureWriter.remoteIcon)
            return
        }
        switch format {
        case .gpkg:
            try AtomicFile.write(to: url) { temporary in try GeoPackageFeatureWriter.write(layers, to: temporary.path) }
        case .kmz:
            try AtomicFile.write(to: url) { temporary in
                let document = temporary.deletingLastPathComponent().appendingPathComponent(temporary.lastPathComponent + ".doc.kml")
                defer { try? FileManager.default.removeItem(at: document) }
                try AtomicFile.write(to: document) { handle in
                    try write(layers, format: .kml, sink: OutputSink(handle: handle), options: options, iconHref: KMLIcon.path)
                }
                try KMZArchive.write(to: temporary, document: document, icons: layers.contains { $0.kind == .incidents })
            }
        default:
            try AtomicFile.write(to: url) { handle in
                try write(layers, format: format, sink: OutputSink(handle: handle), options: options, iconHref: KMLFeatureWriter.remoteIcon)
            }
        }
    }

    /// The text formats, streamed into `sink`.
    static func write(_ layers: [FeatureLayer], format: ExportFormat, sink: OutputSink, options: ExportOptions, iconHref: String) throws {
        switch format {
        case .geojson, .geojsonseq, .csv:
            let layer = layers[0]
            if format == .csv {
                let writer = CSVFeatureWriter(sink: sink, schema: layer.schema, wktDecimals: options.precision, hxl: options.hxl)
                try writer.begin()
                try layer.forEach(false) { try writer.write($0) }
                try writer.finish()
                return
            }
            let writer = GeoJSONFeatureWriter(sink: sink, precision: options.precision, layout: format == .geojsonseq ? .recordSeparator : .collection)
            let encoder = writer.encoder
            try writer.begin()
            try layer.forEachEncodedBatch(groupedByCountry: false, encode: { encoder.encode($0, into: $1) }) { try writer.write(encoded: $0) }
            try writer.finish()
        case .kml, .kmz:
            let kml = KMLFeatureWriter(sink: sink, precision: options.precision, iconHref: iconHref)
            var extent: BoundingBox?
            for e in layers.compactMap(\.extent) {
                if var x = extent {
                    x.expand(toInclude: Coordinate(x: e.minX, y: e.minY))
                    x.expand(toInclude: Coordinate(x: e.maxX, y: e.maxY))
                    extent = x
                } else {
                    extent = e
                }
            }
            try kml.begin(name: options.title, description: options.summary, extent: extent, layers: layers)
            for layer in layers {
                try kml.beginLayer(layer)
                let encoder = kml.placemarkEncoder!
                try layer.forEachEncodedBatch(groupedByCountry: true, encode: { encoder.encode($0, into: $1) }) { try kml.write(encoded: $0) }
                try kml.endLayer()
            }
            try kml.finish()
        case .gpkg:
            throw ExportError.unsupported(format: format.rawValue, reason: "is a binary file; give -o FILE")
        }
    }
}

import RemnantGeometry
