import Foundation

/// Typed field values. Each reader takes a field name (reference files: munitions, gazetteer) or
/// a ``RawRecord/Field`` (incident rows, found by slot); both read the same value and give the
/// same messages.
extension RawRecord {
    /// A decimal number field; nil when blank unless `required`. Rejects NaN, infinities and text.
    func number(_ name: String, required: Bool = false) throws(StoreError) -> Double? {
        try number(self[name], name, required: required)
    }

    func number(_ field: Field, required: Bool = false) throws(StoreError) -> Double? {
        try number(self[field], field.name, required: required)
    }

    /// A non-negative whole number field; nil when blank.
    func integer(_ name: String) throws(StoreError) -> Int? {
        try integer(self[name], name)
    }

    func integer(_ field: Field) throws(StoreError) -> Int? {
        try integer(self[field], field.name)
    }

    /// `true`/`false` (also yes/no, 1/0); nil when blank.
    func boolean(_ name: String) throws(StoreError) -> Bool? {
        try boolean(self[name], name)
    }

    func boolean(_ field: Field) throws(StoreError) -> Bool? {
        try boolean(self[field], field.name)
    }

    /// A value of a string enum (case-insensitive, `_` and spaces read as `-`); nil when blank.
    func enumValue<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws(StoreError) -> E? where E.RawValue == String {
        try enumValue(self[name], name, type)
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ field: Field, _ type: E.Type) throws(StoreError) -> E? where E.RawValue == String {
        try enumValue(self[field], field.name, type)
    }

    private func number(_ value: String?, _ name: String, required: Bool) throws(StoreError) -> Double? {
        guard let text = value else {
            if required { throw error(name, "missing; a number is required") }
            return nil
        }
        guard text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 101 || $0 == 69 || $0 == 43 || $0 == 45 }),
              let value = Double(text), value.isFinite else {
            throw error(name, "'\(text)' is not a finite number")
        }
        return value
    }

    private func integer(_ value: String?, _ name: String) throws(StoreError) -> Int? {
        guard let text = value else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw error(name, "'\(text)' is not a whole number ≥ 0")
        }
        return value
    }

    private func boolean(_ value: String?, _ name: String) throws(StoreError) -> Bool? {
        guard let text = value?.lowercased() else { return nil }
        switch text {
        case "true", "yes", "y", "1": return true
        case "false", "no", "n", "0": return false
        default: throw error(name, "'\(text)' is not true or false")
        }
    }

    private func enumValue<E: RawRepresentable & CaseIterable>(_ value: String?, _ name: String, _ type: E.Type) throws(StoreError) -> E? where E.RawValue == String {
        guard let text = value else { return nil }
        if let exact = E(rawValue: text) { return exact }
        let normalised = String(text.lowercased().map { $0 == "_" || $0 == " " ? "-" : $0 })
        guard let value = E(rawValue: normalised) else {
            throw error(name, "'\(text)' is not one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
