import Assurance
import KPIEngine
import WorkingDays

/// A number for an SVG attribute: whole pixels (the charts are drawn at their pixel size; a pixel is finer than
/// the eye reads a rate), no exponent.
func _svgNumber(_ x: Double) -> String {
    guard x.isFinite, abs(x) < 1e9 else { return "0" }
    return String(Int(x.rounded()))
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
/// Rule: x is the month (the first and last labelled); y the rate, on an axis scaled to what is drawn: from the lowest to the highest of the
/// rates, the target and the forecast interval, widened by a tenth of that span on each side (at least 1 point in
/// all) and rounded out to the axis step (``_axisStep(_:)``), within 0-100%. HA-6's 3% target gets an axis of a few
/// points, not 0-100%. Behind the lines, the rating bands (tiers 4-1 or Green/Amber/Red) as coloured strips where
/// they fall within the axis; a dashed line at the target; the in-month rate as a thin line with dots, the rolling
/// window as a thick line; the forecast as a hollow diamond with its 80% interval as a bar.
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
        var text = "\(first) to \(last), target \(_percent(target))"
        if let latest = inMonth.last ?? nil { text += "; \(last) \(rollingName == "quarter" ? "quarter" : "in month") \(_percent(latest))" }
        if let latest = rolling.last ?? nil { text += ", \(rollingName) \(_percent(latest))" }
        for f in forecast { text += "; forecast \(f.month) \(_percent(f.rate)) (80% interval \(_percent(f.lower)) to \(_percent(f.upper)))" }
        return text + "."
    }

    /// The rate axis: `(floor, ceiling, step)` around every value drawn and the target.
    var axis: (floor: Double, ceiling: Double, step: Double) {
        var low = target, high = target
        for v in inMonth + rolling { if let v { low = min(low, v); high = max(high, v) } }
        for f in forecast { low = min(low, f.lower); high = max(high, f.upper) }
        let pad = max(0.01 - (high - low), 0) / 2 + (high - low) / 10
        return _axisRange(low - pad, high + pad)
    }

    func svg() -> String {
        let allMonths = months + forecast.map(\.month).filter { $0 > (months.last ?? $0) }
        guard let first = allMonths.first, let last = allMonths.last else { return "" }
        let (floor, ceiling, step) = axis
        let w = Self.width, h = Self.height
        let plotW = w - Self.left - Self.right, plotH = h - Self.top - Self.bottom
        let span = max(1, first.distance(to: last))
        func x(_ m: Month) -> Double { Self.left + plotW * Double(first.distance(to: m)) / Double(span) }
        func y(_ r: Double) -> Double { Self.top + plotH * (1 - (max(floor, min(ceiling, r)) - floor) / (ceiling - floor)) }

        var s = _svgOpening(class: "trend", width: w, height: h, title: title, description: description)
        // Bands, bottom to top, clipped to the axis.
        var edges: [(from: Double, to: Double, css: String)] = []
        switch bands {
        case .none: break
        case .cabinetOffice(let good, let near, let needs):
            let g = Double(good.rawValue) / 10_000, n = Double(near.rawValue) / 10_000, i = Double(needs.rawValue) / 10_000
            edges = [(0, i, "b-t1"), (i, n, "b-t2"), (n, g, "b-t3"), (g, 1, "b-t4")]
        case .rag(let green, let red):
            let g = Double(green.rawValue) / 10_000, r = Double(red.rawValue) / 10_000
            edges = [(0, r, "b-r"), (r, g, "b-a"), (g, 1, "b-g")]
        }
        for band in edges where band.to > floor && band.from < ceiling && band.to > band.from {
            let top = y(min(ceiling, band.to)), bottom = y(max(floor, band.from))
            s += "<rect class=\"\(band.css)\" x=\"\(_svgNumber(Self.left))\" y=\"\(_svgNumber(top))\" width=\"\(_svgNumber(plotW))\" height=\"\(_svgNumber(max(0, bottom - top)))\"/>"
        }
        // Axes: rates up the side, months at both ends and the middle.
        s += _rateAxis(from: floor, to: ceiling, step: step, left: Self.left, right: w - Self.right, y: y)
        s += "<g class=\"axis\"><text x=\"\(_svgNumber(x(first)))\" y=\"\(_svgNumber(h - 8))\">\(first)</text>"
        if last != first { s += "<text x=\"\(_svgNumber(x(last)))\" y=\"\(_svgNumber(h - 8))\" text-anchor=\"end\">\(last)</text>" }
        s += "</g>"
        // Target.
        s += "<line class=\"target\" x1=\"\(_svgNumber(Self.left))\" x2=\"\(_svgNumber(w - Self.right))\" y1=\"\(_svgNumber(y(target)))\" y2=\"\(_svgNumber(y(target)))\"/>"
        // Lines: broken where a month has no rate; the in-month dots as one path of round caps.
        func path(_ values: [Double?], css: String, dots: Bool = false) -> String {
            var d = "", pen = false
            for (k, v) in values.enumerated() {
                guard let v else { pen = false; continue }
                d += (pen && !dots ? "L" : "M") + _svgNumber(x(months[k])) + " " + _svgNumber(y(v)) + (dots ? "h0" : "")
                pen = true
            }
            return d.isEmpty ? "" : "<path class=\"\(css)\" d=\"\(d)\"/>"
        }
        s += path(rolling, css: "r3")
        s += path(inMonth, css: "im")
        s += path(inMonth, css: "dots", dots: true)
        for f in forecast {
            let cx = x(f.month), cy = y(f.rate)
            s += "<g class=\"forecast\">"
            s += "<line x1=\"\(_svgNumber(cx))\" x2=\"\(_svgNumber(cx))\" y1=\"\(_svgNumber(y(f.upper)))\" y2=\"\(_svgNumber(y(f.lower)))\"/>"
            s += "<path d=\"M\(_svgNumber(cx)) \(_svgNumber(cy - 4))l4 4-4 4-4-4z\"/></g>"
        }
        s += "<text class=\"legend\" x=\"\(_svgNumber(Self.left))\" y=\"12\">\(_html(_shortened(title)))</text>"
        return s + "</svg>"
    }
}

