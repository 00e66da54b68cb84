/* The edit form of a saved draft.

   The form is a list of rows in the order they stand (title, opening paragraph, part
   and section headings, paragraphs); a paragraph belongs to the section heading above
   it, and the form posts the rows in that order. Without this script each "Move up",
   "Move down", "Add" and "Delete" button posts the form and the server shows it again
   with the row moved (nothing saved). With it, those buttons move the paragraph in the
   page at once, as the server would: up and down within its section, and over a
   section's heading into the section before or after. Alt+↑ and Alt+↓ move the
   paragraph being written in; the focus stays in it. Leaving the page with changes
   not saved asks first. */
(function () {
  "use strict";
  var form = document.getElementById("draft-edit");
  var container = document.getElementById("draft-rows");
  var blank = document.getElementById("draft-new-paragraph");
  if (!form || !container) {
    return;
  }
  var changed = false;

  function rows() {
    return Array.prototype.slice.call(container.querySelectorAll(":scope > .draft-row"));
  }

  function kind(row) {
    return row ? row.dataset.kind : null;
  }

  function focusText(row) {
    var field = row.querySelector("textarea, input[type=text]");
    if (field) {
      field.focus();
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function up(row) {
    var list = rows();
    var i = list.indexOf(row);
    var above = list[i - 1];
    if (kind(above) === "para") {
      container.insertBefore(row, above);
      return true;
    }
    var target = i - 2;
    while (target >= 0 && kind(list[target]) === "part") {
      target -= 1;
    }
    if (target < 0 || (kind(list[target]) !== "para" && kind(list[target]) !== "section")) {
      return false;
    }
    container.insertBefore(row, list[target].nextElementSibling);
    return true;
  }

  function down(row) {
    var list = rows();
    var i = list.indexOf(row);
    var below = list[i + 1];
    if (!below) {
      return false;
    }
    if (kind(below) === "para") {
      container.insertBefore(below, row);
      return true;
    }
    var target = i + 1;
    while (target < list.length && kind(list[target]) === "part") {
      target += 1;
    }
    if (target >= list.length || kind(list[target]) !== "section") {
      return false;
    }
    container.insertBefore(row, list[target].nextElementSibling);
    return true;
  }

  function add(row) {
    var made = blank.content.firstElementChild.cloneNode(true);
    container.insertBefore(made, row.nextElementSibling);
    return made;
  }

  function remove(row) {
    var text = row.querySelector("textarea");
    if (text && text.value.trim() && !window.confirm(form.dataset.confirmDelete)) {
      return null;
    }
    var list = rows();
    var next = list[list.indexOf(row) - 1] || list[0];
    row.remove();
    return next;
  }

  container.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-op]");
    if (!button) {
      return;
    }
    var row = button.closest(".draft-row");
    var op = button.dataset.op;
    event.preventDefault();
    var focus = row;
    if (op === "up") {
      up(row);
    } else if (op === "down") {
      down(row);
    } else if (op === "add") {
      focus = add(row);
    } else if (op === "delete") {
      focus = remove(row);
      if (!focus) {
        return;
      }
    }
    changed = true;
    if (op === "up" || op === "down") {
      button.focus();
      row.scrollIntoView({ block: "nearest" });
    } else {
      focusText(focus);
    }
  });

  container.addEventListener("keydown", function (event) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
      return;
    }
    var row = event.target.closest(".draft-row");
    if (!row || kind(row) !== "para" || event.target.tagName !== "TEXTAREA") {
      return;
    }
    event.preventDefault();
    var field = event.target;
    var at = field.selectionStart;
    if (event.key === "ArrowUp" ? up(row) : down(row)) {
      changed = true;
      field.focus();
      field.setSelectionRange(at, at);
      row.scrollIntoView({ block: "nearest" });
    }
  });

  form.addEventListener("input", function () {
    changed = true;
  });
  form.addEventListener("submit", function () {
    changed = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
