import CFuzzerDriver
import _ATWFuzzing

/// libFuzzer's entry point: FuzzHarness.policies on the input's bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    _ = FuzzHarness.policies.run(data, count)
    return 0
}

/// The executable's entry point, which SwiftPM makes `main` (`--defsym`, ahead of libFuzzer's own): libFuzzer's driver.
@_cdecl("FuzzPolicies_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput)
}
