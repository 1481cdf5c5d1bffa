import CGEOS

/// A Sort-Tile-Recursive R-tree over item envelopes (`GEOSSTRtree_create_r`), answering "which items'
/// boxes intersect this box?". Items are integers chosen by the caller (usually array indices).
///
/// GEOS builds the tree on the first query; inserting after that is refused. Since GEOS 3.9 the
/// tree copies each envelope, so inserted geometries need not outlive it.
public final class STRtree {
    public let context: GEOSContext
    let handle: OpaquePointer
    private var isBuilt = false
    public private(set) var count = 0

    /// - Parameter nodeCapacity: children per node; 10 is GEOS's and shapely's usual choice.
    public init(context: GEOSContext, nodeCapacity: Int = 10) {
        guard let h = GEOSSTRtree_create_r(context.handle, max(2, nodeCapacity)) else {
            preconditionFailure("GEOSSTRtree_create_r returned NULL")
        }
        self.context = context
        self.handle = h
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, handle)
    }

    /// Adds `item` with the envelope of `geometry` (`GEOSSTRtree_insert_r`).
    public func insert(_ geometry: Geometry, item: Int) throws(GeometryError) {
        precondition(geometry.context === context, "geometries from two GEOS contexts cannot be combined")
        guard !isBuilt else {
            throw .invalidArgument(name: "STRtree insert", value: "\(item)", reason: "the tree is built and read-only after its first query")
        }
        precondition(item >= 0, "STRtree items are non-negative integers")
        // Items are stored as pointer-sized integers, offset by one so item 0 is not NULL.
        GEOSSTRtree_insert_r(context.handle, handle, geometry.handle, UnsafeMutableRawPointer(bitPattern: item + 1))
        count += 1
    }

    /// Adds `item` with a box.
    public func insert(_ box: BoundingBox, item: Int) throws(GeometryError) {
        try insert(try Self.envelopeGeometry(box, context), item: item)
    }

    /// Items whose envelopes intersect the envelope of `geometry`, in ascending order (`GEOSSTRtree_query_r`).
    /// Candidates only: test the real geometries afterwards.
    public func query(_ geometry: Geometry) -> [Int] {
        precondition(geometry.context === context, "geometries from two GEOS contexts cannot be combined")
        isBuilt = true
        final class Collector { var items: [Int] = [] }
        let collector = Collector()
        withExtendedLifetime(collector) {
            GEOSSTRtree_query_r(context.handle, handle, geometry.handle, { item, userdata in
                guard let userdata else { return }
                let c = Unmanaged<Collector>.fromOpaque(userdata).takeUnretainedValue()
                c.items.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(collector).toOpaque())
        }
        return collector.items.sorted()
    }

    /// Items whose envelopes intersect `box`.
    public func query(_ box: BoundingBox) throws(GeometryError) -> [Int] {
        query(try Self.envelopeGeometry(box, context))
    }

    private static func envelopeGeometry(_ box: BoundingBox, _ context: GEOSContext) throws(GeometryError) -> Geometry {
        if box.width == 0 && box.height == 0 {
            return try .point(Coordinate(x: box.minX, y: box.minY), context: context)
        }
        return try context.own(GEOSGeom_createRectangle_r(context.handle, box.minX, box.minY, box.maxX, box.maxY),
                               "GEOSGeom_createRectangle_r")
    }
}
