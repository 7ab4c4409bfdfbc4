// Applies the theme chosen in Settings on this device ("light" or "dark";
// nothing follows the system) before the app starts, so the page does not
// flash in the other one. The value is plain text under "sundown/theme".
(() => {
  try {
    const theme = localStorage.getItem("sundown/theme");
    if (theme === "light" || theme === "dark") {
      document.documentElement.dataset.theme = theme;
    }
  } catch (err) {
    // Storage refused (private mode, say): the system's theme it is.
  }
})();
