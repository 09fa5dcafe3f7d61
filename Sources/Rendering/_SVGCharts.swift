import Assurance
import KPIEngine
import WorkingDays

/// A number for an SVG attribute: one decimal, no exponent.
func _svgNumber(_ x: Double) -> String {
    guard x.isFinite, abs(x) < 1e9 else { return "0.0" }
    return formattedDecimal(x, places: 1) ?? "0.0"
}

/// Text for HTML (and SVG) content and attribute values: `& < > " '` escaped.
func _html(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// One KPI's trend for a provider, as an inline SVG.
///
/// Rule: x is the month; y the rate, from the lowest value or band edge shown (rounded down to 10%) to 100%.
/// Behind the lines, the rating bands (tiers 4-1 or Green/Amber/Red) as coloured strips; a dashed line at the
/// target; the in-month rate as a thin line with dots, the rolling window as a thick line; the forecast as a
/// hollow diamond with its 80% interval as a bar.
struct _TrendChart {
    var title: String
    var months: [Month]
    var inMonth: [Double?]
    var rolling: [Double?]
    var rollingName: String
    var target: Double
    var bands: RatingBands
    var forecast: [(month: Month, rate: Double, lower: Double, upper: Double)]

    static let width = 330.0, height = 170.0
    static let left = 38.0, right = 16.0, top = 22.0, bottom = 24.0

    /// The chart in words: the months, the latest rates against the target, the forecast.
    var description: String {
        guard let first = months.first, let last = months.last else { return "No months to chart." }
        var text = "Monthly rate from \(first) to \(last) against a target of \(_percent(target))"
        if let latest = inMonth.last ?? nil { text += "; \(last) in month \(_percent(latest))" }
        if let latest = rolling.last ?? nil { text += ", \(rollingName) \(_percent(latest))" }
        for f in forecast { text += "; forecast \(f.month) \(_percent(f.rate)) (80% interval \(_percent(f.lower)) to \(_percent(f.upper)))" }
        return text + ". The figures follow the chart as a table."
    }

    /// The chart's figures: one row per month (and forecast month).
    var figures: String {
        var rows = months.enumerated().map { k, m in
            [m.description, inMonth[k].map(_percent) ?? "–", rolling[k].map(_percent) ?? "–", "", ""]
        }
        for f in forecast { rows.append([f.month.description, "", "", _percent(f.rate), "\(_percent(f.lower)) to \(_percent(f.upper))"]) }
        let quarterly = rollingName == "quarter"
        return _figuresTable(caption: title, header: [quarterly ? "Quarter ending" : "Month", quarterly ? "Quarter" : "In month",
                                                      quarterly ? "–" : "Rolling 3", "Forecast", "80% interval"], rows: rows)
    }

    func svg() -> String {
        let allMonths = months + forecast.map(\.month).filter { $0 > (months.last ?? $0) }
        guard let first = allMonths.first, let last = allMonths.last else { return "" }
        var low = target
        for v in inMonth + rolling { if let v { low = min(low, v) } }
        for f in forecast { low = min(low, f.lower) }
        switch bands {
        case .none: break
        case .cabinetOffice(_, _, let needs): low = min(low, Double(needs.rawValue) / 10_000 - 0.02)
        case .rag(_, let red): low = min(low, Double(red.rawValue) / 10_000 - 0.02)
        }
        let floor = min(0.9, max(0, (low * 10).rounded(.down) / 10))
        let w = Self.width, h = Self.height
        let plotW = w - Self.left - Self.right, plotH = h - Self.top - Self.bottom
        let span = max(1, first.distance(to: last))
        func x(_ m: Month) -> Double { Self.left + plotW * Double(first.distance(to: m)) / Double(span) }
        func y(_ r: Double) -> Double { Self.top + plotH * (1 - (max(floor, min(1, r)) - floor) / (1 - floor)) }

        var s = _svgOpening(class: "trend", width: w, height: h, title: title, description: description)
        // Bands, bottom to top.
        var edges: [(from: Double, to: Double, css: String)] = []
        switch bands {
        case .none: break
        case .cabinetOffice(let good, let near, let needs):
            let g = Double(good.rawValue) / 10_000, n = Double(near.rawValue) / 10_000, i = Double(needs.rawValue) / 10_000
            edges = [(floor, i, "b-t1"), (i, n, "b-t2"), (n, g, "b-t3"), (g, 1, "b-t4")]
        case .rag(let green, let red):
            let g = Double(green.rawValue) / 10_000, r = Double(red.rawValue) / 10_000
            edges = [(floor, r, "b-r"), (r, g, "b-a"), (g, 1, "b-g")]
        }
        for band in edges where band.to > floor && band.to > band.from {
            let top = y(band.to), bottom = y(max(floor, band.from))
            s += "<rect class=\"\(band.css)\" x=\"\(_svgNumber(Self.left))\" y=\"\(_svgNumber(top))\" width=\"\(_svgNumber(plotW))\" height=\"\(_svgNumber(max(0, bottom - top)))\"/>"
        }
        // Axes: rates up the side, months at both ends and the middle.
        s += _rateAxis(from: floor, left: Self.left, right: w - Self.right, y: y)
        for m in Set([first, first.advanced(by: span / 2), last]).sorted() {
            let anchor = m == first ? "start" : m == last ? "end" : "middle"
            s += "<text class=\"axis\" x=\"\(_svgNumber(x(m)))\" y=\"\(_svgNumber(h - 8))\" text-anchor=\"\(anchor)\">\(m)</text>"
        }
        // Target.
        s += "<line class=\"target\" x1=\"\(_svgNumber(Self.left))\" x2=\"\(_svgNumber(w - Self.right))\" y1=\"\(_svgNumber(y(target)))\" y2=\"\(_svgNumber(y(target)))\"><title>target \(Int((target * 1000).rounded()) / 10)%</title></line>"
        // Lines: broken where a month has no rate.
        func path(_ values: [Double?], css: String) -> String {
            var d = "", pen = false
            for (k, v) in values.enumerated() {
                guard let v else { pen = false; continue }
                d += (pen ? "L" : "M") + _svgNumber(x(months[k])) + " " + _svgNumber(y(v))
                pen = true
            }
            return d.isEmpty ? "" : "<path class=\"\(css)\" d=\"\(d)\"/>"
        }
        s += path(rolling, css: "rolling")
        s += path(inMonth, css: "in-month")
        for (k, v) in inMonth.enumerated() {
            if let v { s += "<circle class=\"in-month\" cx=\"\(_svgNumber(x(months[k])))\" cy=\"\(_svgNumber(y(v)))\" r=\"1.8\"/>" }
        }
        for f in forecast {
            let cx = x(f.month), cy = y(f.rate)
            s += "<g class=\"forecast\"><title>forecast \(f.month): \(_percent(f.rate)) (80% interval \(_percent(f.lower))-\(_percent(f.upper)))</title>"
            s += "<line x1=\"\(_svgNumber(cx))\" x2=\"\(_svgNumber(cx))\" y1=\"\(_svgNumber(y(f.upper)))\" y2=\"\(_svgNumber(y(f.lower)))\"/>"
            s += "<path d=\"M\(_svgNumber(cx)) \(_svgNumber(cy - 4))L\(_svgNumber(cx + 4)) \(_svgNumber(cy))L\(_svgNumber(cx)) \(_svgNumber(cy + 4))L\(_svgNumber(cx - 4)) \(_svgNumber(cy))Z\"/></g>"
        }
        s += "<text class=\"legend\" x=\"\(_svgNumber(Self.left))\" y=\"12\">\(_html(_shortened(title)))</text>"
        return s + "</svg>"
    }
}

/// The opening of an accessible inline chart: the `<svg>` tag with its size and label, its `<title>` and its
/// `<desc>` (what the chart shows, in words; the same figures follow it as a table, ``_figuresTable``).
func _svgOpening(class name: String, width w: Double, height h: Double, title: String, description: String) -> String {
    "<svg class=\"\(name)\" viewBox=\"0 0 \(_svgNumber(w)) \(_svgNumber(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"\(_html(title))\"><title>\(_html(title))</title><desc>\(_html(description))</desc>"
}

/// A chart's figures as a table in a `<details>` element: the same numbers for screen readers, keyboard
/// users and anyone who cannot tell the lines or colours apart. `cells` are already escaped.
func _figuresTable(caption: String, header: [String], rows: [[String]]) -> String {
    var out = "<details class=\"figures\"><summary>Figures: \(_html(caption))</summary><table><caption>\(_html(caption))</caption><thead><tr>"
    for h in header { out += "<th scope=\"col\">\(_html(h))</th>" }
    out += "</tr></thead><tbody>"
    for row in rows {
        out += "<tr><th scope=\"row\">\(row.first ?? "")</th>" + row.dropFirst().map { "<td class=\"num\">\($0)</td>" }.joined() + "</tr>"
    }
    return out + "</tbody></table></details>"
}

/// Grid lines and labels for a rate axis from `floor` to 100%: every 10%, or every 5% on a range of 20% or less.
func _rateAxis(from floor: Double, left: Double, right: Double, y: (Double) -> Double) -> String {
    var s = ""
    let span = 1 - floor
    let step = span <= 0.06 ? 0.01 : span <= 0.12 ? 0.02 : span <= 0.2 ? 0.05 : 0.1
    var tick = floor
    while tick <= 1.0001 {
        s += "<line class=\"grid\" x1=\"\(_svgNumber(left))\" x2=\"\(_svgNumber(right))\" y1=\"\(_svgNumber(y(tick)))\" y2=\"\(_svgNumber(y(tick)))\"/>"
        s += "<text class=\"axis\" x=\"\(_svgNumber(left - 3))\" y=\"\(_svgNumber(y(tick) + 3))\" text-anchor=\"end\">\(Int((tick * 100).rounded()))%</text>"
        tick += step
    }
    return s
}

/// A chart title that fits on one line of a chart (at most 52 characters, cut with "…").
func _shortened(_ title: String) -> String {
    title.count <= 52 ? title : String(title.prefix(51)) + "…"
}

/// A rate (0…1) as a percentage with one decimal, for labels.
func _percent(_ r: Double) -> String {
    formattedDecimal(r, places: 1, percent: true).map { $0 + "%" } ?? "–"
}

/// Providers' rates against their volumes for one KPI, with the national rate, its 95% and 99.8% binomial
/// limits (dashed, thin) and the limits adjusted for over-dispersion (solid), one provider optionally
/// highlighted.
///
/// Rule: the rate axis starts one point below the lowest of the providers' rates and the adjusted 99.8% lower
/// limit at their volumes (rounded down to a whole point), so the plot shows where the providers are.
struct _FunnelChart {
    var title: String
    var funnel: FunnelLimits
    var points: [(label: String, volume: Double, rate: Double)]
    /// The provider drawn larger and labelled, on its own page.
    var highlight: String? = nil

    static let width = 330.0, height = 200.0
    static let left = 38.0, right = 10.0, top = 22.0, bottom = 26.0

    /// The chart in words: the national rate and which providers fall outside the limits.
    var description: String {
        var text = "Providers' rates against their items measured around the national rate of \(_percent(funnel.rate))"
        for (name, position) in [("below the 99.8% limit (alarm)", FunnelPosition.alarm), ("below the 95% limit (alert)", .alert)] {
            let hits = points.filter { funnel.position(rate: $0.rate, volume: $0.volume) == position }.map(\.label)
            if !hits.isEmpty { text += "; \(name): " + hits.joined(separator: ", ") }
        }
        return text + ". The figures follow the chart as a table."
    }

    /// The chart's figures: each provider's items, rate, adjusted limits at its volume and position.
    var figures: String {
        let rows = points.map { p -> [String] in
            let l95 = funnel.adjustedLimits(volume: p.volume, z: FunnelLimits.z95)
            let l998 = funnel.adjustedLimits(volume: p.volume, z: FunnelLimits.z998)
            return [_html(p.label), String(Int(p.volume.rounded())), _percent(p.rate), "\(_percent(l95.lower)) to \(_percent(l95.upper))",
                    "\(_percent(l998.lower)) to \(_percent(l998.upper))", funnel.position(rate: p.rate, volume: p.volume).rawValue]
        }
        return _figuresTable(caption: title, header: ["Provider", "Items", "Rate", "95% limits", "99.8% limits", "Position"], rows: rows)
    }

    func svg() -> String {
        let w = Self.width, h = Self.height
        let plotW = w - Self.left - Self.right, plotH = h - Self.top - Self.bottom
        let maxVolume = max(10, (points.map(\.volume).max() ?? 10) * 1.05)
        let minVolume = max(1, min(maxVolume / 50, points.map(\.volume).filter { $0 > 0 }.min() ?? 1) * 0.8)
        var low = min(funnel.rate, funnel.adjustedLimits(volume: maxVolume, z: FunnelLimits.z998).lower)
        for p in points { low = min(low, p.rate, funnel.adjustedLimits(volume: p.volume, z: FunnelLimits.z998).lower) }
        let floor = min(0.98, max(0, ((low - 0.01) * 100).rounded(.down) / 100))
        func x(_ v: Double) -> Double { Self.left + plotW * (v - minVolume) / (maxVolume - minVolume) }
        func y(_ r: Double) -> Double { Self.top + plotH * (1 - (max(floor, min(1, r)) - floor) / (1 - floor)) }

        var s = _svgOpening(class: "funnel", width: w, height: h, title: title, description: description)
        s += _rateAxis(from: floor, left: Self.left, right: w - Self.right, y: y)
        s += "<text class=\"axis\" x=\"\(_svgNumber(Self.left))\" y=\"\(_svgNumber(h - 10))\">\(Int(minVolume.rounded()))</text>"
        s += "<text class=\"axis\" x=\"\(_svgNumber(w - Self.right))\" y=\"\(_svgNumber(h - 10))\" text-anchor=\"end\">\(Int(maxVolume.rounded())) items measured</text>"
        // The limits as curves sampled along the volume axis: binomial, then adjusted.
        let curves: [(z: Double, css: String, adjusted: Bool)] = [
            (FunnelLimits.z998, "limit-998 binomial", false), (FunnelLimits.z95, "limit-95 binomial", false),
            (FunnelLimits.z998, "limit-998", true), (FunnelLimits.z95, "limit-95", true),
        ]
        for curve in curves where curve.adjusted || funnel.tau2 > 0 {
            for side in 0..<2 {
                var d = ""
                for k in 0...48 {
                    let v = minVolume + (maxVolume - minVolume) * Double(k) / 48
                    let l = curve.adjusted ? funnel.adjustedLimits(volume: v, z: curve.z) : funnel.limits(volume: v, z: curve.z)
                    d += (k == 0 ? "M" : "L") + _svgNumber(x(v)) + " " + _svgNumber(y(side == 0 ? l.lower : l.upper))
                }
                s += "<path class=\"\(curve.css)\" d=\"\(d)\"/>"
            }
        }
        s += "<line class=\"centre\" x1=\"\(_svgNumber(Self.left))\" x2=\"\(_svgNumber(w - Self.right))\" y1=\"\(_svgNumber(y(funnel.rate)))\" y2=\"\(_svgNumber(y(funnel.rate)))\"/>"
        for p in points {
            let position = funnel.position(rate: p.rate, volume: p.volume)
            let css = switch position {
            case .alarm: "alarm"
            case .alert: "alert"
            default: "ok"
            }
            let mine = p.label == highlight
            let (cx, cy) = (_svgNumber(x(max(minVolume, p.volume))), _svgNumber(y(p.rate)))
            s += "<circle class=\"point \(css)\(mine ? " mine" : "")\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"\(mine ? 5 : 3)\"><title>\(_html(p.label)): \(_percent(p.rate)) of \(Int(p.volume.rounded())) (\(position.rawValue))</title></circle>"
            if mine { s += "<text class=\"legend\" x=\"\(cx)\" y=\"\(_svgNumber(y(p.rate) - 7))\" text-anchor=\"middle\">\(_html(p.label))</text>" }
        }
        s += "<text class=\"legend\" x=\"\(_svgNumber(Self.left))\" y=\"12\">\(_html(_shortened(title)))</text>"
        return s + "</svg>"
    }
}
