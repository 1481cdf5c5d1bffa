import Foundation
import RemnantAnalysis
import Synchronization
import RemnantExport
import RemnantGeometry
import RemnantStore

/// A page of features answering an items query.
public struct FeaturePage: Sendable {
    public var matched: Int
    public var features: [Feature]
    /// The flat columns of the page's features (for KML's Schema).
    public var schema: FeatureSchema
}

/// Metadata of one collection: extents and queryables.
public struct CollectionInfo: Sendable {
    public var id: FeatureCollectionID
    /// CRS84 bounds; nil when the collection is empty.
    public var extent: BoundingBox?
    /// First and last day, `YYYY-MM-DD`; nil when the collection has no time.
    public var interval: (String, String)?
}

/// What the HTTP layer asks of the data: collections, pages of features and single features,
/// read from the store (incidents, page by page in SQL) or from the derived layers (in memory).
/// Read-only: nothing here writes to the store.
public final class FeatureService: Sendable {
    public let store: IncidentStore
    let derived: DerivedLayerCache
    /// The ordered row ids of incident queries by filter, for one data version: paging through
    /// a result asks for the same list again and again, and reading it (or `count(*)`, or an
    /// `OFFSET` scan) over 100,000 rows costs more than the page itself. A write makes a new
    /// version, which empties it.
    let rowIDLists = RowIDListCache()
    /// Incidents' GeoJSON, rendered once per data version (bounded; see ``FeatureFragmentCache``).
    let fragments: FeatureFragmentCache

    /// - Parameter fragmentCacheBytes: bytes of incidents' rendered GeoJSON kept across
    ///   requests; 0 renders every page from the store.
    public init(store: IncidentStore, gazetteerURL: URL?, fragmentCacheBytes: Int = 256 << 20) {
        self.store = store
        self.fragments = FeatureFragmentCache(capacityBytes: fragmentCacheBytes)
        self.derived = DerivedLayerCache { [store] version in
            try DerivedLayers.build(store: store, gazetteerURL: gazetteerURL, version: version)
        }
    }

    /// The current data version.
    public var version: DataVersion { DataVersion.of(storePath: store.path) }

    /// Builds the derived layers for the current data, so the first requests for zones and
    /// hex bins find them ready.
    func prepare() async {
        _ = try? await derived.layers(for: version)
    }

    /// Waits for a derived-layer build still running (see ``DerivedLayerCache/finishBuilding()``).
    func finishBuilding() async {
        await derived.finishBuilding()
    }

    func derivedLayers() async throws -> DerivedLayers {
        try await derived.layers(for: version)
    }

    public func info(_ id: FeatureCollectionID) async throws -> CollectionInfo {
        switch id {
        case .incidents:
            let summary = try store.candidateSummary()
            let dates = try store.dateRange()
            return CollectionInfo(id: id, extent: summary.extent, interval: dates.map { ($0.first, $0.last) })
        case .zones, .hexes:
            let layers = try await derivedLayers()
            let features = id == .zones ? layers.zones : layers.hexes
            var interval: (String, String)?
            if let t = id.temporalProperties {
                let starts = features.compactMap { $0[t.start]?.text }.filter { !$0.isEmpty }
                let ends = features.compactMap { $0[t.end]?.text }.filter { !$0.isEmpty }
                if let a = starts.min(), let b = ends.max() { interval = (a, b) }
            }
            return CollectionInfo(id: id, extent: FeatureLayer.inMemory(kind: id.kind, features: features).extent, interval: interval)
        }
    }

