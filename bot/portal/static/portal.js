// Heard staff portal: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // On a phone a wide table scrolls sideways inside the page: let a keyboard reach and scroll it too.
  Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
    if (table.scrollWidth > table.clientWidth && !table.hasAttribute("tabindex")) {
      table.setAttribute("tabindex", "0");
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof HTMLElement && target.hasAttribute("data-print")) {
      window.print();
    }
  });

  // Safeguarding leads: keep the tab title showing waiting alerts, so a new one is noticed. The check
  // does not count as activity, so an unattended tab is signed out after the idle time-out.
  if (document.body.hasAttribute("data-alert-poll")) {
    var baseTitle = document.title;
    var check = function () {
      fetch("/staff/alerts/waiting.json", { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          // Signed out (idle time-out, or everywhere): leave the page, so no one's words stay on screen.
          if (response.redirected && response.url.indexOf("/staff/login") !== -1) {
            window.location.assign(response.url);
            return null;
          }
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data) { return; }
          document.title = data.waiting > 0 ? "(" + data.waiting + " alert" + (data.waiting === 1 ? "" : "s") + ") " + baseTitle : baseTitle;
        })
        .catch(function () { /* offline or signed out: try again next time */ });
    };
    check();
    window.setInterval(check, 60000);
  }
})();