/// The step of a rate axis spanning `span` (a fraction): 1, 2, 5, 10 or 25 points, or a tenth, fifth or half of
/// a point on narrow spans, so the axis has from 2 to 5 labelled lines.
func _axisStep(_ span: Double) -> Double {
    for step in [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1] where span / step <= 4 { return step }
    return 0.25
}

/// An axis from `low` to `high` rounded out to its step, within 0-100%.
func _axisRange(_ low: Double, _ high: Double) -> (floor: Double, ceiling: Double, step: Double) {
    let step = _axisStep(max(high - low, 0.001))
    var floor = max(0, (low / step).rounded(.down) * step)
    var ceiling = min(1, (high / step).rounded(.up) * step)
    if ceiling - floor < step { if ceiling >= 1 { floor = max(0, ceiling - step) } else { ceiling = min(1, floor + step) } }
    return (floor, ceiling, step)
}

/// The opening of an accessible inline chart: the `<svg>` tag with its size and label, its `<title>` and its
/// `<desc>` (what the chart shows, in words; the same figures follow it as a table, ``_figuresTable``).
func _svgOpening(class name: String, width w: Double, height h: Double, title: String, description: String) -> String {
    "<svg class=\"\(name)\" viewBox=\"0 0 \(_svgNumber(w)) \(_svgNumber(h))\" role=\"img\" aria-label=\"\(_html(title))\"><desc>\(_html(description))</desc>"
}

