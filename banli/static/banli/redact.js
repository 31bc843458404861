// The publishing page: a button that adds the text selected in the reply's original to the list of
// passages to hide. Without JavaScript the list is typed or pasted, so the button starts hidden.
document.addEventListener("DOMContentLoaded", function () {
  const button = document.getElementById("add-selection");
  if (!button) return;
  const target = document.getElementById(button.getAttribute("data-target"));
  const source = document.getElementById(button.getAttribute("data-source"));
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    const selection = window.getSelection();
    const text = selection ? selection.toString().trim() : "";
    if (!text || !source.contains(selection.anchorNode)) {
      button.setAttribute("aria-describedby", "p-phrases-help");
      window.alert("请先在答复原文中选中须隐去的文字。");
      return;
    }
    target.value = (target.value.trim() ? target.value.trim() + "\n" : "") + text;
    target.focus();
  });
});
