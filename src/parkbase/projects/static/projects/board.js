/* The projects board.

   Columns fold: a click on a stage's name folds its column to a narrow strip (name and
   count) or opens it again. Each user's choice is kept in this browser; a stage the
   user never folded or opened starts folded when it is empty (as the server drew it).

   Cards move three ways, all through the one move the server offers (the project's
   move URL, which checks the permission and the stage's gate): drag a card onto
   another column; or, from the keyboard, focus a card and press Enter (or use its
   “Move…” link) to open the move dialog, choose a stage and press Enter. The move is
   posted with htmx; a refusal (422, or 409 when the card is stale) shows the server's
   messages and the card stays where it was; a success puts the server's fresh card at
   the top of the column, opened if it was folded. Without this script the “Move…” link opens the move form. */
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) {
    return;
  }
  var messages = document.getElementById("board-messages");
  var canMove = board.dataset.canMove === "1" && !!window.htmx;
  var dragged = null;

  function columnOf(el) {
    return el && el.closest ? el.closest(".kanban-column") : null;
  }

  function cardById(id) {
    return id ? board.querySelector('.kanban-card[data-project="' + id + '"]') : null;
  }

  // ------------------------------------------------------------ folding columns

  var storeKey = "parkbase.board.folded." + (board.dataset.user || "");

  function remembered() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey)) || {};
    } catch (e) {
      return {};
    }
  }

  function remember(column, folded) {
    var choices = remembered();
    choices[column.dataset.stage] = folded;
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(choices));
    } catch (e) {
      // storage full or refused: the choice lasts until the page is left
    }
  }

  function fold(column, folded) {
    var toggle = column.querySelector(".kanban-toggle");
    column.classList.toggle("is-collapsed", folded);
    toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    toggle.title = folded ? board.dataset.openText : board.dataset.foldText;
  }

  var choices = remembered();
  board.querySelectorAll(".kanban-column").forEach(function (column) {
    var folded = choices[column.dataset.stage];
    if (typeof folded === "boolean") {
      fold(column, folded);
    }
  });

  board.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".kanban-toggle");
    if (!toggle) {
      return;
    }
    var column = columnOf(toggle);
    var folded = !column.classList.contains("is-collapsed");
    fold(column, folded);
    remember(column, folded);
  });

  if (!canMove) {
    return;
  }

  // ------------------------------------------------------------ moving a card

  var dialog = document.getElementById("move-dialog");
  var choice = document.getElementById("move-dialog-stage");
  var gate = document.getElementById("move-dialog-gate");
  var keys = document.getElementById("board-keys");
  var chosenCard = null;

  function bump(column, delta) {
    var badge = column && column.querySelector("[data-testid=count]");
    if (badge) {
      badge.textContent = String(Math.max(0, parseInt(badge.textContent, 10) + delta));
    }
  }

  function clearTargets() {
    board.querySelectorAll(".is-drop-target").forEach(function (c) {
      c.classList.remove("is-drop-target");
    });
  }

  function say(html, text) {
    messages.innerHTML = html;
    if (text !== undefined) {
      messages.firstElementChild.textContent = text;
    }
  }

  function finished(card, column, xhr, byKeyboard) {
    card.classList.remove("is-moving");
    card.removeAttribute("aria-busy");
    if (xhr.status === 200) {
      var from = columnOf(card);
      var holder = document.createElement("div");
      holder.innerHTML = xhr.responseText.trim();
      var fresh = holder.firstElementChild;
      var name = card.querySelector("[data-testid=card-name]");
      card.remove();
      column.querySelector(".kanban-cards").prepend(fresh);
      bump(from, -1);
      bump(column, 1);
      say(
        '<div class="alert alert-success" role="status" data-testid="move-done"></div>',
        board.dataset.movedText
          .replace("{name}", name ? name.textContent : "")
          .replace("{stage}", column.dataset.label)
      );
      fold(column, false); // the moved card is shown; the column's choice is not changed
      if (byKeyboard) {
        fresh.focus();
      }
      return;
    }
    if (xhr.responseText) {
      say(xhr.responseText);
    } else {
      say('<div class="alert alert-danger" role="alert"></div>', board.dataset.failedText);
    }
    if (byKeyboard) {
      var next = messages.querySelector("a[data-testid=fill-and-move]");
      (next || card).focus();
    }
  }

  function move(card, column, byKeyboard) {
    card.classList.add("is-moving");
    card.setAttribute("aria-busy", "true");
    htmx.ajax("POST", card.dataset.moveUrl, {
      source: card,
      swap: "none",
      values: { stage: column.dataset.stage, version: card.dataset.version },
      handler: function (elt, info) {
        finished(card, column, info.xhr, byKeyboard);
      },
    });
  }

  // the keyboard's way: a dialog listing the other stages
  function showGate() {
    var option = choice.options[choice.selectedIndex];
    var needs = option ? option.dataset.gate : "";
    gate.textContent = needs ? gate.dataset.needs.replace("{fields}", needs) : "";
  }

  function openDialog(card) {
    var here = columnOf(card);
    chosenCard = card;
    dialog.querySelector("[data-part=name]").textContent =
      card.querySelector("[data-testid=card-name]").textContent;
    dialog.querySelector("[data-part=stage]").textContent = here.dataset.label;
    var options = Array.prototype.slice.call(choice.options);
    var at = options.findIndex(function (o) {
      return o.value === here.dataset.stage;
    });
    options.forEach(function (o, i) {
      o.disabled = o.hidden = i === at;
    });
    var next = options[at + 1] || options[at - 1];
    choice.value = next ? next.value : "";
    showGate();
    dialog.returnValue = "";
    dialog.showModal();
    choice.focus();
  }

  choice.addEventListener("change", showGate);
  choice.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      dialog.close("move");
    }
  });

  dialog.addEventListener("close", function () {
    var card = chosenCard;
    chosenCard = null;
    if (!card) {
      return;
    }
    var column = board.querySelector('.kanban-column[data-stage="' + choice.value + '"]');
    if (dialog.returnValue === "move" && column && column !== columnOf(card)) {
      move(card, column, true);
    } else {
      card.focus();
    }
  });

  board.addEventListener("keydown", function (event) {
    var card = event.target;
    var isCard = card.classList && card.classList.contains("kanban-card");
    if (isCard && (event.key === "Enter" || event.key === " ") && !card.classList.contains("is-moving")) {
      event.preventDefault();
      openDialog(card);
    }
  });

  board.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-testid=move-link]");
    var card = link && link.closest(".kanban-card");
    if (card && !card.classList.contains("is-moving")) {
      event.preventDefault();
      openDialog(card);
    }
  });

  board.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("kanban-card")) {
      event.target.appendChild(keys); // the hint shows in the focused card
    }
  });

  board.querySelectorAll("a[data-testid=move-link]").forEach(function (link) {
    link.setAttribute("role", "button");
    link.setAttribute("aria-haspopup", "dialog");
  });

  // the mouse's way: drag and drop
  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".kanban-card[draggable=true]");
    if (!card) {
      return;
    }
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.project);
    card.classList.add("is-dragging");
  });

  board.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("is-dragging");
    }
    dragged = null;
    clearTargets();
  });

  board.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!column) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("is-drop-target");
  });

  board.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("is-drop-target");
    }
  });

  board.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!column) {
      return;
    }
    event.preventDefault();
    clearTargets();
    var card = dragged || cardById(event.dataTransfer && event.dataTransfer.getData("text/plain"));
    dragged = null;
    if (!card) {
      return;
    }
    card.classList.remove("is-dragging");
    if (columnOf(card) === column || card.classList.contains("is-moving")) {
      return;
    }
    move(card, column, false);
  });

  board.addEventListener("htmx:sendError", function (event) {
    var card = event.target.closest && event.target.closest(".kanban-card");
    if (card) {
      card.classList.remove("is-moving");
      card.removeAttribute("aria-busy");
    }
    say('<div class="alert alert-danger" role="alert"></div>', board.dataset.failedText);
  });
})();
