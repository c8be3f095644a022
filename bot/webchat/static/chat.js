// Heard web chat: sends forms without reloading and fetches new messages.
// Everything works without this file; it only makes the chat smoother.
(function () {
  "use strict";

  var transcript = document.getElementById("transcript");

  // Quick exit: replace this page in the history, so Back does not bring the chat back, and blank
  // it at once in case the next page is slow to load.
  document.addEventListener("click", function (event) {
    var hide = event.target.closest && event.target.closest("a.hide");
    if (!hide) { return; }
    event.preventDefault();
    document.title = "Weather";
    document.body.replaceChildren();
    window.location.replace(hide.href);
  });

  var continueLink = document.querySelector("[data-continue]");
  if (continueLink) {
    // Same-site navigation, so the browser sends the chat cookie (SameSite=Strict).
    window.location.replace(continueLink.href);
    return;
  }
  if (!transcript) {
    return;
  }

  function freshNonce() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function addYou(text) {
    var item = document.createElement("li");
    item.className = "msg you";
    var who = document.createElement("p");
    who.className = "who";
    who.textContent = transcript.getAttribute("data-you") || "You";
    var body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    item.appendChild(who);
    item.appendChild(body);
    transcript.appendChild(item);
  }

  function addHeard(html) {
    var before = transcript.children.length;
    transcript.insertAdjacentHTML("beforeend", html);
    var old = transcript.querySelector("#latest");
    var first = transcript.children[before];
    if (first) {
      if (old && old !== first) { old.removeAttribute("id"); }
      first.id = "latest";
    }
    return first || null;
  }

  function busy(form, on) {
    Array.prototype.forEach.call(form.querySelectorAll("button, textarea"), function (el) {
      el.disabled = on;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-chat")) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var pressed = event.submitter;
    var said;
    if (pressed && pressed.name === "action") {
      data.set("action", pressed.value);
      said = pressed.textContent;
    } else {
      said = (data.get("text") || "").trim();
      if (!said) { return; }
    }
    busy(form, true);
    fetch(form.getAttribute("action"), { // not form.action: a button named "action" shadows it
      method: "POST",
      body: new URLSearchParams(data),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        window.location.reload();
        return null;
      }
      return response.json();
    }).then(function (reply) {
      if (!reply) { return; }
      addYou(said);
      var first = addHeard(reply.html || "");
      form.querySelector("input[name=nonce]").value = freshNonce();
      if (pressed && pressed.name === "action") {
        if (first) { first.focus(); }
      } else {
        form.querySelector("textarea").value = "";
      }
    }).catch(function () {
      // Fall back to the plain form post, carrying the pressed button's action.
      busy(form, false);
      if (pressed && pressed.name === "action") {
        var carried = document.createElement("input");
        carried.type = "hidden";
        carried.name = "action";
        carried.value = pressed.value;
        form.appendChild(carried);
      }
      form.submit();
    }).finally(function () {
      busy(form, false);
      if (!(pressed && pressed.name === "action")) {
        var box = form.querySelector("textarea");
        if (box) { box.focus(); }
      }
    });
  });

  var box = document.getElementById("message");
  if (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        box.form.requestSubmit();
      }
    });
  }

  function poll() {
    if (document.visibilityState !== "visible") { return; }
    fetch("/chat/messages", { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (reply) {
        if (reply && reply.count) { addHeard(reply.html); }
      })
      .catch(function () { /* try again next time */ });
  }
  window.setInterval(poll, 15000);
  document.addEventListener("visibilitychange", poll);
})();
