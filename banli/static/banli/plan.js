// 交办 page: the recommendation buttons fill the lead or co-handler choosers.
document.addEventListener("click", function (event) {
  const lead = event.target.closest("[data-use-lead]");
  const co = event.target.closest("[data-use-co]");
  if (!lead && !co) return;
  const id = (lead || co).getAttribute(lead ? "data-use-lead" : "data-use-co");
  if (lead) {
    document.getElementById("lead").value = id;
    const others = document.getElementById("others");
    Array.from(others.options).forEach(function (o) { if (o.value === id) o.selected = false; });
  } else {
    const others = document.getElementById("others");
    Array.from(others.options).forEach(function (o) { if (o.value === id) o.selected = true; });
    const mode = document.getElementById("mode-lead_co");
    if (mode && document.getElementById("mode-sole").checked) mode.checked = true;
  }
});
