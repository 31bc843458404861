// 录入纸质件: while the import form posts with htmx, show the upload progress, then a waiting message
// until the server has checked and imported the file. Without JavaScript the form posts normally.
(function () {
  "use strict";

  var WAITING = "正在校验和导入，请稍候…";

  function formOf(event) {
    var elt = event.detail && event.detail.elt ? event.detail.elt : event.target;
    return elt && elt.closest ? elt.closest("[data-import-form]") : null;
  }

  function show(form, percent, text) {
    var box = form.querySelector("#import-progress");
    if (!box) {
      return;
    }
    var bar = box.querySelector("[data-progress-bar]");
    var meter = box.querySelector("[role=progressbar]");
    var label = box.querySelector("[data-progress-text]");
    box.hidden = false;
    bar.style.width = percent + "%";
    bar.textContent = percent ? percent + "%" : "";
    meter.setAttribute("aria-valuenow", String(percent));
    if (text && label.textContent !== text) {
      label.textContent = text;
    }
  }

  function uploaded(form) {
    if (form.dataset.uploaded !== "1") {
      form.dataset.uploaded = "1";
      show(form, 100, WAITING);
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = formOf(event);
    if (form) {
      form.dataset.uploaded = "";
      show(form, 0, "正在上传…");
    }
  });

  // Fired for the upload and, once the answer comes, for the download: only the upload counts.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = formOf(event);
    var detail = event.detail || {};
    if (!form || form.dataset.uploaded === "1" || !detail.lengthComputable || !detail.total) {
      return;
    }
    var percent = Math.min(100, Math.round((detail.loaded * 100) / detail.total));
    if (percent >= 100) {
      uploaded(form);
    } else {
      show(form, percent, "正在上传… " + percent + "%");
    }
  });

  // The upload's end comes first; small files may finish without a progress event.
  document.addEventListener("htmx:xhr:loadend", function (event) {
    var form = formOf(event);
    if (form) {
      uploaded(form);
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event);
    if (!form) {
      return;
    }
    form.dataset.uploaded = "1"; // the response's own loadend, which follows, must not show the bar again
    var box = form.querySelector("#import-progress");
    if (box) {
      box.hidden = true;
    }
    if (!event.detail.successful) {
      var result = document.getElementById("import-result");
      if (result) {
        result.innerHTML =
          '<div class="alert alert-danger" role="alert">上传未完成（网络中断或服务器出错），本次未导入任何内容，请稍后重试。</div>';
      }
    }
  });

  // After an import the file is cleared, so that a second click does not import it again.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.target || event.target.id !== "import-result") {
      return;
    }
    var body = document.getElementById("import-result-body");
    if (body && body.querySelector("[data-import-done]")) {
      var form = document.getElementById("import-form");
      var file = form ? form.querySelector("input[type=file]") : null;
      if (file) {
        file.value = "";
      }
    }
    if (body) {
      body.focus();
    }
  });
})();
