//! Draws the token timeline (`rules::tokens::TimelineLayout`, laid out by the core) as SVG: one
//! lane per credential, a mark per issue, use, refresh and rejection. Every label goes in as a
//! text node; marks carry `data-entry` so the list's click handler opens that request.

use web_sys::Element;

use crate::rules::tokens::{MarkKind, TimelineLayout};

use super::dom::{attrs, clear, Dom, Res};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const LANE_HEIGHT: f64 = 28.0;
const LABEL_WIDTH: f64 = 420.0;
const PLOT_WIDTH: f64 = 520.0;
const PAD: f64 = 10.0;

fn svg(dom: &Dom, parent: &Element, tag: &str, pairs: &[(&str, &str)]) -> Res<Element> {
    let e = dom.doc.create_element_ns(Some(SVG_NS), tag)?;
    attrs(&e, pairs)?;
    parent.append_child(&e)?;
    Ok(e)
}

/// Replaces `container`'s content with the timeline picture (or a sentence when it is empty).
pub(crate) fn render(dom: &Dom, container: &Element, layout: &TimelineLayout) -> Res {
    clear(container);
    if layout.lanes.is_empty() {
        dom.add_text(
            container,
            "p",
            "timeline-empty",
            "No credential was sent or issued yet.",
        )?;
        return Ok(());
    }
    let height = PAD * 2.0 + LANE_HEIGHT * layout.lanes.len() as f64 + 16.0;
    let width = LABEL_WIDTH + PLOT_WIDTH + PAD * 2.0;
    let root = svg(
        dom,
        container,
        "svg",
        &[
            ("class", "timeline"),
            ("role", "img"),
            ("aria-label", "Token timeline: one lane per credential"),
            ("viewBox", &format!("0 0 {width} {height}")),
            ("width", &width.to_string()),
            ("height", &height.to_string()),
        ],
    )?;
    for (i, lane) in layout.lanes.iter().enumerate() {
        let y = PAD + LANE_HEIGHT * i as f64 + LANE_HEIGHT / 2.0;
        let class = if lane.stale {
            "lane lane-stale"
        } else {
            "lane"
        };
        let group = svg(dom, &root, "g", &[("class", class)])?;
        let label = svg(
            dom,
            &group,
            "text",
            &[
                ("x", &PAD.to_string()),
                ("y", &(y + 4.0).to_string()),
                ("class", "lane-label"),
            ],
        )?;
        label.set_text_content(Some(&lane.label));
        let x0 = LABEL_WIDTH;
        svg(
            dom,
            &group,
            "line",
            &[
                ("x1", &x0.to_string()),
                ("x2", &(x0 + PLOT_WIDTH).to_string()),
                ("y1", &y.to_string()),
                ("y2", &y.to_string()),
                ("class", "lane-axis"),
            ],
        )?;
        for mark in &lane.marks {
            let x = x0 + mark.x * PLOT_WIDTH;
            let (shape, kind) = match mark.kind {
                MarkKind::Issued => ("circle", "issued"),
                MarkKind::Refreshed => ("rect", "refreshed"),
                MarkKind::Used => ("circle", "used"),
                MarkKind::Rejected => ("path", "rejected"),
            };
            let entry = mark.entry.to_string();
            let class = format!("mark mark-{kind}");
            let e = match shape {
                "circle" => svg(
                    dom,
                    &group,
                    "circle",
                    &[
                        ("cx", &x.to_string()),
                        ("cy", &y.to_string()),
                        ("r", if kind == "issued" { "6" } else { "4" }),
                    ],
                )?,
                "rect" => svg(
                    dom,
                    &group,
                    "rect",
                    &[
                        ("x", &(x - 5.0).to_string()),
                        ("y", &(y - 5.0).to_string()),
                        ("width", "10"),
                        ("height", "10"),
                    ],
                )?,
                _ => svg(
                    dom,
                    &group,
                    "path",
                    &[(
                        "d",
                        &format!(
                            "M{} {} L{} {} M{} {} L{} {}",
                            x - 5.0,
                            y - 5.0,
                            x + 5.0,
                            y + 5.0,
                            x + 5.0,
                            y - 5.0,
                            x - 5.0,
                            y + 5.0
                        ),
                    )],
                )?,
            };
            attrs(
                &e,
                &[
                    ("class", &class),
                    ("data-entry", &entry),
                    ("tabindex", "0"),
                    ("role", "button"),
                ],
            )?;
            let title = dom.doc.create_element_ns(Some(SVG_NS), "title")?;
            title.set_text_content(Some(&mark.title));
            e.append_child(&title)?;
        }
    }
    let legend_y = height - 6.0;
    let legend = svg(
        dom,
        &root,
        "text",
        &[
            ("x", &LABEL_WIDTH.to_string()),
            ("y", &legend_y.to_string()),
            ("class", "timeline-legend"),
        ],
    )?;
    let span = if layout.by_time {
        format!(" · {} s", layout.span_ms / 1000)
    } else {
        " · in request order".to_owned()
    };
    let dropped = if layout.dropped_lanes > 0 {
        format!(" · {} more credentials not drawn", layout.dropped_lanes)
    } else {
        String::new()
    };
    legend.set_text_content(Some(&format!(
        "● issued  ■ replaced by a refresh  • sent  ✕ rejected{span}{dropped}"
    )));
    Ok(())
}

/// The entry a click on the timeline names, from its mark's `data-entry`.
pub(crate) fn clicked_entry(target: Option<web_sys::EventTarget>) -> Option<usize> {
    super::dom::closest(target, "[data-entry]")?
        .get_attribute("data-entry")?
        .parse()
        .ok()
}
