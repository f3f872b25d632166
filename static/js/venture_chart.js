// Monthly revenue and jobs of a venture, drawn from the JSON the page embeds.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("venture-chart");
  const source = document.getElementById("venture-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const money = new Intl.NumberFormat("vi-VN");
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.revenueLabel, data: data.revenue, yAxisID: "revenue", backgroundColor: "#9ec5fe" },
        { type: "line", label: data.jobsLabel, data: data.jobs, yAxisID: "jobs", borderColor: "#dc3545" },
      ],
    },
    options: {
      responsive: true,
      scales: {
        revenue: { position: "left", beginAtZero: true, ticks: { callback: (v) => money.format(v) } },
        jobs: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } },
      },
    },
  });
});
