// When app.wasm cannot load (offline on a first visit, the server down),
// go-app's loading screen shows the browser's bare error, "TypeError:
// Failed to fetch". This says what happened and what to do instead, and
// keeps the browser's words below for whoever needs them. go-app marks the
// failure by stopping the mark's spin class.
document.addEventListener("DOMContentLoaded", () => {
  const mark = document.getElementById("app-wasm-loader-icon");
  const label = document.getElementById("app-wasm-loader-label");
  if (!mark || !label) {
    return;
  }
  new MutationObserver((_, observer) => {
    if (mark.classList.contains("goapp-spin")) {
      return;
    }
    observer.disconnect();
    const cause = document.createElement("small");
    cause.textContent = label.textContent;
    label.setAttribute("role", "alert");
    label.textContent = "Sundown could not load. Check your connection, then reload the page. Your days are kept in this browser, untouched.";
    label.append(document.createElement("br"), cause);
  }).observe(mark, { attributes: true, attributeFilter: ["class"] });
});
