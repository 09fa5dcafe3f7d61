// swift-tools-version: 6.1
//
// libFuzzer harnesses, one executable per input surface, each calling the library's reader on the fuzzer's bytes
// (bodies in the root package's _ATWFuzzing target, which `swift test` also replays). A package of its own so the
// root's build and tests never see the sanitizer flags. Linux only; build and run through the root's Makefile:
//   make fuzz-ci                        # each harness 25 s from its corpus (CI)
//   make fuzz FUZZ_SECONDS=600          # longer
//   make fuzz-merge                     # minimise Corpus/ with what the runs found
// or by hand (lld: see fuzz.sh):
//   swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
//       -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
//   .build/debug/FuzzStore Corpus/store -max_total_time=60
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones: read it.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent

/// The harnesses: executable name and its folder under Sources/.
let harnesses = ["FuzzCSVTable", "FuzzCSVDataset", "FuzzXLSX", "FuzzDescription", "FuzzStore", "FuzzCounts",
                 "FuzzContracts", "FuzzPolicies", "FuzzHolidays"]

let package = Package(
    name: "atw-performance-fuzz",
    dependencies: [.package(path: "../..")],
    targets: [.target(name: "CFuzzerDriver")] + harnesses.map { name in
        .executableTarget(name: name, dependencies: ["CFuzzerDriver", .product(name: "_ATWFuzzing", package: rootIdentity)])
    }
)
