import Foundation

/// The kernel shapes of QGIS's Heatmap (Kernel Density Estimation) algorithm (`qgskde.cpp`).
///
/// Raw values are QGIS's raw outputs, for u = distance / radius < 1: uniform 1, quartic
/// (1 − u²)², triweight (1 − u²)³, Epanechnikov 1 − u², triangular 1 − (1 − decay)·u.
/// Scaled values divide by each kernel's integral over the disc, so a scaled grid integrates to
/// the total weight: uniform 1/(πr²), quartic 3/(πr²), triweight 4/(πr²), Epanechnikov
/// 2/(πr²), triangular 3/((1 + 2·decay)·πr²). QGIS used 116/(5πr²)·15/16 for the quartic
/// before PR #60631; Remnant uses the correct 3/(πr²).
public enum DensityKernel: String, Sendable, CaseIterable {
    case quartic, triangular, uniform, triweight, epanechnikov

    /// QGIS's raw kernel value at `distance` from a point, for a kernel of `radius` (same unit);
    /// 0 at or beyond the radius. `decay` applies to the triangular kernel only (QGIS: ≥ −1… 1;
    /// 0 is a cone).
    public func raw(distance: Double, radius: Double, decay: Double = 0) -> Double {
        guard distance < radius else { return 0 }
        let u = distance / radius
        switch self {
        case .uniform: return 1
        case .quartic: let v = 1 - u * u; return v * v
        case .triweight: let v = 1 - u * u; return v * v * v
        case .epanechnikov: return 1 - u * u
        case .triangular: return 1 - (1 - decay) * u
        }
    }

    /// The factor that turns raw values into a density (per square unit of `radius`).
    public func normalisation(radius: Double, decay: Double = 0) -> Double {
        let disc = Double.pi * radius * radius
        switch self {
        case .uniform: return 1 / disc
        case .quartic: return 3 / disc
        case .triweight: return 4 / disc
        case .epanechnikov: return 2 / disc
        case .triangular: return 3 / ((1 + 2 * decay) * disc)
        }
    }
}