/// A chart's figures as a table in a `<details>` element: the same numbers for screen readers, keyboard
/// users and anyone who cannot tell the lines or colours apart. `cells` are already escaped.
func _figuresTable(caption: String, header: [String], rows: [[String]]) -> String {
    var out = "<details class=\"funnel-figures\"><summary>Figures: \(_html(caption))</summary><table><caption>\(_html(caption))</caption><thead><tr>"
    for h in header { out += "<th scope=\"col\">\(_html(h))</th>" }
    out += "</tr></thead><tbody>"
    for row in rows {
        out += "<tr><th scope=\"row\">\(row.first ?? "")</th>" + row.dropFirst().map { "<td class=\"num\">\($0)</td>" }.joined() + "</tr>"
    }
    return out + "</tbody></table></details>"
}

/// Grid lines and labels for a rate axis from `floor` to `ceiling` every `step`; labels with a decimal when the
/// step is under a point (`96.5%`).
func _rateAxis(from floor: Double, to ceiling: Double, step: Double, left: Double, right: Double, y: (Double) -> Double) -> String {
    var grid = "", labels = ""
    let places = step < 0.01 ? 1 : 0
    var k = 0
    while true {
        let tick = floor + Double(k) * step
        guard tick <= ceiling + step / 100 else { break }
        grid += "M\(_svgNumber(left)) \(_svgNumber(y(tick)))H\(_svgNumber(right))"
        labels += "<text x=\"\(_svgNumber(left - 3))\" y=\"\(_svgNumber(y(tick) + 3))\">\(formattedDecimal(tick * 100, places: places) ?? "")%</text>"
        k += 1
    }
    return "<path class=\"grid\" d=\"\(grid)\"/><g class=\"axis\" text-anchor=\"end\">\(labels)</g>"
}

/// A chart title that fits on one line of a chart (at most 52 characters, cut with "…").
func _shortened(_ title: String) -> String {
    title.count <= 52 ? title : String(title.prefix(51)) + "…"
}

/// A rate (0…1) as a percentage with one decimal, for labels.
func _percent(_ r: Double) -> String { formattedDecimal(r, places: 1, percent: true).map { $0 + "%" } ?? "–" }

/// A rate (0…1) as a percentage with one decimal, without the sign (a table whose caption says %).
func _percentNumber(_ r: Double) -> String { formattedDecimal(r, places: 1, percent: true) ?? "–" }

/// Providers' rates against their volumes for one KPI, with the national rate, its 95% and 99.8% binomial
/// limits (dashed, thin) and the limits adjusted for over-dispersion (solid), every point labelled with its
/// provider.
///
/// Rule: the rate axis runs from one point below the lowest of the providers' rates and the adjusted 99.8% lower
/// limit at their volumes to 100%, rounded out to its step (``_axisRange(_:_:)``). Labels sit right of their
/// point, else left, above or below, else further out with a leader line: the first place that overlaps no
/// label already placed and stays inside the plot (``_labelPlaces``).
struct _FunnelChart {
    var title: String
    var funnel: FunnelLimits
    var points: [(label: String, volume: Double, rate: Double)]

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
        let (floor, ceiling, step) = _axisRange(low - 0.01, 1)
        func x(_ v: Double) -> Double { Self.left + plotW * (v - minVolume) / (maxVolume - minVolume) }
        func y(_ r: Double) -> Double { Self.top + plotH * (1 - (max(floor, min(ceiling, r)) - floor) / (ceiling - floor)) }

