/// JSON text for property values (RFC 8259), as strings: the byte-level writers are on
/// ``OutputSink``; these wrap them for the few places that want a `String`.
enum JSONText {
    static func string(_ s: String) -> String { OutputSink.render { $0.append(jsonString: s) } }

    static func number(_ d: Double) -> String { OutputSink.render { $0.append(number: d) } }

    /// A coordinate rounded to `decimals` places, without trailing zeros.
    static func coordinate(_ d: Double, decimals: Int) -> String { OutputSink.render { $0.append(coordinate: d, decimals: decimals) } }

    static func pow10(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }
        return v
    }

    static func value(_ v: PropertyValue) -> String { OutputSink.render { $0.append(json: v) } }
}
