extension RawRecord {
    /// A field the incident parser reads, with its slot in every CSV file's ``ColumnIndex``: a
    /// CSV row then finds its value by array index instead of hashing the name (the parser reads
    /// ~30 fields per row, and hashing their names took a fifth of the import worker's time on
    /// 200,000 synthetic rows, `perf record`, 2026-12-03).
    struct Field: Sendable {
        /// The project's CSV column name (see ``RawRecord``).
        let name: String
        /// Index into ``RawRecord/Field/all`` and ``ColumnIndex/slots``; nil for names outside it.
        let slot: Int?

        private init(_ name: String, slot: Int?) {
            self.name = name
            self.slot = slot
        }

        /// Every field with a slot: the project's incident columns, then `sourceN_org|title|date|url`
        /// for N = 1 … ``slottedSources``.
        static let all: [String] = incidentColumns + (1...slottedSources).flatMap { n in sourceParts.map { "source\(n)_\($0)" } }

        static let incidentColumns = [
            "id", "date", "date_precision", "country", "admin1", "admin2", "place", "lon", "lat", "geo_precision",
            "uncertainty_m", "site_type", "munition", "carriers", "delivery", "actor_alleged", "attribution_confidence",
            "evidence", "unexploded_observed", "killed", "injured", "civilian", "status", "notes",
        ]
        static let sourceParts = ["org", "title", "date", "url"]
        /// Sources 1 … 9 have slots; later ones are looked up by name.
        static let slottedSources = 9

        private static func column(_ name: String) -> Field {
            Field(name, slot: incidentColumns.firstIndex(of: name)!)
        }

        static let id = column("id"), date = column("date"), datePrecision = column("date_precision")
        static let country = column("country"), admin1 = column("admin1"), admin2 = column("admin2"), place = column("place")
        static let lon = column("lon"), lat = column("lat"), geoPrecision = column("geo_precision")
        static let uncertainty = column("uncertainty_m"), siteType = column("site_type"), munition = column("munition")
        static let carriers = column("carriers"), delivery = column("delivery"), actorAlleged = column("actor_alleged")
        static let attributionConfidence = column("attribution_confidence"), evidence = column("evidence")
        static let unexplodedObserved = column("unexploded_observed"), killed = column("killed"), injured = column("injured")
        static let civilian = column("civilian"), status = column("status"), notes = column("notes")

        /// `sourceN_org`, `sourceN_title`, `sourceN_date` and `sourceN_url` for source `n` (1-based).
        static func source(_ n: Int) -> (org: Field, title: Field, date: Field, url: Field) {
            if n >= 1, n <= slottedSources { return slottedSourceFields[n - 1] }
            let f = sourceParts.map { Field("source\(n)_\($0)", slot: nil) }
            return (f[0], f[1], f[2], f[3])
        }

        private static let slottedSourceFields: [(org: Field, title: Field, date: Field, url: Field)] = (1...slottedSources).map { n in
            let base = incidentColumns.count + (n - 1) * sourceParts.count
            let f = sourceParts.enumerated().map { i, part in Field("source\(n)_\(part)", slot: base + i) }
            return (f[0], f[1], f[2], f[3])
        }
    }

    /// The trimmed value of a field, nil when absent or blank: the same value as
    /// `self[field.name]`, found by slot in CSV rows.
    subscript(_ field: Field) -> String? {
        let raw: String?
        if let columns {
            if let slot = field.slot {
                let i = columns.slots[slot]
                raw = i >= 0 && i < values.count ? values[i] : named[field.name]
            } else if let i = columns.positions[field.name], i < values.count {
                raw = values[i]
            } else {
                raw = named[field.name]
            }
        } else {
            raw = named[field.name]
        }
        guard let v = raw.map(RawRecord.trimmed), !v.isEmpty else { return nil }
        return v
    }
}
