// "Copy link" on pages with share links: the one part of sharing that needs JavaScript.
// Without JavaScript the button stays hidden and the plain share links still work.
(function () {
  var button = document.querySelector("[data-copy-link]");
  if (!button || !navigator.clipboard) return;
  var status = document.querySelector("[data-copy-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(function () {
      if (status) status.textContent = button.getAttribute("data-copied");
    });
  });
})();
