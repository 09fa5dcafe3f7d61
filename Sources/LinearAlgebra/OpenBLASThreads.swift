import CBLAS

#if canImport(Glibc)
import Glibc
#endif

/// How many threads OpenBLAS may use.
///
/// Rule: OpenBLAS starts its own worker pool when it loads. This engine parallelises over cases itself,
/// and its BLAS calls are small (a few thousand series × a few dozen months), so by default OpenBLAS is
/// pinned to **one** thread the first time any routine here runs. The environment variable
/// `OPENBLAS_NUM_THREADS`, when set, is respected instead; `BLASThreads.set(_:)` overrides both.
///
/// ```swift
/// BLASThreads.set(2)     // let dgemm use both cores
/// BLASThreads.count      // 2
/// ```
public enum BLASThreads {
    /// Sets the number of OpenBLAS threads (at least 1).
    public static func set(_ count: Int) {
        _OpenBLASThreads.configureOnce()
        openblas_set_num_threads(Int32(clamped(count)))
    }

    /// The count ``set(_:)`` uses for `count`: at least 1, at most 1,024.
    public static func clamped(_ count: Int) -> Int { min(max(1, count), 1024) }

    /// The number of threads OpenBLAS currently uses.
    public static var count: Int {
        _OpenBLASThreads.configureOnce()
        return Int(openblas_get_num_threads())
    }
}

/// Applies the default thread pinning once per process.
enum _OpenBLASThreads {
    private static let pinned: Bool = {
        if getenv("OPENBLAS_NUM_THREADS") == nil { openblas_set_num_threads(1) }
        return true
    }()

    static func configureOnce() { _ = pinned }
}
