import RemnantExport
import RemnantStore

extension FeatureService {
    /// How many incidents match `query`'s filter and the row ids of its page (`offset`, `limit`),
    /// in feed order (date, then id), from the list kept for this filter and data version, else
    /// read from the store and kept unless the data changed meanwhile.
    func incidentPage(_ query: ItemsQuery, version: String) throws -> (matched: Int, rowIDs: ArraySlice<Int64>) {
        var filterOnly = query
        (filterOnly.offset, filterOnly.limit, filterOnly.format) = (0, 0, nil)
        let key = String(describing: filterOnly)
        let ids: [Int64]
        if let known = rowIDLists.list(key, version: version) {
            ids = known
        } else {
            ids = try store.rowIDs(matching: try incidentFilter(query))
            if self.version.tag == version { rowIDLists.insert(ids, filter: key, version: version) }
        }
        let start = min(max(0, query.offset), ids.count)
        let end = min(ids.count, start + max(0, query.limit))
        return (ids.count, ids[start..<end])
    }

    /// A page of incidents as GeoJSON fragments (``GeoJSONFragment``, the bytes the export
    /// layer's writer gives `incident.feature()`), in feed order, and how many match in all.
    /// Fragments rendered before in this data version are reused; the rest are read in one
    /// query by row id, rendered straight from the incidents, and kept unless the data changed
    /// meanwhile.
    func incidentFragments(_ query: ItemsQuery) throws -> (matched: Int, fragments: [GeoJSONFragment]) {
        let version = self.version.tag
        let (matched, ids) = try incidentPage(query, version: version)
        var found = fragments.fragments(ids, version: version)
        var missing: [Int64] = []
        for (k, f) in found.enumerated() where f == nil { missing.append(ids[ids.startIndex + k]) }
        if !missing.isEmpty {
            let renderer = GeoJSONFeatureWriter.fragmentRenderer()
            var rendered: [Int64: GeoJSONFragment] = [:]
            rendered.reserveCapacity(missing.count)
            for (rowID, incident) in try store.incidents(rowIDs: missing) { rendered[rowID] = renderer.fragment(incident) }
            for k in found.indices where found[k] == nil { found[k] = rendered[ids[ids.startIndex + k]] }
            if self.version.tag == version { fragments.insert(rendered.map { ($0.key, $0.value) }, version: version) }
        }
        // A row deleted between the list and the read has no fragment: left out.
        return (matched, found.compactMap { $0 })
    }
}
