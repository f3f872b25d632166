// Dashboard charts of plans and targets, drawn from JSON the page embeds (json_script).
// <canvas data-reports-chart="status|share" data-source="<id of the JSON>">.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") return;
  const colours = { green: "#198754", amber: "#ffc107", red: "#dc3545", none: "#adb5bd" };
  document.querySelectorAll("canvas[data-reports-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.source);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const shorten = (label) => (label.length > 40 ? `${label.slice(0, 39)}…` : label);
    // One slim bar per target: the box grows with the number of targets (CSSOM, allowed by the CSP).
    const box = document.createElement("div");
    box.style.position = "relative";
    box.style.height = `${60 + 34 * data.labels.length}px`;
    canvas.replaceWith(box);
    box.appendChild(canvas);
    if (canvas.dataset.reportsChart === "status") {
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels.map(shorten),
          datasets: data.series.map((series) => ({
            key: series.key,
            label: series.label,
            data: series.data,
            backgroundColor: colours[series.key],
          })),
        },
        options: {
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          // Whole units from 0 to the longest bar: every bar ends on the number its badges say.
          scales: {
            x: { stacked: true, min: 0, suggestedMax: Math.max(1, data.max || 0), ticks: { precision: 0 } },
            y: { stacked: true },
          },
          plugins: {
            tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.raw}` } },
          },
        },
      });
    } else {
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels.map(shorten),
          datasets: [{ data: data.values, backgroundColor: data.values.map((v) => (v >= 100 ? colours.green : v >= 70 ? colours.amber : colours.red)) }],
        },
        options: {
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, max: 100 } },
        },
      });
    }
  });
});