    /// One page of a collection's features matching `query`.
    public func items(_ id: FeatureCollectionID, _ query: ItemsQuery) async throws -> FeaturePage {
        switch id {
        case .incidents:
            let version = self.version.tag
            let (matched, ids) = try incidentPage(query, version: version)
            var byRowID: [Int64: Incident] = [:]
            for (rowID, incident) in try store.incidents(rowIDs: ids) { byRowID[rowID] = incident }
            let incidents = ids.compactMap { byRowID[$0] }
            let sources = incidents.map(\.sources.count).max() ?? 0
            return FeaturePage(matched: matched, features: incidents.map { $0.feature() },
                               schema: Incident.featureSchema(sourceColumns: max(1, sources)))
        case .zones, .hexes:
            let layers = try await derivedLayers()
            let all = id == .zones ? layers.zones : layers.hexes
            let matching = all.filter { Self.matches($0, query, id) }
            let end = min(matching.count, query.offset + query.limit)
            let page = query.offset < end ? Array(matching[query.offset..<end]) : []
            let schema = id == .zones ? HazardArea.featureSchema : FeatureSchema.inferred(from: all)
            return FeaturePage(matched: matching.count, features: page, schema: schema)
        }
    }

    /// One feature by id, or nil.
    public func feature(_ id: FeatureCollectionID, _ featureID: String) async throws -> (Feature, FeatureSchema)? {
        switch id {
        case .incidents:
            guard let incident = try store.incident(id: featureID) else { return nil }
            return (incident.feature(), Incident.featureSchema(sourceColumns: max(1, incident.sources.count)))
        case .zones, .hexes:
            let layers = try await derivedLayers()
            let all = id == .zones ? layers.zones : layers.hexes
            guard let f = all.first(where: { $0.id == featureID }) else { return nil }
            return (f, id == .zones ? HazardArea.featureSchema : FeatureSchema.inferred(from: all))
        }
    }

    /// The store filter of an incidents query: bbox, the datetime's days (an incident matches
    /// when its date period overlaps), and the equality filters.
    func incidentFilter(_ query: ItemsQuery) throws(ServerError) -> IncidentFilter {
        var f = IncidentFilter()
        f.bbox = query.bbox
        f.since = query.datetime?.start
        f.until = query.datetime?.end
        for p in query.properties {
            let lower = p.values.map { $0.lowercased() }
            switch p.name {
            case "country": f.countries = p.values.map { $0.uppercased() }
            case "admin1":
                guard p.values.count == 1 else { throw .invalidParameter(name: "admin1", reason: "takes one value") }
                f.admin1 = p.values[0]
            case "munition": f.munitions = p.values
            case "delivery": f.deliveries = lower.compactMap(Delivery.init(rawValue:))
            case "evidence":
                let e = Set(lower.compactMap(Evidence.init(rawValue:)))
                f.evidence = e.count == 1 ? e.first : nil
            case "status": f.statuses = lower.compactMap(ReviewStatus.init(rawValue:))
            case "site_type": f.siteTypes = lower.compactMap(SiteType.init(rawValue:))
            default: throw .invalidParameter(name: p.name, reason: "not a queryable of incidents")
            }
        }
        return f
    }

    /// Whether an in-memory feature matches: its envelope meets the bbox (either half of one
    /// crossing the antimeridian), its date period overlaps the datetime, and each equality
    /// filter holds (case-insensitive, any of the given values).
    static func matches(_ f: Feature, _ q: ItemsQuery, _ id: FeatureCollectionID) -> Bool {
        if let b = q.bbox {
            guard let e = f.geometry.envelope else { return false }
            let boxes = Geodesic.splitAntimeridian(b)
            guard boxes.contains(where: { $0.minX <= e.maxX && $0.maxX >= e.minX && $0.minY <= e.maxY && $0.maxY >= e.minY }) else { return false }
        }
        if let dt = q.datetime {
            guard let t = id.temporalProperties, let start = f[t.start]?.text, let end = f[t.end]?.text, !start.isEmpty else { return false }
            if let s = dt.start, end < s { return false }
            if let e = dt.end, start > e { return false }
        }
        for p in q.properties {
            guard let v = f[p.name]?.text.lowercased(), p.values.contains(where: { $0.lowercased() == v }) else { return false }
        }
        return true
    }
}