        var s = _svgOpening(class: "funnel", width: w, height: h, title: title, description: description)
        s += _rateAxis(from: floor, to: ceiling, step: step, left: Self.left, right: w - Self.right, y: y)
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
                for k in 0...24 {
                    let v = minVolume + (maxVolume - minVolume) * Double(k) / 24
                    let l = curve.adjusted ? funnel.adjustedLimits(volume: v, z: curve.z) : funnel.limits(volume: v, z: curve.z)
                    d += (k == 0 ? "M" : "L") + _svgNumber(x(v)) + " " + _svgNumber(y(side == 0 ? l.lower : l.upper))
                }
                s += "<path class=\"\(curve.css)\" d=\"\(d)\"/>"
            }
        }
        s += "<line class=\"centre\" x1=\"\(_svgNumber(Self.left))\" x2=\"\(_svgNumber(w - Self.right))\" y1=\"\(_svgNumber(y(funnel.rate)))\" y2=\"\(_svgNumber(y(funnel.rate)))\"/>"
        let at = points.map { (x: x(max(minVolume, $0.volume)), y: y($0.rate)) }
        for (p, c) in zip(points, at) {
            let position = funnel.position(rate: p.rate, volume: p.volume)
            let css = switch position {
            case .alarm: "alarm"
            case .alert: "alert"
            default: "ok"
            }
            s += "<circle class=\"point \(css)\" cx=\"\(_svgNumber(c.x))\" cy=\"\(_svgNumber(c.y))\" r=\"3\"/>"
        }
        let places = _labelPlaces(at, widths: points.map { Double($0.label.count) * 4.4 }, height: 8,
                                  bounds: (Self.left, Self.top, w - Self.right, h - Self.bottom))
        for (p, (c, place)) in zip(points, zip(at, places)) {
            if place.leader {
                s += "<line class=\"leader\" x1=\"\(_svgNumber(c.x))\" y1=\"\(_svgNumber(c.y))\" x2=\"\(_svgNumber(place.x))\" y2=\"\(_svgNumber(place.y - 3))\"/>"
            }
            s += "<text class=\"label\" x=\"\(_svgNumber(place.x))\" y=\"\(_svgNumber(place.y))\" text-anchor=\"\(place.anchor)\">\(_html(p.label))</text>"
        }
        s += "<text class=\"legend\" x=\"\(_svgNumber(Self.left))\" y=\"12\">\(_html(_shortened(title)))</text>"
        return s + "</svg>"
    }
}

/// Places for point labels that overlap neither each other nor the points: for each point (in order) the first
/// candidate, right of the point, left, above, below, then the same further out (drawn with a leader line),
/// whose box lies inside `bounds` and clear of every label already placed and every point; the last candidate
/// when none is clear. `y` is the text's baseline.
func _labelPlaces(_ points: [(x: Double, y: Double)], widths: [Double], height: Double,
                  bounds: (left: Double, top: Double, right: Double, bottom: Double)) -> [(x: Double, y: Double, anchor: String, leader: Bool)] {
    typealias Box = (x0: Double, y0: Double, x1: Double, y1: Double)
    func overlaps(_ a: Box, _ b: Box) -> Bool { a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }
    var placed: [Box] = points.map { ($0.x - 3, $0.y - 3, $0.x + 3, $0.y + 3) }
    var result: [(x: Double, y: Double, anchor: String, leader: Bool)] = []
    for (p, width) in zip(points, widths) {
        var chosen: (x: Double, y: Double, anchor: String, leader: Bool)?
        var last: (x: Double, y: Double, anchor: String, leader: Bool) = (p.x + 5, p.y + 3, "start", false)
        search: for distance in [5.0, 14, 24] {
            let leader = distance > 5
            let candidates: [(x: Double, y: Double, anchor: String)] = [
                (p.x + distance, p.y + 3, "start"), (p.x - distance, p.y + 3, "end"),
                (p.x, p.y - distance, "middle"), (p.x, p.y + distance + height - 2, "middle"),
                (p.x + distance, p.y - distance + 3, "start"), (p.x + distance, p.y + distance + 3, "start"),
            ]
            for c in candidates {
                let x0 = c.anchor == "start" ? c.x : c.anchor == "end" ? c.x - width : c.x - width / 2
                let box: Box = (x0, c.y - height + 1, x0 + width, c.y + 1)
                last = (c.x, c.y, c.anchor, leader)
                guard box.x0 >= bounds.left, box.x1 <= bounds.right, box.y0 >= bounds.top - 10, box.y1 <= bounds.bottom + 10 else { continue }
                if !placed.contains(where: { overlaps($0, box) }) {
                    chosen = last
                    placed.append(box)
                    break search
                }
            }
        }
        result.append(chosen ?? last)
    }
    return result
}
