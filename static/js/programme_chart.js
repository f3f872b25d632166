// Models of a programme by unit at each stage, drawn from the JSON the page embeds.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("programme-chart");
  const source = document.getElementById("programme-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#9ec5fe", "#0d6efd", "#20c997", "#198754"];
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map((series, index) => ({
        label: series.label,
        data: series.data,
        backgroundColor: colours[index % colours.length],
      })),
    },
    options: {
      responsive: true,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
