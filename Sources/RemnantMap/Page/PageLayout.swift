/// Where the parts of a page go, in points from the top-left. Portrait pages stack title, map,
/// legend panel and footer; landscape pages put the panel to the right of the map.
struct PageLayout {
    var page: Rect
    var title: Rect
    var map: Rect
    var panel: Rect
    var footer: Rect

    /// Space left of and below the map frame for the graticule labels.
    static let labelMargin = 26.0

    static func overview(width: Double, height: Double) -> PageLayout {
        let m = max(14, min(28, min(width, height) * 0.035))
        let page = Rect(x: 0, y: 0, width: width, height: height)
        let title = Rect(x: m, y: m, width: width - 2 * m, height: 40)
        let footer = Rect(x: m, y: height - m - 36, width: width - 2 * m, height: 36)
        let top = title.maxY + 10
        if width > height {
            let panelWidth = min(210, width * 0.3)
            let panel = Rect(x: width - m - panelWidth, y: top, width: panelWidth, height: footer.minY - 8 - top)
            let map = Rect(x: m + labelMargin, y: top, width: panel.minX - 12 - labelMargin - m - labelMargin * 0.3,
                           height: footer.minY - 14 - top)
            return PageLayout(page: page, title: title, map: map, panel: panel, footer: footer)
        }
        let panelHeight = min(130, height * 0.2)
        let panel = Rect(x: m, y: footer.minY - 6 - panelHeight, width: width - 2 * m, height: panelHeight)
        let map = Rect(x: m + labelMargin, y: top, width: width - 2 * m - labelMargin * 1.3, height: panel.minY - 16 - top)
        return PageLayout(page: page, title: title, map: map, panel: panel, footer: footer)
    }
}
